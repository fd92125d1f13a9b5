"""Long-term validity, added by the office when it countersigns (docs/signatures.md).

- PAdES B-LT: a Document Security Store with every certificate of every signature's chain and
  the office CA's revocation list, so a verifier years later needs nothing online.
- PAdES B-LTA: then a document timestamp from the office's timestamping service (RFC 3161 over
  HTTP), which proves the signatures and that validation data existed at that time: after the
  certificates expire, the signatures are judged as of the timestamp.

Both are incremental updates after the office's signature; the verifier's difference analysis
accepts them there, and nothing else.
"""

from __future__ import annotations

import io
import urllib.request
from typing import Any, Iterable

from asn1crypto import crl as asn1_crl, tsp, x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore

TSA_TIMEOUT = 20  # seconds


class LongTermError(Exception):
    """The long-term data could not be added (the timestamping service failed, say)."""


def _signature_certs(reader: PdfFileReader) -> list[asn1_x509.Certificate]:
    out: dict[bytes, asn1_x509.Certificate] = {}
    for sig in reader.embedded_signatures:
        for choice in sig.signed_data["certificates"] or []:
            if choice.name == "certificate":
                out.setdefault(choice.chosen.dump(), choice.chosen)
    return list(out.values())


def add_validation_data(pdf: bytes, *, certs: Iterable[bytes] = (), crls: Iterable[bytes] = ()) -> bytes:
    """B-LT: one incremental update adding a DSS with the signatures' certificates, ``certs``
    (DER, e.g. the CAs) and ``crls`` (DER)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    chain = _signature_certs(writer.prev) + [asn1_x509.Certificate.load(c) for c in certs]
    DocumentSecurityStore.supply_dss_in_writer(writer, None, certs=chain,
                                               crls=[asn1_crl.CertificateList.load(c) for c in crls])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class HttpTimeStamper(TimeStamper):
    """An RFC 3161 client over plain HTTP(S) with the standard library (no extra dependency)."""

    def __init__(self, url: str, timeout: float = TSA_TIMEOUT) -> None:
        super().__init__()
        self.url, self.timeout = url, timeout

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        request = urllib.request.Request(self.url, data=req.dump(), method="POST",
                                         headers={"Content-Type": "application/timestamp-query"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (the office's own URL)
                if response.headers.get_content_type() != "application/timestamp-reply":
                    raise LongTermError("the timestamping service did not answer with a timestamp")
                return tsp.TimeStampResp.load(response.read(1024 * 1024))
        except OSError as exc:
            raise LongTermError(f"the timestamping service cannot be reached: {exc}") from exc


def add_document_timestamp(pdf: bytes, tsa_url: str, validation_context: Any = None) -> bytes:
    """B-LTA: a document timestamp from the service at ``tsa_url`` over the whole file."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = io.BytesIO()
    try:
        PdfTimeStamper(HttpTimeStamper(tsa_url)).timestamp_pdf(writer, "sha256", validation_context,
                                                               output=out)
    except LongTermError:
        raise
    except Exception as exc:
        raise LongTermError(f"the document timestamp could not be added: {exc}") from exc
    return out.getvalue()
