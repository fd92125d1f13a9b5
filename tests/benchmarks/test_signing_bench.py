"""Signing the agreement (DESIGN.md budgets): the contract pack built, 0.5 s; one signature
applied (appearance drawn, evidence sealed to the office, PAdES signature), 0.3 s; and the
verifier's check of a pack with three signatures (no budget of its own: reported)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from advisor_app.demo import DEMO_PASSPHRASE, case_named, create_demo_store
from advisor_app.demo.agreement import synthetic_strokes
from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole
from advisor_app.services import AdvisorService, agreement
from advisor_app.signing.device_identity import make_identity
from advisor_app.signing.evidence import OfficeRecipient
from advisor_app.signing.pdf import sign_pdf
from advisor_app.signing.verify import TrustAnchors, verify_pdf
from advisor_app.sync.keys import raw_public

PACK_BUDGET_S, SIGN_BUDGET_S = 0.5, 0.3


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    directory = tmp_path_factory.mktemp("sign-bench") / "demo"
    create_demo_store(directory)
    service = AdvisorService.unlock(directory, DEMO_PASSPHRASE)
    yield service, case_named(service, "Priya Sharma")
    service.lock()


def _evidence(pdf: bytes, field: str, role: SignerRole) -> SignatureEvidence:
    return SignatureEvidence(strokes=synthetic_strokes(2), signer_name="Anita Sharma", role=role,
                             authority=Authority.OWN_CAPACITY, signed_at=dt.datetime.now(dt.timezone.utc),
                             device_id="bench", document_sha256=hashlib.sha256(pdf).hexdigest())


def test_contract_pack_built(benchmark, demo):
    service, priya = demo
    pdf = benchmark(lambda: agreement.make_pack(service, priya, made_on=dt.date(2026, 11, 20)))
    assert pdf.startswith(b"%PDF-")
    assert benchmark.stats.stats.median < PACK_BUDGET_S


def test_one_signature_applied(benchmark, demo):
    service, priya = demo
    pack = agreement.make_pack(service, priya, made_on=dt.date(2026, 11, 20))
    identity, _ = make_identity("bench", "Bench")
    office = OfficeRecipient("office", raw_public(X25519PrivateKey.generate()))
    evidence = _evidence(pack, "nominated_person", SignerRole.NOMINATED_PERSON)
    signed = benchmark(lambda: sign_pdf(pack, "nominated_person", evidence, identity, office))
    assert signed.record["pen"]["sealed_to"] == "office"
    assert benchmark.stats.stats.median < SIGN_BUDGET_S


def test_a_pack_with_three_signatures_verified(benchmark, demo):
    service, priya = demo
    pdf = agreement.make_pack(service, priya, made_on=dt.date(2026, 11, 20))
    identity, _ = make_identity("bench", "Bench")
    for field, role in (("nominated_person", SignerRole.NOMINATED_PERSON), ("person", SignerRole.PERSON),
                        ("advisor", SignerRole.ADVISOR)):
        pdf = sign_pdf(pdf, field, _evidence(pdf, field, role), identity).pdf
    report = benchmark(lambda: verify_pdf(pdf, TrustAnchors.from_pem(identity.ca_cert_pem)))
    assert report.intact, report.problems
