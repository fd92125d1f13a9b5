"""The evidence of one signature, carried inside that signature (a signed CMS attribute).

Each signer's evidence is a canonical JSON record (docs/signatures.md lists every field) in a
signed attribute of their own CMS signature, so their signature covers it and the PDF gains no
object for it: a genuine pack shows no modification beyond the next signer's own field in
pyHanko's difference analysis, and evidence cannot be replaced without breaking the signature.

The pen samples (x, y, time, pressure of every point, at the device's rate) are biometric, so
the record holds them only sealed to the office's X25519 key (HPKE, the suite sync uses): only
the office can open them, in a dispute. The record also holds a salted SHA-256 of the samples,
so the office can show that what it opened is what was signed. A laptop not yet enrolled knows
no office key: its record says so (``sealed_to`` is null) and keeps only the salted hash; the
samples stay in the laptop's encrypted store (services/agreement.py), never in the PDF.
"""

from __future__ import annotations

import base64
import hashlib
import os
import statistics
from dataclasses import dataclass
from typing import Any

from asn1crypto import cms, core
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec, SigningCertificateV2Provider

from advisor_app.domain.agreement import SignatureEvidence
from advisor_app.store.canonical import canonical_json
from advisor_app.store.keys import HPKE_SUITE as SUITE

FORMAT = "advisor-app-signature-evidence"
VERSION = 1
# A private arc (2.25 = UUID-based, usable without registration), beside the signer roles'.
OID = "2.25.95361823092532786105473339421592405763"
ATTRIBUTE = "advisor_app_signature_evidence"
PEN_INFO = b"advisor-app pen samples v1"
MAX_RECORD_BYTES = 4 * 1024 * 1024


class _Evidence(core.SetOf):
    _child_spec = core.OctetString


# asn1crypto knows an attribute by name: teach it ours once, so it reads and writes the value.
cms.CMSAttributeType._map.setdefault(OID, ATTRIBUTE)  # type: ignore[attr-defined]
cms.CMSAttributeType._reverse_map = None  # type: ignore[attr-defined]  # rebuilt on next use
cms.CMSAttribute._oid_specs.setdefault(ATTRIBUTE, _Evidence)  # type: ignore[attr-defined]


class EvidenceError(ValueError):
    """Evidence that cannot be read or opened; ``str()`` says why."""


@dataclass(frozen=True)
class OfficeRecipient:
    """Whom the pen samples are sealed to: the office's id and X25519 public key (raw)."""

    office_id: str
    encryption_key: bytes


@dataclass(frozen=True)
class KeptSamples:
    """Pen samples not sealed (no office key yet): the salt and samples, for the laptop's store."""

    salt: str
    strokes: list[list[Any]]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _samples_hash(salt: bytes, strokes: list[list[Any]]) -> str:
    return hashlib.sha256(salt + canonical_json(strokes).encode("utf-8")).hexdigest()


def _rate(strokes: list[list[Any]]) -> float | None:
    """The device's sampling rate as drawn: the median gap between points within a stroke."""
    gaps = [b[2] - a[2] for s in strokes for a, b in zip(s, s[1:]) if b[2] > a[2]]
    return round(1000 / statistics.median(gaps), 1) if gaps else None


def pen_summary(evidence: SignatureEvidence) -> dict[str, Any]:
    strokes = evidence.strokes
    times = [p[2] for s in strokes for p in s]
    return {"strokes": len(strokes), "points": sum(len(s) for s in strokes),
            "duration_ms": (max(times) - min(times)) if times else 0, "rate_hz": _rate(strokes),
            "pressure": any(p[3] is not None for s in strokes for p in s),
            "viewport": list(evidence.viewport)}


