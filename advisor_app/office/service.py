"""The office's use cases: set up the office keys, enroll and revoke laptops, receive bundles
(from the relay or a folder), and send decisions back: risk approvals, countersigned agreements,
conflict resolutions, new rates and menus; and the office's users and audit log. ``office/``
screens and ``cli.py`` call these.

Everything is done by the signed-in user (signin.py). Each act checks their roles first
(``@requires``, the rules in domain/office_users.py) and is written to the audit log in the
same transaction as the act itself (audit.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.office_users import (
    Action, Role, keeps_an_administrator, name_problem, parse_roles, refusal, roles_problem,
)
from advisor_app.domain.passphrase import passphrase_problem
from advisor_app.i18n import _
from advisor_app.office import audit, signin, users
from advisor_app.office.casebook import Casebook
from advisor_app.office.errors import OfficeError, OfficeStoreError
from advisor_app.office.importer import ImportResult, import_changes
from advisor_app.office.signin import Session
from advisor_app.office.store import CURRENT, FIELDS, INCOMING
from advisor_app.office.tables import OFFICE
from advisor_app.office.users import OfficeUser
from advisor_app.services.progress import Progress, step
from advisor_app.store.files import atomic_write
from advisor_app.store.hlc import utc_now
from advisor_app.store.keys import DEFAULT_KDF, KdfParams, wipe
from advisor_app.sync import bundle
from advisor_app.sync.enrollment import Enrollment, credential_hash, new_credential, proof
from advisor_app.sync.keys import (
    OfficeKeys, OfficePublic, b64, issue_device_certificate, issue_manager_certificate, unb64,
)

if TYPE_CHECKING:
    from advisor_app.signing.device_identity import DeviceIdentity

if TYPE_CHECKING:
    from advisor_app.domain.merge import Merge

log = logging.getLogger(__name__)

_PUBLIC, _RELAY_URL, _RELAY_CREDENTIAL = signin.PUBLIC, "office.relay_url", "office.relay_credential"
_RESEND = "resend."  # + device id: its last bundle was refused, so the next reply asks again
_ENROLLMENT = "enrollment."  # + enrollment id: JSON {name, credential_sha256, created_at, device_id, revoked_at}
TO_OFFICE = "to-office"
_TSA_URL, _TSA_TRUST = "office.tsa_url", "office.tsa_trust_pem"


class NotAllowed(OfficeError):
    """The signed-in user's roles do not allow the action (domain/office_users.py)."""


_Method = TypeVar("_Method", bound=Callable[..., Any])


def requires(action: Action) -> Callable[[_Method], _Method]:
    """The method runs only if the signed-in user's roles allow ``action``; otherwise
    ``NotAllowed`` says who may, and nothing is done."""
    def decorate(method: _Method) -> _Method:
        @functools.wraps(method)
        def checked(self: "OfficeService", *args: Any, **kwargs: Any) -> Any:
            self.require(action)
            return method(self, *args, **kwargs)
        return checked  # type: ignore[return-value]
    return decorate


@dataclass(frozen=True)
class Received:
    """One bundle received, and what the importer did with it."""

    bundle_id: str
    enrollment_id: str | None
    result: ImportResult

    def line(self) -> str:
        r = self.result
        if r.state == "refused":
            return f"{self.bundle_id[:12]}: refused: {r.reason}"
        return (f"{self.bundle_id[:12]}: {r.state}: {r.applied} applied, {r.duplicates} duplicated, "
                f"{r.same} already the same, {r.conflicts} conflicted, {r.merged} merged")


def check_summary(report: Any) -> dict[str, Any]:
    """A verification report as the office keeps it beside the document."""
    return {"ok": report.ok, "intact": report.intact, "still_to_sign": report.still_to_sign,
            "problems": list(report.problems), "notes": list(report.notes), "long_term": report.long_term,
            "signatures": [{"field": s.field, "signer": s.signer_name, "intact": s.intact, "valid": s.valid,
                            "trusted": s.trusted, "trusted_as": s.trusted_as} for s in report.signatures]}


def folder_for(enrollment_id: str) -> str:
    return f"to-{enrollment_id}"


def _document_message(document: dict[str, Any]) -> dict[str, Any]:
    """A stored document, with its bytes, as the body of a ``document`` message to a laptop."""
    return {"sha256": document["sha256"], "case_id": document["case_id"], "kind": document["kind"],
            "title": document["title"], "meta": document["meta"], "content": b64(document["content"])}


