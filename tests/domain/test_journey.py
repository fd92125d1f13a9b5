"""The journey as a state machine: which moves are allowed and why not."""

import datetime as dt

import pytest

from advisor_app.domain import journey
from advisor_app.domain.case import next_reference
from advisor_app.domain.journey import CaseState, JourneyError, Stage, Status

TODAY = dt.date.today().isoformat()
ENQUIRY = {"received_on": TODAY, "route": "family", "contact_phone": "0113 496 0000",
           "looking_for": "Help to get out", "urgency": "soon", "lives_in": "Leeds", "decision": "pursue"}
FIRST = {
    "enquiry": ENQUIRY,
    "person": {"first_name": "Amara", "last_name": "Okafor", "postcode": "LS6 2AB"},
    "circle": {"members": [{"name": "Ngozi", "roles": ["nominated_person", "funding_decision_maker",
                                                          "contract_decision_maker"]}]},
    "funding": {"sources": [{"type": "direct_payment", "amount": "400.00", "period": "week"}]},
}


def test_every_stage_of_the_domain_is_in_order():
    assert journey.ORDER == (Stage.ENQUIRY, Stage.FIRST_MEETINGS, Stage.PICTURE, Stage.SERVICE_DESIGN,
                             Stage.SUPPORT_PLAN, Stage.RISK, Stage.COSTING, Stage.AGREEMENT, Stage.SETUP,
                             Stage.REVIEWS)


def test_cannot_move_on_until_the_enquiry_is_complete():
    reason = journey.why_not_move(CaseState(), Stage.FIRST_MEETINGS, {"enquiry": {"route": "family"}})
    assert reason.startswith("“Enquiry” is not finished yet. Still needed: When the enquiry came in")
    with pytest.raises(JourneyError):
        journey.move(CaseState(), Stage.FIRST_MEETINGS, {})
    assert journey.move(CaseState(), Stage.FIRST_MEETINGS, {"enquiry": ENQUIRY}).stage == Stage.FIRST_MEETINGS


def test_one_stage_at_a_time_and_back_is_always_allowed():
    state = CaseState(stage=Stage.FIRST_MEETINGS)
    assert journey.why_not_move(CaseState(), Stage.PICTURE, FIRST) == \
        "Move on one stage at a time: next is “First meetings”."
    assert journey.why_not_move(state, Stage.ENQUIRY, {}) is None


def test_first_meetings_needs_both_names_and_one_nominated_person():
    half = dict(FIRST, person={"first_name": "Amara"})
    assert "The person's name" in journey.completeness(Stage.FIRST_MEETINGS, half).missing
    two = dict(FIRST, circle={"members": [*FIRST["circle"]["members"], {"name": "Kiran", "roles": ["nominated_person"]}]})
    assert journey.completeness(Stage.FIRST_MEETINGS, two).missing == ["Only one nominated person in the circle"]


def test_blocked_lists_what_is_still_needed():
    detail = journey.blocked(CaseState(), Stage.FIRST_MEETINGS, {"enquiry": {**ENQUIRY, "urgency": None}})
    assert detail.still_needed == ("How urgent it is",)


def test_first_meetings_needs_who_decides_about_money_and_contract():
    partial = dict(FIRST, circle={"members": [{"name": "Ngozi", "roles": []}]})
    done = journey.completeness(Stage.FIRST_MEETINGS, partial)
    assert done.missing == ["Who decides about the money", "Who decides about the contract"]
    assert journey.completeness(Stage.FIRST_MEETINGS, FIRST).complete


def test_the_person_can_decide_for_themselves():
    sections = dict(FIRST, circle={"members": []},
                    person={**FIRST["person"], "decides_about_funding": True, "decides_about_contract": True})
    assert journey.completeness(Stage.FIRST_MEETINGS, sections).complete


def test_a_case_not_pursued_closes_only_with_the_honest_answer_recorded():
    not_pursued = {"enquiry": {**ENQUIRY, "decision": "not_pursue"}}
    assert journey.why_not_close(CaseState(), not_pursued) == \
        "Record the honest answer and the organisation the family was pointed to first."
    assert journey.why_not_move(CaseState(), Stage.FIRST_MEETINGS, not_pursued) == \
        "The enquiry says we cannot help. Close the case instead, or change the decision."
    recorded = {"enquiry": {**not_pursued["enquiry"], "decision_reason": "No nurses.", "pointed_to": "Nursing Co"}}
    closed = journey.close(CaseState(), recorded)
    assert closed.status == Status.CLOSED
    assert journey.why_not_move(closed, Stage.FIRST_MEETINGS, recorded) == "This case is closed. Reopen it first."
    assert journey.reopen(closed).status == Status.OPEN


def test_a_pursued_case_cannot_be_closed():
    assert journey.why_not_close(CaseState(), {"enquiry": ENQUIRY}) == \
        "A case is closed from the enquiry, when we decide we cannot help."


def test_every_stage_is_built_and_a_stage_without_a_rule_cannot_be_entered(monkeypatch):
    assert all(journey.is_built(stage) for stage in Stage)
    monkeypatch.delitem(journey.RULES, Stage.SETUP)
    state = CaseState(stage=Stage.AGREEMENT)
    assert journey.why_not_move(state, Stage.SETUP, {}) == "“Setting up and handover” is not available yet."


def test_case_references_are_sequential_per_year():
    assert next_reference([], 2026) == "C-2026-0001"
    assert next_reference(["C-2026-0001", "C-2026-0009", "C-2025-0042", "junk"], 2026) == "C-2026-0010"
