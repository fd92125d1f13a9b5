"""Incremental PAdES signatures on the agreement.

``sign_pdf`` adds one signer's revision: the field's appearance (the drawn signature with who,
as what, how and when: signing/appearance.py) and a PAdES signature made with the signer's
certificate. The signer's evidence (signing/evidence.py) is a signed attribute of that very
signature: it adds nothing else to the file, so the revision changes nothing but the signer's
own field, and the evidence cannot be replaced without breaking the signature.
Verification is in signing/verify.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Sequence

from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from advisor_app.domain.agreement import SIGNER_ROLE_LABELS, SignatureEvidence
from advisor_app.documents import signature_appearance as appearance
from advisor_app.signing.device_identity import DeviceIdentity
from advisor_app.signing.evidence import EvidenceAttributes, KeptSamples, OfficeRecipient, build_record


class SignatureRefused(ValueError):
    """The PDF cannot be signed as asked (no such field, already signed, not a PDF)."""


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    record: dict[str, Any]  # the evidence record the signature carries
    kept: KeptSamples | None  # pen samples to keep on the laptop (none could be sealed)


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


def sign_pdf(pdf: bytes, field_name: str, evidence: SignatureEvidence, identity: DeviceIdentity,
             office: OfficeRecipient | None = None) -> Signed:
    """``pdf`` with one more incremental revision: the signature in ``field_name``, showing the
    drawn strokes and caption, made (PAdES) with ``identity``'s certificate and carrying the
    evidence; the pen samples are sealed to ``office`` (kept aside when there is none yet)."""
    if not pdf.startswith(b"%PDF-"):
        raise SignatureRefused("not a PDF")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:
        raise SignatureRefused("the file cannot be read as a PDF") from exc
    return sign_revision(writer, field_name, evidence, identity, office)


def sign_revision(writer: IncrementalPdfFileWriter, field_name: str, evidence: SignatureEvidence,
                  identity: DeviceIdentity, office: OfficeRecipient | None = None) -> Signed:
    """Sign in ``writer``'s revision (whatever else it holds: the tests build hostile files so)."""
    from advisor_app.signing.verify import quiet_pyhanko

    quiet_pyhanko()
    box = _field_box(writer.prev, field_name)
    if box is None:
        raise SignatureRefused(f"there is no signature field called {field_name}")
    evidence = evidence.model_copy(update={"field_name": field_name})
    record, kept = build_record(evidence, office)
    key = load_private_key_from_pemder_data(identity.key_pem, passphrase=None)
    cert = next(iter(load_certs_from_pemder_data(identity.cert_pem)))
    ca = list(load_certs_from_pemder_data(identity.ca_cert_pem))
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                  cert_registry=SimpleCertificateStore.from_certs([cert, *ca]))
    signer.signed_attr_prov_spec = EvidenceAttributes(cert, record)
    width, height = box
    style = StaticStampStyle(border_width=0, background=appearance.signed_box(evidence, width - 4, height - 4),
                             background_opacity=1.0, background_layout=appearance.INSIDE_BORDER)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        name=evidence.signer_name, reason=_reason(evidence),
        location=f"advisor-app device {evidence.device_id}")
    out = io.BytesIO()
    try:
        signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, output=out)
    except SigningError as exc:
        raise SignatureRefused(str(exc)) from exc
    return Signed(out.getvalue(), record, kept)


def _reason(evidence: SignatureEvidence) -> str:
    from advisor_app.i18n import _

    role = _(SIGNER_ROLE_LABELS[evidence.role])
    if evidence.on_behalf_of:
        return _("{role}: signed for {owner}", role=role, owner=evidence.on_behalf_of)
    return role


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
