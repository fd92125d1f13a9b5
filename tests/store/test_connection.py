"""The keyed connection: pragmas, wrong keys, sqlite-utils error handling, independent client."""

import os

import apsw
import pytest
import sqlcipher3
import sqlite_utils.db
import sqlite_utils.utils

from advisor_app.store.connection import open_database
from advisor_app.store.errors import StoreCorrupt, WrongKey

from .conftest import MARKER, file_states


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def db_path(tmp_path, key):
    path = tmp_path / "t.db"
    db = open_database(path, key)
    db["notes"].insert({"id": 1, "text": MARKER}, pk="id")
    db.close()
    return path


def test_session_pragmas(db_path, key):
    db = open_database(db_path, key)
    pragma = lambda name: db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("temp_store") == 2  # MEMORY
    assert pragma("cipher_version").startswith("4.")
    assert pragma("cipher_log_level") == "NONE"
    db.close()


def test_sqlite_utils_uses_sqlcipher_error_classes():
    assert sqlite_utils.utils.OperationalError is sqlcipher3.dbapi2.OperationalError
    assert sqlite_utils.db.sqlite3 is sqlcipher3


def test_sqlite_utils_catches_sqlcipher_operational_errors(db_path, key):
    """Regression: these paths catch OperationalError inside sqlite-utils. Without the
    pysqlite3 alias the sqlcipher3 error escapes (it is not the stdlib sqlite3 class)."""
    db = open_database(db_path, key)
    # Database.cached_counts: 'except OperationalError' when _counts does not exist.
    assert db.cached_counts() == {}
    # Table.drop(ignore=True): 'except sqlite3.OperationalError' for a missing table.
    db["no_such_table"].drop(ignore=True)
    with pytest.raises(sqlcipher3.dbapi2.OperationalError):
        db["no_such_table"].drop()
    assert db["notes"].exists() and not db["no_such_table"].exists()
    assert db.table_names() == ["notes"]
    db.close()


def test_wrong_key_is_a_clean_error_with_nothing_printed_or_changed(db_path, capfd):
    before = file_states(db_path.parent)
    with pytest.raises(WrongKey) as raised:
        open_database(db_path, os.urandom(32))
    assert str(raised.value) == "That key does not open this store. Nothing has been changed."
    assert capfd.readouterr() == ("", "")
    assert file_states(db_path.parent) == before


def test_a_plain_sqlite_file_is_refused(tmp_path, capfd):
    import sqlite3

    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as plain:
        plain.execute("create table t (x)")
    with pytest.raises(WrongKey):
        open_database(path, os.urandom(32))
    assert capfd.readouterr() == ("", "")


def test_damaged_page_fails_the_integrity_check_on_open(tmp_path, key):
    path = tmp_path / "big.db"
    db = open_database(path, key)
    db["notes"].insert_all(({"id": i, "text": MARKER * 20} for i in range(300)), pk="id")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 5 + 100] ^= 0x01  # one bit in page 6 (page 1 intact, so the key still works)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt):
        open_database(path, key)


def test_the_raw_key_opens_the_file_in_an_independent_sqlcipher_client(db_path, key):
    """SQLite3 Multiple Ciphers (apsw-sqlite3mc), cipher 'sqlcipher', legacy 4. Its
    'hexkey' pragma would feed the bytes through PBKDF2; the raw key form is key="x'..'"."""
    con = apsw.Connection(str(db_path))
    con.execute("PRAGMA cipher = 'sqlcipher'")
    con.execute("PRAGMA legacy = 4")
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert con.execute("SELECT text FROM notes").fetchall() == [(MARKER,)]
    con.close()


def test_importing_sqlite_utils_first_fails_loudly():
    """If sqlite_utils were imported before the alias, it would silently catch the wrong
    OperationalError; the store refuses to import instead."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import sqlite_utils, advisor_app.store"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "import advisor_app.store first" in result.stderr
