"""Getting back into a store whose passphrase is forgotten, through the office.

Two files, each holding the data key in a form only its intended reader can open:

- the **recovery copy** (``store.recovery``, beside the store; the laptop also sends it to the
  office with its bundles, which keeps it in its record of the enrollment): the data key sealed to
  the office's X25519 key with HPKE. Only the office's private key opens it.
- the **recovery file** the office makes from that copy for one advisor (``advisor-app office
  recovery-file``): the data key wrapped under a one-time recovery code (Argon2id + AES-256-GCM),
  which the office tells the advisor separately (by phone), so the file alone opens nothing.
  ``advisor-app recover`` takes the file and the code, and sets a new passphrase.

Both bind the store id and device id, and carry ``key_check`` (a one-way fingerprint of the data
key), so a copy made before a rekey is recognised as out of date instead of failing obscurely.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from advisor_app import bounded_json
from advisor_app.store.errors import KeyFileRefused, StoreCorrupt, StoreError, WrongKey, WrongPassphrase
from advisor_app.store.files import atomic_write
from advisor_app.store.keys import (
    DEFAULT_KDF, KdfParams, HPKE_SUITE, b64, binding, office_key_id, unb64, unwrap_with_passphrase,
    wrap_with_passphrase,
)

RECOVERY_COPY_FILE_NAME = "store.recovery"
COPY_FORMAT = "advisor-app-recovery-copy"
FILE_FORMAT = "advisor-app-recovery"
VERSION = 1
MAX_BYTES = 64 * 1024
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone
_CODE_LENGTH = 20  # 100 bits


class RecoveryRefused(StoreError):
    """A recovery file or code that cannot be used; the message says why."""


def key_check(data_key: bytes | bytearray) -> str:
    """A fingerprint of the data key that reveals nothing about it (HKDF, one way)."""
    return HKDF(algorithm=hashes.SHA256(), length=16, salt=None,
                info=b"advisor-app key check v1").derive(bytes(data_key)).hex()


# --- the recovery copy (sealed to the office) ----------------------------------------------------

def seal_copy(data_key: bytes | bytearray, office_public_key: bytes, *, store_id: str,
              device_id: str) -> dict[str, Any]:
    public = X25519PublicKey.from_public_bytes(office_public_key)
    sealed = HPKE_SUITE.encrypt(bytes(data_key), public, info=binding("office", store_id, device_id))
    return {"format": COPY_FORMAT, "version": VERSION, "store_id": store_id, "device_id": device_id,
            "key_check": key_check(data_key), "hpke": "x25519-hkdf-sha256-aes-256-gcm",
            "public_key": b64(office_public_key), "key_id": office_key_id(office_public_key),
            "sealed": b64(sealed)}


def open_copy(copy: dict[str, Any], office_private_key: X25519PrivateKey | bytes) -> bytearray:
    """The data key from a recovery copy (``WrongKey`` when it is not sealed to this office key)."""
    if isinstance(office_private_key, bytes):
        office_private_key = X25519PrivateKey.from_private_bytes(office_private_key)
    try:
        key = HPKE_SUITE.decrypt(unb64(copy["sealed"]), office_private_key,
                                   info=binding("office", str(copy["store_id"]), str(copy["device_id"])))
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise WrongKey("This recovery copy was not made for this office's key.") from None
    if "key_check" in copy and key_check(key) != copy["key_check"]:
        raise WrongKey("This recovery copy is damaged.")
    return bytearray(key)


def copy_path(directory: Path) -> Path:
    return Path(directory) / RECOVERY_COPY_FILE_NAME


def read_copy(directory: Path) -> dict[str, Any] | None:
    """The recovery copy beside the store, or None when there is none (or it cannot be read:
    it is only ever a spare, and the laptop makes it again)."""
    try:
        copy = bounded_json.loads(copy_path(directory).read_bytes(), max_bytes=MAX_BYTES)
    except (OSError, ValueError):
        return None
    return copy if isinstance(copy, dict) and copy.get("format") == COPY_FORMAT else None


def write_copy(directory: Path, copy: dict[str, Any]) -> None:
    atomic_write(copy_path(directory), json.dumps(copy, indent=2, sort_keys=True).encode("utf-8"))


# --- the recovery file (for the advisor, under a one-time code) ----------------------------------

def new_code() -> str:
    """A one-time recovery code like ``K7QX-M2PA-9RTC-WZ4E-HN6B``: 100 random bits."""
    letters = "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in os.urandom(_CODE_LENGTH))
    return "-".join(letters[i:i + 4] for i in range(0, _CODE_LENGTH, 4))


def _normalised(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def make_file(data_key: bytes | bytearray, code: str, *, store_id: str, device_id: str,
              kdf: KdfParams = DEFAULT_KDF) -> bytes:
    wrap = wrap_with_passphrase(data_key, _normalised(code), store_id=store_id, device_id=device_id,
                                params=kdf, purpose="recovery")
    return json.dumps({"format": FILE_FORMAT, "version": VERSION, "store_id": store_id,
                       "device_id": device_id, "key_check": key_check(data_key), "wrap": wrap},
                      indent=2).encode("utf-8")


@dataclass(frozen=True)
class Recovered:
    store_id: str
    device_id: str
    data_key: bytearray


def open_file(data: bytes, code: str) -> Recovered:
    """The store ids and data key from a recovery file and its code; ``RecoveryRefused`` or
    ``KeyFileRefused`` with a plain sentence otherwise."""
    try:
        doc = bounded_json.loads(data, max_bytes=MAX_BYTES)
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
            raise ValueError("not a recovery file")
        if doc.get("version") != VERSION:
            raise RecoveryRefused("This recovery file was made by a newer version of the app. Update the "
                                  "app first.")
        store_id, device_id, wrap = str(doc["store_id"]), str(doc["device_id"]), doc["wrap"]
        if not isinstance(wrap, dict):
            raise ValueError("no wrap")
    except (ValueError, KeyError, TypeError):
        raise RecoveryRefused("This is not a recovery file from the office, or it is damaged. Ask the "
                              "office for a new one.") from None
    try:
        key = unwrap_with_passphrase(wrap, _normalised(code), store_id=store_id, device_id=device_id,
                                     purpose="recovery")
    except WrongPassphrase:
        raise RecoveryRefused("That recovery code does not open this recovery file. Check it with the "
                              "office. Nothing has been changed.") from None
    except KeyFileRefused:
        raise RecoveryRefused("This recovery file asks for key settings far beyond what this app uses, so "
                              "it was not used. Ask the office for a new one.") from None
    except StoreCorrupt:
        raise RecoveryRefused("This recovery file is damaged. Ask the office for a new one.") from None
    return Recovered(store_id, device_id, key)
