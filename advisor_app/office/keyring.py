"""The office's key hierarchy (docs/office-security.md):

    a user's passphrase --Argon2id--> wraps that user's own key (32 random bytes)
    a user's own key   --AES-GCM--->  wraps the office data key, and a manager's signing key
    the recovery key   --HKDF, AES-GCM--> wraps the office data key (shown once, at set-up)
    the office data key --AES-GCM---> seals every personal column (sealing.py) and the office's
                                      private keys (bundles, replies, the signing CA)

A passphrase change re-wraps only the user's own key, so their manager's signing key stays
theirs. Every wrap binds the office id, the user and its purpose (GCM associated data), so a
wrap copied from another user or office does not open.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from advisor_app.office.sealing import KEY_BYTES
from advisor_app.store.canonical import canonical_json
from advisor_app.store.keys import KdfParams, b64, unb64, unwrap_with_passphrase, wrap_with_passphrase

_NONCE = 12
_GROUP = 4  # recovery key shown in groups of 4 characters


class WrongKey(Exception):
    """A wrap did not open with the key given (a wrong recovery key, or a damaged wrap)."""


def _binding(office_id: str, purpose: str, user_id: str = "") -> bytes:
    return canonical_json({"v": 1, "office_id": office_id, "purpose": purpose,
                           "user_id": user_id}).encode("utf-8")


def wrap(key: bytes | bytearray, secret: bytes | bytearray, *, office_id: str, purpose: str,
         user_id: str = "") -> dict[str, str]:
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(bytes(key)).encrypt(nonce, bytes(secret), _binding(office_id, purpose, user_id))
    return {"aead": "aes-256-gcm", "nonce": b64(nonce), "sealed": b64(sealed)}


def unwrap(key: bytes | bytearray, wrapped: dict[str, Any], *, office_id: str, purpose: str,
           user_id: str = "") -> bytearray:
    try:
        nonce, sealed = unb64(wrapped["nonce"]), unb64(wrapped["sealed"])
        return bytearray(AESGCM(bytes(key)).decrypt(nonce, sealed, _binding(office_id, purpose, user_id)))
    except (InvalidTag, KeyError, TypeError, ValueError):
        raise WrongKey() from None


# -- a user's own key ----------------------------------------------------------------------------
def new_user_key() -> bytearray:
    return bytearray(os.urandom(KEY_BYTES))


def wrap_user_key(user_key: bytes | bytearray, passphrase: str, *, office_id: str, user_id: str,
                  kdf: KdfParams) -> dict[str, Any]:
    return wrap_with_passphrase(user_key, passphrase, store_id=office_id, device_id=f"user {user_id}",
                                params=kdf)


def unwrap_user_key(wrapped: dict[str, Any], passphrase: str, *, office_id: str, user_id: str) -> bytearray:
    """The user's own key, or ``WrongPassphrase``."""
    return unwrap_with_passphrase(wrapped, passphrase, store_id=office_id, device_id=f"user {user_id}")


# -- the recovery key ----------------------------------------------------------------------------
def new_recovery_key() -> tuple[str, bytes]:
    """(the key as a person writes it down, its bytes): 52 letters and digits in 13 groups."""
    raw = os.urandom(KEY_BYTES)
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i:i + _GROUP] for i in range(0, len(text), _GROUP)), raw


def parse_recovery_key(text: str) -> bytes:
    """The recovery key's bytes from what a person typed (spaces, dashes and case ignored);
    ``ValueError`` when it is not one."""
    compact = "".join(c for c in text.upper() if c.isalnum())
    try:
        raw = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except (binascii.Error, ValueError):
        raise ValueError("not a recovery key") from None
    if len(raw) != KEY_BYTES:
        raise ValueError("not a recovery key")
    return raw


def recovery_wrapping_key(raw: bytes) -> bytes:
    # The recovery key is random (256 bits): a hash-based derivation is enough, no Argon2id.
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"advisor-app office recovery").derive(raw)
