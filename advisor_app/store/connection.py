"""Open the SQLCipher database with the raw data key, as a sqlite-utils ``Database``.

sqlite-utils catches ``OperationalError`` from the module it found at import time: pysqlite3
if importable, else the stdlib sqlite3. sqlcipher3's errors are not the stdlib's, so errors
sqlite-utils means to handle (e.g. ``drop(ignore=True)``, ``cached_counts()``) would escape.
Aliasing pysqlite3 to sqlcipher3 *before* sqlite_utils is first imported makes it use
sqlcipher3's classes; ``_check_sqlite_utils_alias`` fails loudly if someone imported it earlier.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import sqlcipher3
import sqlcipher3.dbapi2

sys.modules["pysqlite3"] = sqlcipher3
sys.modules["pysqlite3.dbapi2"] = sqlcipher3.dbapi2

import sqlite_utils  # noqa: E402  (must come after the alias above)
import sqlite_utils.utils  # noqa: E402

from advisor_app.store.errors import (  # noqa: E402
    DiskFull, StoreCorrupt, StoreDamaged, StoreError, StoreReadOnly, WrongKey,
)

Connection = sqlcipher3.dbapi2.Connection
DatabaseError = sqlcipher3.dbapi2.DatabaseError

# A read that met a damaged page. SQLCipher reports the page itself as SQLITE_CORRUPT, and then
# refuses later reads on the same connection, often as SQLITE_NOMEM, which Python raises as
# MemoryError: only ever caught around reads of a store already known to be damaged.
READ_FAILED = (DatabaseError, MemoryError)

# SQLite's primary result codes for what a person can be told about (sqlite.org/rescode.html).
SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 8, 10, 11, 13, 14, 26


def storage_error(exc: BaseException, path: Path) -> StoreError | None:
    """The plain error for a SQLite failure that is about the disk or the file (full, read-only,
    damaged), or None for any other failure (a bug, a constraint), which stays as it is."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, DatabaseError) or code is None:
        return None
    detail = f"{path}: {exc}"
    primary = code & 0xFF
    if primary == SQLITE_FULL:
        return DiskFull(detail=detail)
    if primary == SQLITE_READONLY or (primary == SQLITE_CANTOPEN and not _writable(path)):
        return StoreReadOnly(detail=detail)
    if primary == SQLITE_CORRUPT:
        return StoreDamaged(1, detail=detail)
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN):
        return StoreCorrupt("The store could not be read from or written to the disk. Nothing more "
                            "has been changed: check the disk and try again.", detail=detail)
    return None


def _writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


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


def connect_keyed(path: Path, key: bytes | bytearray, *, read_only: bool = False) -> Connection:
    """A raw sqlcipher3 connection with the key applied and the key proven by a first read
    (``read_only``: one that cannot write to the file, e.g. to salvage a damaged store).

    Raises ``WrongKey`` (with nothing printed by SQLCipher) when the key does not open the file.
    """
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    if read_only:
        # With no WAL beside it, the file is all there is: "immutable" reads it and creates
        # nothing (no -shm, no -wal). A WAL left by a crash holds commits, so it must be read.
        wal = Path(f"{path}-wal").exists()
        uri = f"{Path(path).resolve().as_uri()}?{'mode=ro' if wal else 'immutable=1'}"
        conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False)
    else:
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
            # SQLCipher says "not a database" when the key is wrong; anything else is the disk.
            problem = storage_error(exc, path)
            if problem is None or getattr(exc, "sqlite_errorcode", 0) & 0xFF == SQLITE_NOTADB:
                raise WrongKey(detail=f"{path}: {exc}") from None
            raise problem from None
    except BaseException:
        conn.close()
        raise
    return conn


def cipher_problems(conn: Connection) -> list[str]:
    """Pages whose HMAC does not verify (tampering or damage); empty when all is well."""
    return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]


def open_database(path: Path, key: bytes | bytearray, *, check_pages: bool = True) -> sqlite_utils.Database:
    """The keyed, integrity-checked store database, ready for sqlite-utils and our own SQL
    (``StoreDamaged`` when a page fails its check, unless ``check_pages`` is False)."""
    conn = connect_keyed(path, key)
    try:
        problems = cipher_problems(conn) if check_pages else []
        if problems:
            raise StoreDamaged(len(problems), detail=f"{path}: " + "; ".join(problems[:5]))
        for pragma in _SESSION_PRAGMAS:
            conn.execute(pragma)
    except DatabaseError as exc:
        conn.close()
        raise storage_error(exc, path) or exc from None
    except BaseException:
        conn.close()
        raise
    # Plugins could run arbitrary code on our connection: not for an encrypted store.
    return sqlite_utils.Database(conn, execute_plugins=False)
