"""The office's learning on SQLite and PostgreSQL: Working Together for Change (statements gathered
de-identified from a period's reviews, themes named and changed, hostile input refused with nothing
changed, everything sealed at rest and in the audit log, the report back reaching a real laptop's
advisor) and Progress for Providers (grades kept over time, figures the cases evidence counted as
the cases were made, kept figures)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor_app.domain.provider_progress import CaseEvidence, Evidenced, figures
from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.reviews import DueState, review_due
from advisor_app.domain.themes import NAME_MARK, Dimension, StatementKind
from advisor_app.office import progress, themes
from advisor_app.office.service import OfficeError
from advisor_app.services import AdvisorService, notices
from advisor_app.services import reviews as review_service
from advisor_app.sync.device import DeviceSync
from tests.documents.easyread_check import check
from tests.office import generated as g
from tests.office.helpers import FAST, new_office

TODAY = dt.date.today()
PASS = "office passphrase 1"
YEAR_AGO = TODAY - dt.timedelta(days=365)


@pytest.fixture
def office(database_url):
    service = new_office(database_url, PASS)
    yield service
    service.lock()


def statement(kind: str, view: str | None, text: str) -> g.Statement:
    return g.Statement(kind, view, text)


def write_year(office) -> list[g.Made]:
    jess, sam = g.add_laptops(office.store, ["Jess", "Sam"])
    cases = [
        g.Made("c1", "C-JL-2026-0001", "Leah Moss", "LS6 2AB", laptop=jess, start_on=YEAR_AGO, reviews=[
            g.Review(TODAY - dt.timedelta(days=30), [
                statement("working", "person", "Swimming with Amy on Fridays"),
                statement("not_working", "family", "The bus is late and Leah misses swimming"),
                statement("important_now", "person", "Seeing Sam Moss at weekends")])]),
        g.Made("c2", "C-SN-2026-0001", "Tom Brennan", "BD1 1AA", laptop=sam, start_on=YEAR_AGO, reviews=[
            g.Review(TODAY - dt.timedelta(days=60), [
                statement("not_working", "staff", "The bus to the allotment is always late"),
                statement("important_future", None, "A job at the garden centre")]),
            g.Review(TODAY - dt.timedelta(days=500), [statement("working", "person", "Too long ago to count")])]),
    ]
    g.write(office.store, cases)
    return cases


def test_statements_are_gathered_de_identified_from_the_periods_reviews(office):
    write_year(office)
    found = themes.gather(office, YEAR_AGO, TODAY)
    assert len(found) == 5  # the review held 500 days ago is not in the period
    texts = {s.text for s in found}
    assert f"The bus is late and {NAME_MARK} misses swimming" in texts
    assert f"Seeing {NAME_MARK} {NAME_MARK} at weekends" in texts  # a circle member's name too
    assert not any("Leah" in t or "Moss" in t for t in texts)
    assert {(s.laptop, s.area) for s in found} == {("Jess laptop", "LS"), ("Sam laptop", "BD")}
    shown = themes.gather(office, YEAR_AGO, TODAY, identified=True)
    assert "The bus is late and Leah misses swimming" in {s.text for s in shown}


def test_a_workshop_groups_analyses_acts_and_is_sealed_and_audited(office):
    write_year(office)
    workshop = themes.start_workshop(office, "Leeds and Bradford 2026", YEAR_AGO, TODAY)
    board = themes.board(office, workshop.id)
    suggested = themes.suggestions(board)
    assert suggested == themes.suggestions(themes.board(office, workshop.id))  # the same statements: the same groups
    bus = next(group for group in suggested if "bus" in group.name.casefold())
    theme = themes.accept_suggestion(office, workshop.id, bus, "Getting about")
    board = themes.board(office, workshop.id)
    assert board.themes == {theme: "Getting about"} and theme in board.suggested
    assert {s.key for s in board.in_theme(theme)} == set(bus.keys)
    swim = next(s.key for s in board.statements if "Swimming" in s.text)
    themes.place(office, workshop.id, [swim], theme)
    themes.rename_theme(office, workshop.id, theme, "Transport")
    staff = themes.add_theme(office, workshop.id, "What matters next", [s.key for s in board.statements
                                                                         if s.kind == StatementKind.IMPORTANT_FUTURE])
    board = themes.board(office, workshop.id)
    counts = {c.name: c for c in board.counts()}
    assert counts["Transport"].by_kind[StatementKind.NOT_WORKING] == 2 and counts["Transport"].cases == 2
    assert counts["Transport"].reading.value == "fix" and counts["What matters next"].total == 1
    assert sum(c.total for c in board.counts()) == len(board.statements) == 5
    perspective = board.table(Dimension.PERSPECTIVE)
    assert perspective.total == 5 and sum(perspective.column_totals()) == 5
    action = themes.add_action(office, workshop.id, theme, "Ask the bus company for a later bus", "Maya Patel",
                               TODAY + dt.timedelta(days=60))
    themes.mark_action_done(office, action.id, TODAY)
    assert [(a.what, a.done_on) for a in themes.board(office, workshop.id).actions] == [
        ("Ask the bus company for a later bus", TODAY)]
    themes.remove_theme(office, workshop.id, staff)
    assert len(themes.board(office, workshop.id).unplaced()) == 2  # its statement is back, with the one left over
    # Sealed at rest: the names people typed and the actions are not in the database in clear.
    with office.store.engine.connect() as conn:
        stored = " ".join(str(v) for table in ("workshops", "workshop_themes", "theme_actions")
                          for row in conn.execute(sa.text(f"SELECT * FROM {table}")) for v in row)
    assert "Transport" not in stored and "Leeds" not in stored and "later bus" not in stored and "Maya" not in stored
    actions = [e.action for e in office.audit_log()]
    for done in ("workshop-start", "theme-add", "theme-place", "theme-rename", "theme-action", "theme-action-done",
                 "theme-remove"):
        assert done in actions
    assert office.verify_audit() == []
    as_json = themes.as_json(themes.board(office, workshop.id))
    assert [t["name"] for t in as_json["themes"]] == ["Transport", "Not in a theme yet"]
    assert sum(t["statements"] for t in as_json["themes"]) == as_json["statements"] == 5
    assert "swimming" not in str(as_json).casefold()  # counts, never what people said


def test_hostile_input_is_refused_and_changes_nothing(office):
    write_year(office)
    workshop = themes.start_workshop(office, "2026", YEAR_AGO, TODAY)
    theme = themes.add_theme(office, workshop.id, "Transport")
    before = len(office.audit_log())
    for attempt, words in (
            (lambda: themes.place(office, workshop.id, ["c9/working/forged"], theme), "not in this workshop's period"),
            (lambda: themes.place(office, workshop.id, [], "no-such-theme"), "That theme is not in this workshop"),
            (lambda: themes.add_theme(office, workshop.id, "x" * 81), "The theme's name: Please keep this to 80"),
            (lambda: themes.add_theme(office, workshop.id, "   "), "The theme's name: Please fill this in."),
            (lambda: themes.add_theme(office, "no-such-workshop", "Fine"), "That workshop is not in this office"),
            (lambda: themes.start_workshop(office, "Back to front", TODAY, YEAR_AGO),
             "The end of the period: The end of the period comes after its start."),
            (lambda: themes.add_action(office, workshop.id, theme, "Do it", "Maya", "next week"), "By when:"),
            (lambda: themes.add_action(office, workshop.id, "someone-else's", "Do it", "Maya", TODAY),
             "Choose a theme of this workshop")):
        with pytest.raises(OfficeError, match=words):
            attempt()
    assert len(office.audit_log()) == before and themes.board(office, workshop.id).placed == {}


def test_the_report_back_reaches_the_advisor_of_each_case_whose_statements_were_used(office, tmp_path):
    laptop = AdvisorService.create(tmp_path / "jess", "kettle harbour lantern", advisor_name="Jess", kdf=FAST)
    device = DeviceSync(laptop.store)
    device.enroll(office.enroll("Jess laptop").to_bytes())
    case = laptop.create_case(first_name="Ruth", last_name="Okafor")
    review = review_service.new_review(laptop, case, held_on=TODAY - dt.timedelta(days=10))
    stored = laptop.store.get("review", review).data
    assert review_service.save_review(laptop, case, review, {**stored, "working": [
        {"text": "Ruth likes her new job at the café", "view": "person"}], "not_working": [
        {"text": "Ruth's bus is often late", "view": "family"}]}).ok

    def sync() -> None:
        data, last = device.outgoing()
        device.mark_sent(last)
        office.receive(data)
        device.apply(office.reply_for(laptop.store.device_id))

    sync()
    workshop = themes.start_workshop(office, "Spring 2026", YEAR_AGO, TODAY)
    board = themes.board(office, workshop.id)
    assert len(board.statements) == 2 and all("Ruth" not in s.text for s in board.statements)
    with pytest.raises(OfficeError, match="No statement is in a theme yet"):
        themes.send_report(office, workshop.id)
    theme = themes.add_theme(office, workshop.id, "Work and getting there", [s.key for s in board.statements])
    themes.add_action(office, workshop.id, theme, "Talk to the bus company", "Maya Patel", TODAY + dt.timedelta(days=30))
    sent = themes.send_report(office, workshop.id)
    assert (sent.cases, sent.laptops) == (1, 1)
    pdf = themes.report_pdf(themes.board(office, workshop.id), office)
    report = check(pdf, max_pages=3)
    assert report.problems() == [], report.summary()
    sync()
    [notice] = notices.notices(laptop, unread_only=True)
    reference = laptop.load_case(case).header.reference
    assert (notice.title, notice.cases) == ("Spring 2026", (reference,))
    assert notices.report(laptop, notice.notice_id).startswith(b"%PDF")
    notices.mark_read(laptop, notice.notice_id)
    assert notices.notices(laptop, unread_only=True) == []
    assert "report-back" in [e.action for e in office.audit_log()]
    laptop.lock()


# ---- Progress for Providers ---------------------------------------------------------------------------


def test_grades_are_kept_over_time_and_checked(office):
    progress.record_grade(office, "risk", 2, "2025-01-10", "We ask permission for everything.")
    progress.record_grade(office, "risk", 4, TODAY, "The new risk policy, made with families.")
    assert [(g.grade, g.recorded_by) for g in progress.grades(office)] == [(2, "Morgan Hale"), (4, "Morgan Hale")]
    for args, words in ((("risk", 6, TODAY), "Grade: "), (("nope", 3, TODAY), "Indicator: Choose one of the indicators"),
                        (("risk", 3, "yesterday"), "Date: "),
                        (("risk", 3, TODAY + dt.timedelta(days=2)), "A grade is for today or a day before")):
        with pytest.raises(OfficeError, match=words):
            progress.record_grade(office, *args)
    assert len(progress.grades(office)) == 2
    with office.store.engine.connect() as conn:
        evidence = [row[0] for row in conn.execute(sa.text("SELECT evidence FROM self_assessments"))]
    assert all(e.startswith("s1:") for e in evidence)  # sealed
    kept = progress.keep_figures(office)
    assert {(k.figure, k.numerator, k.denominator) for k in progress.kept_figures(office)} == {
        (f.figure, f.numerator, f.denominator) for f in kept}


def made_for_figures(rnd: random.Random, n: int, laptop: str) -> list[g.Made]:
    out = []
    for i in range(n):
        start = TODAY - dt.timedelta(days=rnd.randint(10, 800)) if rnd.random() < 0.6 else None
        outcomes = rnd.randint(0, 3)
        out.append(g.Made(
            f"case-{i}-{rnd.randint(0, 10**9)}", f"C-2026-{i + 1:04d}", "Ann Lee", "LS1 1AA",
            stage=rnd.choice(g.STAGES), status="closed" if rnd.random() < 0.15 else "open", laptop=laptop,
            outcomes=outcomes, linked=rnd.randint(0, outcomes), proposal=rnd.choice([None, "draft", "accepted"]),
            signed=rnd.random() < 0.5, start_on=start, involvement=rnd.choice([None, "keep_informed", "on_the_panel"]),
            reviews=[g.Review(TODAY - dt.timedelta(days=rnd.randint(1, 400)), [], rnd.random() < 0.5)
                     for _ in range(rnd.randint(0, 2))] if start else [],
            risks=[g.Risk(dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
                          dt.datetime(2026, 1, 3, tzinfo=dt.timezone.utc)) for _ in range(rnd.randint(0, 2))]))
    return out


def evidence_of(made: g.Made) -> CaseEvidence:
    """What the case was made with, as the figures' rules read it."""
    due = review_due(made.start_on, [r.held_on for r in made.reviews], TODAY) if made.start_on else None
    held = sorted(made.reviews, key=lambda r: r.held_on)
    decided = dt.date(2026, 1, 3)
    overdue = TODAY > dt.date(decided.year + 1, decided.month, decided.day)
    return CaseEvidence(made.case_id, Stage(made.stage), Status(made.status), plan_outcomes=made.outcomes,
                        plan_outcomes_linked=made.linked, accepted_proposal=made.proposal == "accepted",
                        signed_agreement=made.signed, support_started=due is not None and due.state != DueState.NOT_STARTED,
                        review_overdue=due is not None and due.state == DueState.OVERDUE,
                        involved_in_recruitment=made.involvement == "on_the_panel", reviews_held=len(held),
                        latest_review_with_statement=any(r.with_budget_statement for r in held
                                                         if r.held_on == held[-1].held_on),
                        risks_approved=len(made.risks), risks_overdue=len(made.risks) if overdue else 0)


