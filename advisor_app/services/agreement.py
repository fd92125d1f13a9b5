"""The agreement: made from the case, stored as versions, signed one signer at a time, verified.

A *version* is an unsigned pack (document kind ``agreement``) made when signing starts. Each
signature makes a new insert-only document (kind ``signed-agreement``), named by its SHA-256,
whose meta records the chain: ``base`` (the unsigned version), ``previous`` (the document that
was signed onto), ``field``, ``signer``, ``role`` and ``digest``. Nothing stored is ever changed.

Freeze rule: once a version has its first signature it is fixed. ``agreement_digest`` captures
exactly the case data the agreement is made from; when the case's digest differs from the
version's, ``needs_new_version`` is true, more signatures on the old version are refused, and
``start_signing`` makes a new version to be signed again. The old one stays as it was.

The device's key and certificate live in the encrypted store (``signing.device_identity``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from advisor_app import paths

from advisor_app.documents import agreement as builder
from advisor_app.domain.agreement import (
    Missing,
    SignatureEvidence,
    Signer,
    agreement_digest,
    missing_for_signing,
    signers,
)
from advisor_app.domain.authority import OFFICE_SIGNATURE_FIELDS
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_, Msg
from advisor_app.i18n import _
from advisor_app.services import documents as docs
from advisor_app.services.cases import AdvisorService, CaseView
from advisor_app.signing import pdf as signing
from advisor_app.signing.device_identity import (
    LOCAL_TRUST_FILE, TRUST_FILE, DeviceIdentity, device_identity, publish_trust, split_trust,
)
from advisor_app.signing.evidence import KeptSamples, OfficeRecipient
from advisor_app.signing.verify import TrustAnchors, VerificationReport, verify_pdf
from advisor_app.store.errors import StoreError
from advisor_app.store.records import DocumentRecord

KIND = "agreement"
SIGNED = "signed-agreement"
_DIGEST_KEY = "agreement.digest."  # + sha256 of an unsigned version -> the case digest it was made from
# + sha256 of a signed state -> its pen samples, kept here because no office key was known to seal
# them to (signed before enrollment). In the encrypted store, never journaled: they never travel.
_KEPT_PEN = "signing.pen_samples."


class AgreementError(docs.DocumentError):
    """The agreement cannot be made or signed; the message says why in plain words."""


class AgreementNotReady(AgreementError):
    def __init__(self, missing: list[Missing]) -> None:
        self.missing = missing
        super().__init__(_("Before the agreement can be signed, please add: {items}",
                           items=" ".join(_(m.message) for m in missing)))


# ---- what the agreement is made from ------------------------------------------------------------


def _sections(service: AdvisorService, case_id: str) -> dict[str, Any]:
    return service.load_case(case_id).data()


def current_digest(service: AdvisorService, case_id: str) -> str:
    return agreement_digest(_sections(service, case_id), docs.advisor_name(service), builder.wording())


def missing(service: AdvisorService, case_id: str) -> list[Missing]:
    """What blocks signing, each with the stage and field to jump to."""
    return missing_for_signing(_sections(service, case_id), docs.advisor_name(service))


def signers_for(service: AdvisorService, case_id: str) -> list[Signer]:
    return signers(_sections(service, case_id), docs.advisor_name(service))


def advisor_view(service: AdvisorService, view: CaseView) -> list[Any]:
    """The pack's four parts as the advisor reads them on screen, with the guidance notes."""
    return builder.advisor_view(docs.document_input(service, view))


def laptop_anchors(store: Path | None, extra_pems: list[bytes] = ()) -> TrustAnchors:
    """A laptop's trust, read from the public files in its store folder (no passphrase needed):
    its office's CA, and its own CA for device certificates only; ``extra_pems`` add more.
    ``ValueError`` when an extra one is not a certificate."""
    folder = store or paths.default_store_dir()
    found = []
    for name in (TRUST_FILE, LOCAL_TRUST_FILE):
        try:
            found.append((folder / name).read_bytes())
        except OSError:
            found.append(b"")
    return TrustAnchors.from_pem(found[0], *extra_pems, device_roots=[found[1]])


def verify(pdf: bytes, anchors: TrustAnchors) -> VerificationReport:
    """Every signature of a signed agreement checked against ``anchors`` (signing/verify.py)."""
    return verify_pdf(pdf, anchors)


def pack_to_read(service: AdvisorService, case_id: str) -> tuple[bytes, str]:
    """What to read together: the newest state of the version to sign while it still matches the
    case, else a fresh preview (nothing stored). Returns the PDF and its title."""
    found = versions(service, case_id)
    if found and not needs_new_version(service, case_id):
        latest = head(service, found[-1].sha256)
        if latest is not None:
            return docs.document_bytes(service, latest.sha256), latest.title
    return make_pack(service, case_id), _("Our agreement")


