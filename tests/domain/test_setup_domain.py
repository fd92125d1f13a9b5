"""Setting up and handing over (stage 9): the section's rules, completeness, what stops a handover,
suggestions from the plan, and recruitment drawn from the person's own words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from advisor_app.domain import journey
from advisor_app.domain.journey import CaseState, Stage
from advisor_app.domain.managers import InvalidManagers, load_managers
from advisor_app.domain.recruitment import advert, draft_questions, job_description, person_specification
from advisor_app.domain.sections import keep_protected, validate_section
from advisor_app.domain.setup import (
    Candidate,
    HandoverAcknowledgement,
    InterviewQuestion,
    Involvement,
    PanelMember,
    PanelRole,
    Recruitment,
    Setup,
    StartTask,
    acknowledgement_for,
    candidate_total,
    ranked_candidates,
    recruitment_reminders,
    setup_completeness,
    still_open,
    suggested_tasks,
    why_not_hand_over,
)

SHA = "a" * 64
DONE_SETUP = {
    "start_on": "2026-05-04",
    "tasks": [{"area": "recruitment", "what": "Advertise", "owner": "Jess", "due_on": "2026-04-20"}],
    "recruitment": {"involvement": "on_the_panel", "job_title": "Support worker for Priya"},
    "manager_id": "sam-okafor",
    "handed_over_on": "2026-05-01", "handover_pack_sha256": SHA,
}
SECTIONS = {
    "person": {"first_name": "Priya", "last_name": "Sharma"},
    "one_page_profile": {"like_and_admire": [{"text": "Her laugh", "whose_words": "family"}],
                         "important_to": [{"text": "Baking", "whose_words": "person"}]},
    "communication": {"rows": [{"person_does": "Covers her ears", "usually_means": "It is too noisy",
                                "others_should": "Find a quiet place", "whose_words": "family"}]},
    "service_design": {"components": [
        {"id": "care", "component_id": "personal-care-and-support",
         "on_going": {"week": {"monday": {"daytime": "5"}, "friday": {"evening": "3", "night": "sleep-in"}}}},
        {"id": "flat", "component_id": "housing-brokerage", "one_off": {"estimated_hours": "10", "date": "2027-01-10"}},
    ], "specialists": [{"kind": "transitions", "why": "Leaving college"}]},
    "support_plan": {
        "outcomes": [{"id": "o1", "in_my_words": "I want to work in a café.", "whose_words": "person"}],
        "how_to_support_me_well": [{"text": "Wait for me to answer.", "whose_words": "person"}],
        "wanted_in_supporters": {"qualities": [{"text": "Patient.", "whose_words": "person"}],
                                 "skills": [{"text": "Knows Makaton", "whose_words": "family"}],
                                 "shared_interests": [{"text": "Baking", "whose_words": "person"}]},
    },
}


def test_setup_completeness_counts_each_part_and_names_what_is_missing():
    empty = setup_completeness({})
    assert (empty.done, empty.total) == (0, 7)
    assert len(empty.missing) == 6  # "who and by when" says nothing until there are tasks
    assert "The date the support starts" in empty.missing and "The handover, with its pack" in empty.missing
    assert setup_completeness({"setup": DONE_SETUP}).complete
    no_owner = {**DONE_SETUP, "tasks": [{"what": "Advertise", "due_on": "2026-04-20"}]}
    assert setup_completeness({"setup": no_owner}).missing == ["Who does each task, and by when"]
    broken = setup_completeness({"setup": {"tasks": "nonsense"}})
    assert not broken.complete and broken.missing == ["Some answers in setting up need checking"]


def test_the_journey_moves_to_reviews_only_once_the_case_is_handed_over():
    state = CaseState(stage=Stage.SETUP)
    not_yet = {**DONE_SETUP, "handed_over_on": None, "handover_pack_sha256": ""}
    reason = journey.why_not_move(state, Stage.REVIEWS, {"setup": not_yet})
    assert reason and "The handover, with its pack" in reason
    assert journey.why_not_move(state, Stage.REVIEWS, {"setup": DONE_SETUP}) is None


def test_a_handover_has_its_date_and_its_pack_together_and_the_form_cannot_set_them():
    assert validate_section("setup", {**DONE_SETUP, "handover_pack_sha256": ""}).errors == {
        "handed_over_on": "A handover has its date and its pack together."}
    # The form's copy of the protected fields is replaced by what is stored (or the defaults).
    typed = {**DONE_SETUP, "handed_over_on": "2020-01-01", "handover_pack_sha256": "b" * 64}
    assert keep_protected("setup", typed, None)["handed_over_on"] is None
    assert keep_protected("setup", typed, DONE_SETUP)["handover_pack_sha256"] == SHA
    assert keep_protected("person", {"first_name": "Sam"}, None) == {"first_name": "Sam"}


def test_tasks_and_decisions_have_reminders_not_refusals():
    setup = Setup.model_validate({"tasks": [{"what": "Book the AT assessment"}],
                                  "recruitment": {"candidates": [{"id": "c1", "name": "Amy"}],
                                                  "chosen_candidate": "gone"}})
    assert setup.reminders() == {"tasks.0.owner": "Who will do this?", "tasks.0.due_on": "By when?",
                                 "recruitment.chosen_candidate": "Choose one of the candidates."}
    assert validate_section("setup", {"tasks": [{"what": "x", "done_on": "2026-01-01"}]}).errors == {
        "tasks.0.done_on": "Tick “done” as well, or clear the date it was done."}


def test_what_stops_a_handover_is_said_in_plain_words():
    setup = Setup()
    assert why_not_hand_over(setup, agreement_signed=False, manager_known=False) == [
        "The agreement has not been signed by everyone who needs to sign it.", "The date the support starts.",
        "The local manager who takes over the case.", "A start plan with at least one task."]
    chosen = Setup.model_validate({**DONE_SETUP, "handed_over_on": None, "handover_pack_sha256": ""})
    assert why_not_hand_over(chosen, agreement_signed=True, manager_known=True) == []
    assert why_not_hand_over(chosen, agreement_signed=True, manager_known=False) == [
        "The chosen manager is no longer on the provider's list of managers."]


def test_still_open_lists_tasks_not_done_with_who_does_them_then_the_rest():
    setup = Setup.model_validate({"tasks": [{"what": "Order the hoist", "owner": "Graham"},
                                            {"what": "Advertise", "done": True}],
                                  "still_open": [{"text": "The housing benefit claim"}]})
    assert still_open(setup) == ["Order the hoist (Graham)", "The housing benefit claim"]


def test_suggested_tasks_follow_the_plan_and_skip_what_is_there():
    tasks = suggested_tasks(SECTIONS)
    areas = [t.area.value for t in tasks]
    assert areas.count("recruitment") == 3  # on-going support: staff are recruited
    assert "specialists" in areas and "housing" in areas and "equipment" not in areas
    again = suggested_tasks(SECTIONS, tasks[:2])
    assert len(again) == len(tasks) - 2


def test_the_scoring_sheet_adds_up_over_the_questions_asked_now():
    recruitment = Recruitment(
        questions=[InterviewQuestion(id="q1", text="a"), InterviewQuestion(id="q2", text="b")],
        candidates=[Candidate(id="c1", name="Amy", scores={"q1": 4, "q2": 3, "old": 4}),
                    Candidate(id="c2", name="Dev", scores={"q1": 4, "q2": 4})])
    assert candidate_total(recruitment, recruitment.candidates[0]) == (7, 8)  # a dropped question does not count
    assert [c.name for c, _points, _most in ranked_candidates(recruitment)] == ["Dev", "Amy"]


def test_you_choose_we_employ_is_kept_to():
    wants_panel = Recruitment(involvement=Involvement.ON_THE_PANEL,
                              panel=[PanelMember(name="Sam", role=PanelRole.MANAGER)])
    assert recruitment_reminders(wants_panel) == [
        "The person or family asked to be on the panel, but nobody from their side is on it yet."]
    with_family = wants_panel.model_copy(update={"panel": [*wants_panel.panel,
                                                          PanelMember(name="Anita", role=PanelRole.FAMILY)]})
    assert recruitment_reminders(with_family) == []
    overruled = Recruitment(involvement=Involvement.WE_LEAD, decided_by="provider")
    assert recruitment_reminders(overruled) == [
        "The family asked to make the decision, but it is recorded as the provider's."]


def test_the_job_description_is_drawn_from_the_plan_with_the_hours_from_the_timetable():
    jd = job_description(SECTIONS)
    assert jd.title == "Support worker for Priya"
    assert [e.text for e in jd.purpose] == ["I want to work in a café."]
    assert [e.text for e in jd.duties] == ["Wait for me to answer."]
    assert jd.hours.lines == ["Monday: 5 hours in the daytime", "Friday: 3 hours in the evening, a sleep-in"]
    assert (jd.hours.weekly_hours, jd.hours.nights) == (Decimal(8), 1)
    assert jd.communication == [("Covers her ears", "It is too noisy", "Find a quiet place")]
    spec = person_specification(SECTIONS)
    assert [e.text for e in spec.qualities + spec.skills + spec.shared_interests] == [
        "Patient.", "Knows Makaton", "Baking"]


def test_the_advert_and_the_questions_use_the_persons_own_words():
    text = " ".join(advert(SECTIONS, "Northern Lights Support"))
    assert "Priya wants someone who is: “Patient”." in text
    assert "About 8 hours a week, and one night." in text
    assert "Northern Lights Support employs you." in text
    questions = draft_questions(SECTIONS)
    assert [q.from_words for q in questions] == ["Patient.", "Knows Makaton", "Covers her ears",
                                                 "Wait for me to answer.", "Baking"]
    assert questions[2].text == "When Priya does this: “Covers her ears”, it usually means: “It is too noisy”. " \
                                "What would you do?"
    assert questions[0].whose_words == "person"
    assert draft_questions(SECTIONS, questions) == []  # nothing drawn twice from the same words


def test_the_managers_list_is_checked_like_every_provider_file():
    managers = load_managers({"managers": [{"id": "sam", "name": "Sam Okafor", "email": "sam@example.org"}]})
    assert managers.get("sam").name == "Sam Okafor" and managers.get("nobody") is None
    for bad, path in (({"managers": []}, "managers"),
                      ({"managers": [{"id": "Not A Slug", "name": "x"}]}, "managers.0.id"),
                      ({"managers": [{"id": "a", "name": "x"}, {"id": "a", "name": "y"}]}, "managers")):
        try:
            load_managers(bad)
        except InvalidManagers as exc:
            assert path in exc.errors
        else:
            raise AssertionError(f"{bad} was taken")


def test_only_an_acknowledgement_of_this_pack_counts():
    at = dt.datetime(2026, 5, 2, 9, tzinfo=dt.timezone.utc)
    older = HandoverAcknowledgement(pack_sha256="b" * 64, manager_name="Sam", acknowledged_at=at)
    mine = HandoverAcknowledgement(pack_sha256=SHA, manager_name="Sam", acknowledged_at=at, note="All clear")
    records = [older.model_dump(mode="json"), mine.model_dump(mode="json"), {"junk": True}]
    assert acknowledgement_for(records, SHA).note == "All clear"
    assert acknowledgement_for(records, "c" * 64) is None


def test_a_start_task_needs_its_words():
    assert StartTask(what="x").area.value == "other"
    assert "tasks.0.what" in validate_section("setup", {"tasks": [{"what": ""}]}).errors
