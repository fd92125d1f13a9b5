"""The office's use cases: set up the office keys, enroll and revoke laptops, receive bundles
(from the relay or a folder), and send decisions back: risk approvals, countersigned agreements,
conflict resolutions, new rates and menus. ``office/`` screens and ``cli.py`` call these.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization

from advisor_app.domain.messages import N_, Msg
from advisor_app.i18n import _
from advisor_app.office.importer import ImportResult, import_changes
from advisor_app.office.store import CURRENT, FIELDS, INCOMING, OfficeStore, OfficeStoreError
from advisor_app.office.tables import OFFICE
from advisor_app.store.errors import WrongPassphrase
from advisor_app.store.files import atomic_write
from advisor_app.store.hlc import utc_now
from advisor_app.store.keys import DEFAULT_KDF, KdfParams
from advisor_app.sync import bundle
from advisor_app.sync.enrollment import Enrollment, credential_hash, new_credential, proof
from advisor_app.sync.keys import OfficeKeys, OfficePublic, b64, issue_device_certificate, make_office_keys, unb64

if TYPE_CHECKING:
    from advisor_app.domain.merge import Merge

log = logging.getLogger(__name__)

_PUBLIC, _KEYS, _RELAY_URL, _RELAY_CREDENTIAL = (
    "office.public", "office.keys", "office.relay_url", "office.relay_credential")
_RESEND = "resend."  # + device id: its last bundle was refused, so the next reply asks again
_ENROLLMENT = "enrollment."  # + enrollment id: JSON {name, credential_sha256, created_at, device_id, revoked_at}
TO_OFFICE = "to-office"


class OfficeError(Exception):
    """An office action that cannot be done; ``str()`` says why, and nothing was changed."""


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


def folder_for(enrollment_id: str) -> str:
    return f"to-{enrollment_id}"


def _document_message(document: dict[str, Any]) -> dict[str, Any]:
    """A stored document, with its bytes, as the body of a ``document`` message to a laptop."""
    return {"sha256": document["sha256"], "case_id": document["case_id"], "kind": document["kind"],
            "title": document["title"], "meta": document["meta"], "content": b64(document["content"])}


class OfficeService:
    def __init__(self, store: OfficeStore, keys: OfficeKeys) -> None:
        self.store = store
        self.keys = keys

    # -- setting up and opening --------------------------------------------------------------
    @classmethod
    def init(cls, location: str, passphrase: str, *, name: str, relay_url: str | None = None,
             relay_credential: str | None = None, kdf: KdfParams = DEFAULT_KDF) -> "OfficeService":
        store = OfficeStore.open(location)
        if store.get_meta(_PUBLIC) is not None:
            raise OfficeError(N_("This office is already set up, so nothing was changed."))
        if len(passphrase) < 8:
            raise OfficeError(N_("Choose an office passphrase of at least 8 characters."))
        keys = make_office_keys(str(uuid.uuid4()), name)
        store.set_meta(_PUBLIC, json.dumps(keys.public.as_dict()))
        store.set_meta(_KEYS, json.dumps(keys.seal(passphrase, kdf)))
        service = cls(store, keys)
        service.set_relay(relay_url, relay_credential)
        return service

    @classmethod
    def unlock(cls, location: str, passphrase: str) -> "OfficeService":
        store = OfficeStore.open(location)
        public = store.get_meta(_PUBLIC)
        if public is None:
            raise OfficeError(N_("There is no office set up here yet. Run `advisor-app office init` first."))
        try:
            keys = OfficeKeys.unseal(OfficePublic.from_dict(json.loads(public)),
                                     json.loads(store.get_meta(_KEYS) or "{}"), passphrase)
        except WrongPassphrase:
            raise OfficeError(N_("That office passphrase is not right. Nothing has been changed.")) from None
        return cls(store, keys)

    @property
    def public(self) -> OfficePublic:
        return self.keys.public

    def set_relay(self, url: str | None, credential: str | None) -> None:
        """Where the relay is and the office's credential for it (sealed to the office's own
        key, so the office store never holds it readable)."""
        self.store.set_meta(_RELAY_URL, url or "")
        sealed = bundle.SUITE.encrypt(credential.encode("utf-8"), self.keys.encryption.public_key(),
                                      info=b"advisor-app relay credential") if credential else b""
        self.store.set_meta(_RELAY_CREDENTIAL, b64(sealed))

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

    def _save_enrollment(self, enrollment_id: str, data: dict[str, Any]) -> None:
        self.store.set_meta(_ENROLLMENT + enrollment_id, json.dumps(data))

    def enrollments(self) -> list[dict[str, Any]]:
        return [{"enrollment_id": key[len(_ENROLLMENT):], **json.loads(value)}
                for key, value in self.store.meta_items(_ENROLLMENT)]

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
        self._save_enrollment(enrollment.enrollment_id, {
            "name": name, "credential_sha256": credential_hash(enrollment.credential),
            "created_at": enrollment.created_at, "device_id": None, "revoked_at": None,
            "reference_code": enrollment.reference_code})
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

    def revoke(self, enrollment_id: str) -> None:
        """Stop accepting the laptop's bundles, tell it so, and cut its relay credential."""
        enrollment = self._enrollment(enrollment_id)
        if enrollment is None:
            raise OfficeError(N_("There is no such enrollment."))
        enrollment["revoked_at"] = utc_now()
        self._save_enrollment(enrollment_id, enrollment)
        if enrollment.get("device_id"):
            self.store.revoke_device(enrollment["device_id"], enrollment["revoked_at"])
            self.store.queue_message(enrollment["device_id"], "revoked", {"at": enrollment["revoked_at"]})
        if self.store.get_meta(_RELAY_URL) and self.store.get_meta(_RELAY_CREDENTIAL):
            try:
                self.relay().revoke_device(enrollment_id)
            except Exception as exc:  # the office record stands; the relay is told next time
                log.warning("Could not revoke on the relay: %s", exc)

    # -- receiving ---------------------------------------------------------------------------
    def _refused(self, bundle_id: str, reason: str, enrollment_id: str | None = None,
                 device_id: str | None = None) -> Received:
        self.store.log_refusal(bundle_id, device_id, reason)
        return Received(bundle_id, enrollment_id, ImportResult("refused", reason, 0, 0, 0, 0, 0))

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
                                office_seq_applied=int(device.get("office_seq_applied") or 0))
        if result.state == "refused":
            self.store.set_meta(_RESEND + device_id, "1")
        elif result.state == "imported":
            self._check_signatures(changes, documents, str(device.get("trusted_ca_pem") or ""))
        return Received(bid, enrollment_id, result)

    def _check_signatures(self, changes: list[dict[str, Any]], documents: dict[str, bytes],
                          laptop_ca_pem: str) -> None:
        """Verify every signed agreement that arrived (pyHanko) and keep the result beside it.
        Signatures chain to the office CA, or (made before the laptop's certificate arrived) to
        the laptop's own CA: the check says which."""
        from advisor_app.signing.pdf import verify_pdf

        for change in changes:
            payload = change.get("payload") or {}
            if change.get("entity") != "document" or payload.get("kind") != "signed-agreement":
                continue
            content = documents.get(payload.get("sha256", ""))
            if content is None:
                continue
            office_only = verify_pdf(content, self.public.ca_cert_pem)
            report = office_only if office_only.ok else verify_pdf(
                content, self.public.ca_cert_pem + laptop_ca_pem.encode("ascii"))
            self.store.add_document_check(payload["sha256"], {
                "ok": report.ok, "trusted_by": "office CA" if office_only.ok else "laptop's own CA",
                "problems": list(report.problems),
                "signatures": [{"field": s.field, "signer": s.signer_name, "intact": s.intact,
                                "valid": s.valid, "trusted": s.trusted} for s in report.signatures]})

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
    def import_folder(self, folder: Path) -> list[Received]:
        """Every bundle in ``folder/to-office``, then a fresh reply for every laptop in
        ``folder/to-<enrollment id>``. A processed bundle is removed from the stick (the office
        has it recorded)."""
        inbox = Path(folder) / TO_OFFICE
        out: list[Received] = []
        for path in sorted(inbox.glob("*.bundle"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
            out.append(self.receive(path.read_bytes()))
            path.unlink()
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

    def import_relay(self, partial_dir: Path) -> list[Received]:
        """Every bundle waiting at the relay, then a reply to each laptop's mailbox. A bundle is
        removed from the relay only once imported (or refused) in the office store, so a crash
        repeats work and never loses it: a repeated bundle is a duplicate."""
        client = self.relay()
        partial_dir.mkdir(parents=True, exist_ok=True)
        out: list[Received] = []
        for entry in client.list():
            data = client.download(entry["id"], partial_path=partial_dir / f"{entry['id']}.part")
            out.append(self.receive(data))
            client.delete(entry["id"])
        # One reply per laptop with news (received bundles, approvals, countersignatures...).
        for enrollment_id, device_id in self._reply_targets():
            device = self.store.device(device_id)
            news = self.store.messages_for(device_id, int(device["office_seq_applied"]))
            if news or any(r.enrollment_id == enrollment_id for r in out):
                client.upload(self.reply_for(device_id), to=enrollment_id)
        return out

    # -- decisions sent back ----------------------------------------------------------------
    def approve_risk(self, assessment_id: str, decision: dict[str, Any]) -> dict[str, Any]:
        """The manager's decision on a risk assessment, as its own record, sent to the laptop."""
        from advisor_app.domain.risk.assessment import RiskAssessment
        from advisor_app.domain.risk.decision import ManagerDecision, decision_applies
        from advisor_app.domain.risk.rules import Stage, blocking_issues
        from advisor_app.domain.validation import validate

        assessment = self.store.record(assessment_id)
        if assessment is None or assessment["entity"] != "risk_assessment":
            raise OfficeError(N_("That risk assessment has not reached the office."))
        data = {"decided_at": dt.datetime.now(dt.timezone.utc).isoformat(), "author_id": str(uuid.uuid4()),
                **decision, "assessment_id": assessment_id, "assessment_version": assessment["version"]}
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
        # put_record sends it to every laptop that holds the case.
        return self.store.put_record("risk_decision", clean, case_id=assessment["case_id"],
                                     by=clean["manager_name"], entity_id=clean["id"])

    def countersign(self, sha256: str, manager_name: str, strokes: list[list[Any]]) -> dict[str, Any]:
        """The manager's countersignature on a signed agreement: one more incremental PAdES
        signature (the office CA's key) in the "office" box, stored insert-only as a new document
        and sent to the laptop. The signatures already made stay exactly as they were."""
        from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole
        from advisor_app.signing import pdf as signing
        from advisor_app.signing.device_identity import DeviceIdentity

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
            evidence = SignatureEvidence(strokes=strokes, signer_name=manager_name.strip(), role=SignerRole.OFFICE,
                                         authority=Authority.FOR_PROVIDER, signed_at=dt.datetime.now(dt.timezone.utc),
                                         device_id=f"office {self.public.office_id}", document_sha256=sha256,
                                         field_name="office")
        except ValueError as exc:
            raise OfficeError(N_("Draw the signature and give the manager's name.")) from exc
        ca_key_pem = self.keys.ca_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        identity = DeviceIdentity("office", ca_key_pem, self.public.ca_cert_pem, self.public.ca_cert_pem)
        try:
            signed = signing.sign_pdf(current["content"], "office", evidence, identity)
        except signing.SignatureRefused as exc:
            raise OfficeError(Msg('This agreement cannot be countersigned: {exc}.', exc=exc)) from exc
        title = current["title"] if "countersigned" in current["title"] else f"{current['title']} (countersigned)"
        new_meta = {**meta, "previous": sha256, "field": "office", "signer": evidence.signer_name,
                    "role": str(SignerRole.OFFICE), "authority": str(Authority.FOR_PROVIDER),
                    "signed_at": evidence.signed_at.isoformat(),
                    "signed_fields": [*meta.get("signed_fields", []), "office"]}
        document = self.store.put_office_document(case_id=current["case_id"], kind="signed-agreement",
                                                  title=title, meta=new_meta, content=signed)
        for device_id in {current["device_id"], self.store.case_laptop(current["case_id"])} - {None, OFFICE}:
            self.store.queue_message(device_id, "document", _document_message({**document, "content": signed}))
        return document

    def publish_provider_files(self, files: dict[str, str]) -> int:
        """Send new provider files (menu, rates, wording) to every enrolled laptop."""
        from advisor_app import paths
        from advisor_app.services.provider_files import check_provider_file

        for name, text in files.items():
            if name not in paths.PUBLISHABLE:
                raise OfficeError(Msg("{name} is not a provider file the app uses ({join}).",
                                      name=name, join=', '.join(paths.PUBLISHABLE)))
            problem = check_provider_file(name, text)
            if problem:
                raise OfficeError(Msg('{name} cannot be published: {problem}', name=name, problem=problem))
        devices = [d for d in self.store.devices() if not d.get("revoked_at")]
        for device in devices:
            self.store.queue_message(device["device_id"], "provider", {"files": files})
        return len(devices)


    # -- conflicts ---------------------------------------------------------------------------
    def resolve_conflict(self, conflict_id: str, *, keep_laptop: bool, by: str) -> dict[str, Any]:
        """Keep the laptop's or the office's whole version; the result is a recorded office change
        sent to the laptops holding the record. A laptop's version the domain models refuse
        cannot be kept."""
        conflict = self._open_conflict(conflict_id)
        incoming = conflict["incoming"]
        if keep_laptop and incoming.get("op") != "delete":
            self._check_valid(conflict["entity"], incoming.get("data"))
        return self.store.resolve_conflict(conflict_id, INCOMING if keep_laptop else CURRENT, by)

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

    def resolve_conflict_fields(self, conflict_id: str, choices: dict[str, Any], by: str) -> dict[str, Any]:
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
        return self.store.resolve_conflict(conflict_id, FIELDS, by, data=data)

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
    def move_case(self, case_id: str, to_device_id: str, *, by: str) -> dict[str, Any]:
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
                move = self.store.move_case(case_id, to_device_id, by=by, notice=notice, conn=conn)
                for listed in self.store.documents(case_id, conn=conn):
                    document = self.store.document(listed["sha256"], conn=conn)
                    self.store.queue_message(to_device_id, "document", _document_message(document), conn=conn)
                self.store.queue_message(to_device_id, "case_moved", notice, conn=conn)
        except OfficeStoreError as exc:
            raise OfficeError(str(exc)) from None
        return move


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
