"""The bundle format as models: what a bundle's envelope and content must look like.

They check every bundle that arrives (at the office and on the laptop) before anything is
used, and they are the source of the JSON Schemas in resources/schemas/ (``make schemas``), the
format's documentation for anyone writing another client. docs/sync.md explains the fields.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

HEX64 = r"^[0-9a-f]{64}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Envelope(_Strict):
    """The bundle file: a readable header around the sealed body."""

    format: Literal["advisor-app-bundle"]
    version: Literal[1]
    sender: str = Field(min_length=1, max_length=100, description="enrollment id of the laptop, or the office id")
    recipient: str = Field(pattern=r"^[0-9a-f]{16}$", description="key id of the recipient's X25519 key")
    sealed: str = Field(description="base64 HPKE (X25519, HKDF-SHA256, AES-256-GCM) of the signed body; "
                                    "the HPKE info is the canonical JSON of the four fields above")


class ChangeRecord(_Strict):
    """One change from a laptop's journal (DESIGN.md, "The change journal and sync")."""

    seq: int = Field(ge=1)
    change_id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    advisor_id: str = Field(max_length=64)
    hlc: str = Field(max_length=100)
    entity: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=100)
    op: Literal["create", "update", "delete"]
    base_version: int | None = Field(ge=1)
    payload: dict[str, Any]
    schema_version: int = Field(ge=1)
    prev_hash: str = Field(pattern=HEX64)
    hash: str = Field(pattern=HEX64)
    created_at: str = Field(max_length=40)


class DocumentBytes(_Strict):
    sha256: str = Field(pattern=HEX64)
    content: str = Field(description="base64 of the document's bytes")


class RecoveryCopy(_Strict):
    """The laptop's data key sealed to the office's key (store/recovery.py), kept by the office in
    its record of the enrollment so it can make a recovery file when a passphrase is forgotten."""

    format: Literal["advisor-app-recovery-copy"]
    version: Literal[1]
    store_id: str = Field(max_length=64)
    device_id: str = Field(max_length=64)
    key_check: str = Field(pattern=r"^[0-9a-f]{32}$", description="one-way fingerprint of the data key")
    hpke: Literal["x25519-hkdf-sha256-aes-256-gcm"]
    public_key: str = Field(max_length=64, description="base64 X25519 public key it is sealed to")
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    sealed: str = Field(max_length=200, description="base64 HPKE ciphertext of the 32-byte data key")


class DeviceInfo(_Strict):
    device_id: str = Field(min_length=1, max_length=64)
    enrollment_id: str = Field(min_length=1, max_length=100)
    store_id: str = Field(max_length=64)
    advisor_id: str = Field(max_length=64)
    advisor_name: str = Field(max_length=200)
    device_name: str = Field(max_length=200)
    signing_key: str = Field(description="base64 Ed25519 public key (raw)")
    encryption_key: str = Field(description="base64 X25519 public key (raw)")
    document_signing_key: str = Field(description="PEM public key the office CA certifies for PDF signing")
    proof: str = Field(pattern=HEX64, description="HMAC proving the keys belong to this enrollment")
    office_seq_applied: int = Field(ge=0)
    trusted_ca_pem: str = Field(default="", description="the CA certificates the laptop's signatures chain "
                                                        "to (its own, from before enrollment, and the office's)")
    recovery: RecoveryCopy | None = Field(default=None, description="the store key's recovery copy, sealed "
                                                                    "to the office")


class DeviceChanges(_Strict):
    """Laptop to office: every change the office has not acknowledged, with its documents."""

    kind: Literal["device-changes"]
    schema_version: Literal[1]
    bundle_created_at: str
    device: DeviceInfo
    changes: list[ChangeRecord]
    documents: list[DocumentBytes]


class OfficeMessage(_Strict):
    office_seq: int = Field(ge=1)
    message_id: str = Field(max_length=64)
    type: str = Field(description="certificate, record, document, provider, revoked, case_moved, reference_code or notice")
    body: dict[str, Any]


class OfficeMessages(_Strict):
    """Office to laptop: the acknowledgement and the office's messages, in order."""

    kind: Literal["office-messages"]
    schema_version: Literal[1]
    bundle_created_at: str
    office_id: str
    device_id: str
    ack_seq: int = Field(ge=0)
    resend: bool = False
    messages: list[OfficeMessage]


def problem(model: type[BaseModel], data: Any) -> str | None:
    """The first thing wrong with ``data`` as a ``model``, as a short phrase; None if it fits."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    return None


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def envelope_schema() -> dict[str, Any]:
    return _schema(Envelope, "advisor-app bundle file, version 1")


def device_changes_schema() -> dict[str, Any]:
    return _schema(DeviceChanges, "advisor-app bundle content: laptop to office, version 1")


def office_messages_schema() -> dict[str, Any]:
    return _schema(OfficeMessages, "advisor-app bundle content: office to laptop, version 1")
