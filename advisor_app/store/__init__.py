"""The advisor's encrypted store (SQLCipher + sqlite-utils): keys, connection, migrations,
records, documents and the change journal. Pure I/O: no Qt, no domain imports."""

# First: connection aliases pysqlite3 to sqlcipher3 before anything imports sqlite_utils.
from advisor_app.store import connection  # noqa: F401  isort: skip
from advisor_app.store.errors import (
    BackupInvalid, DatabaseMissing, DiskFull, FolderNotWritable, KeyFileMissing, KeyFileRefused,
    KeyOutdated, StoreCorrupt, StoreDamaged, StoreError, StoreExists, StoreLocked, StoreNotFound,
    StoreReadOnly, StoreTooNew, VersionConflict, WrongKey, WrongPassphrase,
)
from advisor_app.store.keys import DEFAULT_KDF, KdfParams
from advisor_app.store.records import CASE, DocumentRecord, Record
from advisor_app.store.store import Store

__all__ = [
    "BackupInvalid", "CASE", "DEFAULT_KDF", "DatabaseMissing", "DiskFull", "DocumentRecord",
    "FolderNotWritable", "KdfParams", "KeyFileMissing", "KeyFileRefused", "KeyOutdated", "Record",
    "Store", "StoreCorrupt", "StoreDamaged", "StoreError", "StoreExists", "StoreLocked",
    "StoreNotFound", "StoreReadOnly", "StoreTooNew", "VersionConflict", "WrongKey", "WrongPassphrase",
]
