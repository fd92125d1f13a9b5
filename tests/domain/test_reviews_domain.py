"""Person-centred reviews (stage 10): Appendix 7's parts as completeness, when the next review is
due, and what has to follow a change to the plan."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_app.domain.reviews import (
    DueState,
    FollowUp,
    Review,
    add_year,
    review_completeness,
    review_due,
    reviews_completeness,
    follow_up,
)
from advisor_app.domain.sections import validate_record
from advisor_app.domain.support_plan import SupportPlan

PLAN = SupportPlan.model_validate({"outcomes": [{"id": "o1", "in_my_words": "Swim 20 lengths"},
                                                {"id": "o2", "in_my_words": "Be in the show"}]})
FULL = {
    "id": "r1", "held_on": "2026-11-16", "statement_id": "s1",
    "invited": [{"name": "Leah", "came": True}, {"name": "Tariq", "sent_views": True}],
    "working": [{"text": "Swimming", "view": "person"}], "not_working": [{"text": "Cover", "view": "family"}],
    "important_now": [{"text": "The show"}], "important_future": [{"text": "A flat"}],
    "outcomes": [{"outcome_id": "o1", "progress": "on_track"}, {"outcome_id": "o2", "progress": "achieved"}],
    "actions": [{"what": "Ask the library", "owner": "Amy", "by_when": "2027-01-01"}],
}


def test_a_review_is_complete_with_every_part_of_appendix_7():
    done = review_completeness(Review.model_validate(FULL), PLAN, statement_ready=True)
    assert done.complete and done.total == 10


@pytest.mark.parametrize("change, missing", [
    ({"held_on": None}, "The date of the review"),
    ({"invited": [{"name": "Leah", "came": False}]}, "Who was invited, and who came"),
    ({"not_working": []}, "What is working and what is not working"),
    ({"working": [{"text": "x", "view": "staff"}]}, "What is working and not working from the person's view"),
    ({"not_working": [{"text": "x", "view": "person"}]},
     "At least one other point of view (family, staff or others)"),
    ({"important_future": []}, "What is important to the person now and in the future"),
    ({"outcomes": [{"outcome_id": "o1", "progress": "on_track"}]}, "Progress on each outcome of the support plan"),
    ({"actions": []}, "Actions agreed, each with an owner and a date"),
    ({"actions": [{"what": "Ask", "owner": ""}]}, "An owner and a date for each action"),
])
def test_each_missing_part_is_named(change, missing):
    done = review_completeness(Review.model_validate({**FULL, **change}), PLAN, statement_ready=True)
    assert missing in done.missing


def test_the_budget_statement_is_part_of_the_review():
    assert "The budget statement: how the money was spent against the plan" in review_completeness(
        Review.model_validate(FULL), PLAN, statement_ready=False).missing


def test_the_stage_looks_at_the_newest_review_and_its_statement():
    assert reviews_completeness({}).missing == ["A person-centred review"]
    plan = PLAN.model_dump(mode="json")
    old_unfinished = {**FULL, "id": "r0", "held_on": "2025-11-16", "actions": []}
    sections = {"review": [FULL, old_unfinished], "support_plan": plan, "budget_statement": [{"id": "s1"}]}
    assert reviews_completeness(sections).complete
    assert not reviews_completeness({**sections, "budget_statement": []}).complete


def test_a_review_refuses_what_can_never_be_right():
    assert validate_record("review", {**FULL, "outcomes": [{"outcome_id": "o1"}, {"outcome_id": "o1"}]}).errors == {
        "outcomes": "Each outcome's progress is noted once."}
    assert Review.model_validate({**FULL, "actions": [{"what": "Ask"}]}).reminders() == {
        "actions.0.owner": "Who will do this?", "actions.0.by_when": "By when?"}


TODAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize("start, held, state, due_on", [
    (None, [], DueState.NOT_STARTED, None),
    (dt.date(2026, 5, 4), [], DueState.SCHEDULED, dt.date(2027, 5, 4)),
    (dt.date(2026, 1, 20), [], DueState.DUE, dt.date(2027, 1, 20)),
    (dt.date(2025, 11, 1), [], DueState.OVERDUE, dt.date(2026, 11, 1)),
    (dt.date(2025, 1, 1), [dt.date(2025, 12, 20)], DueState.DUE, dt.date(2026, 12, 20)),
    (dt.date(2024, 1, 1), [dt.date(2025, 1, 1), dt.date(2026, 11, 16)], DueState.SCHEDULED, dt.date(2027, 11, 16)),
    # A review planned for next month is not one held.
    (dt.date(2025, 11, 1), [dt.date(2027, 1, 5)], DueState.OVERDUE, dt.date(2026, 11, 1)),
])
def test_a_review_is_due_a_year_after_the_last_one_or_the_start(start, held, state, due_on):
    due = review_due(start, held, TODAY)
    assert (due.state, due.due_on) == (state, due_on)


def test_due_words_for_the_case_and_the_list():
    assert review_due(dt.date(2025, 11, 1), [], TODAY).words == "Person-centred review overdue since 2026-11-01"
    assert review_due(dt.date(2026, 1, 20), [], TODAY).say("20/01/2027") == "Person-centred review due by 20/01/2027"
    assert review_due(None, [], TODAY).words == "No review due until the support starts"
    assert add_year(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_what_follows_a_change_to_the_plan():
    review = Review.model_validate({**FULL, "plan_changes": [{"what": "Add swimming on Sundays"}]})
    assert follow_up(review, design_changed=False, agreement_outdated=False) == [FollowUp.MAKE_PLAN_VERSION]
    made = review.model_copy(update={"plan_version": 2})
    assert follow_up(made, design_changed=True, agreement_outdated=True) == [FollowUp.NEW_PROPOSAL,
                                                                             FollowUp.SIGN_AGAIN]
    assert follow_up(Review.model_validate(FULL), design_changed=False, agreement_outdated=False) == [
        FollowUp.NOTHING]
