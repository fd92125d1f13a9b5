"""The data key and the key file (``store.key``) that keeps it wrapped.

The database is encrypted with a random 32-byte data key. The key file holds that key:

- wrapped with AES-256-GCM under a key derived from the passphrase with Argon2id, the KDF
  parameters and salt stored beside the wrap so they can be raised later without a migration
  (within ``KDF_LIMITS``: a key file asking for 4 GiB or minutes of work is refused, not obeyed);
- during a rekey, a ``pending`` wrap of the new key (see ``Store.rekey``).

The office's recovery copy of the key is its own file (recovery.py). Key files from before kept it
here, under ``office``; opening such a store moves it out.

Every wrap binds the key-file format, the store id and the device id (GCM associated data, HPKE
info), so a wrap copied from another store or device does not unwrap here.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from advisor_app import bounded_json
from advisor_app.store.canonical import canonical_json, sha256_hex
from advisor_app.store.errors import (
    KeyFileMissing, KeyFileRefused, StoreCorrupt, StoreNotFound, WrongPassphrase, from_os_error,
)
from advisor_app.store.files import DB_FILE_NAME, atomic_write

KEY_FILE_NAME = "store.key"
FORMAT = 1
DATA_KEY_BYTES = 32
_NONCE_BYTES = 12
_SALT_BYTES = 16
MAX_KEY_FILE_BYTES = 64 * 1024
# The one HPKE suite (RFC 9180) the app seals with: store recovery copies, bundles, pen samples.
HPKE_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The defaults follow DESIGN.md (about 0.13 s on the target laptops)."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4


DEFAULT_KDF = KdfParams()


@dataclass(frozen=True)
class KdfLimits:
    """What a key file may ask for. The defaults cost 64 MiB x 3 passes (about 0.13 s here); these
    allow raising them a good deal, and refuse what only a tampered file would hold."""

    max_memory_kib: int = 1024 * 1024  # 1 GiB
    max_iterations: int = 16
    max_lanes: int = 16
    max_work_kib: int = 2 * 1024 * 1024  # memory x passes: 2 GiB-passes, a few seconds at most


KDF_LIMITS = KdfLimits()


def check_kdf(params: KdfParams, limits: KdfLimits = KDF_LIMITS) -> None:
    """``KeyFileRefused`` unless the Argon2id settings are ones this app would ever use."""
    fits = (1 <= params.lanes <= limits.max_lanes and 1 <= params.iterations <= limits.max_iterations
            and 8 * params.lanes <= params.memory_kib <= limits.max_memory_kib
            and params.memory_kib * params.iterations <= limits.max_work_kib)
    if not fits:
        raise KeyFileRefused(detail=f"argon2id {params}")


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    device_id: str
    wrap: dict[str, Any]
    office: dict[str, Any] | None = None
    pending: dict[str, Any] | None = None
    format: int = FORMAT
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields kept on rewrite

    def to_json(self) -> bytes:
        doc = {**self.extra, "format": self.format, "store_id": self.store_id,
               "device_id": self.device_id, "wrap": self.wrap, "office": self.office,
               "pending": self.pending}
        return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> "KeyFile":
        doc = bounded_json.loads(data, max_bytes=MAX_KEY_FILE_BYTES)
        if not isinstance(doc, dict):
            raise ValueError("a key file holds one JSON object")
        known = {"format", "store_id", "device_id", "wrap", "office", "pending"}
        if doc.get("format") != FORMAT:
            raise ValueError(f"unsupported key file format {doc.get('format')!r}")
        return cls(store_id=doc["store_id"], device_id=doc["device_id"], wrap=doc["wrap"],
                   office=doc.get("office"), pending=doc.get("pending"), format=doc["format"],
                   extra={k: v for k, v in doc.items() if k not in known})


def new_data_key() -> bytearray:
    # bytearray so close() can overwrite it; bytes cannot be cleared.
    return bytearray(os.urandom(DATA_KEY_BYTES))


def wipe(key: bytearray) -> None:
    """Overwrite key material in place (best effort: hex strings made for pragmas remain)."""
    key[:] = bytes(len(key))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def binding(purpose: str, store_id: str, device_id: str) -> bytes:
    """What a wrap is bound to (GCM associated data, HPKE info): a wrap for one purpose, store or
    device does not open for another."""
    return canonical_json({"format": FORMAT, "purpose": purpose, "store_id": store_id,
                           "device_id": device_id}).encode("utf-8")


def _passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    check_kdf(params)
    # NFC so the same passphrase typed on another keyboard or OS gives the same bytes.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Argon2id(salt=salt, length=32, iterations=params.iterations, lanes=params.lanes,
                   memory_cost=params.memory_kib)
    return kdf.derive(secret)


def wrap_with_passphrase(data_key: bytes | bytearray, passphrase: str, *, store_id: str,
                         device_id: str, params: KdfParams = DEFAULT_KDF,
                         purpose: str = "passphrase") -> dict[str, Any]:
    salt, nonce = os.urandom(_SALT_BYTES), os.urandom(_NONCE_BYTES)
    kek = _passphrase_key(passphrase, salt, params)
    sealed = AESGCM(kek).encrypt(nonce, bytes(data_key), binding(purpose, store_id, device_id))
    return {"kdf": "argon2id", "memory_kib": params.memory_kib, "iterations": params.iterations,
            "lanes": params.lanes, "salt": b64(salt), "aead": "aes-256-gcm",
            "nonce": b64(nonce), "sealed": b64(sealed)}


def unwrap_with_passphrase(wrap: dict[str, Any], passphrase: str, *, store_id: str,
                           device_id: str, purpose: str = "passphrase") -> bytearray:
    """The data key, or ``WrongPassphrase`` when the GCM tag does not verify; ``KeyFileRefused``
    before any work when the wrap asks for Argon2id settings beyond ``KDF_LIMITS``."""
    try:
        params = KdfParams(*(_whole(wrap[name]) for name in ("memory_kib", "iterations", "lanes")))
        if wrap.get("kdf") != "argon2id" or wrap.get("aead") != "aes-256-gcm":
            raise ValueError("unknown key wrap")
        salt, nonce, sealed = unb64(wrap["salt"]), unb64(wrap["nonce"]), unb64(wrap["sealed"])
        if len(salt) < 8 or len(nonce) != _NONCE_BYTES:
            raise ValueError("salt or nonce of the wrong size")
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreCorrupt(detail=f"key file wrap unreadable: {exc}") from None
    kek = _passphrase_key(passphrase, salt, params)
    try:
        key = AESGCM(kek).decrypt(nonce, sealed, binding(purpose, store_id, device_id))
    except InvalidTag:
        raise WrongPassphrase() from None
    return bytearray(key)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value


def office_key_id(public_key: bytes) -> str:
    return sha256_hex(public_key)[:16]


def key_file_path(directory: Path) -> Path:
    return Path(directory) / KEY_FILE_NAME


def read_key_file(directory: Path) -> KeyFile:
    path = key_file_path(directory)
    try:
        with path.open("rb") as src:
            data = src.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        if (Path(directory) / DB_FILE_NAME).exists():
            raise KeyFileMissing(detail=str(path)) from None
        raise StoreNotFound(detail=str(path)) from None
    except OSError as exc:
        raise from_os_error(exc) from None
    try:
        return KeyFile.from_json(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreCorrupt(detail=f"{path}: {exc}") from None


def write_key_file(directory: Path, key_file: KeyFile) -> None:
    atomic_write(key_file_path(directory), key_file.to_json())


def with_new_key(key_file: KeyFile, data_key: bytes | bytearray, passphrase: str,
                 params: KdfParams = DEFAULT_KDF) -> KeyFile:
    """The key file for ``data_key``: a fresh passphrase wrap (the office's recovery copy is the
    store's business: recovery.py)."""
    ids = {"store_id": key_file.store_id, "device_id": key_file.device_id}
    return replace(key_file, wrap=wrap_with_passphrase(data_key, passphrase, params=params, **ids),
                   office=None, pending=None)
