"""Sealing the office's personal data: each personal column value encrypted on its own with
AES-256-GCM under the office data key, so the database (SQLite or PostgreSQL), its WAL, a dump
and a backup hold only ciphertext.

Every sealed value is bound (GCM associated data) to its table, its column and its row's key, so
a ciphertext copied into another row or column does not open. ``SEALED`` lists what is sealed;
everything else is non-personal metadata (ids, versions, entity names, times, device ids,
hashes) that queries need in clear. docs/office-security.md says why each one is in clear.

A sealed text is ``"s1:" + base64(nonce || ciphertext || tag)``; sealed bytes are
``b"s1:" + nonce || ciphertext || tag``. The random 96-bit nonce allows some 2**32 seals under
one data key. Version 1 stays readable: a later format gets a new prefix.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterable, Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


KEY_BYTES = 32
_NONCE = 12
_TEXT, _BYTES = "s1:", b"s1:"

# table -> (the column that names the row, the sealed columns)
SEALED: dict[str, tuple[str, tuple[str, ...]]] = {
    "changes": ("change_id", ("payload",)),
    "records": ("entity_id", ("data",)),
    "conflicts": ("id", ("incoming", "current")),
    "office_changes": ("change_id", ("data",)),
    "documents": ("sha256", ("title", "meta", "content")),
    "document_checks": ("id", ("result",)),
    "outbox": ("message_id", ("body",)),
    "devices": ("device_id", ("name", "advisor_name", "certificate_pem")),
    "audit": ("seq", ("details",)),
    # The office's learning (migration 0004): what people wrote, and what is made from the cases.
    "workshops": ("id", ("title",)),
    "workshop_themes": ("id", ("name",)),
    "theme_actions": ("id", ("what", "owner")),
    "report_backs": ("id", ("content",)),
    "self_assessments": ("id", ("evidence",)),
    "published_files": ("id", ("content",)),
}
# office_meta values whose key starts with one of these are sealed (the key names the row): the
# laptops' enrollments (their names) and the office's private keys.
SEALED_META = ("enrollment.", "office.private_keys")


class SealBroken(Exception):
    """A sealed value did not open: it was changed, moved from another row, or the key is wrong."""

    def __init__(self, table: str, column: str, key: Any) -> None:
        super().__init__(f"{table}.{column} of row {key!r} does not open with the office data key")


def new_data_key() -> bytearray:
    return bytearray(os.urandom(KEY_BYTES))


def is_sealed(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith(_TEXT)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value[:3]) == _BYTES
    return False


def meta_is_sealed(key: str) -> bool:
    return key.startswith(SEALED_META)


def _binding(table: str, column: str, key: Any) -> bytes:
    # Table and column are fixed names without the separator; the row key (which a laptop may
    # choose) comes last, so no two (table, column, key) give the same bytes.
    return f"advisor-app office v1\x1f{table}\x1f{column}\x1f{key}".encode("utf-8")


class Sealer:
    """Seals and opens column values under one office data key (kept only in memory)."""

    def __init__(self, data_key: bytes | bytearray) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError("the office data key is 32 bytes")
        self._aead = AESGCM(bytes(data_key))
        self._key = bytes(data_key)

    def derive(self, purpose: str) -> bytes:
        """A separate key for ``purpose`` (the audit log's MACs, say), derived from the data key."""
        return HKDF(hashes.SHA256(), KEY_BYTES, salt=None,
                    info=f"advisor-app office {purpose}".encode("utf-8")).derive(self._key)

    # -- one value ----------------------------------------------------------------------------
    def seal_bytes(self, plain: bytes, table: str, column: str, key: Any) -> bytes:
        nonce = os.urandom(_NONCE)
        return _BYTES + nonce + self._aead.encrypt(nonce, bytes(plain), _binding(table, column, key))

    def open_bytes(self, sealed: bytes, table: str, column: str, key: Any) -> bytes:
        sealed = bytes(sealed)
        if not sealed.startswith(_BYTES):
            raise SealBroken(table, column, key)
        return self._open(sealed[len(_BYTES):], table, column, key)

    def _open(self, body: bytes, table: str, column: str, key: Any) -> bytes:
        """``nonce || ciphertext || tag`` opened."""
        if len(body) < _NONCE + 16:
            raise SealBroken(table, column, key)
        try:
            return self._aead.decrypt(body[:_NONCE], body[_NONCE:], _binding(table, column, key))
        except InvalidTag:
            raise SealBroken(table, column, key) from None

    def seal_text(self, plain: str, table: str, column: str, key: Any) -> str:
        sealed = self.seal_bytes(plain.encode("utf-8"), table, column, key)[len(_BYTES):]
        return _TEXT + base64.b64encode(sealed).decode("ascii")

    def open_text(self, sealed: str, table: str, column: str, key: Any) -> str:
        if not isinstance(sealed, str) or not sealed.startswith(_TEXT):
            raise SealBroken(table, column, key)
        try:
            return self._open(base64.b64decode(sealed[len(_TEXT):], validate=True), table, column, key).decode("utf-8")
        except (binascii.Error, ValueError):  # not base64, or not UTF-8 (UnicodeDecodeError)
            raise SealBroken(table, column, key) from None

    def seal_value(self, value: Any, table: str, column: str, key: Any) -> Any:
        """A text or bytes column value, sealed in the same type (None stays None)."""
        if value is None:
            return None
        if isinstance(value, (bytes, bytearray, memoryview)):
            return self.seal_bytes(bytes(value), table, column, key)
        return self.seal_text(value, table, column, key)

    def open_value(self, value: Any, table: str, column: str, key: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (bytes, bytearray, memoryview)):
            return self.open_bytes(bytes(value), table, column, key)
        return self.open_text(value, table, column, key)

    # -- rows ---------------------------------------------------------------------------------
    def seal_row(self, table: str, row: Mapping[str, Any]) -> dict[str, Any]:
        """``row`` with its table's personal columns sealed (those present; others as they are)."""
        key_column, columns = SEALED[table]
        out = dict(row)
        for column in columns:
            if column in out:
                out[column] = self.seal_value(out[column], table, column, row[key_column])
        return out

    def seal_rows(self, table: str, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [self.seal_row(table, row) for row in rows]

    def open_row(self, table: str, row: Mapping[str, Any]) -> dict[str, Any]:
        """``row`` with its table's sealed columns opened; ``SealBroken`` if one does not."""
        return self.open_in_place(table, dict(row))

    def open_in_place(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        key_column, columns = SEALED[table]
        for column in columns:
            if column in row:
                row[column] = self.open_value(row[column], table, column, row[key_column])
        return row
