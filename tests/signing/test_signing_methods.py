"""Signing that fits people, as the evidence and the signed box record it: a mark witnessed by the
advisor, assisted signing (a supporter guides the hand), someone signing for the person."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from advisor_app.demo.agreement import synthetic_strokes
from advisor_app.domain.agreement import Authority, SignatureEvidence, SignerRole, SigningMethod
from advisor_app.documents.signature_appearance import caption
from advisor_app.signing.evidence import build_record

BASE = dict(strokes=synthetic_strokes(1), signer_name="Priya Sharma", role=SignerRole.PERSON,
            authority=Authority.OWN_CAPACITY, signed_at=dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.timezone.utc),
            device_id="laptop-1", document_sha256="0" * 64, field_name="person", signs_for_themselves=True)


def test_a_mark_is_witnessed_and_says_so():
    mark = SignatureEvidence(**{**BASE, "method": SigningMethod.MARK, "witness_name": "Jess Demo"})
    assert caption(mark) == ["Priya Sharma, the person", "A mark, witnessed by Jess Demo, on 20 November 2026"]
    record, kept = build_record(mark, None)
    assert record["method"] == "mark" and record["witness_name"] == "Jess Demo" and record["supporter_name"] is None
    assert kept is not None  # no office key: the samples stay on the laptop
    with pytest.raises(ValidationError, match="saw it made"):
        SignatureEvidence(**{**BASE, "method": SigningMethod.MARK})


def test_assisted_signing_names_the_supporter():
    helped = SignatureEvidence(**{**BASE, "method": SigningMethod.ASSISTED, "supporter_name": "Kiran Sharma"})
    assert caption(helped)[1] == "Helped by Kiran Sharma, who guided the hand, on 20 November 2026"
    assert build_record(helped, None)[0]["supporter_name"] == "Kiran Sharma"
    with pytest.raises(ValidationError, match="guide the hand"):
        SignatureEvidence(**{**BASE, "method": SigningMethod.ASSISTED})


def test_someone_signing_for_the_person_says_for_whom_and_with_what_authority():
    anita = SignatureEvidence(**{**BASE, "signer_name": "Anita Sharma", "on_behalf_of": "Priya Sharma",
                                 "signs_for_themselves": False, "authority": Authority.NOMINATED_PERSON})
    assert caption(anita)[0] == "Signed for Priya by Anita Sharma, nominated person"
    record = build_record(anita, None)[0]
    assert (record["on_behalf_of"], record["signs_for_themselves"], record["authority"]) == (
        "Priya Sharma", False, "nominated_person")
    with pytest.raises(ValidationError, match="what lets them sign"):
        SignatureEvidence(**{**BASE, "on_behalf_of": "Priya Sharma", "signs_for_themselves": False})
    with pytest.raises(ValidationError, match="whose box"):
        SignatureEvidence(**{**BASE, "signs_for_themselves": False, "authority": Authority.DEPUTY})
