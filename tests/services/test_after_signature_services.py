"""After the signature, through the services on a real encrypted store: the handover in one
transaction, reviews and their follow-up, budget statements and the CSV import (a refused file
writes nothing), and when reviews are due."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal

import pytest

from advisor_app.demo import case_named, fill_demo
from advisor_app.domain.journey import Stage
from advisor_app.domain.reviews import DueState, FollowUp
from advisor_app.services import AdvisorService, reviews, setup, statements
from advisor_app.services.cases import ImportRefused
from advisor_app.store.keys import KdfParams

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASS = "a long enough passphrase"
SETUP = {
    "start_on": "2026-05-04",
    "tasks": [{"area": "recruitment", "what": "Advertise", "owner": "Jess", "due_on": "2026-04-20"}],
    "recruitment": {"involvement": "on_the_panel", "job_title": "Support worker for Priya"},
    "manager_id": "sam-okafor",
}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo") / "store"
    service = AdvisorService.create(directory, PASS, advisor_name="Jess Demo", kdf=FAST)
    fill_demo(service)
    service.lock()
    return directory


@pytest.fixture
def service(demo_dir, tmp_path):
    """A copy of the demo store of the test's own."""
    shutil.copytree(demo_dir, tmp_path / "store")
    opened = AdvisorService.unlock(tmp_path / "store", PASS)
    yield opened
    opened.lock()


def journal_length(service) -> int:
    return len(service.store.changes_after(0))


def priya_at_setup(service) -> str:
    case = case_named(service, "Priya Sharma")
    for stage in (Stage.COSTING, Stage.AGREEMENT, Stage.SETUP):
        assert service.move_stage(case, stage).ok
    return case


# ---- the handover ------------------------------------------------------------------------------


def test_a_handover_is_refused_until_ready_and_then_done_in_one_go(service):
    case = priya_at_setup(service)
    before = journal_length(service)
    refused = setup.hand_over(service, case)
    assert not refused.ok and "The date the support starts." in refused.errors["_handover"]
    assert journal_length(service) == before  # nothing written
    assert service.save(case, "setup", {**SETUP, "recruitment": {"involvement": "on_the_panel"}}).ok
    refused = setup.hand_over(service, case)
    assert refused.errors["_handover"] == ("Before handing over, setting up still needs: The job title for the people "
                                          "who will support them.")
    assert service.save(case, "setup", SETUP).ok
    before = journal_length(service)
    done = setup.hand_over(service, case, on=dt.date(2026, 5, 1))
    assert done.ok and done.pack is not None and done.pack.kind == "handover"
    view = service.load_case(case)
    assert view.header.stage == Stage.REVIEWS
    saved = view.sections["setup"].data
    assert saved["handed_over_on"] == "2026-05-01" and saved["handover_pack_sha256"] == done.pack.sha256
    written = [c.entity for c in service.store.changes_after(0)[before:]]
    assert written == ["document", "setup", "case"]
    assert not setup.hand_over(service, case).ok  # once


def test_the_form_cannot_undo_or_forge_a_handover(service):
    case = priya_at_setup(service)
    assert service.save(case, "setup", {**SETUP, "handed_over_on": "2026-01-01", "handover_pack_sha256": "f" * 64}).ok
    assert service.load_case(case).sections["setup"].data["handed_over_on"] is None
    done = setup.hand_over(service, case)
    assert service.save(case, "setup", {**SETUP, "handover_notes": "Text Anita, not call."}).ok  # a stale form
    saved = service.load_case(case).sections["setup"].data
    assert saved["handover_pack_sha256"] == done.pack.sha256 and saved["handover_notes"] == "Text Anita, not call."


def test_no_handover_without_a_signed_agreement(service):
    case = case_named(service, "Tom Brennan")  # his proposal is offered, not accepted or signed
    assert service.save(case, "setup", SETUP).ok
    view = setup.load(service, case)
    assert not view.agreement_signed
    assert view.not_ready == ["The agreement has not been signed by everyone who needs to sign it."]
    assert not setup.hand_over(service, case).ok


