"""The risk and opportunity stage: the case's assessments, the guided form by keyboard, the
matrix, sending for the manager's decision, and overdue reviews on the case and in the case list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from advisor_app.domain.journey import Stage
from advisor_app.domain.risk import Status, severity
from advisor_app.i18n import _
from advisor_app.services import risk as risk_service
from advisor_app.ui.stages.risk import SEND_STEP, STEPS, step_of
from tests.ui.helpers import focused, key, type_here

ALT = Qt.KeyboardModifier.AltModifier
SHOTS = Path("/tmp/risk-shots")


def _open_case(qtbot, window, name: str):
    screen = window.case_list
    row = next(i for i, c in enumerate(screen.model.cases) if name in (c.person_name or ""))
    screen.table.setFocus()
    screen.table.selectRow(row)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.workspace)
    return window.workspace


def _risk_page(qtbot, window, name: str):
    workspace = _open_case(qtbot, window, name)
    workspace.show_stage(Stage.RISK, focus=True)
    return workspace, workspace.pages[Stage.RISK]


def _saved(window, assessment_id: str):
    return risk_service.load_assessment(window.session.service, assessment_id)


def _new_by_keyboard(qtbot, page, title: str) -> str:
    before = {s.id for s in page.summaries}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        assert QApplication.focusWidget() is not None
        dialog.title.setFocus()
        QTest.keyClicks(dialog.title, title)
        QTest.keyClick(dialog.title, Qt.Key.Key_Return)

    page.new_button.setFocus()
    QTimer.singleShot(0, answer)
    key(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.editor)
    qtbot.waitUntil(lambda: focused() is page.editor.title.control())
    new = {s.id for s in page.summaries} - before
    assert len(new) == 1
    return new.pop()


def test_create_and_fill_steps_by_keyboard(qtbot, unlocked):
    workspace, page = _risk_page(qtbot, unlocked, "Priya")
    service = unlocked.session.service
    count = len(page.summaries)
    assessment_id = _new_by_keyboard(qtbot, page, "Swimming at the leisure centre")
    editor = page.editor
    assert len(page.summaries) == count + 1
    assert editor.current_step() == 0
    assert focused() is editor.title.control()
    assert editor.title.value() == "Swimming at the leisure centre"

    # Step 1 -> 3 with Alt+Right; the first question has the focus.
    key(Qt.Key.Key_Right, ALT)
    assert editor.current_step() == 1
    key(Qt.Key.Key_Right, ALT)
    assert editor.current_step() == 2
    type_here("Swimming with school, with a teacher close by.")
    key(Qt.Key.Key_Tab)
    type_here("She loves the water and is confident in it.")
    key(Qt.Key.Key_Left, ALT)
    assert editor.current_step() == 1
    key(Qt.Key.Key_Right, ALT)

    # Step 4: capacity chosen with the arrow keys; her own decision then shows who decided.
    key(Qt.Key.Key_Right, ALT)
    assert editor.current_step() == 3
    assert focused() is editor.form.binding("capacity.has_capacity").control()
    key(Qt.Key.Key_Up)
    key(Qt.Key.Key_Up)
    assert editor.form.binding("capacity.has_capacity").value() == "yes"
    assert editor.person_decision.row.isVisibleTo(editor)
    key(Qt.Key.Key_Tab)
    assert focused() is editor.person_decision.control()
    key(Qt.Key.Key_Down)
    assert editor.person_decision.value() == "go_ahead"

    qtbot.waitUntil(lambda: _saved(unlocked, assessment_id).assessment.capacity.person_decision is not None,
                    timeout=3000)
    saved = _saved(unlocked, assessment_id)
    assert saved.assessment.four_plus_one.tried == "Swimming with school, with a teacher close by."
    assert saved.assessment.four_plus_one.learned == "She loves the water and is confident in it."
    assert saved.assessment.capacity.has_capacity.value == "yes"
    # Who decided is shown prominently, in the service's words.
    qtbot.waitUntil(lambda: editor.who_decided.isVisible())
    assert _(saved.who_decided) in editor.who_decided.text()
    # Journaled: every save went into the change journal for the office.
    changes = [c for c in service.store.changes_after(0) if c.entity_id == assessment_id]
    assert len(changes) >= 2
    assert changes[-1].entity == "risk_assessment"
    # The step list shows what is complete.
    assert editor.steps.item(1).text().startswith("\u2713")  # copied from her picture
    assert "3 still needed" in editor.steps.item(2).data(Qt.ItemDataRole.AccessibleTextRole)
    assert not editor.steps.item(0).text().startswith("\u2713")  # not linked, no risk described yet

    # Deprivation of liberty: yes shows the guidance and the banner.
    key(Qt.Key.Key_Right, ALT)
    assert editor.current_step() == 4
    key(Qt.Key.Key_Down)
    assert editor.form.binding("deprivation_of_liberty").value() is True
    qtbot.waitUntil(lambda: editor.dols_banner.isVisible(), timeout=3000)
    assert editor.dols_text.isVisible() and editor.dols_text.text()

    # Back to the list: the new assessment is there as a draft.
    editor.list_button.setFocus()
    key(Qt.Key.Key_Space)
    assert page.stack.currentIndex() == 0
    summary = next(s for s in page.summaries if s.id == assessment_id)
    assert summary.status == Status.DRAFT
    assert page.delete_button.isEnabled() or page.current_id() != assessment_id


def test_matrix_by_arrow_keys_sets_severity_words(qtbot, unlocked):
    workspace, page = _risk_page(qtbot, unlocked, "Priya")
    assessment_id = _new_by_keyboard(qtbot, page, "Cooking tea on Tuesdays")
    editor = page.editor
    for _n in range(7):
        key(Qt.Key.Key_Right, ALT)
    assert editor.current_step() == 7
    binding = editor.residual_matrix
    widget = binding.matrix_widget
    binding.focus()
    start = focused()
    assert start is widget.cells[2][2]  # the middle: possible, moderate
    assert "score 9" in start.accessibleName()
    key(Qt.Key.Key_Up)  # likely
    key(Qt.Key.Key_Right)  # major
    assert focused() is widget.cells[1][3]
    assert widget.value is None  # moving does not choose
    key(Qt.Key.Key_Space)
    expected = severity(risk_service.risk_matrix(), "likely", "major")
    assert widget.result.text() == _(expected.summary)
    assert "(chosen)" in widget.cells[1][3].accessibleName()
    qtbot.waitUntil(lambda: _saved(unlocked, assessment_id).assessment.residual_risk.rating is not None, timeout=3000)
    saved = _saved(unlocked, assessment_id)
    assert saved.severities["residual_risk"] == expected
    key(Qt.Key.Key_Left)
    key(Qt.Key.Key_Return)  # Enter chooses too
    assert widget.value[1].value == "moderate"


def _nearly_complete(case_id: str, service) -> str:
    today = dt.date.today().isoformat()
    assessment_id = risk_service.new_assessment(service, case_id, "activity", title="Bus to the library")
    consulted = {"should_consult": True, "consulted_on": today, "strategy_agreed": True}
    result = risk_service.save_assessment(service, case_id, assessment_id, {
        "serves": {"kind": "outcome", "id": "0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b", "label": "Reading"},
        "risk_description": "Getting lost on the way.", "risks_identified": ["Missing the stop"],
        "who_might_be_harmed": ["person"], "important_to": ["Books"], "important_for": ["Being safe"],
        "four_plus_one": {k: "Written." for k in ("tried", "learned", "pleased", "concerned", "next_steps")},
        "capacity": {"has_capacity": "no"}, "deprivation_of_liberty": False,
        "doing_nothing": {p: {"impact": "Less reading.", "rating": {"likelihood": "likely", "impact": "minor"}}
                          for p in ("person", "friends_and_family", "community", "provider")},
        "benefit_vs_risk": "benefit_outweighs_risk",
        "support_measures": [{"who": "Jess", "what": "Travel training", "by_when": today}],
        "residual_risk": {"rating": {"likelihood": "unlikely", "impact": "minor"}},
        "monitoring": "Weekly chat.", "success_looks_like": "Goes alone.",
        "assessors": [{"name": n, "role": "Staff", "signature_id": "5d1c9d7e-8d3f-4a0e-9b0a-1f2e3d4c5b6a",
                       "signed_on": today} for n in ("Jess Demo", "Ben Okafor")],
        "instructions_to_staff": "", "completed_by": "Jess Demo",
        "consultation": {"individual": {"name": "Priya", **consulted}},
    })
    assert result.ok, result.errors
    return assessment_id


def test_sending_is_blocked_with_reasons_then_sent(qtbot, unlocked):
    workspace, page = _risk_page(qtbot, unlocked, "Priya")
    service = unlocked.session.service
    assessment_id = _nearly_complete(workspace.case_id, service)
    page.refresh_list()
    page.open_assessment(assessment_id, SEND_STEP)
    editor = page.editor
    assert editor.current_step() == SEND_STEP
    reasons = [i.message for i in risk_service.why_not_send(service, assessment_id)]
    assert reasons  # the instructions to staff are missing
    shown = [b.text() for b in editor.reason_buttons]
    assert len(shown) == len(reasons)
    for reason, text in zip(reasons, shown):
        assert _(reason) in text
    assert not editor.send_button.isEnabled()

    # The reason takes us to its field.
    editor.reason_buttons[0].setFocus()
    key(Qt.Key.Key_Space)
    assert editor.current_step() == step_of("instructions_to_staff") == 10
    assert focused() is editor.form.binding("instructions_to_staff").control()
    type_here("Meet Priya at the stop; stay on the phone until she is on the bus.")
    qtbot.waitUntil(lambda: not risk_service.why_not_send(service, assessment_id), timeout=3000)

    for _n in range(len(STEPS) - 1 - editor.current_step()):
        key(Qt.Key.Key_Right, ALT)
    assert editor.current_step() == SEND_STEP
    qtbot.waitUntil(lambda: editor.send_button.isEnabled())
    assert not editor.reason_buttons
    editor.send_button.setFocus()
    key(Qt.Key.Key_Space)
    view = _saved(unlocked, assessment_id)
    assert view.status == Status.AWAITING_MANAGER
    assert view.assessment.sent_for_decision_at is not None
    assert editor.status.text() == _(view.status_words)
    assert not editor.send_button.isEnabled()
    editor.close_editor()
    summary = next(s for s in page.summaries if s.id == assessment_id)
    assert summary.status == Status.AWAITING_MANAGER
    assert any("awaiting" in _(a).lower() for a in risk_service.case_risk_alerts(service, workspace.case_id))


def test_overdue_review_shows_in_case_list_and_on_the_case(qtbot, unlocked):
    screen = unlocked.case_list
    service = unlocked.session.service
    overdue = risk_service.overdue_reviews_by_case(service)
    tom = next(c for c in screen.model.cases if "Tom" in (c.person_name or ""))
    assert overdue.get(tom.id) == 1
    row = screen.model.row_of(tom.id)
    text = screen.model.index(row, 5).data()
    assert "overdue" in text
    others = [c for c in screen.model.cases if c.id not in overdue]
    assert all(not screen.model.index(screen.model.row_of(c.id), 5).data() for c in others)
    SHOTS.mkdir(exist_ok=True)
    unlocked.grab().save(str(SHOTS / "case-list-overdue.png"))

    workspace, page = _risk_page(qtbot, unlocked, "Tom")
    assert workspace.header.risk_alerts.isVisible()
    assert "overdue" in workspace.header.risk_alerts.text().lower()
    assert page.alerts.isVisible()
    statuses = {s.status for s in page.summaries}
    assert Status.OVERDUE in statuses
    overdue_row = next(i for i, s in enumerate(page.summaries) if s.status == Status.OVERDUE)
    assert "overdue" in page.table.item(overdue_row, 2).text().lower()
    unlocked.grab().save(str(SHOTS / "case-tom-risk-list.png"))