@pytest.mark.parametrize("seed", [7])
def test_the_figures_count_the_cases_as_they_were_made(office, seed):
    [laptop] = g.add_laptops(office.store, ["Jess"])
    cases = made_for_figures(random.Random(seed), 50, laptop)
    g.write(office.store, cases)
    found = {f.figure: (f.numerator, f.denominator) for f in progress.evidence_figures(office)}
    assert found == {f.figure: (f.numerator, f.denominator) for f in figures(evidence_of(c) for c in cases)}
    assert found[Evidenced.COSTED_PLANS][1] > 0 and found[Evidenced.RISK_REVIEWS][1] > 0
    printed = progress.as_json(progress.evidence_figures(office))
    assert [(p["numerator"], p["denominator"]) for p in printed] == list(found.values())


def test_two_reviews_held_on_one_day_count_as_the_latest_if_either_looked_at_a_budget_statement(tmp_path):
    """The case of seed 34831: reviews on the same day, one with a budget statement and one
    without, once stopped the figures with a TypeError."""
    office = new_office(tmp_path / "office", PASS)
    try:
        [laptop] = g.add_laptops(office.store, ["Jess"])
        day = TODAY - dt.timedelta(days=40)
        said = [g.Statement(g.KINDS[0], g.VIEWS[0], "Cooking my own tea")]
        case = g.Made("c1", "C-2026-0001", "Ann Lee", "LS1 1AA", stage="reviews", laptop=laptop,
                      start_on=TODAY - dt.timedelta(days=400),
                      reviews=[g.Review(day, said, False), g.Review(day, said, True)])
        g.write(office.store, [case])
        [evidence] = progress.case_evidence(office)
        assert evidence.reviews_held == 2 and evidence.latest_review_with_statement
        assert progress.evidence_figures(office) == figures([evidence_of(case)])
    finally:
        office.lock()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.integers(0, 20))
def test_the_figures_add_up_for_any_cases(seed, n):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        office = new_office(Path(folder) / "office", PASS)
        try:
            [laptop] = g.add_laptops(office.store, ["Jess"])
            cases = made_for_figures(random.Random(seed), n, laptop)
            g.write(office.store, cases)
            assert progress.evidence_figures(office) == figures(evidence_of(c) for c in cases)
        finally:
            office.lock()