def test_drafts_from_the_plan_are_translated_words(service):
    case = case_named(service, "Priya Sharma")
    questions = setup.drafted_questions(service, case, [])
    assert questions and all(q.from_words for q in questions)
    assert "Priya" in setup.drafted_advert(service, case)
    assert any(t.area.value == "recruitment" for t in setup.suggested(service, case))


# ---- reviews ------------------------------------------------------------------------------------


def test_the_demo_case_is_handed_over_acknowledged_and_reviewed(service):
    case = case_named(service, "Leah Moss")
    view = setup.load(service, case)
    assert view.setup.handed_over and view.acknowledgement is not None
    assert view.acknowledgement.manager_name == "Sam Okafor"
    summaries = reviews.list_reviews(service, case)
    assert len(summaries) == 1 and summaries[0].completeness.complete
    review = reviews.load_review(service, summaries[0].id)
    assert review.follow_up == [FollowUp.NOTHING]
    figures = review.statement.figures
    assert figures.weeks == 52 and figures.status == "under"
    assert figures.emergency_used == Decimal("28.50")  # the taxi
    assert review.statement.imports()[0][1].file_name == "leah-rota-year-1.csv"


def test_a_new_review_invites_the_circle_and_lists_the_outcomes(service):
    case = case_named(service, "Leah Moss")
    review_id = reviews.new_review(service, case)
    view = reviews.load_review(service, review_id)
    assert [i.name for i in view.review.invited] == ["Leah Moss", "Graham Moss", "Ruth Moss", "Tariq Aziz"]
    assert [o.outcome_id for o in view.review.outcomes] == [o.id for o in view.plan.outcomes]
    assert view.statement is not None
    first = statements.list_statements(service, case)
    # The new statement starts the day after the last one ended, with no parts bought once.
    assert view.statement.statement.period_from == first[0].period_to + dt.timedelta(days=1)
    assert view.statement.statement.once_parts == []
    # Deleting a review not held takes its statement with it.
    assert reviews.delete_review(service, review_id, view.version).ok
    assert len(statements.list_statements(service, case)) == 1
    held = reviews.list_reviews(service, case)[0]
    assert reviews.delete_review(service, held.id, held.version).errors == {
        "_review": "This review has been held, so it is part of the record and stays."}


def test_plan_changes_make_a_new_plan_version_and_a_cost_change_asks_for_a_proposal_and_signatures(service):
    case = case_named(service, "Leah Moss")
    review = reviews.list_reviews(service, case)[0]
    data = reviews.load_review(service, review.id).data
    changes = [{"what": "Add the gym", "new_outcome": "Go to the gym with Ruth on Saturdays.", "whose_words": "person"}]
    assert reviews.save_review(service, case, review.id, {**data, "plan_changes": changes}).ok
    assert reviews.load_review(service, review.id).follow_up == [FollowUp.MAKE_PLAN_VERSION]
    made = reviews.make_plan_changes(service, case, review.id)
    assert made.ok
    view = reviews.load_review(service, review.id)
    assert view.review.plan_version == made.version
    assert "Go to the gym with Ruth on Saturdays." in [o.in_my_words for o in view.plan.outcomes]
    assert [d.kind for d in service.store.documents(case_id=case, kind="support-plan")][-1] == "support-plan"
    # The outcomes are in the agreement: it no longer says what was agreed.
    assert view.follow_up == [FollowUp.SIGN_AGAIN]
    # The form cannot take the plan's version away.
    assert reviews.save_review(service, case, review.id, {**view.data, "plan_version": None}).ok
    assert reviews.load_review(service, review.id).review.plan_version == made.version
    # A change of support changes the cost: a new proposal first.
    design = service.load_case(case).sections["service_design"].data
    design["components"][1]["on_going"]["week"]["thursday"]["evening"] = "4"
    assert service.save(case, "service_design", design).ok
    assert reviews.load_review(service, review.id).follow_up == [FollowUp.NEW_PROPOSAL, FollowUp.SIGN_AGAIN]