def make_pack(service: AdvisorService, case_id: str, *, made_on: dt.date | None = None) -> bytes:
    """The unsigned pack for a preview; nothing is stored. Raises ``AgreementNotReady``."""
    lacking = missing(service, case_id)
    if lacking:
        raise AgreementNotReady(lacking)
    return builder.build(docs.document_input(service, service.load_case(case_id), made_on=made_on))


# ---- versions -----------------------------------------------------------------------------------


def version_digest(service: AdvisorService, record: DocumentRecord) -> str | None:
    """The case digest a stored version (or a signed state of it) was made from."""
    if record.kind == SIGNED:
        return record.meta.get("digest")
    return record.meta.get("digest") or service.store.meta(_DIGEST_KEY + record.sha256)


def versions(service: AdvisorService, case_id: str) -> list[DocumentRecord]:
    """The unsigned versions of the case's agreement, oldest first."""
    return service.store.documents(case_id=case_id, kind=KIND)


def signed_versions(service: AdvisorService, case_id: str) -> list[DocumentRecord]:
    """Every signed state of the case's agreement (one per signature), oldest first."""
    return service.store.documents(case_id=case_id, kind=SIGNED)


def chain(service: AdvisorService, base_sha: str) -> list[DocumentRecord]:
    """The signed states of one version, in signing order."""
    base = service.store.document(base_sha, with_content=False)
    if base is None:
        return []
    return [r for r in signed_versions(service, base.case_id) if r.meta.get("base") == base_sha]


def head(service: AdvisorService, base_sha: str) -> DocumentRecord | None:
    """The newest state of a version: its last signed document, else the unsigned version."""
    found = chain(service, base_sha)
    return found[-1] if found else service.store.document(base_sha, with_content=False)


def still_to_sign(service: AdvisorService, case_id: str, base_sha: str) -> list[Signer]:
    """The boxes of version ``base_sha`` not signed yet, in order; the office's is not among
    them (a manager countersigns it later, at the office)."""
    latest = head(service, base_sha)
    done = set(latest.meta.get("signed_fields", [])) if latest is not None and latest.kind == SIGNED else set()
    return [s for s in signers_for(service, case_id) if s.field not in done and s.field not in OFFICE_SIGNATURE_FIELDS]


def newest_signed(service: AdvisorService, case_id: str) -> DocumentRecord | None:
    """The most signed state of the newest version that has a signature (for ``--kind signed-agreement``)."""
    signed = signed_versions(service, case_id)
    return signed[-1] if signed else None


def is_frozen(service: AdvisorService, base_sha: str) -> bool:
    """A version is fixed once it has its first signature."""
    return bool(chain(service, base_sha))


def needs_new_version(service: AdvisorService, case_id: str) -> bool:
    """The case changed, in a way that affects the agreement, since the newest version made to be
    signed (signed already or not). False when there is none: there is nothing to replace.
    (A pack saved from the documents screen without ``start_signing`` has no digest: skipped.)"""
    known = [d for d in (version_digest(service, r) for r in versions(service, case_id)) if d]
    return bool(known) and known[-1] != current_digest(service, case_id)


def start_signing(service: AdvisorService, case_id: str, *, made_on: dt.date | None = None) -> DocumentRecord:
    """The version to sign: the newest one if the case still says what it says, else a new
    version made and stored now (the older ones, signed or not, stay as they are)."""
    digest = current_digest(service, case_id)
    found = versions(service, case_id)
    if found and version_digest(service, found[-1]) == digest:
        return found[-1]
    pdf = make_pack(service, case_id, made_on=made_on)
    view = service.load_case(case_id)
    sha = hashlib.sha256(pdf).hexdigest()
    title = _("Agreement")
    if view.header.person_name:
        title = f"{title}: {view.header.person_name}"
    with service.store.transaction():
        record = service.store.put_document(
            case_id=case_id, kind=KIND, title=title, content=pdf,
            meta={"reference": view.header.reference, "stage": str(Stage.AGREEMENT), "digest": digest,
                  "status": "unsigned", "fields": [s.field for s in signers(view.data(), docs.advisor_name(service))]})
        service.store.set_meta({_DIGEST_KEY + sha: digest})
    return record


def identity(service: AdvisorService) -> DeviceIdentity:
    from advisor_app.store.provider_profile import load_profile

    try:
        organisation = load_profile().name
    except Exception:  # the identity is made once; a missing profile must not stop signing
        organisation = "advisor-app"
    found = device_identity(service.store, organisation)
    publish_trust(service.store, found)
    return found


