"""Risk and opportunity through the services, on a real encrypted store: assessments as their own
records, autosave, sending blocked with the domain's reasons, the manager's decision as a
separate journaled record that never touches the assessment, statuses over time, overdue
counts for the case list, unique references, reviews and changes in circumstances."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from advisor_app.domain.journey import Stage as JourneyStage
from advisor_app.domain.risk import (
    ManagerDecision,
    RiskAssessment,
    Stage,
    Status,
    blocking_issues,
    blocking_reasons,
    risk_stage_completeness,
)
from advisor_app.services import AdvisorService
from advisor_app.services import risk
from tests.domain.risk_examples import data as complete_form

UTC = dt.timezone.utc
TODAY = dt.date(2026, 3, 10)
SENT = dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
MANAGER = {"manager_name": "Maria Lopez", "author_id": "0b7e4c8a-1f6d-4f63-9b1e-2d5c8a7e9f10"}


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(risk, "_today", lambda: TODAY)


@pytest.fixture
def service(tmp_path):
    service = AdvisorService.create(tmp_path / "s", "a passphrase")
    yield service
    service.lock()


def new_case(service: AdvisorService, first: str = "Sam", last: str = "Ahmed") -> str:
    case_id = service.create_case(first_name=first, last_name=last)
    assert service.save(case_id, "important_to_for", {
        "important_to": [{"text": "Going to work at the garden centre", "whose_words": "person"},
                         {"text": "Doing things on my own", "whose_words": "person"}],
        "important_for": [{"text": "Being safe near roads", "whose_words": "family"}],
    }).ok
    return case_id


def ready(service: AdvisorService, case_id: str, **overrides) -> str:
    """An assessment with every field of the form filled in, saved through the service."""
    assessment_id = risk.new_assessment(service, case_id, "activity")
    assert risk.save_assessment(service, case_id, assessment_id, complete_form(**overrides)).ok
    return assessment_id


def sent(service: AdvisorService, case_id: str, at: dt.datetime = SENT, **overrides) -> str:
    assessment_id = ready(service, case_id, **overrides)
    assert risk.send_for_decision(service, assessment_id, now=at).ok
    return assessment_id


def decide(service: AdvisorService, assessment_id: str, decision: str = "approved",
           at: dt.datetime = dt.datetime(2026, 3, 4, 11, 0, tzinfo=UTC), **more):
    return risk.record_decision(service, assessment_id, {**MANAGER, "decision": decision,
                                                          "decided_at": at.isoformat(), **more})


def journal(service: AdvisorService, entity: str) -> list[dict]:
    rows = service.store.db.query("select entity_id, op, payload from journal where entity = ? order by seq",
                                  [entity])
    return [{**row, "payload": json.loads(row["payload"])} for row in rows]


def status_of(service: AdvisorService, case_id: str, assessment_id: str, today: dt.date) -> Status:
    return next(s.status for s in risk.list_assessments(service, case_id, today) if s.id == assessment_id)


# ---- starting and autosaving ----------------------------------------------------------------


def test_a_new_assessment_is_its_own_journaled_record_prefilled_from_the_picture(service) -> None:
    case_id = new_case(service)
    assessment_id = risk.new_assessment(service, case_id, "activity", title="Bus to work")
    assert uuid.UUID(assessment_id)
    record = service.store.get("risk_assessment", assessment_id)
    assert record.case_id == case_id and record.version == 1
    assert record.data["reference"] == "RA-2026-0001"
    assert record.data["assessed_on"] == TODAY.isoformat()
    assert record.data["important_to"] == ["Going to work at the garden centre", "Doing things on my own"]
    assert record.data["important_for"] == ["Being safe near roads"]
    assert record.data["consultation"]["individual"]["name"] == "Sam"
    assert [(row["entity_id"], row["op"]) for row in journal(service, "risk_assessment")] == [
        (assessment_id, "create")]


def test_references_are_unique_in_the_store_and_never_reused(service) -> None:
    first, second = new_case(service), new_case(service, "Jo", "Bell")
    ids = [risk.new_assessment(service, first), risk.new_assessment(service, second),
           risk.new_assessment(service, first, "decision")]
    references = [service.store.get("risk_assessment", i).data["reference"] for i in ids]
    assert references == ["RA-2026-0001", "RA-2026-0002", "RA-2026-0003"]
    assert risk.delete_assessment(service, ids[2], base_version=1).ok  # a draft started by mistake
    fourth = risk.new_assessment(service, second)
    assert service.store.get("risk_assessment", fourth).data["reference"] == "RA-2026-0004"
    assert [s.reference for s in risk.list_assessments(service, first)] == ["RA-2026-0001"]


def test_autosave_keeps_a_half_filled_draft_and_journals_each_change(service) -> None:
    case_id = new_case(service)
    assessment_id = risk.new_assessment(service, case_id)
    saved = risk.save_assessment(service, case_id, assessment_id, {"title": "Bus to work"}, base_version=1)
    assert saved.ok and saved.version == 2
    again = risk.save_assessment(service, case_id, assessment_id, {"title": "Bus to work"}, base_version=2)
    assert again.ok and again.version == 2  # nothing changed: nothing written
    more = risk.save_assessment(service, case_id, assessment_id, {"risks_identified": ["Wrong stop", " "]})
    assert more.ok and more.version == 3
    view = risk.load_assessment(service, assessment_id, TODAY)
    assert view.assessment.title == "Bus to work" and view.assessment.risks_identified == ["Wrong stop"]
    assert view.status == Status.DRAFT
    assert [row["op"] for row in journal(service, "risk_assessment")] == ["create", "update", "update"]


def test_autosave_refuses_only_what_does_not_fit_with_messages_by_field_path(service) -> None:
    case_id = new_case(service)
    assessment_id = risk.new_assessment(service, case_id)
    result = risk.save_assessment(service, case_id, assessment_id, {
        "support_measures": [{"who": "Keyworker", "by_when": "next Tuesday"}],
        "who_might_be_harmed": ["the neighbours"],
    })
    assert not result.ok
    assert result.errors["support_measures.0.by_when"] == "Please enter a real date, like 2026-03-14."
    assert result.errors["who_might_be_harmed.0"] == "Please choose one of the options."
    assert service.store.get("risk_assessment", assessment_id).version == 1


def test_the_form_cannot_change_the_reference_ids_or_the_sending_time(service) -> None:
    case_id = new_case(service)
    assessment_id = risk.new_assessment(service, case_id)
    assert risk.save_assessment(service, case_id, assessment_id, {
        "reference": "RA-2026-0999", "id": "someone-else", "case_id": "another-case",
        "sent_for_decision_at": SENT.isoformat(), "title": "Bus"}).ok
    data = service.store.get("risk_assessment", assessment_id).data
    assert (data["reference"], data["id"], data["case_id"], data["sent_for_decision_at"]) == (
        "RA-2026-0001", assessment_id, case_id, None)


def test_a_stale_edit_or_another_case_is_refused_plainly(service) -> None:
    case_id, other = new_case(service), new_case(service, "Jo", "Bell")
    assessment_id = risk.new_assessment(service, case_id)
    assert risk.save_assessment(service, case_id, assessment_id, {"title": "A"}, base_version=1).ok
    stale = risk.save_assessment(service, case_id, assessment_id, {"title": "B"}, base_version=1)
    assert not stale.ok and stale.errors == {"_conflict": "This was changed somewhere else. Please reload it."}
    wrong = risk.save_assessment(service, other, assessment_id, {"title": "B"})
    assert wrong.errors == {"_assessment": "That risk assessment is not in this store."}
    assert risk.save_assessment(service, case_id, "no-such-id", {}).errors == {
        "_assessment": "That risk assessment is not in this store."}


# ---- sending for the manager's decision -------------------------------------------------------


def test_sending_is_blocked_with_every_reason_of_the_domain_keyed_by_field(service) -> None:
    case_id = new_case(service)
    assessment_id = risk.new_assessment(service, case_id)
    result = risk.send_for_decision(service, assessment_id)
    assert not result.ok
    assessment = RiskAssessment.model_validate(service.store.get("risk_assessment", assessment_id).data)
    reasons = blocking_reasons(assessment, Stage.SEND_FOR_DECISION)
    assert reasons and all(reason in " ".join(result.errors.values()) for reason in reasons)
    assert result.errors["title"] == "Say which activity or decision this assessment is about."
    assert result.errors["four_plus_one.tried"] == "Answer the question “What have we tried?”"
    assert result.errors["capacity.has_capacity"] == "Say whether the person has capacity to make this decision."
    assert "important_to" not in result.errors  # prefilled from the picture
    assert risk.why_not_send(service, assessment_id) == blocking_issues(assessment, Stage.SEND_FOR_DECISION)
    assert service.store.get("risk_assessment", assessment_id).version == 1  # nothing written


def test_two_reasons_about_one_field_are_both_shown(service) -> None:
    case_id = new_case(service)
    one_assessor = complete_form()["assessors"][:1]
    assessment_id = ready(service, case_id, assessors=one_assessor, person_has_keyworker=True)
    assessors = risk.send_for_decision(service, assessment_id).errors["assessors"]
    assert "At least two people must do the assessment" in assessors
    assert "one of the assessors must be their keyworker" not in assessors  # Jo is the keyworker
    lone = [{**one_assessor[0], "is_keyworker": False}]
    assert risk.save_assessment(service, case_id, assessment_id, {"assessors": lone}).ok
    assessors = risk.send_for_decision(service, assessment_id).errors["assessors"]
    assert "At least two people" in assessors and "one of the assessors must be their keyworker" in assessors


def test_a_complete_assessment_is_sent_and_awaits_the_manager(service) -> None:
    case_id = new_case(service)
    assessment_id = ready(service, case_id)
    assert risk.why_not_send(service, assessment_id) == []
    result = risk.send_for_decision(service, assessment_id, now=SENT)
    assert result.ok
    view = risk.load_assessment(service, assessment_id, TODAY)
    assert view.assessment.sent_for_decision_at == SENT
    assert view.status == Status.AWAITING_MANAGER
    assert view.status_words == "Awaiting manager: the activity is not approved yet"
    assert view.who_decided == "The person decided to go ahead. They have capacity for this decision."
    again = risk.send_for_decision(service, assessment_id, now=SENT + dt.timedelta(days=1))
    assert again.ok and again.version == result.version  # already with the manager: nothing changes


# ---- the manager's decision: its own record ----------------------------------------------------


def test_the_decision_is_a_separate_journaled_record_and_the_assessment_is_untouched(service) -> None:
    case_id = new_case(service)
    assessment_id = sent(service, case_id)
    before = service.store.get("risk_assessment", assessment_id)
    result = decide(service, assessment_id, "approved_with_conditions", id="4d7f0c52-3c1b-4a8e-9a55-1a2b3c4d5e6f",
                    conditions="Staff follow on the next bus for two weeks.", signature_id="sig-m",
                    signed_on="2026-03-04")
    assert result.ok and result.version == 1
    after = service.store.get("risk_assessment", assessment_id)
    assert (after.version, after.data, after.updated_at) == (before.version, before.data, before.updated_at)
    decisions = service.store.find("risk_decision", case_id=case_id)
    assert len(decisions) == 1 and decisions[0].id == "4d7f0c52-3c1b-4a8e-9a55-1a2b3c4d5e6f"
    decision = ManagerDecision.model_validate(decisions[0].data)
    assert (decision.assessment_id, decision.manager_name, decision.author_id) == (
        assessment_id, "Maria Lopez", MANAGER["author_id"])
    assert decision.decided_at == dt.datetime(2026, 3, 4, 11, 0, tzinfo=UTC)
    assert decision.assessment_version == before.version
    entries = journal(service, "risk_decision")
    assert [(e["entity_id"], e["op"]) for e in entries] == [(decision.id, "create")]
    assert entries[0]["payload"]["data"]["author_id"] == MANAGER["author_id"]
    assert [e["op"] for e in journal(service, "risk_assessment")].count("update") == 2  # the form, the sending
    view = risk.load_assessment(service, assessment_id, TODAY)
    assert view.status == Status.APPROVED and view.decision == decision and view.decision_applies


def test_the_same_decision_again_changes_nothing_and_a_decision_is_never_edited(service) -> None:
    case_id = new_case(service)
    assessment_id = sent(service, case_id)
    decision_id = str(uuid.uuid4())
    assert decide(service, assessment_id, id=decision_id).ok
    assert decide(service, assessment_id, id=decision_id).ok  # sync delivered it twice
    assert len(journal(service, "risk_decision")) == 1
    changed = decide(service, assessment_id, "approved_with_conditions", conditions="Daylight only.", id=decision_id)
    assert not changed.ok and "never changed" in changed.errors["_conflict"]


def test_a_decision_may_not_overrule_a_person_who_has_capacity(service) -> None:
    case_id = new_case(service)
    assessment_id = sent(service, case_id)  # Sam has capacity and decided to go ahead
    result = decide(service, assessment_id, "not_approved")
    assert not result.ok
    assert result.errors["decision"].startswith("The person has capacity for this decision and has decided to go "
                                                "ahead. Staff may advise but never coerce")
    no = sent(service, case_id, capacity={"has_capacity": "yes", "person_decision": "not_go_ahead"})
    refused = decide(service, no, "approved")
    assert refused.errors["decision"] == ("The person has capacity for this decision and has decided not to go "
                                          "ahead. An approval cannot overrule them.")
    assert service.store.find("risk_decision", case_id=case_id) == []
    assert decide(service, no, "not_approved").ok  # agreeing with the person is fine


def test_a_decision_needs_a_sent_complete_assessment_and_its_own_details(service) -> None:
    case_id = new_case(service)
    draft = ready(service, case_id)
    assert decide(service, draft).errors == {"sent_for_decision_at": "Send the assessment for the manager's decision first."}
    assessment_id = sent(service, case_id)
    missing = risk.record_decision(service, assessment_id, {"decision": "approved_with_conditions",
                                                            "author_id": MANAGER["author_id"]})
    assert missing.errors == {"conditions": "Write the conditions of the approval.", "manager_name": "This is needed."}
    early = decide(service, assessment_id, at=SENT - dt.timedelta(hours=1))
    assert "dated before the assessment was last sent" in early.errors["decided_at"]
    assert risk.record_decision(service, "no-such-id", {}).errors == {
        "_assessment": "That risk assessment is not in this store."}


def test_sending_again_after_a_decision_asks_for_a_new_one(service) -> None:
    case_id = new_case(service)
    assessment_id = sent(service, case_id)
    assert decide(service, assessment_id).ok
    assert status_of(service, case_id, assessment_id, TODAY) == Status.APPROVED
    assert risk.send_for_decision(service, assessment_id, now=dt.datetime(2026, 3, 8, 9, 0, tzinfo=UTC)).ok
    assert status_of(service, case_id, assessment_id, TODAY) == Status.AWAITING_MANAGER
    assert decide(service, assessment_id, "approved_with_conditions", conditions="Only in daylight.",
                  at=dt.datetime(2026, 3, 9, 9, 0, tzinfo=UTC)).ok
    summary = risk.list_assessments(service, case_id, TODAY)[0]
    assert summary.status == Status.APPROVED and summary.decision.value == "approved_with_conditions"


# ---- statuses over time, reviews, changes in circumstances ---------------------------------------


def test_every_status_from_draft_to_overdue(service) -> None:
    case_id = new_case(service)
    draft = risk.new_assessment(service, case_id)
    awaiting = sent(service, case_id)
    refused = sent(service, case_id, capacity={"has_capacity": "no"})
    assert decide(service, refused, "not_approved", notes="Safeguards first.").ok
    approved = sent(service, case_id)
    assert decide(service, approved).ok  # 4 March 2026: review due 4 March 2027
    states = {s.id: s for s in risk.list_assessments(service, case_id, TODAY)}
    assert {i: states[i].status for i in (draft, awaiting, refused, approved)} == {
        draft: Status.DRAFT, awaiting: Status.AWAITING_MANAGER, refused: Status.NOT_APPROVED,
        approved: Status.APPROVED}
    assert states[approved].next_review_on == dt.date(2027, 3, 4)
    assert states[approved].status_words == "Approved, next review by 2027-03-04"
    assert states[refused].next_review_on is None and states[draft].residual_severity is None
    assert states[approved].residual_severity.words == "Moderate risk"  # unlikely x minor = 4
    assert status_of(service, case_id, approved, dt.date(2027, 2, 1)) == Status.APPROVED
    assert status_of(service, case_id, approved, dt.date(2027, 2, 2)) == Status.REVIEW_DUE  # 30 days before
    assert status_of(service, case_id, approved, dt.date(2027, 3, 4)) == Status.REVIEW_DUE
    assert status_of(service, case_id, approved, dt.date(2027, 3, 5)) == Status.OVERDUE


def test_a_change_in_circumstances_is_its_own_record_and_brings_the_review_forward(service) -> None:
    case_id = new_case(service)
    assessment_id = sent(service, case_id)
    assert decide(service, assessment_id).ok
    before = service.store.get("risk_assessment", assessment_id)
    result = risk.record_change_in_circumstances(service, case_id, "Sam started new epilepsy medication.",
                                                 assessment_id=assessment_id, recorded_on=dt.date(2026, 3, 9),
                                                 recorded_by="Jo Patel")
    assert result.ok
    assert service.store.get("risk_assessment", assessment_id) == before
    assert [e["op"] for e in journal(service, "risk_change")] == ["create"]
    assert status_of(service, case_id, assessment_id, dt.date(2026, 3, 9)) == Status.REVIEW_DUE
    assert status_of(service, case_id, assessment_id, TODAY) == Status.OVERDUE
    view = risk.load_assessment(service, assessment_id, TODAY)
    assert [c.what_changed for c in view.changes] == ["Sam started new epilepsy medication."]
    assert view.status_words == "Review overdue since 2026-03-09"


def test_a_change_about_the_person_brings_forward_every_assessment_of_the_case(service) -> None:
    case_id, other_case = new_case(service), new_case(service, "Jo", "Bell")
    ids = [sent(service, case_id), sent(service, case_id)]
    other = sent(service, other_case)
    for assessment_id in (*ids, other):
        assert decide(service, assessment_id).ok
    assert risk.record_change_in_circumstances(service, case_id, "Moved to a new flat.",
                                               recorded_on=dt.date(2026, 3, 8)).ok
    assert {s.status for s in risk.list_assessments(service, case_id, TODAY)} == {Status.OVERDUE}
    assert risk.list_assessments(service, other_case, TODAY)[0].status == Status.APPROVED


def test_a_change_must_say_what_changed_and_have_happened(service) -> None:
    case_id = new_case(service)
    assert risk.record_change_in_circumstances(service, case_id, "  ").errors == {
        "what_changed": "Please fill this in."}
    future = risk.record_change_in_circumstances(service, case_id, "Moving", recorded_on=TODAY + dt.timedelta(days=1))
    assert "cannot be in the future" in future.errors["recorded_on"]
    assert risk.record_change_in_circumstances(service, case_id, "x", assessment_id="nope").errors == {
        "assessment_id": "That risk assessment is not in this store."}


def test_reviews_are_added_to_approved_assessments_with_their_new_measures_up_to_four(service) -> None:
    case_id = new_case(service)
    assessment_id = sent(service, case_id)
    refused = risk.add_review(service, assessment_id, {"reviewed_on": "2026-03-05", "changed": False})
    assert refused.errors == {"reviews": "Only an approved assessment is reviewed, and this one is not approved."}
    assert decide(service, assessment_id).ok
    result = risk.add_review(service, assessment_id, {"reviewed_on": "2026-03-09", "changed": True,
                                                      "notes": "Busier buses after 5pm.", "reviewed_by": "Jo Patel"},
                             new_measures=[{"who": "Jo Patel", "what": "Travel before 5pm for now.",
                                            "by_when": "2026-03-20"}])
    assert result.ok
    view = risk.load_assessment(service, assessment_id, TODAY)
    assert [r.notes for r in view.assessment.reviews] == ["Busier buses after 5pm."]
    assert [(m.what, m.added_at_review) for m in view.assessment.support_measures] == [
        ("Practise what to do if the bus is late.", None), ("Travel before 5pm for now.", 1)]
    assert view.next_review_on == dt.date(2027, 3, 9)  # 12 months from the latest review
    bad = risk.add_review(service, assessment_id, {"reviewed_on": "2026-03-09"})
    assert bad.errors == {"review.changed": "This is needed."}
    future = risk.add_review(service, assessment_id, {"reviewed_on": "2026-04-01", "changed": False})
    assert "cannot be in the future" in future.errors["review.reviewed_on"]
    for day in ("2026-03-09", "2026-03-10", "2026-03-10"):
        assert risk.add_review(service, assessment_id, {"reviewed_on": day, "changed": False}).ok
    fifth = risk.add_review(service, assessment_id, {"reviewed_on": "2026-03-10", "changed": False})
    assert "already has four reviews" in fifth.errors["reviews"]


def test_only_a_draft_never_sent_can_be_removed(service) -> None:
    case_id = new_case(service)
    assessment_id = sent(service, case_id)
    version = service.store.get("risk_assessment", assessment_id).version
    refused = risk.delete_assessment(service, assessment_id, base_version=version)
    assert "part of the record" in refused.errors["_assessment"]
    assert service.store.get("risk_assessment", assessment_id) is not None


# ---- the case, the case list and the journey ----------------------------------------------------


def test_alerts_for_the_case_and_overdue_counts_for_the_case_list(service) -> None:
    a, b, quiet = new_case(service), new_case(service, "Jo", "Bell"), new_case(service, "Ann", "Lee")
    overdue = [sent(service, a), sent(service, a), sent(service, b)]
    for assessment_id in overdue:
        assert decide(service, assessment_id).ok
    due_soon = sent(service, b)  # reviewed below, so due again a year after the review
    assert decide(service, due_soon).ok
    awaiting = sent(service, b)
    risk.new_assessment(service, quiet)
    later = dt.date(2027, 3, 5)  # a year and a day after the approvals
    assert risk.overdue_reviews_by_case(service, later) == {a: 2, b: 2}
    assert risk.add_review(service, due_soon, {"reviewed_on": "2026-03-10", "changed": False}).ok
    assert risk.overdue_reviews_by_case(service, later) == {a: 2, b: 1}
    assert risk.overdue_reviews_by_case(service, TODAY) == {}
    assert risk.case_risk_alerts(service, b, later) == [  # most urgent first
        "Risk assessment reviews overdue: 1", "Risk assessment reviews due soon: 1",
        "Risk assessments awaiting the manager: 1"]
    assert risk.case_risk_alerts(service, quiet, later) == []
    assert awaiting


def test_the_fast_case_list_path_agrees_with_each_case(service) -> None:
    cases = [new_case(service), new_case(service, "Jo", "Bell")]
    ids = [sent(service, cases[0]), sent(service, cases[0]), sent(service, cases[1])]
    assert decide(service, ids[0]).ok
    assert decide(service, ids[1], at=dt.datetime(2026, 3, 4, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))).ok
    assert risk.save_assessment(service, cases[1], ids[2], {"planned_review_on": "2026-06-01"}).ok
    assert decide(service, ids[2]).ok
    assert risk.record_change_in_circumstances(service, cases[0], "New medication", assessment_id=ids[1],
                                               recorded_on=dt.date(2026, 3, 9)).ok
    risk.new_assessment(service, cases[1])
    for day in (TODAY, dt.date(2026, 5, 2), dt.date(2026, 6, 2), dt.date(2027, 3, 3), dt.date(2027, 3, 5)):
        fast = risk.statuses_by_case(service, day)
        for case_id in cases:
            assert sorted(fast[case_id]) == sorted(s.status for s in risk.list_assessments(service, case_id, day))


def test_the_journey_gets_the_case_s_assessments_as_a_list(service) -> None:
    case_id = new_case(service)
    assert not risk_stage_completeness({"risk_assessment": risk.risk_sections_for_journey(service, case_id)}).complete
    draft = risk.new_assessment(service, case_id)
    sections = {"risk_assessment": risk.risk_sections_for_journey(service, case_id)}
    assert [d["id"] for d in sections["risk_assessment"]] == [draft]
    assert not risk_stage_completeness(sections).complete
    assert risk.save_assessment(service, case_id, draft, complete_form()).ok
    done = risk_stage_completeness({"risk_assessment": risk.risk_sections_for_journey(service, case_id)})
    assert done.complete  # ready to send is enough: the approval arrives later, through sync
    assert JourneyStage.RISK == "risk"


def test_the_demo_has_an_assessment_in_every_status(tmp_path, monkeypatch) -> None:
    from advisor_app.demo import case_named, fill_demo

    monkeypatch.setattr(risk, "_today", dt.date.today)  # the demo is dated from the real today
    service = AdvisorService.create(tmp_path / "demo", "a passphrase")
    try:
        fill_demo(service)
        statuses = {}
        for name in ("Priya Sharma", "Tom Brennan", "Dan Whitlock"):
            for summary in risk.list_assessments(service, case_named(service, name), dt.date.today()):
                statuses[summary.title] = summary.status
        assert set(statuses.values()) == set(Status)
        assert statuses["Going to away football matches by train"] == Status.OVERDUE
        assert statuses["Travelling to college by bus on her own"] == Status.REVIEW_DUE
        assert statuses["Baking with the oven at the café"] == Status.AWAITING_MANAGER
        assert risk.overdue_reviews_by_case(service, dt.date.today()) == {case_named(service, "Tom Brennan"): 1}
        assert not service.check()  # every record journaled, the chain sound
    finally:
        service.lock()
