"""The one verifier of a signed agreement: ``advisor-app verify``, the app's check of a stored
version and the office's check on arrival all call ``verify_pdf``.

A pack passes (``report.ok``) only when all of this holds:

- every signature is intact and valid (pyHanko), made with a certificate the verifier trusts
  (``TrustAnchors``: CA certificates, and at the office the laptops it enrolled, known by key);
- each signature is in a field the agreement has, made with the right kind of certificate for
  it (signing/roles.py: a laptop's device certificate for the person's, the family's and the
  advisor's boxes; a named manager's certificate for the office's box), and carries its
  evidence (signing/evidence.py) about that very field, role and the exact bytes shown;
- pyHanko's difference analysis, run on every revision after the first signature, finds that
  each revision changed nothing but the next signer's own field (or, after the office's
  countersignature, added long-term validation data and a document timestamp). An annotation,
  a new field, new content, a changed page box, a font, an embedded file: "changed after
  signing";
- every box marked Required in the pack is signed (a file cut back to an earlier revision says
  which boxes are still to sign).

Document timestamps (PAdES B-LTA) must be intact; whether their authority is among the anchors
is reported beside them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Any, Iterable

from asn1crypto import crl as asn1_crl, x509 as asn1_x509
from cryptography import x509

from advisor_app.domain.agreement import FIELD_ROLES, SignerRole as Box
from advisor_app.domain.messages import N_, Msg
from advisor_app.signing.evidence import EvidenceError, read_record
from advisor_app.signing.roles import SignerRole, role_of

log = logging.getLogger(__name__)
REQUIRED = 2  # the AcroForm field flag "Required"
MAX_REVISIONS = 64  # a pack has about ten (the boxes, validation data, timestamps): more is hostile


def quiet_pyhanko() -> None:
    """pyHanko's warnings and tracebacks go to the app's log (the root logger's handlers, where
    the app sets them up), never to a person's terminal: a handler of their own keeps Python's
    last-resort handler (which prints to stderr) from ever being used for them."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class TrustAnchors:
    """What the verifier trusts.

    ``roots``: CA certificates (DER) a signer's certificate may chain to: the office CA, a
    laptop's own local CA, a timestamping authority, anything given with ``--trust``.
    ``enrolled``: certificates (DER) the office issued to the laptops it enrolled; a signature
    made with the same key (even under the laptop's certificate from before enrollment) is that
    laptop's. ``crls``: revocation lists (DER) known besides those the file carries.
    ``device_roots``: CAs (DER) trusted for device certificates only: a laptop's own local CA,
    which must never vouch for a manager's countersignature.
    """

    roots: tuple[bytes, ...] = ()
    enrolled: tuple[bytes, ...] = ()
    crls: tuple[bytes, ...] = ()
    device_roots: tuple[bytes, ...] = ()

    @classmethod
    def from_pem(cls, *pems: bytes | None, enrolled: Iterable[bytes] = (), crls: Iterable[bytes] = (),
                 device_roots: Iterable[bytes | None] = ()) -> "TrustAnchors":
        return cls(tuple(_certs(pems)), tuple(_certs(enrolled)), tuple(crls), tuple(_certs(device_roots)))

    def plus(self, other: "TrustAnchors") -> "TrustAnchors":
        return TrustAnchors(self.roots + other.roots, self.enrolled + other.enrolled, self.crls + other.crls,
                            self.device_roots + other.device_roots)


def _certs(pems: Iterable[bytes | None]) -> Iterable[bytes]:
    from pyhanko.keys import load_certs_from_pemder_data

    for pem in pems:
        if pem:
            yield from (c.dump() for c in load_certs_from_pemder_data(pem))


# ---- the report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    signer_name: str  # who held the pen (the evidence; else /Name)
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the CMS signature checks out
    trusted: bool  # the certificate chains to an anchor (or is an enrolled laptop's key)
    trusted_as: str  # which anchor: a CA's name, or "enrolled laptop ..."
    certificate_role: str  # device, manager or "" (signing/roles.py)
    signed_revision: int
    evidence: dict[str, Any] | None
    problems: tuple[str, ...] = ()
    coverage: str = ""

    @property
    def covers_whole_file(self) -> bool:
        return self.coverage == "ENTIRE_FILE"

    @property
    def on_behalf_of(self) -> str:
        return (self.evidence or {}).get("on_behalf_of") or ""


