"""The risk policy as rules: each one blocks with a plain reason; statuses people see."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_app.domain.risk import (
    Issue,
    Stage,
    Status,
    blocking_issues,
    blocking_reasons,
    review_alerts,
    review_due_on,
    risk_stage_completeness,
    status,
    status_line,
    who_decided,
)
from tests.domain.risk_examples import COMPLETE, SENT_AT, UTC, assessment, data, decision, sent

SEND, DECIDE, REVIEW = Stage.SEND_FOR_DECISION, Stage.RECORD_DECISION, Stage.ADD_REVIEW
KEYWORKER = {"name": "Jo Patel", "role": "Keyworker", "is_keyworker": True, "signature_id": "s1",
             "signed_on": "2026-03-01"}
ADVISOR = {"name": "Alex Brown", "role": "Support advisor", "signature_id": "s2", "signed_on": "2026-03-01"}


def test_a_complete_assessment_can_be_sent_and_decided():
    assert blocking_reasons(assessment(), SEND) == []
    assert blocking_reasons(sent(), DECIDE, decision()) == []


# -- each rule, alone, with the sentence the person sees ------------------------------------

@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"title": ""}, "title", "Say which activity or decision this assessment is about."),
    ({"serves": None}, "serves", "Link this assessment to the outcome or support it serves."),
    ({"assessed_on": None}, "assessed_on", "Enter the date of the assessment."),
    ({"risk_description": " "}, "risk_description", "Describe what the risk is."),
    ({"risks_identified": [""]}, "risks_identified", "List the risks you have identified."),
    ({"who_might_be_harmed": []}, "who_might_be_harmed", "Say who might be harmed."),
    ({"important_to": []}, "important_to", "Say what is important to the person."),
    ({"important_for": []}, "important_for", "Say what is important for the person."),
    ({"four_plus_one": {**COMPLETE["four_plus_one"], "learned": ""}}, "four_plus_one.learned",
     "Answer the question “What have we learned?”"),
    ({"four_plus_one": {**COMPLETE["four_plus_one"], "next_steps": ""}}, "four_plus_one.next_steps",
     "Answer the question “Given what we know, what next?”"),
    ({"capacity": {"has_capacity": "not_assessed"}}, "capacity.has_capacity",
     "Say whether the person has capacity to make this decision."),
    ({"capacity": {"has_capacity": "yes"}}, "capacity.person_decision",
     "The person has capacity for this decision: record what they decided."),
    ({"deprivation_of_liberty": None}, "deprivation_of_liberty",
     "Say whether this amounts to a deprivation of liberty."),
    ({"doing_nothing": {**COMPLETE["doing_nothing"], "community": {"impact": "Fewer people know Sam."}}},
     "doing_nothing.community",
     "Describe the impact of doing nothing on the community, and rate its severity."),
    ({"doing_nothing": {**COMPLETE["doing_nothing"], "friends_and_family": {}}}, "doing_nothing.friends_and_family",
     "Describe the impact of doing nothing on friends and family, and rate its severity."),
    ({"benefit_vs_risk": None}, "benefit_vs_risk", "Say whether the benefit outweighs the risk."),
    ({"support_measures": []}, "support_measures", "Add at least one support measure: who will do what, by when."),
    ({"support_measures": [*COMPLETE["support_measures"], {"who": "Family", "what": "Lend a phone"}]},
     "support_measures.1", "Support measure 2 needs who, what and by when."),
    ({"residual_risk": {"description": "Small"}}, "residual_risk.rating",
     "Rate the residual risk once the support measures are in place."),
    ({"monitoring": ""}, "monitoring", "Say how this will be monitored."),
    ({"success_looks_like": ""}, "success_looks_like", "Say what success looks like."),
    ({"instructions_to_staff": ""}, "instructions_to_staff", "Write the instructions to staff."),
    ({"completed_by": ""}, "completed_by", "Say who completed the assessment."),
])
def test_each_missing_answer_blocks_with_its_reason(change, field, reason):
    issues = blocking_issues(assessment(**change), SEND)
    assert [(i.field, i.message) for i in issues] == [(field, reason)]
    assert blocking_reasons(sent(**change), DECIDE, decision()) == [reason]


def test_one_assessor_is_not_enough():
    reasons = blocking_reasons(assessment(assessors=[KEYWORKER]), SEND)
    assert reasons == ["At least two people must do the assessment, so it is more than one person's view. "
                       "Add another assessor."]


def test_the_same_person_twice_is_still_one_view():
    twice = {**KEYWORKER, "name": "jo patel", "is_keyworker": False}
    assert blocking_reasons(assessment(assessors=[KEYWORKER, twice]), SEND) == [
        "At least two people must do the assessment, so it is more than one person's view. Add another assessor."]


def test_the_keyworker_must_be_an_assessor_when_the_person_has_one():
    other = {**ADVISOR, "name": "Chris Lee"}
    reason = "The person has a keyworker: one of the assessors must be their keyworker."
    assert blocking_reasons(assessment(assessors=[ADVISOR, other]), SEND) == [reason]
    assert blocking_reasons(assessment(assessors=[ADVISOR, other], person_has_keyworker=False), SEND) == []


def test_every_assessor_is_named_and_signs():
    unsigned = {**ADVISOR, "signature_id": None}
    assert blocking_reasons(assessment(assessors=[KEYWORKER, unsigned]), SEND) == [
        "Alex Brown needs to sign and date the assessment."]
    nameless = {"role": "Support worker"}
    assert blocking_reasons(assessment(assessors=[KEYWORKER, ADVISOR, nameless]), SEND) == [
        "Assessor 3 needs a name and a role."]


def test_people_who_should_be_consulted_have_their_consultation_recorded():
    consultation = {**COMPLETE["consultation"],
                    "care_manager": {"should_consult": True, "consulted_on": "2026-02-25"},
                    "other_1": {"name": "Dr Okafor", "should_consult": True},
                    "other_2": {"should_consult": True}}
    assert blocking_issues(assessment(consultation=consultation), SEND) == [
        Issue("consultation.care_manager",
              "Record when the care manager was consulted and whether they agreed the strategy."),
        Issue("consultation.other_1", "Record when Dr Okafor was consulted and whether they agreed the strategy."),
        Issue("consultation.other_2", "Say who the other person to consult is."),
    ]


def test_family_disagreeing_does_not_block_the_decision():
    assert COMPLETE["consultation"]["family"]["strategy_agreed"] is False
    assert blocking_reasons(sent(), DECIDE, decision()) == []


# -- safeguards when the risk outweighs the benefit of an important goal --------------------

SAFEGUARDS = ("The risk outweighs the benefit, but this is an important personal goal. "
              "Add safeguards that change the risk before a decision is made.")


def test_an_important_goal_whose_risk_outweighs_its_benefit_asks_for_safeguards():
    heavy = {"benefit_vs_risk": "risk_outweighs_benefit", "important_personal_goal": True}
    assert blocking_reasons(assessment(**heavy), SEND) == [SAFEGUARDS]
    assert blocking_reasons(sent(**heavy), DECIDE, decision()) == [SAFEGUARDS]
    assert blocking_reasons(sent(**heavy, safeguards=["Travel buddy for a month"]), DECIDE, decision()) == []


def test_no_safeguards_are_asked_for_when_it_is_not_an_important_goal():
    assert blocking_reasons(assessment(benefit_vs_risk="risk_outweighs_benefit", important_personal_goal=False),
                            SEND) == []


# -- the person decides when they have capacity ---------------------------------------------

def test_a_decision_can_only_be_recorded_once_the_assessment_was_sent():
    assert blocking_reasons(assessment(), DECIDE, decision()) == [
        "Send the assessment for the manager's decision first."]


def test_the_manager_cannot_refuse_what_a_person_with_capacity_decided_to_do():
    assert blocking_reasons(sent(), DECIDE, decision("not_approved")) == [
        "The person has capacity for this decision and has decided to go ahead. Staff may advise but never "
        "coerce, so the decision cannot be “not approved”. Record an approval, with conditions agreed with the "
        "person if needed."]
    assert blocking_reasons(sent(), DECIDE, decision("approved_with_conditions")) == []


def test_an_approval_cannot_overrule_a_person_who_decided_not_to_go_ahead():
    declined = {"has_capacity": "yes", "person_decision": "not_go_ahead"}
    assert blocking_reasons(sent(capacity=declined), DECIDE, decision("approved")) == [
        "The person has capacity for this decision and has decided not to go ahead. An approval cannot "
        "overrule them."]
    assert blocking_reasons(sent(capacity=declined), DECIDE, decision("not_approved")) == []


def test_without_capacity_the_manager_decides():
    no_capacity = {"has_capacity": "no", "person_decision": "go_ahead"}  # a stale answer does not count
    assert blocking_reasons(sent(capacity=no_capacity), DECIDE, decision("not_approved")) == []
    assert who_decided(sent(capacity=no_capacity), decision("not_approved")) == "The manager did not approve this."


def test_the_record_shows_that_the_person_decided():
    assert who_decided(sent(), None) == "The person decided to go ahead. They have capacity for this decision."
    assert who_decided(sent(), decision()) == "The person decided to go ahead. They have capacity for this decision."
    no_capacity = {"has_capacity": "no"}
    assert who_decided(sent(capacity=no_capacity), None) == "Awaiting the manager's decision."
    assert who_decided(sent(capacity=no_capacity), decision("approved_with_conditions")) == (
        "The manager approved this with conditions.")


def test_a_decision_about_another_assessment_is_a_mistake():
    with pytest.raises(ValueError):
        blocking_reasons(sent(), DECIDE, decision(assessment_id="ra-2"))


def test_deprivation_of_liberty_marks_the_process_but_does_not_block():
    a = sent(deprivation_of_liberty=True)
    assert a.needs_dols_process
    assert blocking_reasons(a, DECIDE, decision()) == []


# -- status ----------------------------------------------------------------------------------

TODAY = dt.date(2026, 6, 1)


def test_not_approved_until_the_managers_decision_is_recorded():
    assert status(assessment(), None, TODAY) == Status.DRAFT
    assert status(sent(), None, TODAY) == Status.AWAITING_MANAGER
    assert status_line(Status.AWAITING_MANAGER) == "Awaiting manager: the activity is not approved yet"
    assert status(sent(), decision("approved"), TODAY) == Status.APPROVED
    assert status(sent(), decision("approved_with_conditions"), TODAY) == Status.APPROVED
    assert status(sent(), decision("not_approved"), TODAY) == Status.NOT_APPROVED
    assert review_due_on(sent(), decision("not_approved")) is None


def test_sending_again_after_a_decision_waits_for_a_new_one():
    refused = decision("not_approved", on=dt.date(2026, 3, 10))
    resent = sent(sent_for_decision_at=dt.datetime(2026, 3, 12, 9, tzinfo=UTC).isoformat())
    assert status(resent, refused, TODAY) == Status.AWAITING_MANAGER
    assert status(resent, decision("approved", on=dt.date(2026, 3, 13)), TODAY) == Status.APPROVED


def test_review_due_then_overdue_twelve_months_after_approval():
    approved = decision(on=dt.date(2026, 3, 10))
    assert review_due_on(sent(), approved) == dt.date(2027, 3, 10)
    assert status(sent(), approved, dt.date(2027, 2, 7)) == Status.APPROVED
    assert status(sent(), approved, dt.date(2027, 2, 8)) == Status.REVIEW_DUE  # 30 days before
    assert status(sent(), approved, dt.date(2027, 3, 10)) == Status.REVIEW_DUE
    assert status(sent(), approved, dt.date(2027, 3, 11)) == Status.OVERDUE
    assert status_line(Status.OVERDUE, dt.date(2027, 3, 10)) == "Review overdue since 2027-03-10"
    assert status_line(Status.REVIEW_DUE, dt.date(2027, 3, 10)) == "Review due by 2027-03-10"
    assert status_line(Status.APPROVED, dt.date(2027, 3, 10)) == "Approved, next review by 2027-03-10"


def test_a_change_in_health_or_circumstances_brings_the_review_forward_to_that_day():
    approved = decision(on=dt.date(2026, 3, 10))
    change = dt.date(2026, 7, 1)
    assert review_due_on(sent(), approved, change) == change
    assert status(sent(), approved, dt.date(2026, 7, 1), change) == Status.REVIEW_DUE
    assert status(sent(), approved, dt.date(2026, 7, 2), change) == Status.OVERDUE
    # A change recorded before the approval was already considered by it.
    assert status(sent(), approved, dt.date(2026, 7, 2), dt.date(2026, 3, 1)) == Status.APPROVED


def test_a_review_restarts_the_twelve_months():
    approved = decision(on=dt.date(2026, 3, 10))
    reviewed = sent(reviews=[{"reviewed_on": "2026-11-30", "changed": True, "notes": "New bus route"}])
    assert review_due_on(reviewed, approved) == dt.date(2027, 11, 30)
    assert status(reviewed, approved, dt.date(2027, 3, 11)) == Status.APPROVED
    # A change recorded before that review was dealt with at it.
    assert status(reviewed, approved, dt.date(2027, 3, 11), dt.date(2026, 10, 1)) == Status.APPROVED


def test_the_assessors_may_plan_an_earlier_review_but_not_a_later_one():
    approved = decision(on=dt.date(2026, 3, 10))
    assert review_due_on(sent(planned_review_on="2026-06-10"), approved) == dt.date(2026, 6, 10)
    assert review_due_on(sent(planned_review_on="2028-01-01"), approved) == dt.date(2027, 3, 10)
    assert review_due_on(sent(planned_review_on="2026-02-01"), approved) == dt.date(2027, 3, 10)  # stale


def test_overdue_reviews_show_on_the_case_and_in_the_case_list():
    statuses = [Status.OVERDUE, Status.APPROVED, Status.OVERDUE, Status.REVIEW_DUE, Status.AWAITING_MANAGER]
    assert review_alerts(statuses) == ["Risk assessment reviews overdue: 2", "Risk assessment reviews due soon: 1",
                                       "Risk assessments awaiting the manager: 1"]
    assert review_alerts([Status.APPROVED, Status.DRAFT]) == []


# -- reviews ----------------------------------------------------------------------------------

def test_only_an_approved_assessment_is_reviewed_and_at_most_four_times():
    not_approved = "Only an approved assessment is reviewed, and this one is not approved."
    assert blocking_reasons(sent(), REVIEW, None) == [not_approved]
    assert blocking_reasons(sent(), REVIEW, decision("not_approved")) == [not_approved]
    assert blocking_reasons(sent(), REVIEW, decision()) == []
    four = [{"reviewed_on": f"2027-0{n}-01", "changed": False} for n in range(1, 5)]
    assert blocking_reasons(sent(reviews=four), REVIEW, decision()) == [
        "This assessment already has four reviews. Start a new assessment for the next one."]


# -- the journey's risk stage --------------------------------------------------------------

def test_the_risk_stage_is_done_when_every_assessment_is_ready_or_sent():
    assert risk_stage_completeness({}).missing == ["At least one risk and opportunity assessment"]
    ready = data()
    unfinished = data(reference="RA-2026-0002", id="ra-2", title="")
    result = risk_stage_completeness({"risk_assessment": [ready, unfinished]})
    assert result.missing == ["Assessment RA-2026-0002 ready for the manager"]
    done = risk_stage_completeness({"risk_assessment": [ready, {**unfinished, "sent_for_decision_at": SENT_AT.isoformat()}]})
    assert done.complete
