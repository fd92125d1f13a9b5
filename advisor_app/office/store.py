"""The office store: what the office knows about its laptops, their changes and its records.

SQLAlchemy Core over SQLite (one office workstation: ``OfficeStore.open(<folder>)``) or
PostgreSQL (many offices: ``OfficeStore.open("postgresql+psycopg://...")``). Opening runs the
Alembic migrations in ``migrations/`` up to the latest. Tables: tables.py. Device bundles are
applied by importer.py; everything else the office does to its data goes through here.

Every method runs in its own transaction, or in the caller's when given ``conn`` (from
``with store.transaction() as conn:``). Values come back as plain dicts with JSON already
decoded.

Personal columns are sealed under the office data key (sealing.py): the store seals them as it
writes and opens them as it reads, once a signed-in user has given it the key (``use_key``), so
callers see plain values and the database never holds them in clear.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from advisor_app.office.errors import OfficeStoreError
from advisor_app.office.sealing import SealBroken, Sealer, meta_is_sealed
from advisor_app.office.tables import (
    OFFICE, bundles, case_moves, changes, conflicts, devices, document_checks, documents,
    office_changes, office_meta, outbox, published_files, records,
)
from advisor_app.store import hlc
from advisor_app.store.canonical import canonical_json
from advisor_app.store.hlc import utc_now
from advisor_app.store.ids import new_id

DB_FILE_NAME = "office.db"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 0x0FF1CE  # PostgreSQL advisory lock: one process migrates at a time
INCOMING, CURRENT, FIELDS, MERGED = "incoming", "current", "fields", "merged"
RESOLUTIONS = (INCOMING, CURRENT, FIELDS, MERGED)
AUTOMATIC = "automatic merge"  # resolved_by / made_by of a merge the importer made
_READ_ONLY = "advisor_app_read_only"  # execution option: a transaction that only reads
RECORDS_GENERATION = "records.generation"  # office_meta: how many writes the records and documents have had
_BATCH = 500  # ids per ``IN (...)``: well under SQLite's and PostgreSQL's limits on parameters


class OfficeStoreTooNew(OfficeStoreError):
    message = ("This office database was set up by a newer version of the app. "
               "Please update the app on this computer first.")


class OfficeNeedsUpgrade(OfficeStoreError):
    message = ("This office keeps its information unencrypted, as offices did before named users: "
               "an administrator must upgrade it first with `advisor-app office upgrade`.")


class OfficeLocked(OfficeStoreError):
    message = "The office is locked: sign in first."


class OfficeDataDamaged(OfficeStoreError):
    message = ("Some of the office's saved information does not open with the office's key: "
               "it was changed outside the app, so it was not used.")


class UnknownDevice(OfficeStoreError):
    message = "This laptop is not enrolled with this office."


class ConflictNotOpen(OfficeStoreError):
    message = "This conflict was already resolved, or it does not exist."


class OfficeVersionConflict(OfficeStoreError):
    message = "This record changed since you opened it, so your change was not saved. Please look again."


def _json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _decoded(values: dict[str, Any], json_columns: Iterable[str]) -> dict[str, Any]:
    for column in json_columns:
        values[column] = _json(values[column])
    if "deleted" in values:
        values["deleted"] = bool(values["deleted"])
    return values


def _row(row: sa.Row | None, *json_columns: str) -> dict[str, Any] | None:
    """A row of a table without sealed columns, as a dict."""
    return None if row is None else _decoded(dict(row._mapping), json_columns)


def _rows(result: Iterable[sa.Row], *json_columns: str) -> list[dict[str, Any]]:
    return [_row(row, *json_columns) for row in result]  # type: ignore[misc]


def sqlite_url(directory: str | os.PathLike[str]) -> str:
    return f"sqlite:///{Path(directory) / DB_FILE_NAME}"


def _sqlite_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the driver's own transaction handling would start
        # transactions late and commit DDL behind Alembic's back.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # FULL: an acknowledged bundle must survive a power cut, or the laptop (which trusts
        # the acknowledgement) and the office would disagree about what was received.
        # secure_delete: space freed in the file is zeroed, so nothing once written there (the
        # plain rows of an office upgraded in place, migration 0002) lingers in free pages.
        for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL",
                       "secure_delete = ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front: an import reads then writes, and must not
        # fail half-way with "database is locked" or see a record change under it. Reads take
        # no lock, so the office's screens are not held up by an import (WAL).
        reading = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def migrate(engine: sa.Engine, *, data_key: bytes | None = None,
            then: Callable[[sa.Connection], None] | None = None) -> bool:
    """Bring the schema to the latest revision; True if anything ran. ``data_key``: the office
    data key that seals an office from before named users (revision 0002); ``then``: more work
    in the same transaction (the upgrade's first administrator), done only if the upgrade ran."""
    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        current = set(MigrationContext.configure(conn).get_current_heads())
        for revision in current:
            try:
                script.get_revision(revision)
            except CommandError as error:
                raise OfficeStoreTooNew() from error
        if current == set(script.get_heads()):
            return False
        config.attributes["connection"] = conn
        if data_key is not None:
            config.attributes["office_data_key"] = bytes(data_key)
        command.upgrade(config, "head")
        if then is not None:
            then(conn)
        return True


class OfficeStore:
    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._sealer: Sealer | None = None
        self._headers: dict[str, tuple[str, Any]] = {}  # case id -> (sealed header, opened header)

    @classmethod
    def open(cls, url_or_dir: str | os.PathLike[str], *, migrated: bool = True) -> "OfficeStore":
        """A folder (made if missing) holds a SQLite ``office.db``; anything with ``://`` is a
        SQLAlchemy URL (``sqlite:///...``, ``postgresql+psycopg://...``). ``migrated=False``
        leaves the schema as it is (the upgrade migrates it itself, with the new key)."""
        text = os.fspath(url_or_dir)
        if "://" not in text:
            Path(text).mkdir(mode=0o700, parents=True, exist_ok=True)
            text = sqlite_url(text)
        if sa.make_url(text).get_backend_name() == "sqlite":
            engine = _sqlite_engine(text)
        else:
            engine = sa.create_engine(text, pool_pre_ping=True)
        try:
            if migrated:
                migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self._sealer = None
        self._headers.clear()
        self._engine.dispose()

    # --- the office data key ----------------------------------------------------------------

    def use_key(self, data_key: bytes | bytearray) -> None:
        """Seal and open personal columns with the office data key (a signed-in user's)."""
        self._sealer = Sealer(data_key)
        self._headers.clear()

    @property
    def sealer(self) -> Sealer:
        if self._sealer is None:
            raise OfficeLocked()
        return self._sealer

    def seal_rows(self, table: sa.Table, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Rows for ``table`` with their personal columns sealed, ready to insert."""
        return self.sealer.seal_rows(table.name, rows)

    def open_row(self, table: sa.Table, row: sa.Row | Mapping[str, Any], *json_columns: str) -> dict[str, Any]:
        """A row read from ``table`` with its sealed columns opened and ``json_columns`` decoded;
        ``OfficeDataDamaged`` if a sealed value does not open (changed, or moved from another row)."""
        values = row._asdict() if isinstance(row, sa.Row) else dict(row)
        try:
            opened = self.sealer.open_in_place(table.name, values)
        except SealBroken as broken:
            raise OfficeDataDamaged() from broken
        return _decoded(opened, json_columns)

    def _open_rows(self, table: sa.Table, result: Iterable[sa.Row], *json_columns: str) -> list[dict[str, Any]]:
        return [self.open_row(table, row, *json_columns) for row in result]

    def _record(self, row: sa.Row | Mapping[str, Any]) -> dict[str, Any]:
        return self.open_row(records, row, "data", "holders")

    def __enter__(self) -> "OfficeStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> sa.Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def revision(self) -> str | None:
        """The schema's Alembic revision (None before the first)."""
        with self._engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def compact(self) -> None:
        """Rewrite the database files so that no freed space keeps old contents (after the
        in-place encryption of an upgrade): VACUUM, and the SQLite WAL emptied."""
        if self.dialect == "sqlite":
            raw = self._engine.raw_connection()  # outside any transaction: VACUUM needs that
            try:
                for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
                    raw.driver_connection.execute(statement)
            finally:
                raw.close()
            return
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM FULL")

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._engine.begin() as conn:
            yield conn

    @contextmanager
    def _using(self, conn: sa.Connection | None) -> Iterator[sa.Connection]:
        """The caller's transaction, or a new one that writes."""
        if conn is not None:
            yield conn
        else:
            with self.transaction() as own:
                yield own

    def reading(self, conn: sa.Connection | None = None) -> Iterator[sa.Connection]:
        """The caller's transaction, or a new one that only reads (it takes no write lock)."""
        return self._reading(conn)

    @contextmanager
    def _reading(self, conn: sa.Connection | None) -> Iterator[sa.Connection]:
        """The caller's transaction, or a new one that only reads."""
        if conn is not None:
            yield conn
        else:
            with self._engine.connect() as own:
                own.execution_options(**{_READ_ONLY: True})
                with own.begin():
                    yield own

    # --- office settings (office id, wrapped keys, ...) ---------------------------------------

    def get_meta(self, key: str, default: str | None = None, *,
                 conn: sa.Connection | None = None) -> str | None:
        with self._reading(conn) as c:
            value = c.execute(sa.select(office_meta.c.value).where(office_meta.c.key == key)
                              ).scalar_one_or_none()
        return default if value is None else self._open_meta(key, value)

    def _open_meta(self, key: str, value: str) -> str:
        if not meta_is_sealed(key):
            return value
        try:
            return self.sealer.open_text(value, "office_meta", "value", key)
        except SealBroken as broken:
            raise OfficeDataDamaged() from broken

    def set_meta(self, key: str, value: str, *, conn: sa.Connection | None = None) -> None:
        if meta_is_sealed(key):
            value = self.sealer.seal_text(value, "office_meta", "value", key)
        with self._using(conn) as c:
            updated = c.execute(office_meta.update().where(office_meta.c.key == key)
                                .values(value=value)).rowcount
            if not updated:
                c.execute(office_meta.insert().values(key=key, value=value))

    def delete_meta(self, key: str, *, conn: sa.Connection | None = None) -> None:
        with self._using(conn) as c:
            c.execute(office_meta.delete().where(office_meta.c.key == key))

    def meta_items(self, prefix: str = "") -> list[tuple[str, str]]:
        """Every (key, value) whose key starts with ``prefix``, by key."""
        query = sa.select(office_meta.c.key, office_meta.c.value).order_by(office_meta.c.key)
        with self._reading(None) as c:
            found = [(key, value) for key, value in c.execute(query) if key.startswith(prefix)]
        return [(key, self._open_meta(key, value)) for key, value in found]

    # --- devices ----------------------------------------------------------------------------

    def add_device(self, device_id: str, *, name: str = "", store_id: str | None = None,
                   advisor_id: str | None = None, advisor_name: str = "",
                   signing_key: str | None = None, encryption_key: str | None = None,
                   certificate_pem: str | None = None, enrolled_at: str | None = None,
                   conn: sa.Connection | None = None) -> dict[str, Any]:
        with self._using(conn) as c:
            c.execute(devices.insert().values(**self.sealer.seal_row("devices", dict(
                device_id=device_id, name=name, enrolled_at=enrolled_at or utc_now(),
                store_id=store_id, advisor_id=advisor_id, advisor_name=advisor_name,
                signing_key=signing_key, encryption_key=encryption_key,
                certificate_pem=certificate_pem))))
            return self.device(device_id, conn=c)  # type: ignore[return-value]

    def revoke_device(self, device_id: str, at: str | None = None, *,
                      conn: sa.Connection | None = None) -> None:
        """Refuse the laptop's bundles from now on (the first revocation date is kept)."""
        with self._using(conn) as c:
            if self.device(device_id, conn=c) is None:
                raise UnknownDevice()
            c.execute(devices.update().where(devices.c.device_id == device_id,
                                             devices.c.revoked_at.is_(None))
                      .values(revoked_at=at or utc_now()))

    def device(self, device_id: str, *, conn: sa.Connection | None = None) -> dict[str, Any] | None:
        with self._reading(conn) as c:
            row = c.execute(sa.select(devices).where(devices.c.device_id == device_id)).first()
        return None if row is None else self.open_row(devices, row)

    def devices(self) -> list[dict[str, Any]]:
        with self._reading(None) as c:
            return self._open_rows(devices, c.execute(sa.select(devices).order_by(
                devices.c.enrolled_at, devices.c.device_id)))

    def note_device_applied(self, device_id: str, office_seq: int, *,
                            conn: sa.Connection | None = None) -> None:
        """What the laptop says it applied of the office's messages (never moves backwards)."""
        with self._using(conn) as c:
            c.execute(devices.update().where(devices.c.device_id == device_id,
                                             devices.c.office_seq_applied < office_seq)
                      .values(office_seq_applied=office_seq))

    # --- records and changes ---------------------------------------------------------------

    def record(self, entity_id: str, *, conn: sa.Connection | None = None) -> dict[str, Any] | None:
        with self._reading(conn) as c:
            row = c.execute(sa.select(records).where(records.c.entity_id == entity_id)).first()
        return self._record(row) if row else None

    def records(self, case_id: str | None = None, entity: str | None = None, *,
                include_deleted: bool = True, conn: sa.Connection | None = None) -> list[dict[str, Any]]:
        query = sa.select(records).order_by(records.c.case_id, records.c.entity,
                                            records.c.entity_id)
        if case_id is not None:
            query = query.where(records.c.case_id == case_id)
        if entity is not None:
            query = query.where(records.c.entity == entity)
        if not include_deleted:
            query = query.where(records.c.deleted == sa.false())
        with self._reading(conn) as c:
            return [self._record(row) for row in c.execute(query)]

    def _cases_query(self, *columns: Any) -> sa.Select:
        made = (sa.select(changes.c.entity_id, changes.c.device_id)
                .where(changes.c.entity == "case", changes.c.op == "create",
                       changes.c.outcome == "applied").subquery())
        return (sa.select(*columns, made.c.device_id.label("owner_device_id"))
                .select_from(records.outerjoin(made, made.c.entity_id == records.c.entity_id))
                .where(records.c.entity == "case")
                .order_by(records.c.updated_at.desc(), records.c.entity_id))

    def _with_laptops(self, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each case with the laptop it is with: the one it was last moved to, else its maker's."""
        laptops = {d["device_id"]: d for d in self.devices()}
        moves = sa.select(case_moves.c.case_id, case_moves.c.to_device_id).order_by(
            case_moves.c.moved_at, case_moves.c.id)
        with self._reading(None) as c:
            moved = {case_id: to for case_id, to in c.execute(moves)}
        for case in found:
            case["owner_device_id"] = moved.get(case["entity_id"], case["owner_device_id"])
            laptop = laptops.get(case["owner_device_id"]) or {}
            case.update(device_name=laptop.get("name"), advisor_id=laptop.get("advisor_id"),
                        advisor_name=laptop.get("advisor_name"))
        return found

    def cases(self) -> list[dict[str, Any]]:
        """Every case, most recently changed first, with the laptop it is with (the one that made
        it, or the one it was last moved to) and its advisor (``owner_device_id``,
        ``device_name``, ``advisor_id``, ``advisor_name``)."""
        with self._reading(None) as c:
            found = [self._record(row) for row in c.execute(self._cases_query(records)).all()]
        return self._with_laptops(found)

    def case_list(self) -> list[dict[str, Any]]:
        """What the case list shows of every case (``entity_id``, ``data`` = the header,
        ``updated_at``, and the laptop as in ``cases``), most recently changed first. Each header
        is opened once per version while the office is open: the list and its search (each key
        typed) read them all again."""
        query = self._cases_query(records.c.entity_id, records.c.data, records.c.updated_at)
        with self._reading(None) as c:
            rows = c.execute(query).all()
        found = []
        for entity_id, sealed, updated_at, owner in rows:
            cached = self._headers.get(entity_id)
            if cached is None or cached[0] != sealed:
                opened = self.open_row(records, {"entity_id": entity_id, "data": sealed}, "data")["data"]
                cached = self._headers[entity_id] = (sealed, opened)
            found.append({"entity_id": entity_id, "data": dict(cached[1]), "updated_at": updated_at,
                          "owner_device_id": owner})
        return self._with_laptops(found)

    def changes(self, *, device_id: str | None = None, entity_id: str | None = None,
                conn: sa.Connection | None = None) -> list[dict[str, Any]]:
        """Changes received from laptops, in the order they were made on each laptop."""
        query = sa.select(changes).order_by(changes.c.device_id, changes.c.seq)
        if device_id is not None:
            query = query.where(changes.c.device_id == device_id)
        if entity_id is not None:
            query = query.where(changes.c.entity_id == entity_id)
        with self._reading(conn) as c:
            return self._open_rows(changes, c.execute(query), "payload")

    def office_changes(self, *, entity_id: str | None = None) -> list[dict[str, Any]]:
        """Records the office itself wrote (resolutions, approvals), oldest first."""
        query = sa.select(office_changes).order_by(office_changes.c.seq)
        if entity_id is not None:
            query = query.where(office_changes.c.entity_id == entity_id)
        with self._reading(None) as c:
            return self._open_rows(office_changes, c.execute(query), "data")

    def put_record(self, entity: str, data: Mapping[str, Any], *, case_id: str, by: str,
                   entity_id: str | None = None, base_version: int | None = None,
                   conn: sa.Connection | None = None) -> dict[str, Any]:
        """An office-made record (an approval, say): create (``base_version=None``) or update
        the office's version ``base_version``; recorded as an office change and sent to every
        laptop that holds the case. Raises ``OfficeVersionConflict`` if it changed meanwhile."""
        if entity == "case":
            entity_id = case_id
        entity_id = entity_id or new_id()
        with self._using(conn) as c:
            current = self._locked_record(c, entity_id)
            if base_version != (current["version"] if current else None):
                raise OfficeVersionConflict()
            return self._write_office_record(
                c, entity=entity, entity_id=entity_id, case_id=case_id,
                data_json=canonical_json(dict(data)), deleted=False,
                version=(current["version"] + 1) if current else 1, current=current, by=by,
                reason="office")

    # --- reading many records, each opened once per version (office/casebook.py) -------------

    def bump_records_generation(self, conn: sa.Connection) -> None:
        """Count one more write to the records, documents or their checks (what office/casebook.py
        reads), in the writer's transaction: a reader that knows the count it last read at knows
        whether anything it read changed since (one row, no scan)."""
        conn.execute(sa.text(
            "INSERT INTO office_meta (key, value) VALUES (:key, '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(office_meta.value AS INTEGER) + 1 AS TEXT)"), {"key": RECORDS_GENERATION})

    def records_generation(self) -> str:
        """Changes whenever a record, document or check is written (see ``bump_records_generation``)."""
        return self.get_meta(RECORDS_GENERATION) or "0"

    def record_stamps(self, entities: Iterable[str]) -> list[tuple[str, str, str, int, str, bool]]:
        """``(entity_id, entity, case_id, version, hlc, deleted)`` of every record of ``entities``,
        all in clear: what a reader needs to tell whether a record changed since it opened it."""
        query = sa.select(records.c.entity_id, records.c.entity, records.c.case_id, records.c.version,
                          records.c.hlc, records.c.deleted).where(records.c.entity.in_(list(entities)))
        with self._reading(None) as c:  # fetched at once: tens of thousands of rows, one round trip
            return [(i, e, case, int(v), h, bool(d)) for i, e, case, v, h, d in c.execute(query).fetchall()]

    def records_data(self, entity_ids: Iterable[str]) -> dict[str, Any]:
        """entity id -> the record's data, opened (``OfficeDataDamaged`` if one does not open)."""
        return {row.entity_id: self.open_row(records, row, "data")["data"]
                for row in self._by_ids(records.c.entity_id, [records.c.data], entity_ids)}

    def _by_ids(self, key: sa.Column, columns: list[sa.Column], ids: Iterable[str]) -> Iterator[sa.Row]:
        """The rows whose ``key`` is one of ``ids``, asked in batches (an ``IN`` list stays within
        SQLite's and PostgreSQL's limits on parameters)."""
        wanted = list(ids)
        with self._reading(None) as c:
            for start in range(0, len(wanted), _BATCH):
                yield from c.execute(sa.select(key, *columns).where(key.in_(wanted[start:start + _BATCH])))

    def document_list(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every document's clear columns (no title, details or bytes): sha256, case_id, kind,
        version, size, device_id, imported_at."""
        query = sa.select(*[col for col in documents.c if col.name not in ("title", "meta", "content")])
        if kind is not None:
            query = query.where(documents.c.kind == kind)
        with self._reading(None) as c:
            return _rows(c.execute(query))

    def documents_details(self, shas: Iterable[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """sha256 -> (title, meta), opened, for these documents."""
        out = {}
        for row in self._by_ids(documents.c.sha256, [documents.c.title, documents.c.meta], shas):
            opened = self.open_row(documents, row, "meta")
            out[row.sha256] = (opened["title"], opened["meta"])
        return out

    def latest_check_ids(self) -> dict[str, str]:
        """sha256 -> the id of its latest check (in clear: which checks are new)."""
        query = sa.select(document_checks.c.sha256, document_checks.c.id).order_by(
            document_checks.c.checked_at, document_checks.c.id)
        with self._reading(None) as c:
            return {sha: check_id for sha, check_id in c.execute(query)}

    def checks(self, check_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """check id -> its result, opened."""
        return {row.id: self.open_row(document_checks, row, "result")["result"]
                for row in self._by_ids(document_checks.c.id, [document_checks.c.result], check_ids)}

    def open_conflicts(self) -> list[dict[str, Any]]:
        """The conflicts waiting for a person, oldest first, without their versions (in clear)."""
        query = (sa.select(conflicts.c.id, conflicts.c.entity, conflicts.c.entity_id, conflicts.c.case_id,
                           conflicts.c.device_id, conflicts.c.created_at)
                 .where(conflicts.c.resolved_at.is_(None)).order_by(conflicts.c.created_at, conflicts.c.id))
        with self._reading(None) as c:
            return _rows(c.execute(query))

    # --- the provider files the office published ---------------------------------------------

    def add_published_file(self, name: str, content: str, *, by: str, conn: sa.Connection | None = None) -> None:
        """Keep the office's copy of a provider file it published (insert-only: the history stays)."""
        with self._using(conn) as c:
            c.execute(published_files.insert().values(**self.sealer.seal_row("published_files", dict(
                id=new_id(), name=name, content=content, published_at=utc_now(), published_by=by))))

    def published_file(self, name: str) -> dict[str, Any] | None:
        """The office's latest published copy of ``name`` (content, published_at, published_by)."""
        query = (sa.select(published_files).where(published_files.c.name == name)
                 .order_by(published_files.c.published_at.desc(), published_files.c.id.desc()).limit(1))
        with self._reading(None) as c:
            row = c.execute(query).first()
        return None if row is None else self.open_row(published_files, row)

    # --- conflicts --------------------------------------------------------------------------

    def conflicts(self, open_only: bool = True, *, case_id: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(conflicts).order_by(conflicts.c.created_at, conflicts.c.id)
        if open_only:
            query = query.where(conflicts.c.resolved_at.is_(None))
        if case_id is not None:
            query = query.where(conflicts.c.case_id == case_id)
        with self._reading(None) as c:
            return self._open_rows(conflicts, c.execute(query), "incoming", "current")

    def conflict(self, conflict_id: str) -> dict[str, Any] | None:
        with self._reading(None) as c:
            row = c.execute(sa.select(conflicts).where(conflicts.c.id == conflict_id)).first()
        return None if row is None else self.open_row(conflicts, row, "incoming", "current")

    def resolve_conflict(self, conflict_id: str, choice: str, by: str, *,
                         data: Mapping[str, Any] | None = None,
                         conn: sa.Connection | None = None) -> dict[str, Any]:
        """Settle a conflict with the laptop's version (``'incoming'``), the office's as it is
        now (``'current'``), or a record made of both (``'fields'``: chosen field by field;
        ``'merged'``: merged automatically), given as ``data``. Whichever, the result is a new
        office version, above both the office's and the laptop's, recorded as an office change
        and sent to the laptops that hold the record, so they all end up with the same. Returns
        the record. Checking the result against the domain is the caller's (the service's)."""
        if choice not in RESOLUTIONS:
            raise ValueError(f"choice must be one of {RESOLUTIONS}, not {choice!r}")
        if (data is None) != (choice in (INCOMING, CURRENT)):
            raise ValueError(f"a {choice!r} resolution {'needs' if data is None else 'takes no'} data")
        with self._using(conn) as c:
            row = c.execute(sa.select(conflicts).where(conflicts.c.id == conflict_id)
                            .with_for_update()).first()
            if row is None or row.resolved_at is not None:
                raise ConflictNotOpen()
            current = self._locked_record(c, row.entity_id)
            incoming = self.open_row(conflicts, row, "incoming")["incoming"]
            entity, case_id, deleted = row.entity, row.case_id, False
            if choice == INCOMING:
                deleted = incoming["op"] == "delete"
                # A deletion keeps the data the record had: records are marked, never erased.
                data_json = (canonical_json(incoming["data"]) if not deleted
                             else canonical_json(current["data"]) if current else "{}")
            elif choice == CURRENT:
                if current is None:
                    raise OfficeStoreError("The office has no version of this record to keep: "
                                           "choose the laptop's version.")
                entity, case_id = current["entity"], current["case_id"]
                data_json, deleted = canonical_json(current["data"]), current["deleted"]
            else:
                data_json = canonical_json(dict(data))  # type: ignore[arg-type]
            # The laptop holds its edit at base + 1: the result must be newer than that too.
            laptop_version = (row.incoming_base_version or 0) + 1
            version = max(current["version"] if current else 0, laptop_version) + 1
            record = self._write_office_record(
                c, entity=entity, entity_id=row.entity_id, case_id=case_id, data_json=data_json,
                deleted=deleted, version=version, current=current, by=by,
                reason="merge" if choice == MERGED else "resolution",
                conflict_id=conflict_id, also_to=[row.device_id], seen_hlc=incoming.get("hlc"))
            c.execute(conflicts.update().where(conflicts.c.id == conflict_id).values(
                resolved_at=utc_now(), resolution=choice, resolved_by=by))
            return record

    def _locked_record(self, conn: sa.Connection, entity_id: str) -> dict[str, Any] | None:
        row = conn.execute(sa.select(records).where(records.c.entity_id == entity_id)
                           .with_for_update()).first()
        return self._record(row) if row else None

    def _next_hlc(self, conn: sa.Connection, seen: Iterable[str | None]) -> str:
        """The office's clock: after its own last stamp and after every stamp it has seen."""
        node = self.get_meta("office_id", conn=conn) or OFFICE
        last_text = self.get_meta("hlc", conn=conn)
        stamp = hlc.tick(hlc.Hlc.parse(last_text) if last_text else None, node)
        for text in seen:
            if text:
                stamp = hlc.receive(stamp, hlc.Hlc.parse(text), node)
        self.set_meta("hlc", str(stamp), conn=conn)
        return str(stamp)

    def _write_office_record(self, conn: sa.Connection, *, entity: str, entity_id: str,
                             case_id: str, data_json: str, deleted: bool, version: int,
                             current: dict[str, Any] | None, by: str, reason: str,
                             conflict_id: str | None = None, also_to: Iterable[str] = (),
                             seen_hlc: str | None = None) -> dict[str, Any]:
        now = utc_now()
        stamp = self._next_hlc(conn, [current["hlc"] if current else None, seen_hlc])
        values = {"entity": entity, "case_id": case_id, "version": version, "data": data_json,
                  "deleted": deleted, "updated_at": now, "device_id": OFFICE, "hlc": stamp,
                  # No laptop holds this version until it echoes it back (importer.py).
                  "holders": "[]"}
        row = self.sealer.seal_row("records", {"entity_id": entity_id, **values})
        if current is None:
            conn.execute(records.insert().values(**row))
        else:
            conn.execute(records.update().where(records.c.entity_id == entity_id).values(**row))
        self.bump_records_generation(conn)
        seq = conn.execute(sa.select(sa.func.coalesce(sa.func.max(office_changes.c.seq), 0) + 1)
                           ).scalar_one()
        op = "delete" if deleted else "update" if current else "create"
        conn.execute(office_changes.insert().values(**self.sealer.seal_row("office_changes", dict(
            seq=seq, change_id=new_id(), hlc=stamp, entity=entity, entity_id=entity_id,
            case_id=case_id, op=op, base_version=current["version"] if current else None,
            version=version, data=data_json, deleted=deleted, made_by=by, reason=reason,
            conflict_id=conflict_id, created_at=now))))
        body = {"entity": entity, "entity_id": entity_id, "case_id": case_id, "version": version,
                "data": json.loads(data_json), "deleted": deleted, "hlc": stamp}
        for device_id in sorted(self._devices_holding(conn, case_id, entity_id) | set(also_to)):
            self.queue_message(device_id, "record", body, conn=conn)
        return _decoded({"entity_id": entity_id, **values}, ("data", "holders"))

    def _devices_holding(self, conn: sa.Connection, case_id: str, entity_id: str) -> set[str]:
        """Enrolled laptops that sent changes for the case or the record."""
        query = (sa.select(changes.c.device_id).distinct()
                 .join(devices, devices.c.device_id == changes.c.device_id)
                 .where(sa.or_(changes.c.case_id == case_id, changes.c.entity_id == entity_id),
                        devices.c.revoked_at.is_(None)))
        return set(conn.execute(query).scalars())

    # --- cases moved between laptops ---------------------------------------------------------

    def case_laptop(self, case_id: str, *, conn: sa.Connection | None = None) -> str | None:
        """The laptop the case is with: the one it was last moved to, else the one that made it."""
        with self._reading(conn) as c:
            moved = c.execute(sa.select(case_moves.c.to_device_id).where(case_moves.c.case_id == case_id)
                              .order_by(case_moves.c.moved_at.desc(), case_moves.c.id.desc()).limit(1)
                              ).scalar_one_or_none()
            if moved is not None:
                return moved
            return c.execute(sa.select(changes.c.device_id).where(
                changes.c.entity == "case", changes.c.entity_id == case_id, changes.c.op == "create",
                changes.c.outcome == "applied").limit(1)).scalar_one_or_none()

    def moved_away_from(self, device_id: str, *, conn: sa.Connection | None = None) -> set[str]:
        """Cases that have been moved and are now with a laptop other than ``device_id``."""
        query = sa.select(case_moves.c.case_id, case_moves.c.to_device_id).order_by(
            case_moves.c.moved_at, case_moves.c.id)
        with self._reading(conn) as c:
            latest = {case_id: to for case_id, to in c.execute(query)}
        return {case_id for case_id, to in latest.items() if to != device_id}

    def case_moves(self, case_id: str | None = None) -> list[dict[str, Any]]:
        """Every move, oldest first, with ``acknowledged``: the laptop the case left has applied
        the office's notice (True when no laptop had to be told)."""
        query = (sa.select(case_moves, devices.c.office_seq_applied)
                 .select_from(case_moves.outerjoin(devices, devices.c.device_id == case_moves.c.from_device_id))
                 .order_by(case_moves.c.moved_at, case_moves.c.id))
        if case_id is not None:
            query = query.where(case_moves.c.case_id == case_id)
        with self._reading(None) as c:
            out = _rows(c.execute(query))
        for move in out:
            seq, applied = move.pop("notice_office_seq"), move.pop("office_seq_applied")
            move["acknowledged"] = seq is None or (applied or 0) >= seq
            move["notice_office_seq"] = seq
        return out

    def move_case(self, case_id: str, to_device_id: str, *, by: str, notice: Mapping[str, Any],
                  conn: sa.Connection | None = None) -> dict[str, Any]:
        """Give the case to another laptop: every record of it (deleted ones too) is issued to
        that laptop at the office's version, each a recorded office change (reason ``move``, the
        version unchanged), so the laptop's echoes are known as the office's; both laptops get
        ``notice`` (a ``case_moved`` message). Documents are the caller's to send. Returns the
        move. Raises ``OfficeStoreError`` when the case or the laptop cannot take part."""
        with self._using(conn) as c:
            target = self.device(to_device_id, conn=c)
            if target is None or target["revoked_at"] is not None:
                raise OfficeStoreError("That laptop is not enrolled with this office, so the case cannot go to it.")
            case = self._locked_record(c, case_id)
            if case is None or case["entity"] != "case":
                raise OfficeStoreError("That case has not reached the office.")
            source = self.case_laptop(case_id, conn=c)
            if source == to_device_id:
                raise OfficeStoreError("The case is already with that laptop.")
            now = utc_now()
            seq = c.execute(sa.select(sa.func.coalesce(sa.func.max(office_changes.c.seq), 0))).scalar_one()
            for record in self.records(case_id=case_id, conn=c):
                seq += 1
                data_json = canonical_json(record["data"])
                c.execute(office_changes.insert().values(**self.sealer.seal_row("office_changes", dict(
                    seq=seq, change_id=new_id(), hlc=record["hlc"], entity=record["entity"],
                    entity_id=record["entity_id"], case_id=case_id, op="update",
                    base_version=record["version"], version=record["version"], data=data_json,
                    deleted=record["deleted"], made_by=by, reason="move", created_at=now))))
                self.queue_message(to_device_id, "record", {
                    "entity": record["entity"], "entity_id": record["entity_id"], "case_id": case_id,
                    "version": record["version"], "data": record["data"], "deleted": record["deleted"],
                    "hlc": record["hlc"]}, conn=c)
            left = self.device(source, conn=c) if source else None
            notice_seq = None
            if left is not None and left["revoked_at"] is None:
                notice_seq = self.queue_message(source, "case_moved", notice, conn=c)  # type: ignore[arg-type]
            move = {"id": new_id(), "case_id": case_id, "from_device_id": source if left else None,
                    "to_device_id": to_device_id, "moved_at": now, "moved_by": by,
                    "notice_office_seq": notice_seq}
            c.execute(case_moves.insert().values(**move))
            return move

    # --- messages for the laptops -----------------------------------------------------------

    def queue_message(self, device_id: str, type: str, body: Mapping[str, Any], *,
                      conn: sa.Connection | None = None) -> int:
        """Add a message for a laptop; returns its office_seq (per laptop, without gaps: the
        counter row is locked by the UPDATE until the transaction ends)."""
        with self._using(conn) as c:
            bumped = c.execute(devices.update().where(devices.c.device_id == device_id)
                               .values(office_seq=devices.c.office_seq + 1)).rowcount
            if bumped != 1:
                raise UnknownDevice()
            office_seq = c.execute(sa.select(devices.c.office_seq)
                                   .where(devices.c.device_id == device_id)).scalar_one()
            c.execute(outbox.insert().values(**self.sealer.seal_row("outbox", dict(
                device_id=device_id, office_seq=office_seq, message_id=new_id(), type=type,
                body=canonical_json(dict(body)), created_at=utc_now()))))
            return int(office_seq)

    def messages_for(self, device_id: str, after_office_seq: int = 0) -> list[dict[str, Any]]:
        """The laptop's messages after ``after_office_seq``, in order, in the bundle's shape."""
        query = (sa.select(outbox.c.office_seq, outbox.c.message_id, outbox.c.type, outbox.c.body)
                 .where(outbox.c.device_id == device_id, outbox.c.office_seq > after_office_seq)
                 .order_by(outbox.c.office_seq))
        with self._reading(None) as c:
            return self._open_rows(outbox, c.execute(query), "body")

    # --- bundles ----------------------------------------------------------------------------

    def bundles(self, *, device_id: str | None = None) -> list[dict[str, Any]]:
        """The log of bundles received and sent, newest first."""
        query = sa.select(bundles).order_by(bundles.c.received_at.desc(), bundles.c.bundle_id)
        if device_id is not None:
            query = query.where(bundles.c.device_id == device_id)
        with self._reading(None) as c:
            return _rows(c.execute(query))

    def bundle(self, bundle_id: str, *, conn: sa.Connection | None = None) -> dict[str, Any] | None:
        with self._reading(conn) as c:
            return _row(c.execute(sa.select(bundles).where(bundles.c.bundle_id == bundle_id)).first())

    def log_refusal(self, bundle_id: str, device_id: str | None, reason: str, *,
                    first_seq: int | None = None, last_seq: int | None = None) -> None:
        """Note a bundle that was refused (``device_id`` None when it could not be read). Its
        own transaction: nothing else of the bundle is kept. A bundle refused again keeps the
        latest reason; one imported before stays logged as imported."""
        values = {"direction": "in", "device_id": device_id or "", "received_at": utc_now(),
                  "state": "refused", "reason": reason, "first_seq": first_seq,
                  "last_seq": last_seq, "applied": 0, "duplicates": 0, "conflicts": 0, "same": 0}
        with self.transaction() as c:
            logged = self.bundle(bundle_id, conn=c)
            if logged is None:
                c.execute(bundles.insert().values(bundle_id=bundle_id, **values))
            elif logged["state"] == "refused":
                c.execute(bundles.update().where(bundles.c.bundle_id == bundle_id).values(**values))

    def log_sent_bundle(self, bundle_id: str, device_id: str, *, first_office_seq: int | None,
                        last_office_seq: int | None) -> None:
        """Note a bundle of office messages made for a laptop (the same bundle may be made
        again: the first note is kept)."""
        with self.transaction() as c:
            if self.bundle(bundle_id, conn=c) is None:
                c.execute(bundles.insert().values(
                    bundle_id=bundle_id, direction="out", device_id=device_id,
                    received_at=utc_now(), state="sent", first_seq=first_office_seq,
                    last_seq=last_office_seq))

    # --- documents --------------------------------------------------------------------------

    def documents(self, case_id: str | None = None, *,
                  conn: sa.Connection | None = None) -> list[dict[str, Any]]:
        """Documents without their bytes (``document(sha256)`` has them), by case, kind, version."""
        query = (sa.select(*[c for c in documents.c if c.name != "content"])
                 .order_by(documents.c.case_id, documents.c.kind, documents.c.version,
                           documents.c.imported_at))
        if case_id is not None:
            query = query.where(documents.c.case_id == case_id)
        with self._reading(conn) as c:
            return self._open_rows(documents, c.execute(query), "meta")

    def document(self, sha256: str, *, conn: sa.Connection | None = None) -> dict[str, Any] | None:
        """A document with its bytes and its latest check (``verification``, or None)."""
        with self._reading(conn) as c:
            row = c.execute(sa.select(documents).where(documents.c.sha256 == sha256)).first()
            if row is None:
                return None
            found = self.open_row(documents, row, "meta")
            found["content"] = bytes(found["content"])
            check = c.execute(sa.select(document_checks.c.id, document_checks.c.result)
                              .where(document_checks.c.sha256 == sha256)
                              .order_by(document_checks.c.checked_at.desc(),
                                        document_checks.c.id.desc()).limit(1)).first()
            found["verification"] = (None if check is None
                                     else self.open_row(document_checks, check, "result")["result"])
            return found

    def put_office_document(self, *, case_id: str, kind: str, title: str,
                            meta: Mapping[str, Any], content: bytes,
                            conn: sa.Connection | None = None) -> dict[str, Any]:
        """A document the office made (a countersigned agreement, say), stored insert-only
        under the SHA-256 of its bytes as the next version of its kind for the case. The same
        bytes again return the stored document. Returns it without its bytes."""
        sha256 = hashlib.sha256(content).hexdigest()
        with self._using(conn) as c:
            if c.execute(sa.select(documents.c.sha256).where(documents.c.sha256 == sha256)).first() is None:
                version = c.execute(
                    sa.select(sa.func.coalesce(sa.func.max(documents.c.version), 0) + 1)
                    .where(documents.c.case_id == case_id, documents.c.kind == kind)).scalar_one()
                c.execute(documents.insert().values(**self.sealer.seal_row("documents", dict(
                    sha256=sha256, case_id=case_id, kind=kind, version=version, title=title,
                    meta=canonical_json(dict(meta)), size=len(content), device_id=OFFICE,
                    imported_at=utc_now(), content=content))))
                self.bump_records_generation(c)
            row = c.execute(sa.select(*[col for col in documents.c if col.name != "content"])
                            .where(documents.c.sha256 == sha256)).first()
            return self.open_row(documents, row, "meta")

    def add_document_check(self, sha256: str, result: Mapping[str, Any]) -> None:
        """Keep the result of checking a document (its signatures, say). Checks are added,
        never replaced, so the document row itself never changes."""
        with self.transaction() as c:
            c.execute(document_checks.insert().values(**self.sealer.seal_row("document_checks", dict(
                id=new_id(), sha256=sha256, checked_at=utc_now(), result=canonical_json(dict(result))))))
            self.bump_records_generation(c)