@dataclass(frozen=True)
class TimestampCheck:
    field: str
    at: dt.datetime | None
    intact: bool
    trusted: bool
    authority: str
    signed_revision: int


@dataclass(frozen=True)
class BoxState:
    field: str
    signed: bool
    required: bool


@dataclass(frozen=True)
class VerificationReport:
    signatures: tuple[SignatureCheck, ...]
    revisions: int
    problems: tuple[str, ...] = ()  # tampering, distrust, wrong signer: the file must not be relied on
    boxes: tuple[BoxState, ...] = ()
    timestamps: tuple[TimestampCheck, ...] = ()
    long_term: str = ""  # "", "B-LT" or "B-LTA"
    notes: tuple[str, ...] = ()  # e.g. a later signed version known to the store or the office

    @property
    def still_to_sign(self) -> list[str]:
        return [b.field for b in self.boxes if b.required and not b.signed]

    @property
    def intact(self) -> bool:
        """Every signature made so far is intact, trusted and allowed, and nothing else changed."""
        return bool(self.signatures) and not self.problems

    @property
    def ok(self) -> bool:
        """Intact, and every box that must be signed is signed."""
        return self.intact and not self.still_to_sign

    def with_notes(self, *notes: str) -> "VerificationReport":
        from dataclasses import replace

        return replace(self, notes=self.notes + tuple(n for n in notes if n))


# ---- verifying -----------------------------------------------------------------------------------


def _context(anchors: TrustAnchors, reader: Any, moment: dt.datetime | None = None) -> Any:
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(c) for c in anchors.roots + anchors.device_roots]
    crls = [asn1_crl.CertificateList.load(c) for c in anchors.crls]
    kwargs: dict[str, Any] = dict(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail",
                                  crls=crls, moment=moment, retroactive_revinfo=True)
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
    except Exception:  # no DSS (or none readable): the anchors alone
        return ValidationContext(**kwargs)


def _name(cert: asn1_x509.Certificate | None) -> str:
    return cert.subject.native.get("common_name", "") if cert is not None else ""


def _public_key(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)


def _enrolled_by_key(anchors: TrustAnchors) -> dict[bytes, x509.Certificate]:
    certs = (x509.load_der_x509_certificate(der) for der in anchors.enrolled)
    return {_public_key(cert): cert for cert in certs}


def _revision_ends(pdf: bytes, reader: Any) -> list[int]:
    """Where each revision's bytes end (after its %%EOF and line end)."""
    ends = []
    for rev in range(reader.xrefs.total_revisions):
        at = pdf.find(b"%%EOF", reader.xrefs.get_xref_container_info(rev).end_location)
        at = len(pdf) if at < 0 else at + 5
        while at < len(pdf) and pdf[at:at + 1] in (b"\r", b"\n"):
            at += 1
        ends.append(at)
    return ends


def _fields(reader: Any) -> list[BoxState]:
    form = reader.root.get("/AcroForm")
    out = []
    for ref in (form.get_object().get("/Fields", []) if form is not None else []):
        fld = ref.get_object()
        if fld.get("/FT") == "/Sig":
            out.append(BoxState(str(fld.get("/T")), fld.get("/V") is not None,
                                bool(int(fld.get("/Ff", 0)) & REQUIRED)))
    return out


