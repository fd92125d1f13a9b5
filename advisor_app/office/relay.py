"""The sync relay: an HTTP mailbox for opaque bundles between advisor laptops and the office.

A device uploads bundles to the office's mailbox; the office uploads bundles to a device's
mailbox. The relay never reads a bundle: bundles are HPKE-encrypted bytes named by the SHA-256
of those bytes (docs/sync.md), so the id is checked against the body and an upload is
idempotent. Callers authenticate with ``Authorization: Bearer <credential>``: the office with
the credential the relay was started with, a device with the credential the office registered
for it. Only SHA-256 hashes of credentials are stored. Credentials are long random tokens, not
passwords a person chose, so a plain hash is enough (no slow KDF needed).

Endpoints (errors are ``{"error": "<plain sentence>"}``)::

    GET    /v1/health                           no credential; {"status", "max_bundle_bytes"}
    PUT    /v1/bundles/{id}?to=office|<device>  upload (device -> office, office -> device)
    GET    /v1/mailbox?after=<cursor>           the caller's mailbox, in arrival order
    GET    /v1/bundles/{id}                     download; "Range: bytes=N-" resumes (206)
    DELETE /v1/bundles/{id}                     the addressee removes a processed bundle
    POST   /v1/devices                          office: {"device_id", "credential"} enrolls
    DELETE /v1/devices/{device_id}              office: revokes at once

Run it with ``advisor-app relay serve`` or ``python -m advisor_app.cli.relay``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sqlite3
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, AsyncIterator, NamedTuple

import sqlalchemy as sa
from sqlalchemy import event
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from advisor_app.sync.enrollment import credential_hash

if TYPE_CHECKING:
    from advisor_app.office.relay_guard import Limits

OFFICE = "office"  # the office's mailbox and sender name; no device may take it
DEFAULT_MAX_BUNDLE_BYTES = 64 * 1024 * 1024
MIN_CREDENTIAL_LENGTH = 24
PAGE_SIZE = 500
_READ_CHUNK = 1024 * 1024  # downloads are read from the database a slice at a time
_FULL = 1  # PRAGMA auto_vacuum's value for FULL

_BUNDLE_ID = re.compile(r"[0-9a-f]{64}")
_DEVICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_CREDENTIAL = re.compile(r"[\x21-\x7e]+")  # visible ASCII: it travels in an HTTP header
_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]{1,18}")  # ASCII only ("²".isdigit() is True); 18 digits fit a BIGINT
MAX_NUMBER = 10**18 - 1


def _whole_number(text: str) -> int | None:
    """A cursor, limit, length or byte position: 0 to MAX_NUMBER in ASCII digits, else None. A
    19-digit value would overflow the database's BIGINT, and 5,000 digits are beyond Python's int()."""
    text = text.strip()
    return int(text) if _DIGITS.fullmatch(text) else None

NOT_FOUND = "This relay has no bundle with that id for you."

# The relay's tables are made with metadata.create_all, not Alembic migrations: the relay holds
# only opaque bundles in transit and device credential hashes, nothing that must survive a
# schema change (drain the mailboxes and enroll again). The office store has real migrations.
metadata = sa.MetaData()

bundles = sa.Table(
    "relay_bundles", metadata,
    # The cursor orders a mailbox. SQLite's AUTOINCREMENT keeps a deleted last row's number
    # from being handed out again, which would hide a new bundle from "after=<cursor>".
    sa.Column("cursor", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),
    sa.Column("sender", sa.String(128), nullable=False),
    sa.Column("recipient", sa.String(128), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("relay_bundles_mailbox", "recipient", "cursor"),
    sqlite_autoincrement=True,
)

# Ciphertext does not compress; stored uncompressed, PostgreSQL can read a slice of it for a
# download without fetching the whole value.
event.listen(bundles, "after_create", sa.DDL("ALTER TABLE relay_bundles ALTER COLUMN data SET STORAGE EXTERNAL")
             .execute_if(dialect="postgresql"))

devices = sa.Table(
    "relay_devices", metadata,
    sa.Column("device_id", sa.String(128), primary_key=True),
    sa.Column("credential_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
)


class Refusal(Exception):
    """A request the relay turns down, with the status and the sentence to send back."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class CredentialInUse(Exception):
    """Another device is already enrolled with this credential."""


