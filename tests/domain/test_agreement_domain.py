"""The agreement's pure rules: what blocks signing (with where to go), who signs, the evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from advisor_app.domain.agreement import (
    Authority,
    SignatureEvidence,
    SignerRole,
    agreement_digest,
    missing_for_signing,
    signers,
)

PERSON = {"first_name": "Priya", "last_name": "Sharma", "address": "48 Emm Lane, Bradford"}
CIRCLE = {"members": [{"id": "anita", "name": "Anita Sharma", "relationship": "Mum",
                       "roles": ["nominated_person", "funding_decision_maker"]},
                      {"id": "uncle", "name": "Raj Sharma", "roles": []}]}


def test_an_empty_case_lists_everything_with_where_to_go():
    missing = missing_for_signing({}, advisor_name="")
    paths = [m.field_path for m in missing]
    assert paths == ["person.first_name", "person.address", "circle.members", "circle.members", "funding.sources",
                     "support_plan.how_to_support_me_well", "proposal", "advisor_name"]
    assert {str(m.stage) for m in missing} == {"first_meetings", "support_plan", "costing", "agreement"}
    assert all(m.message.endswith(".") for m in missing)


def test_the_advisor_name_is_checked_only_when_given():
    assert "advisor_name" not in [m.field_path for m in missing_for_signing({})]


def test_a_person_who_decides_for_themselves_needs_no_nominated_person():
    sections = {"person": {**PERSON, "decides_about_contract": True, "decides_about_funding": True}}
    paths = [m.field_path for m in missing_for_signing(sections)]
    assert "circle.members" not in paths
    boxes = signers(sections, "Jess")
    assert [(s.field, s.required) for s in boxes] == [("person", True), ("advisor", True), ("office", False)]


def test_signers_name_the_nominated_person_and_a_different_funding_decider():
    sections = {"person": PERSON, "circle": CIRCLE}
    assert [s.field for s in signers(sections, "Jess")] == ["person", "nominated_person", "advisor", "office"]
    other = {"members": [{**CIRCLE["members"][0], "roles": ["nominated_person"]},
                         {"id": "uncle", "name": "Raj Sharma", "roles": ["funding_decision_maker"]}]}
    boxes = signers({"person": PERSON, "circle": other}, "Jess")
    assert [(s.field, s.name) for s in boxes][:3] == [("person", "Priya Sharma"), ("nominated_person", "Anita Sharma"),
                                                      ("funding_decision_maker", "Raj Sharma")]


def test_the_digest_ignores_what_the_agreement_does_not_say():
    sections = {"person": PERSON, "circle": CIRCLE}
    base = agreement_digest(sections, "Jess")
    assert agreement_digest({"person": {**PERSON, "notes": "Loves baking"}, "circle": CIRCLE}, "Jess") == base
    assert agreement_digest({"person": {**PERSON, "address": "1 Other Street"}, "circle": CIRCLE}, "Jess") != base
    assert agreement_digest(sections, "Jess", {"version": 2}) != base


def test_evidence_needs_a_drawn_line_and_the_document_hash():
    good = dict(strokes=[[(0, 0, 0, None), (10, 5, 16, 0.4)]], signer_name="Anita Sharma",
                role=SignerRole.NOMINATED_PERSON, authority=Authority.LPA_PROPERTY_FINANCIAL,
                signed_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone.utc), device_id="d",
                document_sha256="a" * 64)
    evidence = SignatureEvidence(**good)
    assert SignatureEvidence.model_validate_json(evidence.model_dump_json()) == evidence
    with pytest.raises(ValidationError):
        SignatureEvidence(**{**good, "strokes": [[(0, 0, 0, None)]]})
    with pytest.raises(ValidationError):
        SignatureEvidence(**{**good, "document_sha256": "not a hash"})
