"""Open the SQLCipher database with the raw data key, as a sqlite-utils ``Database``.

sqlite-utils catches ``OperationalError`` from the module it found at import time: pysqlite3
if importable, else the stdlib sqlite3. sqlcipher3's errors are not the stdlib's, so errors
sqlite-utils means to handle (e.g. ``drop(ignore=True)``, ``cached_counts()``) would escape.
Aliasing pysqlite3 to sqlcipher3 *before* sqlite_utils is first imported makes it use
sqlcipher3's classes; ``_check_sqlite_utils_alias`` fails loudly if someone imported it earlier.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sqlcipher3
import sqlcipher3.dbapi2

sys.modules["pysqlite3"] = sqlcipher3
sys.modules["pysqlite3.dbapi2"] = sqlcipher3.dbapi2

import sqlite_utils  # noqa: E402  (must come after the alias above)
import sqlite_utils.utils  # noqa: E402

from advisor_app.store.errors import StoreCorrupt, WrongKey  # noqa: E402

Connection = sqlcipher3.dbapi2.Connection
DatabaseError = sqlcipher3.dbapi2.DatabaseError


def _check_sqlite_utils_alias() -> None:
    if sqlite_utils.utils.OperationalError is not sqlcipher3.dbapi2.OperationalError:
        raise ImportError(
            "sqlite_utils was imported before advisor_app.store.connection, so it catches the "
            "wrong OperationalError; import advisor_app.store first"
        )


_check_sqlite_utils_alias()

# Applied after the key is proven. synchronous=FULL: in WAL mode NORMAL can lose the last
# commits on power loss, and an edit shown as "Saved" must survive a flat battery.
# temp_store=MEMORY: temporary tables and sort files never touch the disk.
_SESSION_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
)


def connect_keyed(path: Path, key: bytes | bytearray) -> Connection:
    """A raw sqlcipher3 connection with the key applied and the key proven by a first read.

    Raises ``WrongKey`` (with nothing printed by SQLCipher) when the key does not open the file.
    """
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    try:
        # Before the key, so a failed decrypt logs nothing to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # x'..' = raw 256-bit key, no SQLCipher KDF: the key is already random (keys.py).
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            raise WrongKey(detail=f"{path}: {exc}") from None
    except BaseException:
        conn.close()
        raise
    return conn


def cipher_problems(conn: Connection) -> list[str]:
    """Pages whose HMAC does not verify (tampering or damage); empty when all is well."""
    return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]


def open_database(path: Path, key: bytes | bytearray) -> sqlite_utils.Database:
    """The keyed, integrity-checked store database, ready for sqlite-utils and our own SQL."""
    conn = connect_keyed(path, key)
    try:
        problems = cipher_problems(conn)
        if problems:
            raise StoreCorrupt(detail=f"{path}: " + "; ".join(problems[:5]))
        for pragma in _SESSION_PRAGMAS:
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    # Plugins could run arbitrary code on our connection: not for an encrypted store.
    return sqlite_utils.Database(conn, execute_plugins=False)
