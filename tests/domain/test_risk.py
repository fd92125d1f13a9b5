"""The assessment form as data: drafts save, everything round-trips through JSON, references are
readable and unique, and the manager's decision is a separate record."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from advisor_app.domain.risk import (
    DecisionKind,
    ManagerDecision,
    RiskAssessment,
    latest_decision,
    next_reference,
    parse_reference,
    prefill_from_picture,
)
from advisor_app.domain.validation import validate
from tests.domain.risk_examples import COMPLETE, SENT_AT, UTC, assessment, data, decision


def test_a_new_draft_needs_only_its_reference():
    draft = RiskAssessment(reference="RA-2026-0001")
    assert draft.id and draft.title == "" and draft.reviews == [] and draft.capacity.has_capacity == "not_assessed"
    assert draft.deprivation_of_liberty is None and not draft.needs_dols_process


def test_the_complete_form_round_trips_through_json():
    original = assessment(sent_for_decision_at=SENT_AT.isoformat(),
                          reviews=[{"reviewed_on": "2026-09-01", "changed": True, "notes": "New route."}])
    stored = json.loads(json.dumps(original.model_dump(mode="json")))
    again = validate(RiskAssessment, stored)
    assert again.ok, again.errors
    assert again.value == original
    assert stored["doing_nothing"]["community"]["rating"] == {"likelihood": "likely", "impact": "moderate"}
    assert stored["assessors"][0]["signature_id"] == "sig-1" and stored["assessors"][0]["signed_on"] == "2026-03-01"


def test_computed_answers_are_not_stored():
    stored = assessment(deprivation_of_liberty=True).model_dump(mode="json")
    assert "needs_dols_process" not in stored and "needs_safeguards" not in stored


def test_the_assessment_has_no_place_for_the_managers_decision():
    result = validate(RiskAssessment, data(manager_decision={"decision": "approved"}))
    assert result.errors == {"manager_decision": "This field is not part of the form."}


def test_a_fifth_review_is_refused_with_a_reason():
    reviews = [{"reviewed_on": f"2027-0{n}-01", "changed": False} for n in range(1, 6)]
    assert validate(RiskAssessment, data(reviews=reviews)).errors == {
        "reviews": "An assessment holds up to four reviews. Start a new assessment after the fourth."}
    assert validate(RiskAssessment, data(reviews=reviews[:4])).ok


def test_empty_rows_are_not_entries_and_parties_are_listed_once():
    a = assessment(triggers=["Crowds", "  ", ""], who_might_be_harmed=["staff", "staff", "person"])
    assert a.triggers == ["Crowds"]
    assert a.who_might_be_harmed == ["staff", "person"]


def test_a_rating_must_come_from_the_scale():
    bad = data(residual_risk={"rating": {"likelihood": "often", "impact": "minor"}})
    assert validate(RiskAssessment, bad).errors == {
        "residual_risk.rating.likelihood": "Please choose one of the options."}


@pytest.mark.parametrize("reference", ["RA-26-0001", "ra-2026-0001", "RA-2026-1", "X-2026-0001", ""])
def test_a_reference_must_look_like_one(reference):
    assert "reference" in validate(RiskAssessment, data(reference=reference)).errors


def test_references_count_up_per_year():
    assert next_reference([], 2026) == "RA-2026-0001"
    existing = ["RA-2026-0001", "RA-2026-0007", "RA-2025-0042", "C-2026-0099", "nonsense"]
    assert next_reference(existing, 2026) == "RA-2026-0008"
    assert next_reference(existing, 2025) == "RA-2025-0043"
    assert next_reference(existing, 2027) == "RA-2027-0001"
    assert next_reference(["RA-2026-9999"], 2026) == "RA-2026-10000"


def test_references_made_on_different_devices_stay_distinct_with_a_store_code():
    existing = ["RA-2026-0003", "RA-KP-2026-0004", "RA-JD-2026-0010"]
    assert next_reference(existing, 2026, store_code="KP") == "RA-KP-2026-0005"
    assert next_reference(existing, 2026, store_code="AB") == "RA-AB-2026-0001"
    assert parse_reference("RA-KP-2026-0005") == ("KP", 2026, 5)
    assert parse_reference("RA-2026-0005") == (None, 2026, 5)
    assert validate(RiskAssessment, data(reference="RA-KP-2026-0005")).ok
    with pytest.raises(ValueError, match="one to six capital letters"):
        next_reference([], 2026, store_code="kp1")


def test_important_to_and_for_are_prefilled_from_the_picture_and_stay_editable():
    prefill = prefill_from_picture(["  Music ", "music", "", "My dog"], ["Taking my tablets"])
    assert prefill == {"important_to": ["Music", "My dog"], "important_for": ["Taking my tablets"]}
    a = RiskAssessment(reference="RA-2026-0002", **prefill)
    a.important_to = [*a.important_to, "Seeing my sister"]
    assert a.important_to == ["Music", "My dog", "Seeing my sister"]


def test_a_managers_decision_is_its_own_record_with_author_and_time():
    d = decision("approved_with_conditions")
    assert d.assessment_id == "ra-1" and d.author_id == "manager-3" and d.decided_on == dt.date(2026, 3, 10)
    assert d.id  # its own identity, not the assessment's
    with pytest.raises(ValidationError):
        d.decision = DecisionKind.NOT_APPROVED  # replaced by a newer decision, never edited
    stored = json.loads(json.dumps(d.model_dump(mode="json")))
    assert ManagerDecision.model_validate(stored) == d


def test_a_decision_needs_its_conditions_a_manager_and_a_time_zone():
    base = {"assessment_id": "ra-1", "manager_name": "Pat Green", "author_id": "m-3",
            "decided_at": "2026-03-10T15:00:00+00:00"}
    assert validate(ManagerDecision, {**base, "decision": "approved_with_conditions"}).errors == {
        "conditions": "Write the conditions of the approval."}
    assert validate(ManagerDecision, {**base, "decision": "approved", "manager_name": ""}).errors == {
        "manager_name": "Please fill this in."}
    naive = validate(ManagerDecision, {**base, "decision": "approved", "decided_at": "2026-03-10T15:00:00"})
    assert list(naive.errors) == ["decided_at"]


def test_the_latest_decision_about_an_assessment_stands():
    first = decision("not_approved", on=dt.date(2026, 3, 5))
    second = decision("approved", on=dt.date(2026, 3, 9))
    other = decision("approved", on=dt.date(2026, 3, 20), assessment_id="ra-2")
    assert latest_decision([second, other, first], "ra-1") is second
    assert latest_decision([other], "ra-1") is None


def test_the_example_used_by_the_other_tests_is_complete_and_valid():
    assert validate(RiskAssessment, COMPLETE).ok
    assert SENT_AT.tzinfo is UTC
