"""The backup file: one file holding the key file and an encrypted copy of the database.

Layout: ``MAGIC | header length (4 bytes, big-endian) | header JSON | database bytes | MAC``.
The header holds the key file (whose wraps are already encrypted) and the database length.
The database bytes are SQLCipher pages, encrypted with the data key. The MAC is HMAC-SHA256
over everything before it, keyed from the data key, so a truncated or altered file is refused
before anything is written - but only once the passphrase has unwrapped the data key.
"""

from __future__ import annotations

import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from advisor_app import bounded_json

from advisor_app.store.connection import Connection, cipher_problems, connect_keyed
from advisor_app.store.errors import BackupInvalid, WrongKey
from advisor_app.store.files import (
    DB_FILE_NAME, PRIVATE_FILE_MODE, atomic_write, make_private_dir, remove_database_files,
    temp_path_for,
)
from advisor_app.store.keys import KeyFile, unwrap_with_passphrase, write_key_file

MAGIC = b"ADVISOR-APP-BACKUP\x00\x01"
_LENGTH = struct.Struct(">I")
_MAC_BYTES = 32
_CHUNK = 1 << 20
_MAX_HEADER = 1 << 20


@dataclass(frozen=True)
class BackupHeader:
    key_file: KeyFile
    db_offset: int
    db_size: int


def _mac_key(data_key: bytes | bytearray) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"advisor-app backup mac v1").derive(bytes(data_key))


def pack(db_file: Path, key_file: KeyFile, data_key: bytes | bytearray, created_at: str) -> Iterator[bytes]:
    """The backup file's bytes, in chunks (for ``files.atomic_write``)."""
    db_size = db_file.stat().st_size
    header = json.dumps({"key_file": json.loads(key_file.to_json()), "db_size": db_size,
                         "created_at": created_at}, sort_keys=True).encode("utf-8")
    mac = hmac.new(_mac_key(data_key), digestmod=sha256)
    for chunk in (MAGIC, _LENGTH.pack(len(header)), header):
        mac.update(chunk)
        yield chunk
    with db_file.open("rb") as src:
        remaining = db_size
        while remaining:
            chunk = src.read(min(_CHUNK, remaining))
            if not chunk:
                raise OSError(f"{db_file} shrank while being backed up")
            remaining -= len(chunk)
            mac.update(chunk)
            yield chunk
    yield mac.digest()


def read_header(path: Path) -> BackupHeader:
    try:
        with path.open("rb") as src:
            if src.read(len(MAGIC)) != MAGIC:
                raise BackupInvalid("This file is not a backup from this app. Nothing has been changed.")
            (length,) = _LENGTH.unpack(src.read(_LENGTH.size))
            if length > _MAX_HEADER:
                raise ValueError("header too long")
            header = bounded_json.loads(src.read(length))
            key_file = KeyFile.from_json(json.dumps(header["key_file"]).encode("utf-8"))
            db_size = int(header["db_size"])
    except FileNotFoundError:
        raise BackupInvalid("That backup file cannot be found. Nothing has been changed.") from None
    except (struct.error, ValueError, KeyError, TypeError) as exc:
        raise BackupInvalid(detail=f"{path}: {exc}") from None
    db_offset = len(MAGIC) + _LENGTH.size + length
    if path.stat().st_size != db_offset + db_size + _MAC_BYTES:
        raise BackupInvalid(detail=f"{path}: size does not match its header")
    return BackupHeader(key_file, db_offset, db_size)


def _read_exact(src: BinaryIO, size: int) -> Iterator[bytes]:
    while size:
        chunk = src.read(min(_CHUNK, size))
        if not chunk:
            raise BackupInvalid(detail="file ended early")
        size -= len(chunk)
        yield chunk


def verify(path: Path, header: BackupHeader, data_key: bytes | bytearray) -> None:
    mac = hmac.new(_mac_key(data_key), digestmod=sha256)
    with path.open("rb") as src:
        for chunk in _read_exact(src, header.db_offset + header.db_size):
            mac.update(chunk)
        expected = src.read(_MAC_BYTES)
    if not hmac.compare_digest(mac.digest(), expected):
        raise BackupInvalid(detail=f"{path}: MAC does not verify")


def database_chunks(path: Path, header: BackupHeader) -> Iterator[bytes]:
    with path.open("rb") as src:
        src.seek(header.db_offset)
        yield from _read_exact(src, header.db_size)


def write_backup(conn: Connection, data_key: bytes | bytearray, key_file: KeyFile,
                 scratch_dir: Path, to_file: Path, created_at: str) -> None:
    """Snapshot the open database with SQLite's backup API into an encrypted temporary database
    in ``scratch_dir`` (the private store folder), then pack it into ``to_file``."""
    snapshot = temp_path_for(scratch_dir / DB_FILE_NAME)
    os.close(os.open(snapshot, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    try:
        target = connect_keyed(snapshot, data_key)  # same key: pages are copied encrypted
        try:
            conn.backup(target)
        finally:
            target.close()
        atomic_write(to_file, pack(snapshot, key_file, data_key, created_at))
    finally:
        remove_database_files(snapshot)


def _database_is_sound(path: Path, data_key: bytes | bytearray) -> bool:
    try:
        conn = connect_keyed(path, data_key)
    except WrongKey:
        return False
    try:
        return not cipher_problems(conn) and \
            conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def restore_files(path: Path, directory: Path, passphrase: str) -> tuple[bytearray, KeyFile]:
    """Put the backup's database and key file in ``directory``; returns the data key.

    The passphrase, the MAC over the whole file and the database's own checks all pass before
    anything in ``directory`` is replaced (``WrongPassphrase`` / ``BackupInvalid`` otherwise).
    """
    header = read_header(path)
    key_file = header.key_file
    data_key = unwrap_with_passphrase(key_file.wrap, passphrase, store_id=key_file.store_id,
                                      device_id=key_file.device_id)
    verify(path, header, data_key)
    make_private_dir(directory)
    db_path = directory / DB_FILE_NAME
    staged = temp_path_for(db_path)
    try:
        atomic_write(staged, database_chunks(path, header))
        if not _database_is_sound(staged, data_key):
            raise BackupInvalid(detail=f"{path}: the database copy fails its checks")
        # A WAL left by the store being replaced would be replayed into the new file.
        remove_database_files(db_path, keep_main=True)
        os.replace(staged, db_path)
        write_key_file(directory, key_file)
    finally:
        remove_database_files(staged)
    return data_key, key_file
