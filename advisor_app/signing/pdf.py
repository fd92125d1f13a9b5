"""Incremental PAdES signatures on the agreement, and their verification.

``sign_pdf`` adds one signer's revision: their evidence (strokes, name, role, authority, time,
device, the hash of the bytes they were shown) as an embedded file, then the drawn signature as
the field's appearance, then a PAdES signature made with the device's certificate over the whole
file as it then is. The evidence is written in the same incremental update as the signature, so
the signature covers it: nothing reaches the file unsigned.

``verify_pdf`` validates every signature with pyHanko and decides the verdict:

- each signature must be intact (its digest matches) and valid (the CMS signature checks);
- the last signature must cover the whole file: any byte appended after it (an incremental
  update adding an annotation, an embedded file, anything) fails the check;
- every revision after the first signature must itself end in a signature. A later signer's
  revision adds their evidence and their signature; pyHanko's difference analysis then reports
  for the earlier signature what changed (``modification_level``), which we show, and we accept
  it because the later revision is covered, in full, by the next signer's own valid signature.
  An unsigned revision in between (someone editing, then another signing) is refused.

With ``trust_pem`` the signer certificates must chain to it (the office's or the local CA).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from typing import Sequence

from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from advisor_app.domain.agreement import SignatureEvidence
from advisor_app.signing.device_identity import DeviceIdentity

EVIDENCE_PREFIX = "signature-evidence-"
INK = (0.05, 0.15, 0.45)


class SignatureRefused(ValueError):
    """The PDF cannot be signed as asked (no such field, already signed, not a PDF)."""


# ---- the drawn signature ------------------------------------------------------------------------


def strokes_content(evidence: SignatureEvidence, width: float, height: float) -> bytes:
    """PDF path operators drawing the strokes, scaled to fit a ``width`` x ``height`` box (y up),
    with the line a little thicker where the pen pressed harder."""
    points = [(p[0], p[1]) for s in evidence.strokes for p in s]
    if not points:
        return b""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0 = min(xs), min(ys)
    span_x, span_y = max(max(xs) - x0, 1.0), max(max(ys) - y0, 1.0)
    pad = 6.0
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2
    out = [b"q", b"%.3f %.3f %.3f RG" % INK, b"1 J 1 j"]
    for stroke in evidence.strokes:
        if len(stroke) < 2:
            continue
        pressures = [p[3] for p in stroke if p[3] is not None]
        weight = 1.2 + 1.3 * (sum(pressures) / len(pressures) if pressures else 0.5)
        out.append(b"%.2f w" % weight)
        for i, (x, y, _t, _p) in enumerate(stroke):
            px = off_x + (x - x0) * scale
            py = height - (off_y + (y - y0) * scale)  # the drawing's y runs down the screen
            out.append(b"%.2f %.2f %s" % (px, py, b"l" if i else b"m"))
        out.append(b"S")
    out.append(b"Q")
    return b"\n".join(out)


def _field_box(reader: PdfFileReader, name: str) -> tuple[float, float] | None:
    """The (width, height) of the signature field's widget; None if there is no such field."""
    form = reader.root.get("/AcroForm")
    if form is None:
        return None
    for ref in form.get_object()["/Fields"]:
        fld = ref.get_object()
        if fld.get("/T") == name:
            if fld.get("/V") is not None:
                raise SignatureRefused(f"the field {name} is already signed")
            rect = [float(v) for v in fld["/Rect"]]
            return abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
    return None


# ---- signing --------------------------------------------------------------------------------------


def sign_pdf(pdf: bytes, field_name: str, evidence: SignatureEvidence, identity: DeviceIdentity) -> bytes:
    """``pdf`` with one more incremental revision: the evidence embedded, then the signature in
    ``field_name`` showing the drawn strokes, signed (PAdES) with the device's certificate."""
    if not pdf.startswith(b"%PDF-"):
        raise SignatureRefused("not a PDF")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    box = _field_box(writer.prev, field_name)
    if box is None:
        raise SignatureRefused(f"there is no signature field called {field_name}")
    blob = evidence.model_dump_json().encode("utf-8")
    stamp = f"{EVIDENCE_PREFIX}{field_name}.json"
    when = evidence.signed_at if evidence.signed_at.tzinfo else evidence.signed_at.replace(tzinfo=dt.timezone.utc)
    embed_file(writer, FileSpec(
        file_spec_string=stamp, file_name=stamp,
        embedded_data=EmbeddedFileObject.from_file_data(
            writer, data=blob, mime_type="application/json",
            params=EmbeddedFileParams(creation_date=when, modification_date=when)),
        description=f"Evidence of the signature by {evidence.signer_name} ({evidence.role})",
        af_relationship=generic.NameObject("/Supplement")))
    key = load_private_key_from_pemder_data(identity.key_pem, passphrase=None)
    cert = next(iter(load_certs_from_pemder_data(identity.cert_pem)))
    ca = list(load_certs_from_pemder_data(identity.ca_cert_pem))
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                  cert_registry=SimpleCertificateStore.from_certs([cert, *ca]))
    width, height = box
    style = StaticStampStyle(
        border_width=0,
        background=RawContent(strokes_content(evidence, width, height), box=BoxConstraints(width, height)),
        background_opacity=1.0)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        name=evidence.signer_name, reason=f"{evidence.role}: {evidence.authority}",
        location=f"advisor-app device {evidence.device_id}")
    out = io.BytesIO()
    try:
        signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(
            writer, output=out)
    except SigningError as exc:
        raise SignatureRefused(str(exc)) from exc
    return out.getvalue()