class OfficeService:
    def __init__(self, session: Session, *, kdf: KdfParams = DEFAULT_KDF) -> None:
        self.store = session.store
        self.keys: OfficeKeys = session.keys
        self.user: OfficeUser = session.user
        self._user_key, self._data_key = session.user_key, session.data_key
        self.recovery_key = session.recovery_key  # set only just after set-up: show it once
        self._kdf = kdf
        self.casebook = Casebook(self.store)  # what answers over every case read (office/casebook.py)

    # -- setting up and opening --------------------------------------------------------------
    @classmethod
    def init(cls, location: str, passphrase: str, *, name: str, user: str,
             roles: Iterable[Role | str] = (Role.ADMINISTRATOR,), relay_url: str | None = None,
             relay_credential: str | None = None, kdf: KdfParams = DEFAULT_KDF) -> "OfficeService":
        """A new office with ``user`` as its first administrator (``roles`` may add more);
        ``recovery_key`` holds the recovery key, to show once."""
        service = cls(signin.init_office(location, passphrase, name=name, user=user, roles=roles, kdf=kdf), kdf=kdf)
        if relay_url or relay_credential:
            service.set_relay(relay_url, relay_credential)
        return service

    @classmethod
    def unlock(cls, location: str, passphrase: str, *, user: str, kdf: KdfParams = DEFAULT_KDF) -> "OfficeService":
        """Sign in to the office as ``user``."""
        return cls(signin.sign_in(location, user, passphrase), kdf=kdf)

    @classmethod
    def upgrade(cls, location: str, passphrase: str, *, user: str, kdf: KdfParams = DEFAULT_KDF) -> "OfficeService":
        """An office from before named users, encrypted in place; ``user`` becomes its first
        administrator with the old office passphrase. ``recovery_key`` is set, to show once."""
        return cls(signin.upgrade_office(location, passphrase, user=user, kdf=kdf), kdf=kdf)

    @classmethod
    def recover(cls, location: str, recovery_key: str, *, user: str, new_passphrase: str,
                kdf: KdfParams = DEFAULT_KDF) -> "OfficeService":
        """With the recovery key, ``user`` becomes an administrator with ``new_passphrase``."""
        return cls(signin.recover_office(location, recovery_key, user=user, new_passphrase=new_passphrase,
                                         kdf=kdf), kdf=kdf)

    def lock(self) -> None:
        """Forget the keys and close the store."""
        self.casebook.clear()
        self.store.close()
        wipe(self._user_key)
        wipe(self._data_key)

    @property
    def public(self) -> OfficePublic:
        return self.keys.public

    # -- who may do what, and the audit log -------------------------------------------------
    def may(self, action: Action) -> bool:
        return refusal(self.user.roles, action) is None

    def require(self, action: Action) -> None:
        refused = refusal(self.user.roles, action)
        if refused:
            raise NotAllowed(refused)

    def _audit(self, conn: sa.Connection, action: str, target: str = "", **details: Any) -> None:
        audit.append(self.store, conn, user_id=self.user.user_id, user_name=self.user.name, action=action,
                     target=target, details=details)

    @requires(Action.SET_RELAY)
    def set_relay(self, url: str | None, credential: str | None) -> None:
        """Where the relay is and the office's credential for it (sealed to the office's own
        key, so the office store never holds it readable)."""
        sealed = bundle.SUITE.encrypt(credential.encode("utf-8"), self.keys.encryption.public_key(),
                                      info=b"advisor-app relay credential") if credential else b""
        with self.store.transaction() as conn:
            self.store.set_meta(_RELAY_URL, url or "", conn=conn)
            self.store.set_meta(_RELAY_CREDENTIAL, b64(sealed), conn=conn)
            self._audit(conn, "relay", url=url or "")

    def relay(self):
        from advisor_app.sync.relay_client import RelayClient

        url = self.store.get_meta(_RELAY_URL)
        sealed = unb64(self.store.get_meta(_RELAY_CREDENTIAL) or "")
        if not url or not sealed:
            raise OfficeError(N_("No relay is set up for this office. Give its address and credential "
                                 "(`advisor-app office relay-setup`)."))
        credential = bundle.SUITE.decrypt(sealed, self.keys.encryption, info=b"advisor-app relay credential")
        return RelayClient(url, credential.decode("utf-8"), office=True)

    # -- enrollment --------------------------------------------------------------------------
    def _enrollment(self, enrollment_id: str) -> dict[str, Any] | None:
        text = self.store.get_meta(_ENROLLMENT + enrollment_id)
        return json.loads(text) if text else None

    def _save_enrollment(self, enrollment_id: str, data: dict[str, Any], conn: sa.Connection | None = None) -> None:
        self.store.set_meta(_ENROLLMENT + enrollment_id, json.dumps(data), conn=conn)

    def enrollments(self) -> list[dict[str, Any]]:
        return [{"enrollment_id": key[len(_ENROLLMENT):], **json.loads(value)}
                for key, value in self.store.meta_items(_ENROLLMENT)]

    @requires(Action.ENROLL)
    def enroll(self, device_name: str, *, relay_url: str | None = None) -> Enrollment:
        """A new enrollment file for a laptop; its relay credential is registered with the relay
        when one is set up."""
        name = device_name.strip()
        if not name:
            raise OfficeError(N_("Give the laptop a name, for example the advisor's name."))
        relay_url = relay_url or self.store.get_meta(_RELAY_URL) or None
        enrollment = Enrollment(self.public, str(uuid.uuid4()), name, new_credential(), relay_url, utc_now(),
                                self._new_reference_code(name))
        if relay_url and self.store.get_meta(_RELAY_CREDENTIAL):
            self.relay().register_device(enrollment.enrollment_id, enrollment.credential)
        with self.store.transaction() as conn:
            self._save_enrollment(enrollment.enrollment_id, {
                "name": name, "credential_sha256": credential_hash(enrollment.credential),
                "created_at": enrollment.created_at, "device_id": None, "revoked_at": None,
                "reference_code": enrollment.reference_code}, conn)
            self._audit(conn, "enroll", enrollment.enrollment_id, laptop=name)
        return enrollment

    def _new_reference_code(self, name: str) -> str:
        """A case reference code no laptop of this office has had (revoked ones keep theirs)."""
        from advisor_app.domain.case import reference_code

        return reference_code(name, [e.get("reference_code") or "" for e in self.enrollments()])

    def _give_reference_code(self, enrollment_id: str, enrollment: dict[str, Any]) -> None:
        """A laptop enrolled before codes existed gets one now, by message; its cases are
        renumbered with it (keeping their old references) at its next sync."""
        if enrollment.get("reference_code") or not enrollment.get("device_id") or enrollment.get("revoked_at"):
            return
        enrollment["reference_code"] = self._new_reference_code(enrollment.get("name", ""))
        self._save_enrollment(enrollment_id, enrollment)
        self.store.queue_message(enrollment["device_id"], "reference_code", {"code": enrollment["reference_code"]})

    @requires(Action.REVOKE)
    def revoke(self, enrollment_id: str) -> None:
        """Stop accepting the laptop's bundles, tell it so, and cut its relay credential."""
        enrollment = self._enrollment(enrollment_id)
        if enrollment is None:
            raise OfficeError(N_("There is no such enrollment."))
        enrollment["revoked_at"] = utc_now()
        with self.store.transaction() as conn:
            self._save_enrollment(enrollment_id, enrollment, conn)
            if enrollment.get("device_id"):
                self.store.revoke_device(enrollment["device_id"], enrollment["revoked_at"], conn=conn)
                self.store.queue_message(enrollment["device_id"], "revoked", {"at": enrollment["revoked_at"]},
                                         conn=conn)
            self._audit(conn, "revoke", enrollment_id, laptop=enrollment.get("name", ""),
                        device_id=enrollment.get("device_id"))
        if self.store.get_meta(_RELAY_URL) and self.store.get_meta(_RELAY_CREDENTIAL):
            try:
                self.relay().revoke_device(enrollment_id)
            except Exception as exc:  # the office record stands; the relay is told next time
                log.warning("Could not revoke on the relay: %s", exc)

    # -- receiving ---------------------------------------------------------------------------
    def _refused(self, bundle_id: str, reason: str, enrollment_id: str | None = None,
                 device_id: str | None = None) -> Received:
        self.store.log_refusal(bundle_id, device_id, reason)
        self._audit_refusal(bundle_id, reason, device_id)
        return Received(bundle_id, enrollment_id, ImportResult("refused", reason, 0, 0, 0, 0, 0))

    def _audit_refusal(self, bundle_id: str, reason: str, device_id: str | None) -> None:
        with self.store.transaction() as conn:
            self._audit(conn, "import-refused", bundle_id, device_id=device_id, reason=reason)

    def _audit_import(self, conn: sa.Connection, result: ImportResult, bundle_id: str, device_id: str) -> None:
        device = self.store.device(device_id, conn=conn) or {}
        self._audit(conn, "import", bundle_id, device_id=device_id, laptop=device.get("name", ""),
                    state=result.state, applied=result.applied,
                    duplicates=result.duplicates, same=result.same, conflicts=result.conflicts,
                    ack_seq=result.ack_seq)

    @requires(Action.IMPORT)
    def receive(self, data: bytes) -> Received:
        """Check and import one laptop bundle; the reply carries the acknowledgement and every
        office message the laptop has not applied yet."""
        bid = bundle.bundle_id(data)
        try:
            header = bundle.read_header(data)
        except bundle.BundleError as exc:
            return self._refused(bid, str(exc))
        enrollment_id = header["sender"]
        enrollment = self._enrollment(enrollment_id)
        if enrollment is None:
            return self._refused(bid, "This laptop is not enrolled with this office.", enrollment_id)
        if enrollment.get("revoked_at"):
            return self._refused(bid, f"This laptop's enrollment was revoked on {enrollment['revoked_at'][:10]}.",
                                 enrollment_id, enrollment.get("device_id"))
        try:
            opened = bundle.open_bundle(data, self.keys.encryption)
            content = opened.content
            if content.get("kind") != bundle.DEVICE_CHANGES:
                raise bundle.BundleError(N_("This bundle is not a laptop's changes. Nothing was imported."))
            device = content["device"]
            device_id = str(device["device_id"])
            known = self.store.device(device_id)
            if enrollment.get("device_id") not in (None, device_id):
                raise bundle.BundleError(N_("This enrollment belongs to another laptop. Nothing was imported."))
            if known is not None:
                opened.verify(unb64(known["signing_key"]))
            else:
                expected = proof(enrollment["credential_sha256"], device_id=device_id,
                                 signing_key=device["signing_key"], encryption_key=device["encryption_key"])
                if device.get("proof") != expected:
                    raise bundle.BundleError(N_("The laptop's first bundle does not prove its enrollment. "
                                                "Nothing was imported."))
                opened.verify(unb64(device["signing_key"]))
            documents = {d["sha256"]: unb64(d["content"]) for d in content.get("documents") or []}
            changes = list(content.get("changes") or [])
        except bundle.BundleError as exc:
            return self._refused(bid, str(exc), enrollment_id, enrollment.get("device_id"))
        except (KeyError, TypeError, ValueError):
            return self._refused(bid, "The bundle's content is incomplete. Nothing was imported.",
                                 enrollment_id, enrollment.get("device_id"))
        if known is None:
            self._register(enrollment_id, enrollment, device)
        self._give_reference_code(enrollment_id, enrollment)
        result = import_changes(self.store, device_id=device_id, bundle_id=bid, changes=changes,
                                documents=documents,
                                office_seq_applied=int(device.get("office_seq_applied") or 0),
                                then=lambda conn, done: self._audit_import(conn, done, bid, device_id))
        if result.state != "refused" and device.get("recovery") not in (None, enrollment.get("recovery")):
            # The laptop's latest recovery copy of its store key (it changes after a rekey):
            # kept in the office's record of the enrollment for ``office recovery-file``.
            enrollment["recovery"] = device["recovery"]
            self._save_enrollment(enrollment_id, enrollment)
        if result.state == "refused":
            self.store.set_meta(_RESEND + device_id, "1")
            self._audit_refusal(bid, result.reason or "", device_id)
        elif result.state == "imported":
            self._check_signatures(changes, documents)
        return Received(bid, enrollment_id, result)

    def _check_signatures(self, changes: list[dict[str, Any]], documents: dict[str, bytes]) -> None:
        """Verify every signed agreement that arrived (signing/verify.py, the one verifier) and
        keep the result beside it. The office trusts its CA and the laptops it enrolled (by their
        key, so a signature made before the laptop's office certificate arrived counts too). A
        laptop's own local CA is not trusted here: the laptop itself vouches for it."""
        from advisor_app.signing.verify import verify_pdf

        anchors = self.trust_anchors()
        for change in changes:
            payload = change.get("payload") or {}
            if change.get("entity") != "document" or payload.get("kind") != "signed-agreement":
                continue
            content = documents.get(payload.get("sha256", ""))
            if content is None:
                continue
            report = verify_pdf(content, anchors).with_notes(self._later_version_note(payload["sha256"]))
            self.store.add_document_check(payload["sha256"], check_summary(report))

    def trust_anchors(self):
        """What the office trusts: its CA (and a timestamping authority it set up), the laptops
        it enrolled and has not revoked, and its own revocation list."""
        from advisor_app.signing.verify import TrustAnchors

        enrolled = [d["certificate_pem"].encode("ascii") for d in self.store.devices()
                    if d.get("certificate_pem") and not d.get("revoked_at")]
        tsa = (self.store.get_meta(_TSA_TRUST) or "").encode("ascii")
        return TrustAnchors.from_pem(self.public.ca_cert_pem, tsa, enrolled=enrolled, crls=[self.crl()])

    def crl(self) -> bytes:
        """The office CA's revocation list (DER): every revoked laptop's certificate."""
        from advisor_app.sync.keys import issue_crl

        revoked = [(d["certificate_pem"].encode("ascii"), dt.datetime.fromisoformat(d["revoked_at"]))
                   for d in self.store.devices() if d.get("certificate_pem") and d.get("revoked_at")]
        return issue_crl(self.keys, revoked)

    @requires(Action.SET_RELAY)
    def set_timestamping(self, url: str | None, trust_pem: bytes | None = None) -> None:
        """The office's RFC 3161 timestamping service (and the CA its certificate chains to):
        countersigned agreements then get a document timestamp (PAdES B-LTA)."""
        from cryptography import x509

        if url and not url.lower().startswith(("http://", "https://")):
            raise OfficeError(N_("The timestamping service's address must start with http:// or https://."))
        try:
            if trust_pem:
                x509.load_pem_x509_certificates(trust_pem)
        except ValueError:
            raise OfficeError(N_("The timestamping service's CA file is not a PEM certificate.")) from None
        with self.store.transaction() as conn:
            self.store.set_meta(_TSA_URL, url or "", conn=conn)
            self.store.set_meta(_TSA_TRUST, (trust_pem or b"").decode("ascii"), conn=conn)
            self._audit(conn, "timestamping", url=url or "")

    def _later_version_note(self, sha256: str) -> str:
        newer = [d for d in self.store.documents() if d["kind"] == "signed-agreement"
                 and d["meta"].get("previous") == sha256]
        if not newer:
            return ""
        return Msg("the office holds a later signed copy of this agreement: {sha}", sha=newer[-1]["sha256"][:12])

    def _register(self, enrollment_id: str, enrollment: dict[str, Any], device: dict[str, Any]) -> None:
        """First bundle from a laptop: pin its keys and issue its document-signing certificate."""
        device_id = str(device["device_id"])
        certificate = issue_device_certificate(self.keys, device_id=device_id, device_name=enrollment["name"],
                                               public_key_pem=str(device["document_signing_key"]).encode("ascii"))
        self.store.add_device(device_id=device_id, name=enrollment["name"], store_id=str(device["store_id"]),
                              advisor_id=str(device["advisor_id"]), advisor_name=str(device.get("advisor_name", "")),
                              signing_key=device["signing_key"], encryption_key=device["encryption_key"],
                              certificate_pem=certificate.decode("ascii"))
        enrollment["device_id"] = device_id
        self._save_enrollment(enrollment_id, enrollment)
        self.store.queue_message(device_id, "certificate", {
            "certificate_pem": certificate.decode("ascii"),
            "ca_cert_pem": self.public.ca_cert_pem.decode("ascii")})

    def reply_for(self, device_id: str) -> bytes:
        """The laptop's reply: the acknowledgement, the messages it has not applied, and
        "resend" when its last bundle was refused (it then sends again from the acknowledgement)."""
        device = self.store.device(device_id)
        if device is None:
            raise OfficeError(N_("This laptop is not known to this office."))
        resend = self.store.get_meta(_RESEND + device_id) == "1"
        if resend:
            self.store.set_meta(_RESEND + device_id, "0")
        messages = self.store.messages_for(device_id, int(device["office_seq_applied"]))
        content = {"kind": bundle.OFFICE_MESSAGES, "schema_version": bundle.CONTENT_SCHEMA_VERSION,
                   "bundle_created_at": utc_now(), "office_id": self.public.office_id,
                   "device_id": device_id, "ack_seq": int(device["last_seq"]), "resend": resend,
                   "messages": messages}
        return bundle.seal(content, sender=self.public.office_id, signing_key=self.keys.signing,
                           recipient_key=unb64(device["encryption_key"]))

    # -- transports --------------------------------------------------------------------------
    @requires(Action.IMPORT)
    def import_folder(self, folder: Path, progress: Progress | None = None) -> list[Received]:
        """Every bundle in ``folder/to-office``, then a fresh reply for every laptop in
        ``folder/to-<enrollment id>``. A processed bundle is removed from the stick (the office
        has it recorded). ``progress`` is told between bundles, and cancelling stops there: each
        bundle is imported whole or not at all, and the replies are written at the next import."""
        inbox = Path(folder) / TO_OFFICE
        out: list[Received] = []
        paths = sorted(inbox.glob("*.bundle"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        for done, path in enumerate(paths):
            step(progress, done, len(paths), N_("Importing the bundles"))
            out.append(self.receive(path.read_bytes()))
            path.unlink()
        step(progress, len(paths), len(paths), N_("Writing the replies for the laptops"))
        self.write_replies(Path(folder))
        return out

    def _reply_targets(self) -> list[tuple[str, str]]:
        """(enrollment id, device id) of every laptop that has sent its first bundle and is
        not revoked (a revoked laptop still gets its last reply, which tells it so)."""
        return [(e["enrollment_id"], e["device_id"]) for e in self.enrollments() if e.get("device_id")]

    def write_replies(self, folder: Path) -> int:
        """One reply per laptop on the stick, replacing older ones: each reply holds the latest
        acknowledgement and every message the laptop has not applied yet."""
        targets = self._reply_targets()
        for enrollment_id, device_id in targets:
            reply = self.reply_for(device_id)
            target = folder / folder_for(enrollment_id)
            target.mkdir(parents=True, exist_ok=True)
            name = f"{bundle.bundle_id(reply)}.bundle"
            for old in target.glob("*.bundle"):
                if old.name != name:
                    old.unlink()
            atomic_write(target / name, reply)
        return len(targets)

    @requires(Action.IMPORT)
    def import_relay(self, partial_dir: Path, progress: Progress | None = None) -> list[Received]:
        """Every bundle waiting at the relay, then a reply to each laptop's mailbox. A bundle is
        removed from the relay only once imported (or refused) in the office store, so a crash
        (or cancelling, which ``progress`` lets happen between bundles) repeats work and never
        loses it: a repeated bundle is a duplicate."""
        client = self.relay()
        partial_dir.mkdir(parents=True, exist_ok=True)
        out: list[Received] = []
        step(progress, 0, 0, N_("Asking the relay what is waiting"))
        waiting = client.list()
        for done, entry in enumerate(waiting):
            step(progress, done, len(waiting) + 1, N_("Importing the bundles"))
            data = client.download(entry["id"], partial_path=partial_dir / f"{entry['id']}.part")
            out.append(self.receive(data))
            client.delete(entry["id"])
        # One reply per laptop with news (received bundles, approvals, countersignatures...).
        step(progress, len(waiting), len(waiting) + 1, N_("Sending the replies to the laptops"))
        for enrollment_id, device_id in self._reply_targets():
            device = self.store.device(device_id)
            news = self.store.messages_for(device_id, int(device["office_seq_applied"]))
            if news or any(r.enrollment_id == enrollment_id for r in out):
                client.upload(self.reply_for(device_id), to=enrollment_id)
        return out

    # -- decisions sent back ----------------------------------------------------------------
    @requires(Action.DECIDE_RISK)
    def approve_risk(self, assessment_id: str, decision: dict[str, Any]) -> dict[str, Any]:
        """The signed-in manager's decision on a risk assessment, as its own record, sent to the
        laptop. The manager is who signed in, whatever ``decision`` says."""
        from advisor_app.domain.risk.assessment import RiskAssessment
        from advisor_app.domain.risk.decision import ManagerDecision, decision_applies
        from advisor_app.domain.risk.rules import Stage, blocking_issues
        from advisor_app.domain.validation import validate

        assessment = self.store.record(assessment_id)
        if assessment is None or assessment["entity"] != "risk_assessment":
            raise OfficeError(N_("That risk assessment has not reached the office."))
        data = {"decided_at": dt.datetime.now(dt.timezone.utc).isoformat(), **decision,
                "author_id": self.user.user_id, "manager_name": self.user.name,
                "assessment_id": assessment_id, "assessment_version": assessment["version"]}
        parsed = validate(ManagerDecision, data)
        if not parsed.ok:
            raise OfficeError(" ".join(_(m) for m in parsed.errors.values()))
        form = RiskAssessment.model_validate(assessment["data"])
        issues = blocking_issues(form, Stage.RECORD_DECISION, parsed.value)
        if issues:
            raise OfficeError(" ".join(_(issue.message) for issue in issues))
        if not decision_applies(form, parsed.value):
            raise OfficeError(N_("This decision is dated before the assessment was last sent for a decision."))
        clean = parsed.value.model_dump(mode="json")
        with self.store.transaction() as conn:
            # put_record sends it to every laptop that holds the case.
            record = self.store.put_record("risk_decision", clean, case_id=assessment["case_id"],
                                           by=self.user.name, entity_id=clean["id"], conn=conn)
            self._audit(conn, "decide-risk", assessment_id, decision=clean["decision"], decision_id=clean["id"],
                        case_id=assessment["case_id"], assessment_version=assessment["version"])
        return record

    @requires(Action.RECOVERY_FILE)
    def recovery_file(self, enrollment_id: str) -> tuple[bytes, str]:
        """A recovery file for the laptop of ``enrollment_id`` and the one-time code that opens it
        (office/recovery.py)."""
        from advisor_app.office.recovery import recovery_file

        made = recovery_file(self._enrollment(enrollment_id), self.keys.encryption)
        with self.store.transaction() as conn:
            self._audit(conn, "recovery-file", enrollment_id)
        return made

    @requires(Action.ACKNOWLEDGE_HANDOVER)
    def acknowledge_handover(self, case_id: str, manager_name: str, note: str = "") -> dict[str, Any]:
        """The local manager's acknowledgement of a case's handover: its own record
        (``handover_acknowledgement``, an entity only the office issues), naming the pack the
        manager received, sent to the laptops that hold the case."""
        from advisor_app.domain.setup import ACKNOWLEDGEMENT_ENTITY, HandoverAcknowledgement
        from advisor_app.domain.validation import validate

        setup = next((r for r in self.store.records(case_id=case_id, entity="setup", include_deleted=False)), None)
        pack = (setup or {}).get("data", {}).get("handover_pack_sha256") if setup else None
        if not pack:
            raise OfficeError(N_("That case has not been handed over (or its handover has not reached the office)."))
        document = self.store.document(pack)
        if document is None or document["kind"] != "handover":
            raise OfficeError(N_("The handover pack has not reached the office yet; import the laptop's bundles first."))
        parsed = validate(HandoverAcknowledgement, {
            "pack_sha256": pack, "manager_id": setup["data"].get("manager_id") or "",
            "manager_name": manager_name, "acknowledged_at": dt.datetime.now(dt.timezone.utc).isoformat(),
            "note": note})
        if not parsed.ok:
            raise OfficeError(" ".join(_(m) for m in parsed.errors.values()))
        clean = parsed.value.model_dump(mode="json")
        with self.store.transaction() as conn:
            record = self.store.put_record(ACKNOWLEDGEMENT_ENTITY, clean, case_id=case_id, by=self.user.name,
                                           entity_id=clean["id"], conn=conn)
            self._audit(conn, "acknowledge-handover", case_id, acknowledgement_id=clean["id"], pack=pack)
        return record

    def _manager_identity(self) -> "DeviceIdentity":
        """The signed-in manager's countersigning key and certificate (the office CA's, with
        their name on it), made at their first countersignature and kept under their own key."""
        from advisor_app.signing.device_identity import DeviceIdentity

        office_id = self.public.office_id
        with self.store.transaction() as conn:
            key_pem = users.signing_key(conn, office_id=office_id, user=self.user, user_key=self._user_key)
            certificate = users.by_id(conn, self.user.user_id).certificate_pem  # type: ignore[union-attr]
            if key_pem is None or certificate is None:
                key = ec.generate_private_key(ec.SECP256R1())
                key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption())
                public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                                           serialization.PublicFormat.SubjectPublicKeyInfo)
                made = issue_manager_certificate(self.keys, user_id=self.user.user_id, user_name=self.user.name,
                                                 public_key_pem=public_pem)
                users.set_signing_key(conn, office_id=office_id, user=self.user, user_key=self._user_key,
                                      key_pem=key_pem, certificate_pem=made)
                certificate = made.decode("ascii")
                self._audit(conn, "certificate", self.user.user_id, manager=self.user.name)
        return DeviceIdentity(f"office user {self.user.user_id}", key_pem, certificate.encode("ascii"),
                              self.public.ca_cert_pem)

    @requires(Action.COUNTERSIGN)
    def countersign(self, sha256: str, strokes: list[list[Any]]) -> dict[str, Any]:
        """The signed-in manager's countersignature on a signed agreement: one more incremental
        PAdES signature in the "office" box, made with the certificate the office CA issued to
        that manager, stored insert-only as a new document and sent to the laptop. The
        signatures already made stay exactly as they were."""
        from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole
        from advisor_app.signing import ltv
        from advisor_app.signing import pdf as signing
        from advisor_app.signing.evidence import OfficeRecipient

        current = self.store.document(sha256)
        if current is None or current["kind"] != "signed-agreement":
            raise OfficeError(N_("That signed agreement has not reached the office."))
        meta = current["meta"]
        newer = [d for d in self.store.documents(case_id=current["case_id"])
                 if d["kind"] == "signed-agreement" and d["meta"].get("previous") == sha256]
        if newer:
            raise OfficeError(N_("This agreement has been signed again since; countersign the newest copy."))
        if "office" in meta.get("signed_fields", []):
            raise OfficeError(N_("This agreement is already countersigned."))
        try:
            evidence = SignatureEvidence(strokes=strokes, signer_name=self.user.name, role=SignerRole.OFFICE,
                                         authority=Authority.FOR_PROVIDER, signed_at=dt.datetime.now(dt.timezone.utc),
                                         device_id=f"office {self.public.office_id}", document_sha256=sha256,
                                         field_name="office")
        except ValueError as exc:
            raise OfficeError(N_("Draw the signature in the box first.")) from exc
        identity = self._manager_identity()
        try:
            signed = signing.sign_pdf(current["content"], "office", evidence, identity,
                                      OfficeRecipient(self.public.office_id, self.public.encryption_key)).pdf
            signed = ltv.add_validation_data(signed, certs=self._ca_certs(), crls=[self.crl()])
            tsa_url = self.store.get_meta(_TSA_URL)
            if tsa_url:
                signed = ltv.add_document_timestamp(signed, tsa_url)
        except signing.SignatureRefused as exc:
            raise OfficeError(Msg('This agreement cannot be countersigned: {exc}.', exc=exc)) from exc
        except ltv.LongTermError as exc:
            raise OfficeError(Msg("The agreement was not countersigned: {exc}. Nothing was changed.",
                                  exc=exc)) from exc
        title = current["title"] if "countersigned" in current["title"] else f"{current['title']} (countersigned)"
        new_meta = {**meta, "previous": sha256, "field": "office", "signer": evidence.signer_name,
                    "role": str(SignerRole.OFFICE), "authority": str(Authority.FOR_PROVIDER),
                    "signed_at": evidence.signed_at.isoformat(),
                    "signed_fields": [*meta.get("signed_fields", []), "office"]}
        with self.store.transaction() as conn:
            document = self.store.put_office_document(case_id=current["case_id"], kind="signed-agreement",
                                                      title=title, meta=new_meta, content=signed, conn=conn)
            # To the laptop that sent it, and to the one the case is with now (if it moved since).
            for device_id in {current["device_id"], self.store.case_laptop(current["case_id"], conn=conn)} - {None, OFFICE}:
                self.store.queue_message(device_id, "document", _document_message({**document, "content": signed}),
                                         conn=conn)
            self._audit(conn, "countersign", document["sha256"], previous=sha256, case_id=current["case_id"])
        return document

    def _ca_certs(self) -> list[bytes]:
        from cryptography import x509

        return [x509.load_pem_x509_certificate(self.public.ca_cert_pem).public_bytes(serialization.Encoding.DER)]

    @requires(Action.PUBLISH)
    def publish_provider_files(self, files: dict[str, str]) -> int:
        """Send new provider files (menu, rates, wording) to every enrolled laptop."""
        from advisor_app.services.provider_files import PUBLISHABLE, check_provider_file

        for name, text in files.items():
            if name not in PUBLISHABLE:
                raise OfficeError(Msg("{name} is not a provider file the app uses ({join}).",
                                      name=name, join=', '.join(PUBLISHABLE)))
            problem = check_provider_file(name, text)
            if problem:
                raise OfficeError(Msg('{name} cannot be published: {problem}', name=name, problem=problem))
        devices = [d for d in self.store.devices() if not d.get("revoked_at")]
        with self.store.transaction() as conn:
            for device in devices:
                self.store.queue_message(device["device_id"], "provider", {"files": files}, conn=conn)
            for name, text in files.items():  # the office's copy in use from now on (office/provider_data.py)
                self.store.add_published_file(name, text, by=self.user.name, conn=conn)
            self._audit(conn, "publish", "", files=sorted(files), laptops=len(devices))
        return len(devices)

    # -- conflicts ---------------------------------------------------------------------------
    @requires(Action.RESOLVE_CONFLICT)
    def resolve_conflict(self, conflict_id: str, choice: str) -> dict[str, Any]:
        """Keep the laptop's version (``'incoming'``) or the office's (``'current'``) whole, as the
        signed-in user; the result is a recorded office change sent to the laptops holding the
        record (``OfficeStore.resolve_conflict``). A laptop's version the domain models refuse
        cannot be kept."""
        if choice not in (INCOMING, CURRENT):
            raise ValueError(f"choice must be {INCOMING!r} or {CURRENT!r}, not {choice!r}")
        conflict = self._open_conflict(conflict_id)
        incoming = conflict["incoming"]
        if choice == INCOMING and incoming.get("op") != "delete":
            self._check_valid(conflict["entity"], incoming.get("data"))
        with self.store.transaction() as conn:
            record = self.store.resolve_conflict(conflict_id, choice, self.user.name, conn=conn)
            self._audit(conn, "resolve-conflict", conflict_id, choice=choice, entity=record["entity"],
                        entity_id=record["entity_id"], version=record["version"])
        return record

    @requires(Action.READ)
    def conflict_merge(self, conflict_id: str) -> "Merge":
        """The three-way merge of a conflict: the laptop's edit against the office's record as it
        is now, from the version the laptop edited (``domain/merge.py``). Fields that merged are
        in ``merged``; ``conflicts`` are the fields to choose, with the base and both values."""
        from advisor_app.domain.merge import merge

        conflict = self._open_conflict(conflict_id)
        incoming = conflict["incoming"]
        current = self.store.record(conflict["entity_id"])
        if incoming.get("op") == "delete" or current is None or current["deleted"]:
            raise OfficeError(N_("One side removed this record: keep one whole version instead."))
        base = incoming.get("base") if incoming.get("base_known") else None
        return merge(base, current["data"], incoming["data"])

    @requires(Action.RESOLVE_CONFLICT)
    def resolve_conflict_fields(self, conflict_id: str, choices: dict[str, Any]) -> dict[str, Any]:
        """Settle a conflict field by field. ``choices`` has, for each field both sides changed
        (by its dotted name), ``"office"``, ``"laptop"``, ``"base"`` or ``("edited", text)``; the
        fields only one side changed merge on their own. The record must be valid for the domain
        models; then it is a recorded office change (resolution ``fields``) sent to every laptop
        holding the record. Nothing is saved when a choice is missing or the result is not valid."""
        from advisor_app.domain.merge import MISSING, resolve

        result = self.conflict_merge(conflict_id)
        values: dict[tuple[str, ...], Any] = {}
        for field in result.conflicts:
            choice = choices.get(field.name)
            if choice in ("office", "laptop", "base"):
                values[field.path] = getattr(field, choice)
            elif isinstance(choice, (tuple, list)) and len(choice) == 2 and choice[0] == "edited":
                values[field.path] = _edited_value(field.office if field.office is not MISSING else field.laptop,
                                                   choice[1], field.name)
            else:
                raise OfficeError(Msg("Choose a value for “{field}”. Nothing was saved.", field=field.name))
        data = resolve(result, values)
        self._check_valid(self._open_conflict(conflict_id)["entity"], data)
        with self.store.transaction() as conn:
            record = self.store.resolve_conflict(conflict_id, FIELDS, self.user.name, data=data, conn=conn)
            self._audit(conn, "resolve-conflict", conflict_id, choice=FIELDS, entity=record["entity"],
                        entity_id=record["entity_id"], version=record["version"])
        return record

    def _open_conflict(self, conflict_id: str) -> dict[str, Any]:
        conflict = self.store.conflict(conflict_id)
        if conflict is None or conflict["resolved_at"] is not None:
            raise OfficeError(N_("This conflict was already resolved, or it does not exist."))
        return conflict

    @staticmethod
    def _check_valid(entity: str, data: Any) -> None:
        """A resolution can only make a record the domain models accept."""
        from advisor_app.domain.sections import ENTITY_TITLES, validate_entity

        checked = validate_entity(entity, data)
        if not checked.ok:
            field, problem = next(iter(checked.errors.items()))
            raise OfficeError(Msg("That would make “{title}” not valid (“{field}”: {problem}). Nothing was saved.",
                                  title=_(ENTITY_TITLES.get(entity, entity)), field=field, problem=_(problem)))

    # -- moving a case -----------------------------------------------------------------------
    @requires(Action.MOVE_CASE)
    def move_case(self, case_id: str, to_device_id: str) -> dict[str, Any]:
        """Give a case to another enrolled laptop (another advisor): every record of it, its
        documents and signed agreements, at the office's versions, in one transaction. The laptop
        it leaves is told, and keeps it read-only; edits it made before it was told come to the
        conflicts queue. Returns the move."""
        target = self.store.device(to_device_id)
        case = self.store.record(case_id)
        if target is None or case is None or case["entity"] != "case":
            raise OfficeError(N_("Choose a case and an enrolled laptop that has synced at least once."))
        notice = {"case_id": case_id, "reference": str(case["data"].get("reference", "")),
                  "to_device_id": to_device_id, "to_name": target["name"], "at": utc_now()}
        try:
            with self.store.transaction() as conn:
                move = self.store.move_case(case_id, to_device_id, by=self.user.name, notice=notice, conn=conn)
                for listed in self.store.documents(case_id, conn=conn):
                    document = self.store.document(listed["sha256"], conn=conn)
                    self.store.queue_message(to_device_id, "document", _document_message(document), conn=conn)
                self.store.queue_message(to_device_id, "case_moved", notice, conn=conn)
                self._audit(conn, "move-case", case_id, to_device_id=to_device_id, laptop=target["name"])
        except OfficeStoreError as exc:
            raise OfficeError(str(exc)) from None
        return move

    # -- office users ----------------------------------------------------------------------------
    @requires(Action.READ)
    def users(self, *, include_removed: bool = False) -> list[OfficeUser]:
        return users.all_users(self.store, include_removed=include_removed)

    def _current_roles(self, conn: sa.Connection) -> dict[str, frozenset[Role]]:
        return {u.user_id: u.roles for u in users.all_users(self.store, conn=conn)}

    def _target(self, conn: sa.Connection, name: str) -> OfficeUser:
        found = users.find(conn, name)
        if found is None:
            raise OfficeError(Msg("There is no office user called “{name}”, so nothing was changed.", name=name))
        return found

    @requires(Action.MANAGE_USERS)
    def add_user(self, name: str, roles: Iterable[Role | str], passphrase: str) -> OfficeUser:
        """A new office user with ``roles`` and a first passphrase (they change it when they sign in)."""
        try:
            role_set = parse_roles(roles)
        except ValueError as exc:
            raise OfficeError(str(exc)) from None
        with self.store.transaction() as conn:
            taken = [u.name for u in users.all_users(self.store, conn=conn)]
            problem = name_problem(name, taken) or roles_problem(role_set) or passphrase_problem(passphrase)
            if problem:
                raise OfficeError(problem)
            added, _key = users.add(conn, office_id=self.public.office_id, name=name, roles=role_set,
                                    passphrase=passphrase, data_key=self._data_key, kdf=self._kdf)
            self._audit(conn, "user-add", added.user_id, name=added.name, roles=sorted(r.value for r in role_set))
        return added

    @requires(Action.MANAGE_USERS)
    def remove_user(self, name: str) -> None:
        with self.store.transaction() as conn:
            target = self._target(conn, name)
            problem = keeps_an_administrator(self._current_roles(conn), target.user_id, None)
            if problem:
                raise OfficeError(problem)
            users.remove(conn, target)
            self._audit(conn, "user-remove", target.user_id, name=target.name)

    @requires(Action.MANAGE_USERS)
    def set_user_roles(self, name: str, roles: Iterable[Role | str]) -> None:
        try:
            role_set = parse_roles(roles)
        except ValueError as exc:
            raise OfficeError(str(exc)) from None
        with self.store.transaction() as conn:
            target = self._target(conn, name)
            problem = roles_problem(role_set) or keeps_an_administrator(self._current_roles(conn), target.user_id,
                                                                          role_set)
            if problem:
                raise OfficeError(problem)
            users.set_roles(conn, target, role_set)
            self._audit(conn, "user-roles", target.user_id, name=target.name,
                        roles=sorted(r.value for r in role_set))
        if target.user_id == self.user.user_id:  # what the signed-in user may do changes now
            with self.store.reading() as conn:
                self.user = users.by_id(conn, target.user_id)  # type: ignore[assignment]

    def change_passphrase(self, current: str, new: str) -> None:
        """The signed-in user's own passphrase (any role): their own key is wrapped again."""
        problem = passphrase_problem(new)
        if problem:
            raise OfficeError(problem)
        with self.store.transaction() as conn:
            users.check_passphrase(conn, self.public.office_id, self.user, current)
            users.change_passphrase(conn, office_id=self.public.office_id, user=self.user,
                                    user_key=self._user_key, new_passphrase=new, kdf=self._kdf)
            self._audit(conn, "user-passphrase", self.user.user_id, name=self.user.name)

    @requires(Action.MANAGE_USERS)
    def reset_passphrase(self, name: str, new: str) -> None:
        """An administrator sets a new passphrase for another user (who forgot theirs)."""
        problem = passphrase_problem(new)
        if problem:
            raise OfficeError(problem)
        with self.store.transaction() as conn:
            target = self._target(conn, name)
            if target.user_id == self.user.user_id:
                raise OfficeError(N_("To change your own passphrase, give your current one, so nothing was changed."))
            users.reset_passphrase(conn, office_id=self.public.office_id, user=target, new_passphrase=new,
                                   data_key=self._data_key, kdf=self._kdf)
            self._audit(conn, "user-reset", target.user_id, name=target.name)

    # -- the audit log ---------------------------------------------------------------------------
    @requires(Action.READ)
    def audit_log(self, *, newest_first: bool = False) -> list[audit.Entry]:
        return audit.entries(self.store, newest_first=newest_first)

    @requires(Action.READ)
    def verify_audit(self) -> list[str]:
        """Problems with the audit log (one sentence each); empty when it is whole."""
        return audit.verify(self.store)



def _edited_value(like: Any, text: str, field: str) -> Any:
    """What a person typed for a field, as the kind of value the field holds (text stays text;
    numbers, yes/no, lists are read as JSON)."""
    if isinstance(like, str) or like is None:
        return text
    try:
        return json.loads(text)
    except ValueError:
        raise OfficeError(Msg("“{field}” needs a value like {example}. Nothing was saved.",
                              field=field, example=json.dumps(like))) from None


# What the office's screens and commands may catch or pass, from their service layer.
__all__ = ["DEFAULT_KDF", "KdfParams", "OfficeError", "OfficeService", "OfficeStoreError", "Received"]
