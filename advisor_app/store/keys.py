"""The data key and the key file (``store.key``) that keeps it wrapped.

The database is encrypted with a random 32-byte data key. The key file holds that key:

- wrapped with AES-256-GCM under a key derived from the passphrase with Argon2id, the KDF
  parameters and salt stored beside the wrap so they can be raised later without a migration;
- optionally sealed to the office's X25519 public key with HPKE, so the office can recover the
  store when a passphrase is forgotten;
- during a rekey, a ``pending`` wrap of the new key (see ``Store.rekey``).

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
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from advisor_app.store.canonical import canonical_json, sha256_hex
from advisor_app.store.errors import StoreCorrupt, StoreNotFound, WrongKey, WrongPassphrase
from advisor_app.store.files import atomic_write

KEY_FILE_NAME = "store.key"
FORMAT = 1
DATA_KEY_BYTES = 32
_NONCE_BYTES = 12
_SALT_BYTES = 16
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
        doc = json.loads(data)
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


def _binding(purpose: str, store_id: str, device_id: str) -> bytes:
    return canonical_json({"format": FORMAT, "purpose": purpose, "store_id": store_id,
                           "device_id": device_id}).encode("utf-8")


def _passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    # NFC so the same passphrase typed on another keyboard or OS gives the same bytes.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = Argon2id(salt=salt, length=32, iterations=params.iterations, lanes=params.lanes,
                   memory_cost=params.memory_kib)
    return kdf.derive(secret)


def wrap_with_passphrase(data_key: bytes | bytearray, passphrase: str, *, store_id: str,
                         device_id: str, params: KdfParams = DEFAULT_KDF) -> dict[str, Any]:
    salt, nonce = os.urandom(_SALT_BYTES), os.urandom(_NONCE_BYTES)
    kek = _passphrase_key(passphrase, salt, params)
    sealed = AESGCM(kek).encrypt(nonce, bytes(data_key), _binding("passphrase", store_id, device_id))
    return {"kdf": "argon2id", "memory_kib": params.memory_kib, "iterations": params.iterations,
            "lanes": params.lanes, "salt": b64(salt), "aead": "aes-256-gcm",
            "nonce": b64(nonce), "sealed": b64(sealed)}


def unwrap_with_passphrase(wrap: dict[str, Any], passphrase: str, *, store_id: str,
                           device_id: str) -> bytearray:
    """The data key, or ``WrongPassphrase`` when the GCM tag does not verify."""
    try:
        params = KdfParams(int(wrap["memory_kib"]), int(wrap["iterations"]), int(wrap["lanes"]))
        if wrap.get("kdf") != "argon2id" or wrap.get("aead") != "aes-256-gcm":
            raise ValueError("unknown key wrap")
        salt, nonce, sealed = unb64(wrap["salt"]), unb64(wrap["nonce"]), unb64(wrap["sealed"])
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreCorrupt(detail=f"key file wrap unreadable: {exc}") from None
    kek = _passphrase_key(passphrase, salt, params)
    try:
        key = AESGCM(kek).decrypt(nonce, sealed, _binding("passphrase", store_id, device_id))
    except InvalidTag:
        raise WrongPassphrase() from None
    return bytearray(key)


def office_key_id(public_key: bytes) -> str:
    return sha256_hex(public_key)[:16]


def seal_for_office(data_key: bytes | bytearray, office_public_key: bytes, *, store_id: str,
                    device_id: str) -> dict[str, Any]:
    public = X25519PublicKey.from_public_bytes(office_public_key)
    sealed = HPKE_SUITE.encrypt(bytes(data_key), public,
                                   info=_binding("office", store_id, device_id))
    return {"hpke": "x25519-hkdf-sha256-aes-256-gcm", "public_key": b64(office_public_key),
            "key_id": office_key_id(office_public_key), "sealed": b64(sealed)}


def recover_with_office_key(key_file: KeyFile, office_private_key: X25519PrivateKey | bytes) -> bytearray:
    """The data key from the office recovery copy (``WrongKey`` if it is not for this office key)."""
    if key_file.office is None:
        raise WrongKey("This store has no office recovery copy.")
    if isinstance(office_private_key, bytes):
        office_private_key = X25519PrivateKey.from_private_bytes(office_private_key)
    try:
        key = HPKE_SUITE.decrypt(unb64(key_file.office["sealed"]), office_private_key,
                                    info=_binding("office", key_file.store_id, key_file.device_id))
    except (InvalidTag, ValueError, KeyError):
        raise WrongKey() from None
    return bytearray(key)


def key_file_path(directory: Path) -> Path:
    return Path(directory) / KEY_FILE_NAME


def read_key_file(directory: Path) -> KeyFile:
    path = key_file_path(directory)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StoreNotFound(detail=str(path)) from None
    try:
        return KeyFile.from_json(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreCorrupt(detail=f"{path}: {exc}") from None


def write_key_file(directory: Path, key_file: KeyFile) -> None:
    atomic_write(key_file_path(directory), key_file.to_json())


def with_new_key(key_file: KeyFile, data_key: bytes | bytearray, passphrase: str,
                 params: KdfParams = DEFAULT_KDF) -> KeyFile:
    """The key file for ``data_key``: a fresh passphrase wrap and, if set up, a new office copy."""
    ids = {"store_id": key_file.store_id, "device_id": key_file.device_id}
    office = None
    if key_file.office is not None:
        office = seal_for_office(data_key, unb64(key_file.office["public_key"]), **ids)
    return replace(key_file, wrap=wrap_with_passphrase(data_key, passphrase, params=params, **ids),
                   office=office, pending=None)