def build_record(evidence: SignatureEvidence, office: OfficeRecipient | None) -> tuple[dict[str, Any], KeptSamples | None]:
    """The evidence record for the signature, and the samples to keep when none could be sealed."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    strokes = [[list(p) for p in s] for s in evidence.strokes]
    salt = os.urandom(16)
    pen: dict[str, Any] = {**pen_summary(evidence), "samples_sha256": _samples_hash(salt, strokes),
                           "sealed_to": None, "sealed": None}
    kept = None
    if office is not None:
        payload = canonical_json({"salt": _b64(salt), "strokes": strokes}).encode("utf-8")
        pen["sealed_to"] = office.office_id
        pen["sealed"] = _b64(SUITE.encrypt(payload, X25519PublicKey.from_public_bytes(office.encryption_key),
                                           info=PEN_INFO))
    else:
        kept = KeptSamples(_b64(salt), strokes)
    record = {
        "format": FORMAT, "version": VERSION,
        "field": evidence.field_name, "role": str(evidence.role),
        "signer_name": evidence.signer_name, "on_behalf_of": evidence.on_behalf_of or None,
        "signs_for_themselves": evidence.signs_for_themselves,
        "authority": str(evidence.authority), "authority_details": evidence.authority_details,
        "method": str(evidence.method), "witness_name": evidence.witness_name or None,
        "supporter_name": evidence.supporter_name or None,
        "signed_at": evidence.signed_at.isoformat(), "device_id": evidence.device_id,
        "shown": {"pack_sha256": evidence.document_sha256, "statement_sha256": evidence.statement_sha256},
        "pen": pen,
    }
    return record, kept


def encode(record: dict[str, Any]) -> bytes:
    return canonical_json(record).encode("utf-8")


# ---- in the signature -----------------------------------------------------------------------------


class _EvidenceProvider(CMSAttributeProvider):
    attribute_type = ATTRIBUTE

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    async def build_attr_value(self, dry_run: bool = False) -> core.OctetString:
        return core.OctetString(self.blob)


class EvidenceAttributes(SignedAttributeProviderSpec):
    """The signed attributes of our PAdES signatures: the signing certificate (as PAdES asks)
    and the evidence record."""

    def __init__(self, signing_cert: Any, record: dict[str, Any]) -> None:
        self.signing_cert, self.blob = signing_cert, encode(record)

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
        yield SigningCertificateV2Provider(signing_cert=self.signing_cert)
        yield _EvidenceProvider(self.blob)


def read_record(signer_info: cms.SignerInfo) -> dict[str, Any] | None:
    """The evidence record in a signature's signed attributes; None when there is none.
    Raises ``EvidenceError`` when there is one that cannot be read."""
    import json

    attrs = signer_info["signed_attrs"]
    found = [a for a in attrs if a["type"].dotted == OID] if attrs.native is not None else []
    if not found:
        return None
    values = found[0]["values"]
    if len(found) != 1 or len(values) != 1:
        raise EvidenceError("the signature carries more than one evidence record")
    blob = values[0].native
    if not isinstance(blob, bytes) or len(blob) > MAX_RECORD_BYTES:
        raise EvidenceError("the evidence record is not readable")
    try:
        record = json.loads(blob)
    except ValueError:
        raise EvidenceError("the evidence record is not readable") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("version") != VERSION:
        raise EvidenceError("the evidence record is not one this app reads")
    return record


def open_pen_samples(record: dict[str, Any], office_private_key: Any) -> list[list[list[Any]]]:
    """The office, in a dispute: the pen samples sealed in ``record``, checked against the
    salted hash the signature covers."""
    import json

    pen = record.get("pen") or {}
    if not pen.get("sealed"):
        raise EvidenceError("this signature's pen samples were not sealed to an office "
                            "(the laptop was not enrolled yet)")
    try:
        payload = json.loads(SUITE.decrypt(base64.b64decode(pen["sealed"]), office_private_key, info=PEN_INFO))
        salt = base64.b64decode(payload["salt"])
        strokes = payload["strokes"]
    except Exception:
        raise EvidenceError("the pen samples cannot be opened with this office's key") from None
    if _samples_hash(salt, strokes) != pen.get("samples_sha256"):
        raise EvidenceError("the pen samples do not match what was signed")
    return strokes


def kept_matches(record: dict[str, Any], kept: KeptSamples) -> bool:
    """Samples kept on a laptop are the ones this (unsealed) record was signed with."""
    pen = record.get("pen") or {}
    return _samples_hash(base64.b64decode(kept.salt), kept.strokes) == pen.get("samples_sha256")