def _check_signature(sig: Any, anchors: TrustAnchors, context: Any, enrolled: dict[bytes, x509.Certificate],
                     shown: bytes) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature

    name = sig.field_name
    problems: list[str] = []
    try:
        status = validate_pdf_signature(sig, context, skip_diff=True)
    except Exception as exc:  # a broken signature is a failed check, never a crash
        log.info("signature %s cannot be checked: %s", name, exc)
        return SignatureCheck(name, "", "", None, False, False, False, "", "", sig.signed_revision, None,
                              (Msg("{box}: the signature cannot be checked", box=name),))
    cert = status.signing_cert
    crypto_cert = x509.load_der_x509_certificate(cert.dump())
    trusted, trusted_as = bool(status.trusted), ""
    role = role_of(crypto_cert)
    if trusted:
        anchor = getattr(status.validation_path.trust_anchor.authority, "certificate", None) \
            if status.validation_path is not None else None
        trusted_as = _name(anchor) if anchor is not None else "a trusted CA"
        if anchor is not None and role != SignerRole.DEVICE and anchor.dump() in anchors.device_roots \
                and anchor.dump() not in anchors.roots:
            role = None  # a laptop's own CA vouches for its device certificate, nothing else
    pinned = enrolled.get(_public_key(crypto_cert))
    if pinned is not None and status.valid and status.intact and not trusted:
        trusted, trusted_as = True, f"enrolled laptop {pinned.subject.rfc4514_string()}"
        role = role_of(pinned)  # the office's own certificate says what this key is
    try:
        record = read_record(sig.signer_info)
    except EvidenceError as exc:
        record, problems = None, [Msg("{box}: {reason}", box=name, reason=str(exc))]
    if not status.intact:
        problems.append(Msg("{box}: the signed content has been changed", box=name))
    elif not status.valid:
        problems.append(Msg("{box}: the signature does not match the signed content", box=name))
    if not trusted:
        problems.append(Msg("{box}: the signer's certificate ({subject}) is not from a trusted issuer",
                            box=name, subject=_name(cert)))
    box = FIELD_ROLES.get(name)
    if box is None:
        problems.append(Msg("{box}: the agreement has no box of that name", box=name))
    else:
        needed = SignerRole.MANAGER if box == Box.OFFICE else SignerRole.DEVICE
        if role != needed:
            problems.append(Msg("{box}: this box must be signed with a named office manager's certificate",
                                box=name) if needed == SignerRole.MANAGER else
                            Msg("{box}: this box must be signed with a laptop's certificate", box=name))
    if record is None and not problems:
        problems.append(Msg("{box}: the signature carries no evidence of how it was made", box=name))
    elif record is not None:
        if record.get("field") != name or (box is not None and record.get("role") != box.value):
            problems.append(Msg("{box}: the evidence is about another box", box=name))
        if (record.get("shown") or {}).get("pack_sha256") != hashlib.sha256(shown).hexdigest():
            problems.append(Msg("{box}: the evidence is about another copy of the agreement", box=name))
    return SignatureCheck(
        field=name, signer=_name(cert),
        signer_name=(record or {}).get("signer_name") or str(sig.sig_object.get("/Name", "")),
        signed_at=status.signer_reported_dt, intact=bool(status.intact), valid=bool(status.valid),
        trusted=trusted, trusted_as=trusted_as, certificate_role=role.value if role else "",
        signed_revision=sig.signed_revision, evidence=record, problems=tuple(problems),
        coverage=status.coverage.name if status.coverage is not None else "")


def _check_timestamp(sig: Any, context: Any) -> tuple[TimestampCheck, list[str]]:
    from pyhanko.sign.validation import validate_pdf_timestamp

    try:
        status = validate_pdf_timestamp(sig, context, skip_diff=True)
    except Exception as exc:
        log.info("document timestamp %s cannot be checked: %s", sig.field_name, exc)
        return (TimestampCheck(sig.field_name, None, False, False, "", sig.signed_revision),
                [Msg("the document timestamp {name} cannot be checked", name=sig.field_name)])
    intact = bool(status.intact and status.valid)
    check = TimestampCheck(sig.field_name, status.timestamp, intact, bool(status.trusted),
                           _name(status.signing_cert), sig.signed_revision)
    return check, [] if intact else [Msg("the document timestamp {name} has been changed", name=sig.field_name)]


