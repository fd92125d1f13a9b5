"""Stages 9 and 10 by keyboard: setting up and handing over Priya, and a review with its budget
statement for Leah (the demo's handed-over case); review due and overdue on the case and in the
case list. Screenshots at 1366x768 go to out/screenshots/ for a person to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from advisor_app.domain.journey import Stage
from advisor_app.services import reviews, setup, statements
from advisor_app.ui.widgets.forms import ensure_visible
from tests.ui.helpers import choose_in, focused, key, open_stage, saved, section, type_here

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


def shot(window, name: str) -> None:
    QApplication.processEvents()  # the layout settles, as it does between a person's looks
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / f"{name}.png"))


def press(button) -> None:
    """A button pressed from the keyboard: Tab to it (focus), then Space."""
    button.setFocus()
    assert focused() is button
    QTest.keyClick(button, Qt.Key.Key_Space)


def type_into(binding, text: str) -> None:
    binding.focus()
    type_here(text)


def test_setting_up_and_handing_over_by_keyboard(qtbot, unlocked):
    window = unlocked
    window.resize(1366, 768)
    service = window.session.service
    case = next(c for c in window.case_list.model.cases if c.person_name == "Priya Sharma")
    for stage in (Stage.COSTING, Stage.AGREEMENT, Stage.SETUP):
        assert service.move_stage(case.id, stage).ok
    page = open_stage(window, "Priya", Stage.SETUP)
    workspace = window.workspace
    assert workspace.navigator.item_for(Stage.SETUP).data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "9. Setting up and handover: 0 of 7 done")
    shot(window, "setup-start-plan")

    type_into(page.start_on, "04/05/2026")
    press(page.tasks.add_button)  # focus goes into the new task's first field
    type_here("Advertise with Priya's words")
    card = page.tasks.cards[0]
    type_into(card.form.binding("owner"), "Jess Demo")
    type_into(card.form.binding("due_on"), "20/04/2026")
    press(page.suggest_button)
    assert len(page.tasks.cards) > 1 and "Added" in workspace.message_text()
    for extra in page.tasks.cards[1:]:  # each suggested task gets its owner and date
        type_into(extra.form.binding("owner"), "Jess Demo")
        type_into(extra.form.binding("due_on"), "30/04/2026")
    saved(qtbot, workspace)
    assert section(window, "setup")["tasks"][0] == {
        "id": card.form.data()["id"], "area": "recruitment", "what": "Advertise with Priya's words", "owner": "Jess Demo",
        "due_on": "2026-04-20", "done": False, "done_on": None}

    page.show_tab(page.TAB_RECRUITMENT)
    choose_in(page.involvement.combo, "We sit on the interview panel")
    type_into(page.job_title, "Support worker for Priya")
    press(page.questions_button)
    assert len(page.questions.cards) >= 5
    press(page.advert_button)
    assert "Priya" in page.advert.value()
    saved(qtbot, workspace)
    shot(window, "setup-recruitment")
    stored = section(window, "setup")["recruitment"]
    assert stored["involvement"] == "on_the_panel" and len(stored["questions"]) == len(page.questions.cards)

    page.show_tab(page.TAB_HANDOVER)
    choose_in(page.manager.combo, "Sam Okafor, Service manager (Bradford and Keighley)")
    saved(qtbot, workspace)
    assert "01274 496 0100" in page.manager_contact.text()
    press(page.hand_over_button)
    assert page.confirm.isVisible() and focused() is page.confirm_button
    shot(window, "setup-handover-confirm")
    QTest.keyClick(page.confirm_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: workspace.view.header.stage == Stage.REVIEWS)
    assert "Handed over." in workspace.message_text()
    assert "Waiting for Sam Okafor's acknowledgement" in page.status.text()
    assert section(window, "setup")["handover_pack_sha256"]
    assert [d.kind for d in service.store.documents(case_id=case.id, kind="handover")] == ["handover"]
    shot(window, "setup-handed-over")


def test_a_review_and_its_budget_statement_by_keyboard(qtbot, unlocked, tmp_path):
    window = unlocked
    window.resize(1366, 768)
    service = window.session.service
    page = open_stage(window, "Leah", Stage.REVIEWS)
    assert page.table.rowCount() == 1 and page.due.text().startswith("Next person-centred review by ")
    shot(window, "reviews-list")

    press(page.new_button)
    editor = page.editor
    qtbot.waitUntil(lambda: page.stack.currentWidget() is editor)
    assert focused() is editor.held_on.control()
    type_here(dt.date.today().strftime("%d/%m/%Y"))
    editor.tabs.setCurrentIndex(editor.TAB_VIEWS)
    press(editor.working.lists[editor.working.lists.__iter__().__next__()].add_button)
    type_here("Swimming on my own")
    key(Qt.Key.Key_Return)  # the next line
    qtbot.waitUntil(lambda: editor.autosaver.state.value == "saved", timeout=3000)
    review = reviews.load_review(service, editor.view.id)
    assert [s.text for s in review.review.working] == ["Swimming on my own"]
    assert review.review.held_on == dt.date.today()
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        shot(window, f"review-tab-{index + 1}")

    # The budget statement: a bad rota file is refused with its line and field, nothing written.
    editor.tabs.setCurrentIndex(editor.TAB_MONEY)
    panel = editor.statement
    start = panel.view.statement.period_from
    bad = tmp_path / "rota.csv"
    bad.write_text(f"date,support,amount\n{start.isoformat()},1,-3\n")
    before = len(service.store.changes_after(0))
    said = panel.import_file(bad)
    assert said == "rota.csv was not imported. Line 2, amount: The amount cannot be negative."
    assert panel.import_message.text() == said and len(service.store.changes_after(0)) == before
    good = tmp_path / "rota-good.csv"
    good.write_text(f"date,support,amount\n{start.isoformat()},1,5\n")
    assert panel.import_file(good) == "Imported 1 line from rota-good.csv."
    assert "Imported rota-good.csv: 1 line" in panel.imports.text()
    figures = statements.load_statement(service, panel.view.id).figures
    assert panel.summary.text().startswith(f"Planned £{figures.planned_total:,.2f}")
    assert panel.table.rowCount() == len(figures.lines) + 2  # the parts, the emergency amount, the total
    shot(window, "review-budget-statement")
    ensure_visible(panel.summary)
    shot(window, "review-budget-statement-figures")
    ensure_visible(panel.chart)
    shot(window, "review-budget-statement-chart")

    press(editor.back_button)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0)
    assert page.table.rowCount() == 2


def test_review_due_and_overdue_show_on_the_case_and_in_the_list(qtbot, unlocked, monkeypatch):
    window = unlocked
    leah = next(c for c in window.case_list.model.cases if c.person_name == "Leah Moss")
    row = window.case_list.model.row_of(leah.id)
    column = window.case_list.model.index(row, 6)
    assert window.case_list.model.data(column).startswith("Due by ")
    later = dt.date.today() + dt.timedelta(days=400)
    monkeypatch.setattr(reviews, "_today", lambda: later)
    window.case_list.refresh()
    text = window.case_list.model.data(column)
    assert text.startswith("\u26a0 Overdue since ")
    assert window.case_list.model.data(column, Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    window.resize(1366, 768)
    shot(window, "case-list-review-overdue")
    window.open_case(leah.id)
    assert "Person-centred review overdue since" in window.workspace.header.risk_alerts.text()


def test_the_acknowledgement_shows_on_the_handover_tab(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Leah", Stage.SETUP)
    page.show_tab(page.TAB_HANDOVER)
    assert "Sam Okafor acknowledged it on" in page.status.text()
    assert "I have met Leah and Amy" in page.status.text()
    assert not page.hand_over_button.isVisible()
    assert setup.load(window.session.service, window.workspace.case_id).acknowledgement is not None


def test_every_control_of_the_new_stages_has_an_accessible_name(qtbot, unlocked):
    from tests.ui.test_settings import unnamed_controls

    window = unlocked
    page = open_stage(window, "Leah", Stage.SETUP)
    for tab in (page.TAB_START, page.TAB_RECRUITMENT, page.TAB_HANDOVER):
        page.show_tab(tab)
        assert unnamed_controls(window) == [], tab
    reviews_page = open_stage(window, "Leah", Stage.REVIEWS)
    assert unnamed_controls(window) == []
    reviews_page.open_current()
    for index in range(reviews_page.editor.tabs.count()):
        reviews_page.editor.tabs.setCurrentIndex(index)
        assert unnamed_controls(window) == [], index