def add_signature(service: AdvisorService, case_id: str, version_sha: str, signer: Signer | str,
                  evidence: SignatureEvidence) -> DocumentRecord:
    """Sign the document ``version_sha`` (a version, or its newest signed state) in the signer's
    field, and store the result as a new document. Refused when the case has changed since the
    version was made, when ``version_sha`` is not the newest state of its version, or when the
    evidence is not about the bytes being signed."""
    field = signer.field if isinstance(signer, Signer) else signer
    current = service.store.document(version_sha)
    if current is None or current.case_id != case_id or current.kind not in (KIND, SIGNED):
        raise AgreementError(N_("That agreement is not in this store."))
    base_sha = current.sha256 if current.kind == KIND else current.meta["base"]
    base = service.store.document(base_sha, with_content=False)
    assert base is not None
    latest = head(service, base_sha)
    if latest is None or latest.sha256 != current.sha256:
        raise AgreementError(N_("Someone has signed this agreement since it was opened. Please open it again."))
    if version_digest(service, base) != current_digest(service, case_id):
        raise AgreementError(N_("The case has changed since this agreement was made. Make a new version and "
                                "sign that."))
    if evidence.document_sha256 != current.sha256:
        raise AgreementError(N_("The signature was made on a different copy of the agreement."))
    if field not in base.meta.get("fields", [field]):
        raise AgreementError(Msg("There is no box for “{field}” in this agreement.", field=field))
    if field in OFFICE_SIGNATURE_FIELDS:  # who may say what (domain/authority.py)
        raise AgreementError(N_("Only a manager at the office countersigns, in the office."))
    assert current.content is not None
    try:
        signed = signing.sign_pdf(current.content, field, evidence, identity(service), office_recipient(service))
    except signing.SignatureRefused as exc:
        raise AgreementError(Msg("This agreement cannot be signed: {reason}.", reason=str(exc))) from exc
    title = f"{base.title} ({_('signed')})"
    with service.store.transaction():
        record = service.store.put_document(
            case_id=case_id, kind=SIGNED, title=title, content=signed.pdf,
            meta={"reference": base.meta.get("reference", ""), "stage": str(Stage.AGREEMENT), "base": base_sha,
                  "previous": current.sha256, "field": field, "signer": evidence.signer_name,
                  "role": str(evidence.role), "authority": str(evidence.authority),
                  "on_behalf_of": evidence.on_behalf_of, "method": str(evidence.method),
                  "signed_at": evidence.signed_at.isoformat(), "digest": version_digest(service, base),
                  "signed_fields": [*current.meta.get("signed_fields", []), field], "version_of": base.version})
        if signed.kept is not None:
            service.store.set_meta({_KEPT_PEN + record.sha256:
                                    json.dumps({"salt": signed.kept.salt, "strokes": signed.kept.strokes})})
    return record


def office_recipient(service: AdvisorService) -> OfficeRecipient | None:
    """The office the pen samples are sealed to: the one this laptop is enrolled with (None before)."""
    from advisor_app.sync.device import DeviceSync

    enrollment = DeviceSync(service.store).enrollment
    if enrollment is None:
        return None
    return OfficeRecipient(enrollment.office.office_id, enrollment.office.encryption_key)


def kept_pen_samples(service: AdvisorService, sha256: str) -> KeptSamples | None:
    """The pen samples of a signature made before enrollment (kept only in this store)."""
    row = service.store.meta(_KEPT_PEN + sha256)
    if row is None:
        return None
    data = json.loads(row)
    return KeptSamples(data["salt"], data["strokes"])


def trust_anchors(service: AdvisorService) -> TrustAnchors:
    """What this laptop trusts: its office's CA (once enrolled), and its own local CA for its
    device certificate only."""
    office, local = split_trust(service.store, identity(service))
    return TrustAnchors.from_pem(office, device_roots=[local])


def verify_stored(service: AdvisorService, sha256: str, extra: TrustAnchors | None = None) -> VerificationReport:
    """Verify a stored signed agreement against this laptop's anchors, and say so where the
    store holds a later signed state of the same version."""
    record = service.store.document(sha256)
    if record is None or record.content is None:
        raise StoreError(N_("That document is not in this store."))
    anchors = trust_anchors(service) if extra is None else trust_anchors(service).plus(extra)
    report = verify_pdf(record.content, anchors)
    return report.with_notes(later_version_note(service, record))


def later_version_note(service: AdvisorService, record: DocumentRecord) -> str:
    base = record.meta.get("base") if record.kind == SIGNED else record.sha256
    newest = head(service, base) if base else None
    if newest is None or newest.sha256 == record.sha256:
        return ""
    return Msg("a later signed copy of this agreement is in the store ({fields} signed): {sha}",
               fields=", ".join(newest.meta.get("signed_fields", [])), sha=newest.sha256[:12])


def file_name(record: DocumentRecord) -> str:
    """C-2026-0003-signed-agreement-v1-2.pdf: the version, then how many signatures it has."""
    if record.kind == SIGNED:
        count = len(record.meta.get("signed_fields", []))
        name = docs.file_name(record.meta.get("reference", ""), SIGNED, record.meta.get("version_of", 1))
        return f"{name.removesuffix('.pdf')}-{count}.pdf"
    return docs.record_file_name(record)