def _changes(reader: Any, first: int, signed_at: dict[int, str], stamped_at: dict[int, str]) -> list[str]:
    """pyHanko's difference analysis on each revision after the first signature: each may fill
    only its own signer's field; an unsigned revision may add only validation data (DSS)."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel

    problems = []
    last_signed = signed_at.get(first, "")
    for rev in range(first + 1, reader.xrefs.total_revisions):
        own = signed_at.get(rev) or stamped_at.get(rev)
        allowed = ModificationLevel.FORM_FILLING if rev in signed_at else ModificationLevel.LTA_UPDATES
        try:
            result = DEFAULT_DIFF_POLICY.apply(reader.get_historical_resolver(rev - 1),
                                               reader.get_historical_resolver(rev))
        except Exception as exc:  # SuspiciousModification, or a revision pyHanko cannot even compare
            log.info("revision %d: %s", rev, exc)
            problems.append(Msg("changed after signing: revision {rev} (after {box} signed) changes the document "
                                "beyond {allowed}", rev=rev, box=last_signed, allowed=own or "validation data"))
            continue
        extra = set(result.changed_form_fields) - ({own} if own else set())
        if result.modification_level > allowed or extra:
            what = ", ".join(sorted(extra)) if extra else result.modification_level.name.lower()
            problems.append(Msg("changed after signing: revision {rev} (after {box} signed) changes {what}",
                                rev=rev, box=last_signed, what=what))
        if rev in signed_at:
            last_signed = signed_at[rev]
    return problems


def verify_pdf(pdf: bytes, anchors: TrustAnchors | None = None, *, at: dt.datetime | None = None) -> VerificationReport:
    """Every signature, timestamp and revision of ``pdf`` checked; ``report.ok`` is the verdict.
    ``at``: check as of that moment instead of now (a dispute years later)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    quiet_pyhanko()
    anchors = anchors or TrustAnchors()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
        revisions = reader.xrefs.total_revisions
        boxes = tuple(_fields(reader))
        ends = _revision_ends(pdf, reader)
    except Exception as exc:  # a broken file is a failed check, never a crash
        log.info("not a readable PDF: %s", exc)
        return VerificationReport((), 0, (N_("the file cannot be read as a PDF"),))
    if revisions > MAX_REVISIONS or len(embedded) > MAX_REVISIONS:
        return VerificationReport((), revisions, (Msg("the file has {n} revisions: far more than an agreement has",
                                                      n=revisions),), boxes)
    signatures = [s for s in embedded if s.sig_object_type == "/Sig"]
    stamps = [s for s in embedded if s.sig_object_type == "/DocTimeStamp"]
    if not signatures:
        return VerificationReport((), revisions, (N_("the file has no signatures"),), boxes)
    problems: list[str] = []
    if not anchors.roots and not anchors.enrolled and not anchors.device_roots:
        problems.append(N_("no trust anchors: give the CA to trust with --trust"))
    timestamps = []
    now_context = _context(anchors, reader, at)
    for sig in stamps:
        check, issues = _check_timestamp(sig, now_context)
        timestamps.append(check)
        problems += issues
    # A signature is judged as of the earliest intact, trusted document timestamp (B-LTA: it
    # proves the signatures and their validation data existed then); without one, the laptop's
    # signatures as of the office's trusted countersignature, which vouches they were good then
    # (so revoking a stolen laptop later does not undo the agreements countersigned before).
    proven = [t.at for t in timestamps if t.intact and t.trusted and t.at is not None]
    enrolled = _enrolled_by_key(anchors)
    def check(sig: Any, context: Any) -> SignatureCheck:
        try:
            shown = pdf[:ends[sig.signed_revision - 1]] if sig.signed_revision > 0 else b""
            return _check_signature(sig, anchors, context, enrolled, shown)
        except Exception as exc:  # a hostile signature is a failed check, never a crash
            log.info("signature %s cannot be checked: %s", sig.field_name, exc)
            return SignatureCheck(str(sig.field_name), "", "", None, False, False, False, "", "", -1, None,
                                  (Msg("{box}: the signature cannot be checked", box=str(sig.field_name)),))

    as_of = min(proven) if proven else None
    context = _context(anchors, reader, as_of) if as_of else now_context
    office = [check(s, context) for s in signatures if s.field_name == Box.OFFICE.value]
    countersigned = next((c for c in office if not c.problems and c.signed_at), None)
    if as_of is None and countersigned is not None:
        context = _context(anchors, reader, countersigned.signed_at)
    checks = office + [check(s, context) for s in signatures if s.field_name != Box.OFFICE.value]
    for one in checks:
        problems += one.problems
    first = min((c.signed_revision for c in checks if c.signed_revision >= 0), default=0)
    problems += _changes(reader, first, {c.signed_revision: c.field for c in checks},
                         {t.signed_revision: t.field for t in timestamps})
    has_dss = "/DSS" in reader.root
    long_term = ("B-LTA" if timestamps and has_dss else "B-LT") if has_dss else ""
    return VerificationReport(tuple(sorted(checks, key=lambda c: c.signed_revision)), revisions,
                              tuple(dict.fromkeys(problems)), boxes,
                              tuple(sorted(timestamps, key=lambda t: t.signed_revision)), long_term)