# ---- verifying ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    signer_name: str  # /Name in the signature: the person who drew it
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the CMS signature checks out
    trusted: bool  # the certificate chains to the trust root given
    coverage: str  # ENTIRE_FILE, ENTIRE_REVISION, ...
    covers_whole_file: bool
    modification_level: str  # what was changed after this signature, as pyHanko classifies it
    signed_revision: int
    summary: str


@dataclass(frozen=True)
class VerificationReport:
    signatures: tuple[SignatureCheck, ...]
    revisions: int
    problems: tuple[str, ...] = field(default_factory=tuple)
    trust_given: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.problems


def _trust(trust_pem: bytes | None) -> ValidationContext:
    if trust_pem is None:
        return ValidationContext(allow_fetching=False, revocation_mode="soft-fail")
    roots = list(load_certs_from_pemder_data(trust_pem))
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _cn(cert: asn1_x509.Certificate | None) -> str:
    if cert is None:
        return ""
    return cert.subject.native.get("common_name", "")


def verify_pdf(pdf: bytes, trust_pem: bytes | None = None) -> VerificationReport:
    """Each signature checked with pyHanko's validator, and the verdict (``report.ok``)."""
    problems: list[str] = []
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
        revisions = reader.xrefs.total_revisions
    except Exception as exc:  # a broken file is a failed check, never a crash
        return VerificationReport((), 0, (f"the file cannot be read as a PDF: {exc}",), trust_pem is not None)
    if not embedded:
        return VerificationReport((), revisions, ("the file has no signatures",), trust_pem is not None)
    checks: list[SignatureCheck] = []
    for sig in embedded:
        name = sig.field_name
        try:
            status = validate_pdf_signature(sig, _trust(trust_pem))
        except Exception as exc:
            problems.append(f"{name}: the signature cannot be checked: {exc}")
            checks.append(SignatureCheck(name, "", "", None, False, False, False, "NONE", False, "", -1,
                                         f"cannot be checked: {exc}"))
            continue
        coverage = status.coverage.name if status.coverage is not None else "NONE"
        level = status.modification_level.name if status.modification_level is not None else ""
        whole = coverage == "ENTIRE_FILE"
        signed_at = status.signer_reported_dt
        sig_name = str(sig.sig_object.get("/Name", ""))
        checks.append(SignatureCheck(
            field=name, signer=_cn(status.signing_cert), signer_name=sig_name, signed_at=signed_at,
            intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
            coverage=coverage, covers_whole_file=whole, modification_level=level,
            signed_revision=sig.signed_revision, summary=status.summary()))
        if not status.intact:
            problems.append(f"{name}: the signed content has been changed")
        elif not status.valid:
            problems.append(f"{name}: the signature does not match the signed content")
        if trust_pem is not None and not status.trusted:
            problems.append(f"{name}: the signer's certificate is not issued by the trusted CA")
    last = max(checks, key=lambda c: c.signed_revision)
    if not last.covers_whole_file:
        problems.append("the file was changed after the last signature (an update was appended)")
    signed_revisions = {c.signed_revision for c in checks}
    first = min(signed_revisions)
    unsigned = [r for r in range(first + 1, revisions) if r not in signed_revisions]
    if unsigned:
        problems.append(f"{len(unsigned)} revision(s) after the first signature are not signed")
    if not _pages_unchanged(reader, first, revisions - 1):
        problems.append("the pages were changed after the first signature")
    return VerificationReport(tuple(sorted(checks, key=lambda c: c.signed_revision)), revisions,
                              tuple(dict.fromkeys(problems)), trust_pem is not None)


def _page_contents(root: generic.DictionaryObject) -> list[bytes]:
    out = []

    def walk(node: generic.DictionaryObject) -> None:
        node = node.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                walk(kid)
            return
        contents = node.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        streams = contents if isinstance(contents, generic.ArrayObject) else [contents] if contents else []
        out.append(b"\x00".join(c.get_object().data for c in streams))

    walk(root["/Pages"])
    return out


def _pages_unchanged(reader: PdfFileReader, first: int, last: int) -> bool:
    """The printed pages (every page's content) are the same in the last revision as when the
    first signature was made: later signers' revisions may only add their evidence and signature."""
    try:
        return _page_contents(reader.get_historical_root(first)) == _page_contents(reader.get_historical_root(last))
    except Exception:
        return False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def evidence_files(pdf: bytes) -> dict[str, bytes]:
    """The embedded evidence files, by name (for the office, and for tests)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    out: dict[str, bytes] = {}
    names = reader.root.get("/Names")
    names = names.get_object() if names is not None else None
    if names is None or "/EmbeddedFiles" not in names:
        return out

    def walk(node: generic.DictionaryObject) -> None:
        if "/Names" in node:
            items = node["/Names"]
            for i in range(0, len(items), 2):
                spec = items[i + 1].get_object()
                out[str(items[i])] = spec["/EF"]["/F"].get_object().data
        for kid in node.get("/Kids", []):
            walk(kid.get_object())

    walk(names["/EmbeddedFiles"].get_object())
    return out


def signature_fields(pdf: bytes) -> Sequence[tuple[str, bool]]:
    """Each signature field of the PDF and whether it is signed."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    form = reader.root.get("/AcroForm")
    out = []
    for ref in (form.get_object()["/Fields"] if form is not None else []):
        fld = ref.get_object()
        if fld.get("/FT") == "/Sig":
            out.append((str(fld.get("/T")), fld.get("/V") is not None))
    return out
