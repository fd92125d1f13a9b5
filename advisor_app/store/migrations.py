"""Numbered schema migrations, tracked with ``PRAGMA user_version``.

``MIGRATIONS[n - 1]`` takes the schema from version n - 1 to n. Each runs in its own
transaction together with the ``user_version`` bump (the header write is transactional), so a
crash leaves the store at one version or the next, never in between. Append new migrations;
never edit one that has shipped. tests/store/test_migrations.py runs each from the version
before it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Union

from advisor_app.store.connection import Connection
from advisor_app.store.errors import StoreTooNew

Migration = Union[Sequence[str], Callable[[Connection], None]]


def _refuse_changes(table: str, what: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{what} are never changed or removed'); END"
        for op in ("UPDATE", "DELETE")
    ]


V1: list[str] = [
    # store_id, device_id, advisor_id, advisor_name, created_at, acked_seq, hlc (journal.py).
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The current state of every record. A case is entity 'case' with id = case_id; its
    # sections are other entities with their own UUIDs and the case's case_id.
    """CREATE TABLE records (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        case_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        data TEXT NOT NULL CHECK (json_valid(data)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
    )""",
    # Indexes on columns that never change after a record is created, so an autosave (an
    # update) writes no index page: each page written is encrypted and MACed (~12 us a page,
    # measured), and the autosave must stay within 1.2x plain SQLite. The case list sorts by
    # updated_at through a partial index that section autosaves do not touch.
    "CREATE INDEX records_entity_case ON records (entity, case_id)",
    "CREATE INDEX records_case ON records (case_id)",
    "CREATE INDEX records_case_updated ON records (updated_at) WHERE entity = 'case'",
    # Every change, in order; hash-chained per device (journal.py). seq is assigned by
    # journal.append as last + 1, so it has no gaps. No secondary indexes: each would be one
    # more encrypted page written by every autosave. change_id is unique by construction
    # (UUIDv7) and verify_chain checks it; the office enforces it on import.
    """CREATE TABLE journal (
        seq INTEGER PRIMARY KEY CHECK (seq >= 1),
        change_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        advisor_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
        base_version INTEGER,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        schema_version INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    *_refuse_changes("journal", "journal entries"),
    # Generated and signed documents, named by the SHA-256 of their bytes. content is the last
    # column so listing documents never reads the (overflow) pages holding the bytes.
    """CREATE TABLE documents (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        case_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        meta TEXT NOT NULL CHECK (json_valid(meta)),
        content BLOB NOT NULL,
        UNIQUE (case_id, kind, version)
    )""",
    *_refuse_changes("documents", "stored documents"),
]

V2: list[str] = [
    # Cases the office moved to another laptop: kept here, read-only (Store refuses edits to
    # them). Local to this laptop, like meta: never journaled. Version 2 of the journal's schema
    # also lets a case's header carry its former references (domain/case.py).
    """CREATE TABLE moved_cases (
        case_id TEXT PRIMARY KEY,
        moved_to TEXT NOT NULL,
        moved_at TEXT NOT NULL
    )""",
]

MIGRATIONS: list[Migration] = [V1, V2]
LATEST = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _apply(conn: Connection, migration: Migration) -> None:
    if callable(migration):
        migration(conn)
    else:
        # One statement at a time: executescript() would COMMIT our transaction first.
        for statement in migration:
            conn.execute(statement)


def migrate(conn: Connection, target: int | None = None) -> int:
    """Bring the schema up to ``target`` (default: the latest); returns the version before."""
    target = LATEST if target is None else target
    start = schema_version(conn)
    if start > LATEST:
        raise StoreTooNew(detail=f"schema {start}, this app knows up to {LATEST}")
    for version in range(start + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            _apply(conn, MIGRATIONS[version - 1])
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return start
