"""The advisor's encrypted store: the one object the services layer talks to.

Folder layout: ``store.db`` (+ ``-wal``/``-shm`` while open), ``store.key`` (keys.py) and, once
the laptop knows its office, ``store.recovery`` (recovery.py), in a folder only the user can read,
each file 0600. Every write is one transaction that changes a record or a
document *and* appends its change to the journal, so what is saved is always also queued for
the office.

Threads: the store has one SQLCipher connection, and every use of it (a read, a transaction) holds
the store's lock, so a worker thread (sync, documents, signing) and the screen's thread take turns
and never see each other's half-done transaction. Work that takes long without the database (the
network, building a PDF) must run outside a transaction, so the lock is held only for short steps.
``close`` takes the lock too: locking waits for the step in progress, and the next one raises
``StoreLocked``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from advisor_app.store import backup, journal, recovery, salvage
from advisor_app.store.canonical import canonical_json
from advisor_app.store.connection import (
    READ_FAILED, Connection, DatabaseError, cipher_problems, connect_keyed, open_database, storage_error,
)
from advisor_app.store.errors import (
    CaseMoved, DatabaseMissing, KeyOutdated, StoreCorrupt, StoreError, StoreExists, StoreLocked, StoreReadOnly,
    VersionConflict, WrongKey, WrongPassphrase, from_os_error,
)
from advisor_app.store.files import (
    DB_FILE_NAME, PRIVATE_FILE_MODE, SQLITE_SIDE_FILES, make_private_dir, remove_database_files,
)
from advisor_app.store.hlc import utc_now
from advisor_app.store.ids import new_id
from advisor_app.store.journal import Change
from advisor_app.store.keys import (
    DEFAULT_KDF, KdfParams, KeyFile, key_file_path, new_data_key, read_key_file, unb64,
    unwrap_with_passphrase, wipe, with_new_key, wrap_with_passphrase, write_key_file,
)
from advisor_app.store.migrations import migrate
from advisor_app.store.records import (
    CASE, DOCUMENT_COLUMNS, RECORD_COLUMNS, DocumentRecord, Record, Written,
)

DOCUMENT_ENTITY = "document"
# Meta values only the store and its journal write (identity, the office's acknowledgement, clock).
_PROTECTED_META = frozenset({"store_id", "device_id", "advisor_id", "created_at", "acked_seq", "hlc"})
T = TypeVar("T")
MEMORY = ":memory:"  # SQLite's name for a database only in memory


def _serialised(method: Callable[..., T]) -> Callable[..., T]:
    """Run a method holding the store's lock (see the module docstring: one connection, shared)."""
    def locked(self: "Store", *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    locked.__name__, locked.__doc__ = method.__name__, method.__doc__
    return locked


@contextmanager
def _immediate(conn: Connection, path: Path) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so a transaction never fails half-way with
    # SQLITE_BUSY when it turns from reading into writing. A full disk or a damaged page is
    # rolled back and reported as what it is (DiskFull, StoreDamaged...), not as SQLite's words.
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except DatabaseError as exc:
        raise storage_error(exc, path) or exc from None


def _make_private(db_path: Path) -> None:
    """store.db and its side files are the user's alone, whoever made them and with what umask
    (SQLite gives -wal and -shm the database file's mode)."""
    for path in (db_path, *(Path(f"{db_path}{suffix}") for suffix in SQLITE_SIDE_FILES)):
        try:
            if path.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                os.chmod(path, PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise from_os_error(exc) from None


def _pending(key_file: KeyFile) -> KeyFile | None:
    """The key file as it will be once an interrupted rekey is finished."""
    if key_file.pending is None:
        return None
    return replace(key_file, wrap=key_file.pending["wrap"], office=key_file.pending.get("office"),
                   pending=None)


def _keys_for(key_file: KeyFile, passphrase: str) -> Iterator[tuple[KeyFile, bytearray]]:
    """The data keys ``passphrase`` unwraps, each with the key file that holds just it: the key
    file's own and, if a rekey was interrupted, the pending one (the database may already use
    it). ``WrongPassphrase`` when it unwraps neither."""
    unwrapped = False
    for candidate in (replace(key_file, pending=None), _pending(key_file)):
        if candidate is None:
            continue
        try:
            key = unwrap_with_passphrase(candidate.wrap, passphrase, store_id=key_file.store_id,
                                         device_id=key_file.device_id)
        except WrongPassphrase:
            continue
        unwrapped = True
        yield candidate, key
    if not unwrapped:
        raise WrongPassphrase()


class Store:
    """An open (unlocked) store. Make one with ``create``, ``open``, ``restore`` or ``recover``."""

    def __init__(self, directory: Path, db: sqlite_utils.Database, key: bytearray,
                 key_file: KeyFile) -> None:
        self._directory = directory
        self._db: sqlite_utils.Database | None = db
        self._key: bytearray | None = key
        self._lock = threading.RLock()
        self._depth = 0
        self._uncommitted = Written()  # what the open transaction wrote (kept only once committed)
        self._recorders = threading.local()  # per thread: the ``Written`` being filled (``recording``)
        meta = dict(db.conn.execute("SELECT key, value FROM meta"))
        if (meta.get("store_id"), meta.get("device_id")) != (key_file.store_id, key_file.device_id):
            raise StoreCorrupt(detail="the key file belongs to another store or device")
        if "advisor_id" not in meta:
            raise StoreCorrupt(detail="meta has no advisor_id")
        self._store_id: str = meta["store_id"]
        self._device_id: str = meta["device_id"]
        self._advisor_id: str = meta["advisor_id"]

    # --- creating and opening -------------------------------------------------------------

    @staticmethod
    def exists(directory: str | os.PathLike[str]) -> bool:
        directory = Path(directory)
        return key_file_path(directory).exists() or (directory / DB_FILE_NAME).exists()

    @classmethod
    def create(cls, directory: str | os.PathLike[str], passphrase: str, *,
               advisor_name: str = "", office_public_key: bytes | None = None,
               kdf: KdfParams = DEFAULT_KDF) -> "Store":
        directory = Path(directory)
        if cls.exists(directory):
            raise StoreExists(detail=str(directory))
        ids = {"store_id": new_id(), "device_id": new_id()}
        key = new_data_key()
        key_file = KeyFile(**ids, wrap=wrap_with_passphrase(key, passphrase, params=kdf, **ids))
        db_path = directory / DB_FILE_NAME
        db = None
        try:
            make_private_dir(directory)
            # Made here, 0600, so SQLite never creates it with the umask's mode.
            os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
            db = open_database(db_path, key)
            migrate(db.conn)
            meta = {**ids, "advisor_id": new_id(), "advisor_name": advisor_name,
                    "created_at": utc_now(), "acked_seq": "0"}
            with _immediate(db.conn, db_path):
                db.conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
            if office_public_key:
                recovery.write_copy(directory, recovery.seal_copy(key, office_public_key, **ids))
            # Last: a key file is what makes the folder a complete store.
            write_key_file(directory, key_file)
            return cls(directory, db, key, key_file)
        except BaseException as exc:
            if db is not None:
                db.close()
            if directory.is_dir():  # ours: exists() was false when we started
                remove_database_files(db_path)
                recovery.copy_path(directory).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise from_os_error(exc) from None
            raise

    @classmethod
    def in_memory(cls, *, advisor_name: str = "") -> "Store":
        """A store held only in memory, never written to disk: for reading a copy of a case (the
        office shows a case with the advisor's own pages from such a copy, office/case_reader.py).
        It works like any store; closing it forgets everything."""
        ids = {"store_id": new_id(), "device_id": new_id()}
        key = new_data_key()
        db = open_database(Path(MEMORY), key, check_pages=False)  # nothing on disk to check
        try:
            migrate(db.conn)
            meta = {**ids, "advisor_id": new_id(), "advisor_name": advisor_name, "created_at": utc_now(),
                    "acked_seq": "0"}
            with _immediate(db.conn, Path(MEMORY)):
                db.conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
            return cls(Path(MEMORY), db, key, KeyFile(**ids, wrap={}))
        except BaseException:
            db.close()
            wipe(key)
            raise

    @classmethod
    def open(cls, directory: str | os.PathLike[str], passphrase: str, *,
             check_pages: bool = True) -> "Store":
        """Unlock with the passphrase. ``check_pages=False`` opens a store with damaged pages (for
        ``check`` to list them); everything else must refuse such a store (``StoreDamaged``)."""
        directory = Path(directory)
        key_file = read_key_file(directory)
        db_path = cls._database_path(directory)
        # Whichever key opens the database is the real one (see _keys_for), and the key file is
        # settled to hold just that one.
        for candidate, key in _keys_for(key_file, passphrase):
            try:
                db = open_database(db_path, key, check_pages=check_pages)
            except WrongKey:
                wipe(key)
                continue
            except BaseException:
                wipe(key)
                raise
            return cls._opened(directory, db, key, key_file, settled=candidate)
        raise KeyOutdated(detail="the unwrapped key does not open the database")

    @classmethod
    def salvage(cls, directory: str | os.PathLike[str], to_directory: str | os.PathLike[str],
                passphrase: str) -> "salvage.SalvageReport":
        """Copy every readable row of this (damaged) store into a new store in ``to_directory``,
        which the same passphrase opens; the old store is only read. See salvage.py."""
        directory = Path(directory)
        key_file = read_key_file(directory)
        db_path = directory / DB_FILE_NAME
        if not db_path.exists():
            raise DatabaseMissing(detail=f"{db_path} is missing")
        for candidate, key in _keys_for(key_file, passphrase):
            try:
                connect_keyed(db_path, key, read_only=True).close()
                return salvage.salvage(directory, Path(to_directory), key, candidate)
            except WrongKey:
                continue
            finally:
                wipe(key)
        raise KeyOutdated(detail="the unwrapped key does not open the database")

    @staticmethod
    def _database_path(directory: Path) -> Path:
        """store.db, checked to be there and writable (SQLite needs to write beside it even to
        read), and made private if an older version or another tool left it readable to others."""
        db_path = directory / DB_FILE_NAME
        if not db_path.exists():
            raise DatabaseMissing(detail=f"{db_path} is missing")
        if not os.access(directory, os.W_OK) or not os.access(db_path, os.W_OK):
            raise StoreReadOnly(detail=str(directory))
        _make_private(db_path)
        return db_path

    @classmethod
    def recover(cls, directory: str | os.PathLike[str], data_key: bytes | bytearray,
                new_passphrase: str, *, kdf: KdfParams = DEFAULT_KDF,
                ids: tuple[str, str] | None = None) -> "Store":
        """Open with the raw data key (from the office: recovery.py) and set a new passphrase, for
        an advisor who has forgotten theirs. ``ids`` (store id, device id, from the recovery
        file) make a new key file when store.key itself is lost."""
        directory = Path(directory)
        try:
            key_file = read_key_file(directory)
        except StoreError:
            if ids is None:
                raise
            key_file = KeyFile(store_id=ids[0], device_id=ids[1], wrap={})
        if ids is not None and ids != (key_file.store_id, key_file.device_id):
            raise WrongKey("This recovery file is for another store or laptop. Nothing has been changed.")
        key = bytearray(data_key)
        try:
            db = open_database(cls._database_path(directory), key)
        except WrongKey:
            raise WrongKey("This recovery file holds an earlier key of this store (its key was changed "
                              "since), so it does not open it. Ask the office for a new one after this "
                              "laptop's next sync, or restore a backup.") from None
        return cls._opened(directory, db, key, key_file,
                           settled=with_new_key(key_file, key, new_passphrase, kdf))

    @classmethod
    def _opened(cls, directory: Path, db: sqlite_utils.Database, key: bytearray,
                key_file: KeyFile, *, settled: KeyFile) -> "Store":
        try:
            migrate(db.conn)
            store = cls(directory, db, key, settled)
        except BaseException:
            db.close()
            wipe(key)
            raise
        try:  # only once the database proved to be this key file's store
            legacy = key_file.office or settled.office
            if legacy is not None:  # an older key file kept the office's copy inside: move it out
                store.set_office_recovery(unb64(legacy["public_key"]))
                settled = replace(settled, office=None)
            if settled != key_file:
                write_key_file(directory, settled)
            store._refresh_recovery_copy()
        except OSError as exc:
            store.close()
            raise from_os_error(exc) from None
        except BaseException:
            store.close()
            raise
        return store

    @_serialised
    def close(self) -> None:
        """Lock the store: close the database and wipe the data key from memory (after the
        step another thread is running, if any: see the module docstring)."""
        if self._db is None:
            return
        try:
            self._db.close()
        finally:
            self._db = None
            if self._key is not None:
                wipe(self._key)
            self._key = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- identity and raw access ------------------------------------------------------------

    @property
    def directory(self) -> Path:
        return self._directory

    @property
    def store_id(self) -> str:
        return self._store_id

    @property
    def device_id(self) -> str:
        return self._device_id

    @property
    def advisor_id(self) -> str:
        return self._advisor_id

    @property
    def is_open(self) -> bool:
        return self._db is not None

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils database: for store/ and for tests only (everyone else calls this
        class's methods, which hold the lock; see the module docstring)."""
        if self._db is None:
            raise StoreLocked()
        return self._db

    @property
    def _conn(self) -> Connection:
        return self.db.conn

    def _key_bytes(self) -> bytearray:
        if self._key is None:
            raise StoreLocked()
        return self._key

    def raw_key_hex(self) -> str:
        """The data key, for the printed recovery sheet or an independent SQLCipher client."""
        return self._key_bytes().hex()

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """One transaction. A nested call joins the outer one (as a savepoint, so an error it
        raises and the caller catches undoes only the nested part)."""
        with self._lock:
            conn = self._conn
            if self._depth == 0:
                self._depth = 1
                self._uncommitted = Written()
                try:
                    with _immediate(conn, self._directory / DB_FILE_NAME):
                        yield self
                    self._committed(self._uncommitted)
                finally:
                    self._depth = 0
                    self._uncommitted = Written()
                return
            name = f"nested_{self._depth}"
            self._depth += 1
            before = self._uncommitted
            self._uncommitted = Written()
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise  # what the nested part wrote is undone: forget it
            else:
                conn.execute(f"RELEASE {name}")
                before.add(self._uncommitted)
            finally:
                self._depth -= 1
                self._uncommitted = before

    # --- what was written: for the screens to refresh only that -------------------------------

    @contextmanager
    def recording(self) -> Iterator[Written]:
        """Collect what this thread's transactions commit until the block ends (nested blocks
        each collect their own part too). Another thread's writes are never in it."""
        written = Written()
        stack = getattr(self._recorders, "stack", None)
        if stack is None:
            stack = self._recorders.stack = []
        stack.append(written)
        try:
            yield written
        finally:
            stack.remove(written)

    def _committed(self, written: Written) -> None:
        for recorder in getattr(self._recorders, "stack", ()):
            recorder.add(written)

    def _wrote(self, case_id: str, entity: str) -> None:
        self._uncommitted.records.add((case_id, entity))
        self._uncommitted.journal = True

    def _require_no_transaction(self, action: str) -> None:
        if self._depth:
            raise RuntimeError(f"cannot {action} inside a transaction")

    # --- records ----------------------------------------------------------------------------

    def _row(self, entity_id: str) -> Record | None:
        row = self._conn.execute(f"SELECT {RECORD_COLUMNS} FROM records WHERE id = ?",
                                 (entity_id,)).fetchone()
        return Record.from_row(row) if row else None

    def put(self, entity: str, data: dict[str, Any], *, case_id: str,
            entity_id: str | None = None, base_version: int | None = None) -> Record:
        """Create (``base_version=None``) or update (``base_version`` = the version the edit
        was made against) a record, and journal it, in one transaction.

        A case is entity ``"case"`` whose id is its ``case_id``. Raises ``VersionConflict``,
        writing nothing, when the record changed since ``base_version`` (or already exists).
        Updating a deleted record (at its deleted version) restores it.
        """
        if entity == CASE:
            if entity_id not in (None, case_id):
                raise ValueError("a case's id is its case_id")
            entity_id = case_id
        data_json = canonical_json(data)
        with self.transaction():
            self._require_here(case_id)
            current = self._row(entity_id) if entity_id else None
            actual = current.version if current else None
            if base_version != actual:
                raise VersionConflict(entity=entity, entity_id=entity_id or "(new)",
                                      expected=base_version, actual=actual)
            now = utc_now()
            if current is None:
                op, entity_id, version, created_at = "create", entity_id or new_id(), 1, now
                self._conn.execute(
                    f"INSERT INTO records ({RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                    (entity, entity_id, case_id, version, data_json, now, now))
            else:
                if (current.entity, current.case_id) != (entity, case_id):
                    raise ValueError(f"record {entity_id} is a {current.entity} of case "
                                     f"{current.case_id}, not a {entity} of case {case_id}")
                op, version, created_at = "update", current.version + 1, current.created_at
                self._conn.execute(
                    "UPDATE records SET version = ?, data = ?, updated_at = ?, deleted = 0 "
                    "WHERE id = ?", (version, data_json, now, entity_id))
            journal.append(self.db, entity=entity, entity_id=entity_id, op=op,
                           base_version=base_version, created_at=now,
                           payload={"case_id": case_id, "data": json.loads(data_json)})
            self._wrote(case_id, entity)
        return Record(entity, entity_id, case_id, version, json.loads(data_json), created_at, now)

    def apply_office_record(self, entity: str, entity_id: str, *, case_id: str, version: int,
                            data: dict[str, Any], deleted: bool = False) -> Record:
        """Take a record as the office has it (an approval, a resolved conflict) at the office's
        version, and journal it like any edit: the office sees the echo as "already the same"."""
        data_json = canonical_json(data)
        if deleted:
            with self.transaction():
                current = self._row(entity_id)
                if current is None:
                    return Record(entity, entity_id, case_id, version, json.loads(data_json), "", "")
                now = utc_now()
                self._conn.execute("UPDATE records SET version = ?, updated_at = ?, deleted = 1 WHERE id = ?",
                                   (version, now, entity_id))
                journal.append(self.db, entity=entity, entity_id=entity_id, op="delete",
                               base_version=current.version, created_at=now,
                               payload={"case_id": case_id, "office_version": version})
                self._wrote(case_id, entity)
            return Record(entity, entity_id, case_id, version, current.data, current.created_at, now)
        with self.transaction():
            current = self._row(entity_id)
            if current is not None and (current.entity, current.case_id) != (entity, case_id):
                raise ValueError(f"record {entity_id} is a {current.entity} of case "
                                 f"{current.case_id}, not a {entity} of case {case_id}")
            now = utc_now()
            if current is None:
                op, created_at = "create", now
                self._conn.execute(
                    f"INSERT INTO records ({RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                    (entity, entity_id, case_id, version, data_json, now, now))
            else:
                op, created_at = "update", current.created_at
                self._conn.execute(
                    "UPDATE records SET version = ?, data = ?, updated_at = ?, deleted = 0 "
                    "WHERE id = ?", (version, data_json, now, entity_id))
            journal.append(self.db, entity=entity, entity_id=entity_id, op=op,
                           base_version=current.version if current else None, created_at=now,
                           payload={"case_id": case_id, "data": json.loads(data_json),
                                    "office_version": version})
            self._wrote(case_id, entity)
        return Record(entity, entity_id, case_id, version, json.loads(data_json), created_at, now)

    def delete(self, entity: str, entity_id: str, *, base_version: int) -> None:
        """Mark a record deleted (it stays, for the office and for undo) and journal it."""
        with self.transaction():
            current = self._row(entity_id)
            if current is None or current.entity != entity or current.version != base_version:
                raise VersionConflict(entity=entity, entity_id=entity_id, expected=base_version,
                                      actual=current.version if current else None)
            self._require_here(current.case_id)
            if current.deleted:
                return
            now = utc_now()
            self._conn.execute(
                "UPDATE records SET version = ?, updated_at = ?, deleted = 1 WHERE id = ?",
                (current.version + 1, now, entity_id))
            journal.append(self.db, entity=entity, entity_id=entity_id, op="delete",
                           base_version=base_version, created_at=now,
                           payload={"case_id": current.case_id})
            self._wrote(current.case_id, entity)

    @_serialised
    def has_record(self, entity_id: str) -> bool:
        """Whether any record (of any kind or case, deleted or not) has this id."""
        return self._row(entity_id) is not None

    @_serialised
    def get(self, entity: str, entity_id: str, *, include_deleted: bool = False) -> Record | None:
        record = self._row(entity_id)
        if record is None or record.entity != entity or (record.deleted and not include_deleted):
            return None
        return record

    @_serialised
    def find(self, entity: str, *, case_id: str | None = None,
             include_deleted: bool = False) -> list[Record]:
        """Records of one entity (optionally of one case), oldest first."""
        if case_id is None:
            return self._select("entity = ?", [entity], include_deleted)
        return self._select("entity = ? AND case_id = ?", [entity, case_id], include_deleted)

    @_serialised
    def find_case(self, case_id: str, *, include_deleted: bool = False) -> list[Record]:
        """Every record of a case (the case itself and all its sections), oldest first."""
        return self._select("case_id = ?", [case_id], include_deleted)

    def _select(self, where: str, params: list[Any], include_deleted: bool) -> list[Record]:
        if not include_deleted:
            where += " AND deleted = 0"
        # rowid breaks ties in insertion order: timestamps can repeat within a millisecond.
        sql = f"SELECT {RECORD_COLUMNS} FROM records WHERE {where} ORDER BY created_at, rowid"
        return [Record.from_row(row) for row in self._conn.execute(sql, params)]

    @_serialised
    def count(self, entity: str) -> int:
        """How many records of an entity there are (deleted ones left out)."""
        return self._conn.execute("SELECT count(*) FROM records WHERE entity = ? AND deleted = 0",
                                  (entity,)).fetchone()[0]

    @_serialised
    def cases_by_last_change(self) -> list[tuple[Record, str]]:
        """Every case (not deleted) with the time anything of it last changed, latest first."""
        rows = self._conn.execute(
            f"""SELECT {', '.join('c.' + c.strip() for c in RECORD_COLUMNS.split(','))},
                       max(r.updated_at) AS last
                FROM records c JOIN records r ON r.case_id = c.id
                WHERE c.entity = ? AND c.deleted = 0
                GROUP BY c.id ORDER BY last DESC""", (CASE,)).fetchall()
        return [(Record.from_row(row[:-1]), row[-1]) for row in rows]

    @_serialised
    def fields(self, paths: dict[str, tuple[str, ...]], *,
               include_deleted: bool = False) -> list[tuple[str, str, str, list[Any]]]:
        """Just a few JSON fields of every record of some entities, without parsing whole records:
        ``{entity: ("$.a", "$.b")}`` -> ``(entity, case_id, id, [a, b])`` per record. For answers
        over thousands of records (the case list's overdue reviews), where parsing costs most."""
        out: list[tuple[str, str, str, list[Any]]] = []
        for entity, wanted in paths.items():
            extract = ", ".join("json_extract(data, ?)" for _ in wanted)
            sql = (f"SELECT case_id, id, json_array({extract}) FROM records WHERE entity = ?"
                   + ("" if include_deleted else " AND deleted = 0"))
            for case_id, record_id, values in self._conn.execute(sql, [*wanted, entity]):
                out.append((entity, case_id, record_id, json.loads(values)))
        return out

    # --- meta: this store's own values (sync state, keys, settings), never journaled -------------

    @_serialised
    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_serialised
    def meta_values(self, keys: Iterable[str]) -> dict[str, str]:
        """The values of those keys that are set."""
        keys = list(keys)
        marks = ", ".join("?" for _ in keys)
        return dict(self._conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys))

    def set_meta(self, values: dict[str, str | None]) -> None:
        """Set (or with None, remove) meta values, in one transaction (the caller's, if open).
        Never journaled, so never sent: for what belongs to this laptop only."""
        with self.transaction():
            for key, value in values.items():
                if key in _PROTECTED_META:
                    raise ValueError(f"meta {key!r} is the store's own")
                if value is None:
                    self._conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
                self._uncommitted.meta.add(key)

    @property
    def advisor_name(self) -> str:
        return self.meta("advisor_name") or ""

    # --- cases moved to another laptop ------------------------------------------------------

    def _require_here(self, case_id: str) -> None:
        row = self._conn.execute("SELECT moved_to FROM moved_cases WHERE case_id = ?", (case_id,)).fetchone()
        if row is not None:
            raise CaseMoved(row[0], case_id=case_id)

    @_serialised
    def moved_cases(self) -> dict[str, str]:
        """Cases the office moved to another laptop, with that laptop's name: read-only here."""
        return dict(self._conn.execute("SELECT case_id, moved_to FROM moved_cases"))

    def set_case_moved(self, case_id: str, moved_to: str | None) -> None:
        """Mark the case as moved to the laptop ``moved_to`` (read-only here), or back here
        (``None``). Not journaled: the office told this laptop, and knows."""
        with self.transaction():
            if moved_to is None:
                self._conn.execute("DELETE FROM moved_cases WHERE case_id = ?", (case_id,))
            else:
                self._conn.execute("INSERT OR REPLACE INTO moved_cases (case_id, moved_to, moved_at) "
                                   "VALUES (?, ?, ?)", (case_id, moved_to, utc_now()))

    # --- documents --------------------------------------------------------------------------

    def put_document(self, *, case_id: str, kind: str, title: str, content: bytes,
                     meta: dict[str, Any], office: bool = False) -> DocumentRecord:
        """Store a document under the SHA-256 of its bytes, as the next version of its kind
        for the case. Documents are never changed: the same bytes again return the stored one.
        ``office``: a document the office sent (taken even for a case moved away)."""
        sha256 = hashlib.sha256(content).hexdigest()
        meta_json = canonical_json(meta)
        with self.transaction():
            existing = self.document(sha256, with_content=False)
            if existing is not None:
                return existing
            if not office:
                self._require_here(case_id)
            version = self._conn.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM documents WHERE case_id = ? AND kind = ?",
                (case_id, kind)).fetchone()[0]
            now = utc_now()
            self._conn.execute(
                "INSERT INTO documents (sha256, case_id, kind, version, title, created_at, meta, "
                "content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sha256, case_id, kind, version, title, now, meta_json, content))
            journal.append(self.db, entity=DOCUMENT_ENTITY, entity_id=sha256, op="create",
                           base_version=None, created_at=now,
                           payload={"case_id": case_id, "sha256": sha256, "kind": kind,
                                    "version": version, "title": title, "size": len(content),
                                    "meta": json.loads(meta_json)})
            self._wrote(case_id, DOCUMENT_ENTITY)
        return DocumentRecord(sha256, case_id, kind, version, title, now, json.loads(meta_json),
                              len(content), content)

    @_serialised
    def documents(self, case_id: str | None = None, kind: str | None = None) -> list[DocumentRecord]:
        """Documents without their bytes (use ``document(sha256)`` for those), oldest first."""
        sql, params = f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE 1", []
        for column, value in (("case_id", case_id), ("kind", kind)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        sql += " ORDER BY case_id, kind, version"
        return [DocumentRecord.from_row(row) for row in self._conn.execute(sql, params)]

    @_serialised
    def document(self, sha256: str, *, with_content: bool = True) -> DocumentRecord | None:
        columns = DOCUMENT_COLUMNS + (", content" if with_content else "")
        row = self._conn.execute(f"SELECT {columns} FROM documents WHERE sha256 = ?",
                                 (sha256,)).fetchone()
        if row is None:
            return None
        return DocumentRecord.from_row(row[:8], row[8] if with_content else None)

    # --- journal and sync -------------------------------------------------------------------

    @_serialised
    def unsent_count(self) -> int:
        return journal.unsent_count(self.db)

    @_serialised
    def changes_after(self, seq: int, limit: int | None = None) -> list[Change]:
        return journal.changes_after(self.db, seq, limit)

    def mark_acknowledged(self, seq: int) -> None:
        """The office has every change up to ``seq`` (in the caller's transaction, if any)."""
        with self.transaction():
            journal.mark_acknowledged(self.db, seq)
            self._uncommitted.journal = True

    @_serialised
    def acknowledged_seq(self) -> int:
        return journal.acknowledged_seq(self.db)

    @_serialised
    def last_seq(self) -> int:
        return journal.last_seq(self.db)

    @_serialised
    def revision(self) -> tuple[str | None, int]:
        """A value that changes whenever anything is written through this store (for caches of
        answers computed from many records)."""
        last = self._conn.execute("SELECT hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return (last[0] if last else None, self._conn.total_changes)

    def check(self) -> list[str]:
        """Everything that is wrong with the store (pages, database, journal); empty if sound."""
        with self._lock:
            conn = self._conn
            problems = [f"Encrypted page check: {p}" for p in cipher_problems(conn)]
            try:  # with damaged pages, SQLite's own checks may stop part-way: say so
                rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
                if rows != ["ok"]:
                    problems += [f"Database check: {row}" for row in rows]
                return problems + journal.verify_chain(self.db)
            except READ_FAILED as exc:
                return problems + [f"The check stopped at a damaged page ({exc or 'unreadable'})."]

    # --- keys -------------------------------------------------------------------------------

    def check_passphrase(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this open store's: its key file unwraps to the key in use.
        Nothing is written and the store stays open (the advisor taking the laptop back from the
        family). The slow unwrap runs without the store's lock, so workers are not held up."""
        with self._file_errors():
            key_file = read_key_file(self._directory)
        try:
            for _candidate, key in _keys_for(key_file, passphrase):
                try:
                    with self._lock:
                        if hmac.compare_digest(bytes(key), bytes(self._key_bytes())):
                            return True
                finally:
                    wipe(key)
        except WrongPassphrase:
            return False
        return False

    def change_passphrase(self, old: str, new: str, *, kdf: KdfParams = DEFAULT_KDF) -> None:
        """Re-wrap the same data key under ``new``: fast, and the database is not touched. An old
        copy of store.key still opens the store with the old passphrase: ``rekey`` ends that."""
        if not new:
            raise ValueError("the new passphrase is empty")
        with self._lock, self._file_errors():
            key_file = read_key_file(self._directory)
            old_key = unwrap_with_passphrase(key_file.wrap, old, store_id=self.store_id,
                                             device_id=self.device_id)
            if not hmac.compare_digest(bytes(old_key), bytes(self._key_bytes())):
                raise StoreCorrupt(detail="the key file does not hold the open store's key")
            wipe(old_key)
            wrap = wrap_with_passphrase(self._key_bytes(), new, store_id=self.store_id,
                                        device_id=self.device_id, params=kdf)
            write_key_file(self._directory, replace(key_file, wrap=wrap))

    def rekey(self, passphrase: str, *, kdf: KdfParams = DEFAULT_KDF) -> None:
        """Re-encrypt the database with a new data key, wrapped under ``passphrase``.

        For a suspected compromise or a handover: afterwards no earlier key file, passphrase or
        recovery copy opens the store (backups keep the key they were made with). Crash-safe:
        the new key is saved as a pending wrap before ``PRAGMA rekey`` and promoted after it,
        ``open`` tries both, and the recovery copy follows the key on the next open if a crash
        came first.
        """
        with self._lock, self._file_errors():
            self._require_no_transaction("rekey")
            key_file = read_key_file(self._directory)
            new_key = new_data_key()
            target = with_new_key(key_file, new_key, passphrase, kdf)
            write_key_file(self._directory, replace(key_file, pending={"wrap": target.wrap, "office": None}))
            conn = self._conn
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except DatabaseError as exc:
                raise storage_error(exc, self._directory / DB_FILE_NAME) or exc from None
            connect_keyed(self._directory / DB_FILE_NAME, new_key).close()  # proof before promoting
            write_key_file(self._directory, target)
            wipe(self._key_bytes())
            self._key = new_key
            self._refresh_recovery_copy()

    def set_office_recovery(self, office_public_key: bytes) -> None:
        """Write the office's recovery copy of the data key beside the store (at enrollment)."""
        with self._lock, self._file_errors():
            recovery.write_copy(self._directory, recovery.seal_copy(
                self._key_bytes(), office_public_key, store_id=self.store_id, device_id=self.device_id))

    def office_recovery_copy(self) -> dict[str, Any] | None:
        """The recovery copy for the office's record of this laptop, or None before enrollment."""
        return recovery.read_copy(self._directory)

    def _refresh_recovery_copy(self) -> None:
        """Reseal the recovery copy when it holds another key than the store's (a rekey that
        crashed before it was resealed, a salvaged or restored store)."""
        copy = recovery.read_copy(self._directory)
        if copy is not None and copy.get("key_check") != recovery.key_check(self._key_bytes()):
            self.set_office_recovery(unb64(copy["public_key"]))

    @contextmanager
    def _file_errors(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise from_os_error(exc) from None

    # --- backup and restore -----------------------------------------------------------------

    def backup(self, to_file: str | os.PathLike[str]) -> None:
        """Write one file holding the key file and a consistent, still-encrypted copy of the
        database (backup.py). Nothing unencrypted is written anywhere."""
        with self._lock:
            self._require_no_transaction("back up")
            try:
                backup.write_backup(self._conn, self._key_bytes(), read_key_file(self._directory),
                                    self._directory, Path(to_file), utc_now())
            except OSError as exc:
                raise from_os_error(exc, store_folder=False) from None
            except DatabaseError as exc:
                raise storage_error(exc, self._directory / DB_FILE_NAME) or exc from None

    @classmethod
    def restore(cls, backup_file: str | os.PathLike[str], directory: str | os.PathLike[str],
                passphrase: str, *, overwrite: bool = False) -> "Store":
        """Restore a backup into ``directory`` and open it.

        The passphrase and the whole file are checked before anything is written. Refuses to
        replace an existing store unless ``overwrite`` (close that store first).
        """
        directory = Path(directory)
        if cls.exists(directory) and not overwrite:
            raise StoreExists(detail=str(directory))
        key, key_file = backup.restore_files(Path(backup_file), directory, passphrase)
        try:
            db = open_database(directory / DB_FILE_NAME, key)
        except BaseException:
            wipe(key)
            raise
        return cls._opened(directory, db, key, key_file, settled=key_file)
