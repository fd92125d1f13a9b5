"""The same Store code over plain (unencrypted) sqlite3, to measure what SQLCipher costs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from advisor_app.store import Store
from advisor_app.store.keys import KeyFile, new_data_key, wrap_with_passphrase
from advisor_app.store.migrations import migrate


def plain_sqlite_store(directory: Path) -> Store:
    """The same Store code over an unencrypted stdlib sqlite3 connection with our pragmas."""
    directory.mkdir()
    conn = sqlite3.connect(directory / "store.db", check_same_thread=False)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                   "temp_store = MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    migrate(conn)  # type: ignore[arg-type]  (same DB-API)
    ids = {"store_id": "plain", "device_id": "plain-device"}
    with conn:
        conn.executemany("INSERT INTO meta VALUES (?, ?)",
                         [*ids.items(), ("advisor_id", "a"), ("acked_seq", "0")])
    key = new_data_key()
    key_file = KeyFile(**ids, wrap=wrap_with_passphrase(key, "x", **ids))
    return Store(directory, sqlite_utils.Database(conn, execute_plugins=False), key, key_file)
