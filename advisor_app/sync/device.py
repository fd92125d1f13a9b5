"""The laptop's side of sync: enrollment, the bundle of what the office has not confirmed, and
applying what the office sends back (its acknowledgement, approvals, resolutions, countersigned
agreements, new rates and menus, a certificate, a revocation, a case moved to or from this laptop,
this laptop's case reference code, a report back for the advisor to read).

What the office sends is checked as the office checks what a laptop sends: a record must be valid
for the domain models the laptop uses. A message that is not is refused on its own (the laptop
keeps what it had, and the Sync dialog says so); the rest of the bundle applies.

Everything the laptop knows about sync lives in its encrypted store's ``meta`` table (never
journaled, so it never travels). A bundle always holds every change after the office's last
acknowledgement, so a lost or refused bundle is simply covered by the next one; changes count as
at the office only once the office's acknowledgement says so.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization

from advisor_app.sync.errors import SyncError
from advisor_app.domain.case import CaseHeader, parse_reference, with_code
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.sections import ENTITY_TITLES, validate_entity
from advisor_app.signing.device_identity import device_identity
from advisor_app.store import Store, notices, provider_files
from advisor_app.store.hlc import utc_now
from advisor_app.store.records import CASE, REFERENCE_CODE
from advisor_app.store.store import DOCUMENT_ENTITY
from advisor_app.sync import bundle
from advisor_app.sync.enrollment import Enrollment, EnrollmentError, credential_hash, proof
from advisor_app.sync.keys import DeviceKeys, b64, raw_public

log = logging.getLogger(__name__)

MAX_CHANGES_PER_BUNDLE = 5000
_KEYS, _ENROLLMENT = "sync.keys", "sync.enrollment"
_SENT, _APPLIED, _LAST_SYNC, _LAST_ERROR, _REVOKED, _REPORTED = (
    "sync.sent_seq", "sync.office_seq_applied", "sync.last_sync_at", "sync.last_error", "sync.revoked",
    "sync.applied_reported")  # the last office message this laptop has told the office it applied


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    office_name: str = ""
    relay_url: str | None = None
    waiting: int = 0  # changes the office has not confirmed
    confirmed_seq: int = 0
    last_sync_at: str | None = None
    last_error: str | None = None
    revoked: str | None = None


@dataclass
class Applied:
    """What one office bundle did on this laptop."""

    ack_seq: int = 0
    messages: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # plain reasons for messages not applied


class DeviceSync:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- meta --------------------------------------------------------------------------------
    def _get(self, key: str) -> str | None:
        return self.store.meta(key)

    def _set(self, key: str, value: str | None) -> None:
        self.store.set_meta({key: value})

    def _int(self, key: str) -> int:
        return int(self._get(key) or 0)

    @property
    def enrollment(self) -> Enrollment | None:
        text = self._get(_ENROLLMENT)
        return Enrollment.from_dict(json.loads(text)) if text else None

    def keys(self) -> DeviceKeys:
        text = self._get(_KEYS)
        if text:
            return DeviceKeys.from_dict(json.loads(text))
        keys = DeviceKeys.generate()
        with self.store.transaction():
            self._set(_KEYS, json.dumps(keys.as_dict()))
        return keys

    # -- enrollment --------------------------------------------------------------------------
    def enroll(self, data: bytes) -> Enrollment:
        """Take an enrollment file: keep it (in the encrypted store), make this laptop's keys,
        and seal the office recovery copy of the store key to the office's key."""
        enrollment = Enrollment.from_bytes(data)
        current = self.enrollment
        if current is not None and current.office.office_id != enrollment.office.office_id \
                and self._get(_REVOKED) is None:
            raise EnrollmentError(Msg("This laptop is already enrolled with {name}. Ask that office to revoke "
                                      "it first.",
                                      name=current.office.name))
        self.keys()
        with self.store.transaction():
            self._set(_ENROLLMENT, json.dumps(enrollment.as_dict()))
            self._set(_REVOKED, None)
            if current is None or current.enrollment_id != enrollment.enrollment_id:
                # A new enrollment: the office has confirmed nothing from this laptop yet.
                self._set(_SENT, "0")
                self._set(_APPLIED, "0")
                self._set(_REPORTED, "0")
            if enrollment.reference_code:
                self.take_reference_code(enrollment.reference_code)
        self.store.set_office_recovery(enrollment.office.encryption_key)
        return enrollment

    def take_reference_code(self, code: str) -> int:
        """Number this laptop's cases with the office's ``code`` from now on; cases numbered
        before it had one take a reference with it and keep the old one as a former reference
        (journaled, so the office learns of it). Returns how many cases were renumbered."""
        with self.store.transaction():
            self._set(REFERENCE_CODE, code)
            cases = self.store.find(CASE)
            existing = [ref for record in self.store.find(CASE, include_deleted=True)
                        for ref in (record.data.get("reference", ""), *record.data.get("former_references", []))]
            moved = self.store.moved_cases()
            renamed = 0
            for record in cases:
                parsed = parse_reference(str(record.data.get("reference", "")))
                if record.case_id in moved or (parsed is not None and parsed[0] is not None):
                    continue  # another laptop's case now, or it has a code already
                header = with_code(CaseHeader.model_validate(record.data), code, existing)
                existing.append(header.reference)
                self.store.put(CASE, header.model_dump(mode="json"), case_id=record.case_id,
                               entity_id=record.id, base_version=record.version)
                renamed += 1
        return renamed

    def _require_enrollment(self) -> Enrollment:
        enrollment = self.enrollment
        if enrollment is None:
            raise SyncError(N_("This laptop is not enrolled with an office yet. "
                               "Import the enrollment file the office gave you."))
        revoked = self._get(_REVOKED)
        if revoked:
            raise SyncError(Msg("The office revoked this laptop's enrollment on {revoked}. "
                                "Ask the office to enroll it again.", revoked=revoked[:10]))
        return enrollment

    # -- status ------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        enrollment = self.enrollment
        waiting = self.store.unsent_count()
        confirmed = self.store.acknowledged_seq()
        if enrollment is None:
            return SyncStatus(False, waiting=waiting, confirmed_seq=confirmed)
        return SyncStatus(True, enrollment.office.name, enrollment.relay_url, waiting, confirmed,
                          self._get(_LAST_SYNC), self._get(_LAST_ERROR), self._get(_REVOKED))

    def note_result(self, error: str | None) -> None:
        with self.store.transaction():
            if error is None:
                self._set(_LAST_SYNC, utc_now())
            self._set(_LAST_ERROR, error)

    # -- outgoing ----------------------------------------------------------------------------
    def outgoing(self, *, force: bool = False,
                 max_changes: int = MAX_CHANGES_PER_BUNDLE) -> tuple[bytes, int] | None:
        """The next bundle for the office and the last seq it holds, or None when everything
        has already been sent (``force``: send again what is not yet confirmed)."""
        enrollment = self._require_enrollment()
        acked = self.store.acknowledged_seq()
        last = self.store.last_seq()
        # Messages applied that the office does not know of yet (a case moved away, say) are
        # worth a bundle of their own, so the office learns the laptop was told.
        untold = self._int(_APPLIED) > self._int(_REPORTED)
        if (last <= acked or (last <= self._int(_SENT) and not force)) and not untold:
            return None
        changes = self.store.changes_after(acked, limit=max_changes)
        documents = []
        for change in changes:
            if change.entity == DOCUMENT_ENTITY and change.op == "create":
                record = self.store.document(change.entity_id)
                if record is not None and record.content is not None:
                    documents.append({"sha256": record.sha256, "content": b64(record.content)})
        keys = self.keys()
        identity = device_identity(self.store)
        signing_key, encryption_key = b64(raw_public(keys.signing)), b64(raw_public(keys.encryption))
        pdf_key = serialization.load_pem_private_key(identity.key_pem, None).public_key()
        content = {
            "kind": bundle.DEVICE_CHANGES, "schema_version": bundle.CONTENT_SCHEMA_VERSION,
            "bundle_created_at": utc_now(),
            "device": {
                "device_id": self.store.device_id, "enrollment_id": enrollment.enrollment_id,
                "store_id": self.store.store_id, "advisor_id": self.store.advisor_id,
                "advisor_name": self._get("advisor_name") or "", "device_name": enrollment.device_name,
                "signing_key": signing_key, "encryption_key": encryption_key,
                "document_signing_key": pdf_key.public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii"),
                "proof": proof(credential_hash(enrollment.credential), device_id=self.store.device_id,
                               signing_key=signing_key, encryption_key=encryption_key),
                "office_seq_applied": self._int(_APPLIED),
                "trusted_ca_pem": identity.ca_cert_pem.decode("ascii"),
                "recovery": self.store.office_recovery_copy(),
            },
            "changes": [change.as_dict() for change in changes],
            "documents": documents,
        }
        data = bundle.seal(content, sender=enrollment.enrollment_id, signing_key=keys.signing,
                           recipient_key=enrollment.office.encryption_key)
        return data, changes[-1].seq if changes else acked

    def mark_sent(self, seq: int) -> None:
        """The bundle up to ``seq`` has left the laptop (it is not yet confirmed), telling the
        office which of its messages were applied."""
        with self.store.transaction():
            self._set(_SENT, str(max(seq, self._int(_SENT))))
            self._set(_REPORTED, str(self._int(_APPLIED)))

    # -- incoming ----------------------------------------------------------------------------
    def apply(self, data: bytes) -> Applied:
        """Apply one office bundle: all of it in one transaction, or none of it."""
        enrollment = self._require_enrollment()
        opened = bundle.open_bundle(data, self.keys().encryption)
        if opened.sender != enrollment.office.office_id:
            raise bundle.BundleError(N_("This bundle is not from this laptop's office. Nothing was applied."))
        opened.verify(enrollment.office.signing_key)
        content = opened.content
        if content.get("kind") != bundle.OFFICE_MESSAGES or content.get("device_id") != self.store.device_id:
            raise bundle.BundleError(N_("This bundle is for another laptop. Nothing was applied."))
        try:
            return self._apply_content(content)
        except (KeyError, TypeError, ValueError) as exc:  # rolled back: nothing of it applied
            log.warning("Office bundle refused: %r", exc)
            raise bundle.BundleError(N_("The office's bundle is damaged or incomplete. Nothing was applied.")) from None

    def _apply_content(self, content: dict[str, Any]) -> Applied:
        result = Applied()
        with self.store.transaction():
            ack = int(content.get("ack_seq") or 0)
            self.store.mark_acknowledged(min(ack, self.store.last_seq()))
            result.ack_seq = self.store.acknowledged_seq()
            if content.get("resend"):
                self._set(_SENT, str(result.ack_seq))  # the office refused a bundle: send again
            applied = self._int(_APPLIED)
            for message in sorted(content.get("messages") or [], key=lambda m: m["office_seq"]):
                seq = int(message["office_seq"])
                if seq <= applied:
                    continue  # applied before: office messages are applied once
                if seq != applied + 1:
                    break  # a message is missing: wait for the office to send it again
                reason = self._apply_checked(message["type"], message.get("body") or {})
                if reason:
                    result.skipped.append(reason)
                result.kinds[message["type"]] = result.kinds.get(message["type"], 0) + 1
                result.messages += 1
                applied = seq
            self._set(_APPLIED, str(applied))
        return result

    def _apply_checked(self, kind: str, body: Any) -> str | None:
        """One message in a savepoint of its own: one the laptop cannot use (damaged, or not
        valid for the domain models) is refused and leaves nothing behind."""
        try:
            with self.store.transaction():
                return self._apply_message(kind, body)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("Office message %s refused: %r", kind, exc)
            return Msg("A message from the office ({kind}) was incomplete, so it was not used; this laptop "
                       "keeps what it had.", kind=kind)

    def _apply_message(self, kind: str, body: dict[str, Any]) -> str | None:
        """Apply one office message inside the open transaction; a plain reason if skipped."""
        if kind == "certificate":
            # The office CA now vouches for this laptop's key. The local CA stays trusted too, so
            # agreements signed before enrollment still verify here.
            local = self._get("signing.ca_cert") or ""
            office_ca = body["ca_cert_pem"]
            self._set("signing.device_cert", body["certificate_pem"])
            self._set("signing.ca_cert", office_ca if office_ca in local else office_ca + local)
        elif kind == "record":
            problem = _invalid_record(body)
            if problem:
                return problem
            self.store.apply_office_record(str(body["entity"]), str(body["entity_id"]), case_id=str(body["case_id"]),
                                           version=body["version"], data=body["data"],
                                           deleted=bool(body.get("deleted")))
        elif kind == "document":
            content = base64.b64decode(body["content"])
            if hashlib.sha256(content).hexdigest() != body["sha256"]:
                return f"The document {body.get('title', '')!r} from the office was damaged; it was not saved."
            self.store.put_document(case_id=str(body["case_id"]), kind=str(body["kind"]), title=str(body["title"]),
                                    content=content, meta=dict(body.get("meta") or {}), office=True)
        elif kind == "provider":
            return provider_files.install(body.get("files") or {})
        elif kind == "revoked":
            self._set(_REVOKED, body.get("at") or utc_now())
        elif kind == "case_moved":
            here = body["to_device_id"] == self.store.device_id
            self.store.set_case_moved(str(body["case_id"]), None if here else str(body["to_name"]))
        elif kind == "notice":  # a report back from the office, for the advisor to read (store/notices.py)
            return notices.take(self.store, body)
        elif kind == "reference_code":
            code = body["code"]
            if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{1,6}", code):
                return N_("The office sent a case reference code this app cannot use; it was not used.")
            self.take_reference_code(code)
        else:
            return f"A message of a kind this app does not know ({kind}) was skipped; update the app."
        return None


def _invalid_record(body: Any) -> str | None:
    """Why an office record cannot be taken (the domain models refuse it), or None."""
    entity, version, data = body["entity"], body["version"], body["data"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1 or not isinstance(data, dict):
        raise ValueError("an office record needs a version and data")
    if body.get("deleted"):
        return None
    checked = validate_entity(str(entity), data)
    if checked.ok:
        return None
    field, problem = next(iter(checked.errors.items()))
    return Msg("The office sent “{title}” with a problem (“{field}”: {problem}), so it was not saved; this "
               "laptop keeps what it had.", title=ENTITY_TITLES.get(str(entity), str(entity)),
               field=field, problem=problem)