def test_when_reviews_are_due_is_the_same_for_the_list_and_the_case(service):
    today = dt.date.today()
    by_case = reviews.due_by_case(service, today)
    leah = case_named(service, "Leah Moss")
    assert set(by_case) == {leah}  # only handed-over cases have reviews due
    for case_id, due in by_case.items():
        assert due == reviews.due_for_case(service, case_id, today)
    assert by_case[leah].state == DueState.SCHEDULED
    later = today + dt.timedelta(days=400)
    assert reviews.due_by_case(service, later)[leah].state == DueState.OVERDUE
    assert reviews.case_review_alerts(service, leah, later)[0].startswith("Person-centred review overdue since ")
    assert reviews.case_review_alerts(service, leah, today) == []


# ---- the CSV import -----------------------------------------------------------------------------

HOSTILE = {
    "wrong columns": b"date,who,hours\n2026-01-01,Amy,5\n",
    "bad date": b"date,support,amount\n2025-02-29,1,5\n",
    "negative hours": b"date,support,amount\n{day},1,-4\n",
    "too many hours": b"date,support,amount\n{day},1,30\n",
    "binary": b"\x00\x01\x02PK\x03\x04",
    "huge": b"date,support,amount\n" + b"x" * (3 * 1024 * 1024),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_in_one_line_and_nothing_is_written(service, name):
    case = case_named(service, "Leah Moss")
    statement = statements.list_statements(service, case)[0]
    raw = HOSTILE[name].replace(b"{day}", statement.period_from.isoformat().encode())
    before = (journal_length(service), len(service.store.find("delivered_hours")))
    with pytest.raises(ImportRefused) as caught:
        statements.import_hours(service, case, statement.id, raw, file_name=f"{name}.csv")
    assert "\n" not in str(caught.value) and str(caught.value)
    assert (journal_length(service), len(service.store.find("delivered_hours"))) == before


def test_a_file_is_imported_once_and_can_be_taken_out_again(service):
    case = case_named(service, "Leah Moss")
    statement = statements.list_statements(service, case)[0]
    day = statement.period_from.isoformat()
    raw = f"date,support,amount\n{day},1,2\n".encode()
    before = statements.load_statement(service, statement.id).figures.support_actual
    batch = statements.import_hours(service, case, statement.id, raw, file_name="extra.csv")
    assert len(batch.rows) == 1
    after = statements.load_statement(service, statement.id)
    assert after.figures.support_actual > before
    with pytest.raises(ImportRefused, match="already"):
        statements.import_hours(service, case, statement.id, raw, file_name="extra-again.csv")
    record = next(r for r, b in after.imports() if b.id == batch.id)
    assert statements.remove_import(service, record.id, record.version).ok
    assert statements.load_statement(service, statement.id).figures.support_actual == before


def test_hours_typed_in_are_checked_against_the_plan(service):
    case = case_named(service, "Leah Moss")
    statement = statements.list_statements(service, case)[0]
    day = statement.period_from.isoformat()
    result = statements.save_entered_rows(service, case, statement.id, [
        {"worked_on": day, "part": "leah-days", "amount": "3"},
        {"worked_on": day, "part": "leah-days", "unit": "sleep_in", "amount": "1"}])
    assert not result.ok and result.errors == {
        "rows.1.unit": "The plan has no sleep-ins for “Personal care and support: Swimming, the library and getting "
                       "about in the day”."}
    assert statements.save_entered_rows(service, case, statement.id, [
        {"worked_on": day, "part": "leah-days", "amount": "3"}]).ok
    entered = statements.load_statement(service, statement.id).entered()
    assert [r.amount for r in entered[1].rows] == [3]


def test_the_statement_form_cannot_change_its_plan(service):
    case = case_named(service, "Leah Moss")
    view = statements.load_statement(service, statements.list_statements(service, case)[0].id)
    saved = statements.save_statement(service, case, view.id, {**view.data, "proposal_id": "forged", "weeks": 26})
    assert saved.ok and saved.reminders == {"expenses.1.spent_on": "This date is outside the statement's weeks."}
    again = statements.load_statement(service, view.id)
    assert again.statement.proposal_id == view.statement.proposal_id and again.statement.weeks == 26
