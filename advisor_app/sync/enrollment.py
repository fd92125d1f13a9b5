"""The enrollment file: what the office gives a laptop so the two can trust each other.

It carries the office's public keys and CA certificate, the enrollment id the office gave this
laptop (its mailbox on the relay), the relay's address and the laptop's relay credential. The
credential is a secret: the laptop keeps it inside its encrypted store, and proves its first
bundle with it (``proof``), so a copied enrollment file cannot be used to pose as the laptop
once the real one has sent its keys.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor_app.sync.errors import EnrollmentError
from advisor_app import bounded_json
from advisor_app.domain.messages import N_
from advisor_app.store.files import atomic_write
from advisor_app.sync.keys import OfficePublic

FORMAT = "advisor-app-enrollment"
VERSION = 1
MAX_BYTES = 1024 * 1024  # a real one is a few kilobytes
_CODE = re.compile(r"^[A-Z]{1,6}$")


def new_credential() -> str:
    return secrets.token_urlsafe(32)


def credential_hash(credential: str) -> str:
    """The lowercase hex SHA-256 of a credential: all the relay keeps of it, and what the office
    keeps to check a laptop's enrollment proof."""
    return hashlib.sha256(credential.encode("utf-8")).hexdigest()


def proof(credential_sha256: str, *, device_id: str, signing_key: str, encryption_key: str) -> str:
    """An HMAC binding the laptop's public keys to its enrollment (keyed by the credential's
    hash, which is what the office keeps)."""
    message = json.dumps([device_id, signing_key, encryption_key]).encode("utf-8")
    return hmac.new(bytes.fromhex(credential_sha256), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Enrollment:
    office: OfficePublic
    enrollment_id: str
    device_name: str
    credential: str
    relay_url: str | None
    created_at: str
    # The laptop's case reference code (C-JL-2026-0001), unique in the organisation. Optional in
    # version 1: a file from before codes existed has none, and the office sends one later.
    reference_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {"format": FORMAT, "version": VERSION, "office": self.office.as_dict(),
               "enrollment_id": self.enrollment_id, "device_name": self.device_name,
               "credential": self.credential, "relay_url": self.relay_url,
               "created_at": self.created_at}
        if self.reference_code:
            out["reference_code"] = self.reference_code
        return out

    def to_bytes(self) -> bytes:
        return json.dumps(self.as_dict(), indent=2).encode("utf-8")

    def save(self, path: Path) -> None:
        """Write the file readable by its owner only (0600 from the start): it holds a secret."""
        atomic_write(Path(path), self.to_bytes())

    @classmethod
    def from_dict(cls, data: Any) -> "Enrollment":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise EnrollmentError(N_("This file is not an advisor-app enrollment file."))
        if data.get("version") != VERSION:
            raise EnrollmentError(N_("This enrollment file was made by a newer version of the app. "
                                     "Update the app first."))
        try:
            office = OfficePublic.from_dict(data["office"])
            relay = data.get("relay_url")
            # The id names the laptop's folder on a USB stick: only the office's UUIDs, never a path.
            enrollment_id = str(uuid.UUID(str(data["enrollment_id"])))
            code = data.get("reference_code")
            if code is not None and not (isinstance(code, str) and _CODE.match(code)):
                raise ValueError(code)
            return cls(office, enrollment_id, str(data["device_name"]),
                       str(data["credential"]), str(relay) if relay else None, str(data["created_at"]),
                       code)
        except (KeyError, TypeError, ValueError):
            raise EnrollmentError(N_("The enrollment file is damaged or incomplete. "
                                     "Ask the office for a new one.")) from None

    @classmethod
    def from_bytes(cls, data: bytes) -> "Enrollment":
        try:
            parsed = bounded_json.loads(data, max_bytes=MAX_BYTES)
        except ValueError:
            raise EnrollmentError(N_("The enrollment file is damaged or incomplete. "
                                     "Ask the office for a new one.")) from None
        return cls.from_dict(parsed)