class BundleInfo(NamedTuple):
    cursor: int
    sender: str
    recipient: str
    size: int


# --- storage -------------------------------------------------------------------------------

def _engine(database_url: str) -> sa.Engine:
    url = sa.make_url(database_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver we ship
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            # A deleted bundle's pages go back to the disk (see RelayStore.reclaim). This takes
            # effect on a new database; an older one is converted once, in RelayStore.
            cursor.execute("PRAGMA auto_vacuum = FULL")
            # WAL lets downloads read while an upload is being written; after a checkpoint the
            # WAL file is cut back to 4 MiB, not left as large as the largest upload.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA journal_size_limit = 4194304")
            cursor.close()

        return engine
    if backend == "postgresql":
        return sa.create_engine(url, pool_pre_ping=True)
    raise ValueError("The relay stores bundles in SQLite or PostgreSQL; this database URL is neither.")


class RelayStore:
    """Bundles and device credentials, through SQLAlchemy Core. Every method is one transaction."""

    def __init__(self, database_url: str):
        self.engine = _engine(database_url)
        metadata.create_all(self.engine)
        if self.engine.dialect.name == "sqlite":
            with self._autocommit() as conn:
                if conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() != _FULL:
                    conn.exec_driver_sql("PRAGMA auto_vacuum = FULL")
                    conn.exec_driver_sql("VACUUM")  # a relay database from before: converted once

    def _autocommit(self) -> sa.Connection:
        return self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def reclaim(self) -> None:
        """Give the space of deleted bundles back to the disk.

        SQLite: the database is in ``auto_vacuum = FULL`` mode, so each delete moves the freed
        pages to the end of the file and cuts them off; a checkpoint here makes that reach the
        disk now (and empties the WAL) rather than at the next automatic checkpoint.
        PostgreSQL: nothing to do here. Deleted rows (and their TOAST data) are dead tuples that
        autovacuum marks reusable, so new bundles take their place and the tables stop growing;
        the files shrink only with ``VACUUM FULL`` (which locks the table: run it in a quiet hour
        if a burst of large bundles has left the database much bigger than it needs to be).
        """
        if self.engine.dialect.name != "sqlite":
            return
        with self._autocommit() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # busy readers: it waits for next time

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    def device_for(self, credential_sha256: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(devices.c.device_id)
                               .where(devices.c.credential_sha256 == credential_sha256))

    def device_exists(self, device_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(devices.c.device_id).where(devices.c.device_id == device_id)) is not None

    def put_device(self, device_id: str, credential_sha256: str) -> bool:
        """Enroll a device or replace its credential; True when it was already enrolled."""
        try:
            with self.engine.begin() as conn:
                owner = conn.scalar(sa.select(devices.c.device_id)
                                    .where(devices.c.credential_sha256 == credential_sha256))
                if owner is not None and owner != device_id:
                    raise CredentialInUse(owner)
                replaced = conn.execute(devices.delete().where(devices.c.device_id == device_id)).rowcount > 0
                conn.execute(devices.insert().values(device_id=device_id, credential_sha256=credential_sha256,
                                                     enrolled_at=datetime.now(timezone.utc)))
                return replaced
        except sa.exc.IntegrityError as exc:  # a concurrent enrollment took the credential
            raise CredentialInUse(device_id) from exc

    def revoke_device(self, device_id: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(devices.delete().where(devices.c.device_id == device_id)).rowcount > 0

    def add_bundle(self, bundle_id: str, sender: str, recipient: str, data: bytes) -> tuple[bool, BundleInfo]:
        """Store a bundle in one INSERT; (False, existing) when a bundle with this id is here already."""
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    # Hold the mailbox's lock from taking a cursor to commit, so cursors become
                    # visible in order and a reader's "after=<cursor>" never skips a late commit.
                    # (SQLite's single writer lock already gives this.)
                    key = int.from_bytes(hashlib.sha256(recipient.encode()).digest()[:8], "big", signed=True)
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
                existing = self._info(conn, bundle_id)
                if existing is not None:
                    return False, existing
                cursor = conn.execute(bundles.insert().values(
                    id=bundle_id, sender=sender, recipient=recipient, size=len(data), data=data,
                    received_at=datetime.now(timezone.utc))).inserted_primary_key[0]
                return True, BundleInfo(cursor, sender, recipient, len(data))
        except sa.exc.IntegrityError:  # the same bundle arrived twice at once
            info = self.bundle_info(bundle_id)
            if info is None:
                raise
            return False, info

    @staticmethod
    def _info(conn: sa.Connection, bundle_id: str) -> BundleInfo | None:
        row = conn.execute(sa.select(bundles.c.cursor, bundles.c.sender, bundles.c.recipient, bundles.c.size)
                           .where(bundles.c.id == bundle_id)).first()
        return BundleInfo(*row) if row else None

    def bundle_info(self, bundle_id: str) -> BundleInfo | None:
        with self.engine.connect() as conn:
            return self._info(conn, bundle_id)

    def read(self, bundle_id: str, start: int, length: int) -> bytes:
        """Bytes [start, start + length) of a bundle; empty if it has been deleted meanwhile."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                # SQLite's substr() would load the whole blob for every slice; blob I/O reads only the slice.
                rowid = conn.scalar(sa.select(bundles.c.cursor).where(bundles.c.id == bundle_id))
                if rowid is None:
                    return b""
                try:
                    with conn.connection.dbapi_connection.blobopen(bundles.name, "data", rowid,
                                                                   readonly=True) as blob:
                        blob.seek(start)
                        return blob.read(length)
                except sqlite3.OperationalError:  # deleted since the lookup
                    return b""
            part = sa.func.substr(bundles.c.data, start + 1, length, type_=sa.LargeBinary)
            return bytes(conn.scalar(sa.select(part).where(bundles.c.id == bundle_id)) or b"")

    def mailbox(self, recipient: str, after: int, limit: int) -> list[sa.Row]:
        """Rows of (id, size, cursor, sender), oldest first."""
        query = (sa.select(bundles.c.id, bundles.c.size, bundles.c.cursor, bundles.c.sender)
                 .where(bundles.c.recipient == recipient, bundles.c.cursor > after)
                 .order_by(bundles.c.cursor).limit(limit))
        with self.engine.connect() as conn:
            return list(conn.execute(query))

    def delete_bundle(self, bundle_id: str, recipient: str) -> bool:
        with self.engine.begin() as conn:
            deleted = conn.execute(bundles.delete().where(bundles.c.id == bundle_id,
                                                          bundles.c.recipient == recipient)).rowcount > 0
        if deleted:
            self.reclaim()
        return deleted


# --- HTTP ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Caller:
    id: str  # OFFICE or a device id, always from the matched credential

    @property
    def is_office(self) -> bool:
        return self.id == OFFICE


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class _Relay:
    def __init__(self, store: RelayStore, office_credential_hash: str, max_bundle_bytes: int):
        self.store = store
        self.office_hash = office_credential_hash
        self.max = max_bundle_bytes

    async def caller(self, request: Request) -> Caller:
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise Refusal(401, "Send the relay credential in an 'Authorization: Bearer' header.",
                          {"WWW-Authenticate": "Bearer"})
        digest = credential_hash(credential)
        if hmac.compare_digest(digest, self.office_hash):
            return Caller(OFFICE)
        device = await run_in_threadpool(self.store.device_for, digest)
        if device is None:
            raise Refusal(401, "The relay does not recognise this credential.", {"WWW-Authenticate": "Bearer"})
        return Caller(device)

    @staticmethod
    def bundle_id(request: Request) -> str:
        bundle_id = request.path_params["bundle_id"]
        if not _BUNDLE_ID.fullmatch(bundle_id):
            raise Refusal(400, "A bundle id is the 64-character lowercase hex SHA-256 of the bundle's bytes.")
        return bundle_id

    async def health(self, request: Request) -> Response:
        await run_in_threadpool(self.store.ping)
        return JSONResponse({"status": "ok", "max_bundle_bytes": self.max})

    async def recipient(self, caller: Caller, to: str | None) -> str:
        if not to:
            raise Refusal(400, "Say who the bundle is for with ?to=office or ?to=<device id>.")
        if not caller.is_office:
            if to != OFFICE:
                raise Refusal(403, "A device can only send bundles to the office.")
            return OFFICE
        if to == OFFICE:
            raise Refusal(400, "The office sends bundles to a device: use ?to=<device id>.")
        if not await run_in_threadpool(self.store.device_exists, to):
            raise Refusal(404, f"No device is enrolled on this relay with the id {to!r}.")
        return to

    def declared_length(self, request: Request) -> int:
        header = request.headers.get("content-length")
        if header is None:
            raise Refusal(411, "Send the bundle with a Content-Length header.")
        length = _whole_number(header)
        if length is None:
            raise Refusal(400, "The Content-Length header is not a number.")
        if length == 0:
            raise Refusal(400, "The bundle is empty.")
        if length > self.max:
            raise self.too_large(length)
        return length

    def too_large(self, size: int | None) -> Refusal:
        what = f"The bundle is {size} bytes" if size is not None else "The bundle is too large"
        return Refusal(413, f"{what}; this relay accepts bundles of at most {self.max} bytes.",
                       {"Connection": "close"})

    async def put_bundle(self, request: Request) -> Response:
        caller = await self.caller(request)
        bundle_id = self.bundle_id(request)
        recipient = await self.recipient(caller, request.query_params.get("to"))
        length = self.declared_length(request)
        # Read as it arrives, counting, so a body longer than announced or allowed is refused
        # without holding it all; nothing is written until every byte is here and checked.
        body, digest = bytearray(), hashlib.sha256()
        try:
            async for chunk in request.stream():
                if len(body) + len(chunk) > min(length, self.max):
                    raise self.too_large(None)
                body += chunk
                digest.update(chunk)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is left to read it; nothing was stored
        if len(body) != length:
            raise Refusal(400, "The upload ended before all the bytes announced in Content-Length arrived.")
        if digest.hexdigest() != bundle_id:
            raise Refusal(400, "The bundle's id is not the SHA-256 of its bytes.")
        stored, info = await run_in_threadpool(self.store.add_bundle, bundle_id, caller.id, recipient, bytes(body))
        if stored:
            return JSONResponse({"id": bundle_id, "status": "stored", "cursor": info.cursor}, status_code=201)
        if (info.sender, info.recipient) != (caller.id, recipient):
            raise Refusal(409, "A bundle with these exact bytes is already here from another sender "
                               "or for another mailbox.")
        return JSONResponse({"id": bundle_id, "status": "already here", "cursor": info.cursor})

    async def mailbox(self, request: Request) -> Response:
        caller = await self.caller(request)
        after = self.number(request, "after", 0)
        limit = min(max(self.number(request, "limit", PAGE_SIZE), 1), PAGE_SIZE)
        rows = await run_in_threadpool(self.store.mailbox, caller.id, after, limit + 1)
        page = rows[:limit]
        return JSONResponse({
            "bundles": [{"id": r.id, "size": r.size, "cursor": r.cursor, "from": r.sender} for r in page],
            "next": page[-1].cursor if page else after,
            "more": len(rows) > limit,
        })

    @staticmethod
    def number(request: Request, name: str, default: int) -> int:
        value = request.query_params.get(name)
        if value is None or value == "":
            return default
        number = _whole_number(value)
        if number is None:
            raise Refusal(400, f"The {name!r} parameter must be a whole number from 0 to {MAX_NUMBER}.")
        return number

    async def get_bundle(self, request: Request) -> Response:
        caller = await self.caller(request)
        bundle_id = self.bundle_id(request)
        info = await run_in_threadpool(self.store.bundle_info, bundle_id)
        if info is None or caller.id not in (info.sender, info.recipient):
            raise Refusal(404, NOT_FOUND)
        start, end = self.byte_range(request.headers.get("range"), info.size)
        headers = {"Accept-Ranges": "bytes", "Content-Length": str(end - start), "ETag": f'"{bundle_id}"'}
        status = 200
        if (start, end) != (0, info.size):
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{info.size}"
        return StreamingResponse(self.chunks(bundle_id, start, end), status_code=status, headers=headers,
                                 media_type="application/octet-stream")

    @staticmethod
    def byte_range(header: str | None, size: int) -> tuple[int, int]:
        """[start, end) for a single "bytes=" range (RFC 9110 14.1.2); no header, or another unit
        or several ranges, means the whole bundle. A range that is malformed, has numbers too
        large to be a position, or selects no byte is refused with 416, never answered with a
        bogus 206."""
        if header is None:
            return 0, size
        unsatisfiable = Refusal(416, f"The requested range is not a range of this bundle's {size} bytes.",
                                {"Content-Range": f"bytes */{size}"})
        match = _RANGE.fullmatch(header.strip())
        if not match:
            if header.strip().lower().startswith("bytes=") and "," not in header:
                raise unsatisfiable  # "bytes=abc", "bytes=1-2-3": malformed
            return 0, size
        first, last = (_whole_number(part) if part else None for part in match.groups())
        if (match.group(1) and first is None) or (match.group(2) and last is None) or (first, last) == (None, None):
            raise unsatisfiable
        if first is None:  # "bytes=-N": the last N bytes; "bytes=-0" asks for none
            if last == 0 or size == 0:
                raise unsatisfiable
            return max(size - last, 0), size
        end = size if last is None else min(last + 1, size)
        if first >= size or (last is not None and last < first):
            raise unsatisfiable
        return first, end

    async def chunks(self, bundle_id: str, start: int, end: int) -> AsyncIterator[bytes]:
        while start < end:
            chunk = await run_in_threadpool(self.store.read, bundle_id, start, min(_READ_CHUNK, end - start))
            if not chunk:  # deleted meanwhile: the response ends short and the client sees it
                return
            yield chunk
            start += len(chunk)

    async def delete_bundle(self, request: Request) -> Response:
        caller = await self.caller(request)
        bundle_id = self.bundle_id(request)
        # Only the addressee's own mailbox is touched; deleting twice is fine.
        deleted = await run_in_threadpool(self.store.delete_bundle, bundle_id, caller.id)
        return JSONResponse({"id": bundle_id, "status": "deleted" if deleted else "not in your mailbox"})

    async def office_only(self, request: Request, action: str) -> None:
        if not (await self.caller(request)).is_office:
            raise Refusal(403, f"Only the office can {action}.")

    async def put_device(self, request: Request) -> Response:
        await self.office_only(request, "enroll devices")
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("device_id"), str) \
                or not isinstance(body.get("credential"), str):
            raise Refusal(400, "Send JSON with the fields device_id and credential.")
        device_id, credential = body["device_id"], body["credential"]
        if not _DEVICE_ID.fullmatch(device_id) or device_id == OFFICE:
            raise Refusal(400, "A device id is 1 to 128 letters, digits, dots, dashes or underscores, "
                               "and cannot be 'office'.")
        if len(credential) < MIN_CREDENTIAL_LENGTH or len(credential) > 1024 or not _CREDENTIAL.fullmatch(credential):
            raise Refusal(400, f"A device credential is {MIN_CREDENTIAL_LENGTH} to 1024 visible ASCII characters, "
                               "without spaces.")
        digest = credential_hash(credential)
        if hmac.compare_digest(digest, self.office_hash):
            raise Refusal(400, "A device cannot use the office's credential.")
        try:
            replaced = await run_in_threadpool(self.store.put_device, device_id, digest)
        except CredentialInUse:
            raise Refusal(409, "Another device already uses this credential; make a new one.") from None
        return JSONResponse({"device_id": device_id, "status": "replaced" if replaced else "enrolled"},
                            status_code=200 if replaced else 201)

    async def revoke_device(self, request: Request) -> Response:
        await self.office_only(request, "revoke devices")
        device_id = request.path_params["device_id"]
        revoked = await run_in_threadpool(self.store.revoke_device, device_id)
        return JSONResponse({"device_id": device_id, "status": "revoked" if revoked else "not enrolled"})


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refusal)
    return _error(exc.status, exc.message, exc.headers)


_HTTP_MESSAGES = {404: "There is nothing at this address on the relay.",
                  405: "This address does not accept that method."}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, _HTTP_MESSAGES.get(exc.status_code, "The relay could not handle this request."),
                  exc.headers)


async def _database_down(request: Request, exc: Exception) -> Response:
    return _error(503, "The relay's database is not available; try again later.")


async def _internal(request: Request, exc: Exception) -> Response:
    return _error(500, "The relay hit an internal error; its log has the details.")


def create_app(database_url: str, *, office_credential_hash: str,
               max_bundle_bytes: int = DEFAULT_MAX_BUNDLE_BYTES) -> Starlette:
    """The relay as an ASGI app. `office_credential_hash` is `credential_hash(office credential)`."""
    if not re.fullmatch(r"[0-9a-f]{64}", office_credential_hash):
        raise ValueError("office_credential_hash must be the lowercase hex SHA-256 of the office credential.")
    if max_bundle_bytes < 1:
        raise ValueError("max_bundle_bytes must be at least 1.")
    store = RelayStore(database_url)
    relay = _Relay(store, office_credential_hash, max_bundle_bytes)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.engine.dispose()

    routes = [
        Route("/v1/health", relay.health, methods=["GET"]),
        Route("/v1/mailbox", relay.mailbox, methods=["GET"]),
        Route("/v1/bundles/{bundle_id}", relay.put_bundle, methods=["PUT"]),
        Route("/v1/bundles/{bundle_id}", relay.get_bundle, methods=["GET"]),
        Route("/v1/bundles/{bundle_id}", relay.delete_bundle, methods=["DELETE"]),
        Route("/v1/devices", relay.put_device, methods=["POST"]),
        Route("/v1/devices/{device_id}", relay.revoke_device, methods=["DELETE"]),
    ]
    handlers = {Refusal: _refused, HTTPException: _http_error, sa.exc.OperationalError: _database_down,
                Exception: _internal}
    app = Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
    app.state.store = store
    return app


def log_config() -> dict:
    """Uvicorn's logging, bounded: each kind of line at most so often (``logs.RateLimit``), so a
    flood of bad requests or dropped connections cannot flood the log or fill the disk."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"errors": {"()": "advisor_app.logs.RateLimit", "burst": 20, "period": 60},
                         "access": {"()": "advisor_app.logs.RateLimit", "burst": 300, "period": 60}}
    config["handlers"]["default"]["filters"] = ["errors"]
    config["handlers"]["access"]["filters"] = ["access"]
    config["loggers"]["advisor_app"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _raise_open_file_limit() -> None:
    """Many idle clients cost a file descriptor each: allow as many as the system lets us."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError):  # not on this system, or not allowed: keep the limit
        pass


def serve(host: str, port: int, database_url: str, certfile: str | Path | None = None,
          keyfile: str | Path | None = None, *, office_credential: str,
          max_bundle_bytes: int = DEFAULT_MAX_BUNDLE_BYTES, log_level: str = "info",
          limits: Limits | None = None) -> None:
    """Serve the relay with uvicorn until interrupted; HTTPS when given a certificate (and key).
    Slow, stalled and idle clients are cut off by ``relay_guard`` within ``limits``."""
    import uvicorn

    from advisor_app.office.relay_guard import Limits, guarded_protocol

    limits = limits or Limits()
    app = create_app(database_url, office_credential_hash=credential_hash(office_credential),
                     max_bundle_bytes=max_bundle_bytes)
    _raise_open_file_limit()
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False,
                ssl_certfile=str(certfile) if certfile else None, ssl_keyfile=str(keyfile) if keyfile else None,
                timeout_graceful_shutdown=10, http=guarded_protocol(limits),
                timeout_keep_alive=limits.keep_alive, log_config=log_config())
