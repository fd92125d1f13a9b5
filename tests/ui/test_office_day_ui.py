"""The office's day on screen, at 1366 x 768, over a real office holding a demo laptop's cases and a
year of generated reviews: the app opens on Today and each line is one action away; cases found by
filters and read on the advisor's own pages, read-only; a decision with the facts in view and none
chosen; countersigning beside the pack and its check; provider files in forms; a themes workshop by
drag and drop; the Progress for Providers grades and figures. A PNG of each in out/screenshots/."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLineEdit

from advisor_app.domain.journey import Stage
from advisor_app.domain.risk.decision import DecisionKind
from advisor_app.domain.worklist import WorkKind
from advisor_app.office import themes
from tests.office import generated as g
from tests.ui.helpers import finish
from tests.ui.office_fixtures import SCREENSHOTS, unlocked_window
from tests.ui.test_office_app import draw

TODAY = dt.date.today()


@pytest.fixture
def busy_office(office, laptops):
    """The demo laptop's cases and twenty generated ones with a year of reviews, on two more laptops."""
    laptops("Jess laptop", demo=True).send(office)
    ruth, sam = g.add_laptops(office.store, ["Ruth", "Sam"])
    rnd = random.Random(5)
    said = ["The bus is late again", "Swimming on Fridays with friends", "Staff keep changing", "Cooking my own tea",
            "Going to college on the bus", "New staff do not know me", "My garden", "Money for days out"]
    cases = [g.Made(f"gen-{i}", f"C-GN-2026-{i + 1:04d}", f"Person{i} Example", f"{rnd.choice(['LS', 'BD'])}{i} 1AA",
                    stage="reviews", laptop=rnd.choice([ruth, sam]), start_on=TODAY - dt.timedelta(days=300 + 20 * i),
                    acknowledged=True, outcomes=2, linked=2, proposal="accepted",
                    reviews=[g.Review(TODAY - dt.timedelta(days=rnd.randint(5, 300)),
                                      [g.Statement(rnd.choice(g.KINDS), rnd.choice(g.VIEWS), rnd.choice(said))
                                       for _ in range(3)], True)] if i % 2 else [])  # the others: overdue
             for i in range(20)]
    g.write(office.store, cases)
    return office


def shot(window, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / f"office-{name}.png"))


def test_the_day_starts_on_today_and_each_line_is_one_action_away(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    today = window.today
    assert window.tabs.currentWidget() is today and window.tabs.tabText(0).startswith("&Today (")
    kinds = [today._lines[k].item.kind for k in today.table.keys()]
    assert kinds == sorted(kinds, key=list(WorkKind).index)  # what holds a person up first
    assert WorkKind.RISK_DECISION in kinds and WorkKind.COUNTERSIGN in kinds and WorkKind.REVIEW_OVERDUE in kinds
    assert "Risk assessments waiting for a manager: 5" in today.counts.text()
    shot(window, "today")

    def choose(kind: WorkKind) -> str:
        row = kinds.index(kind)
        today.table.selectRow(row)
        return today._lines[today.table.keys()[row]].item.key

    key = choose(WorkKind.RISK_DECISION)
    assert today.act_button.text() == "Decide" and today.act_button.isEnabled()
    today.table.setFocus()
    QTest.keyClick(today.table, Qt.Key.Key_Return)  # Enter does the line's action
    assert window.tabs.currentWidget() is window.approvals and window.approvals.table.current_key() == key

    window.tabs.setCurrentWidget(today)
    sha = choose(WorkKind.COUNTERSIGN)
    qtbot.mouseClick(today.act_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.agreements and window.agreements.table.current_key() == sha

    window.tabs.setCurrentWidget(today)
    case_id = choose(WorkKind.REVIEW_OVERDUE)
    today.act()
    assert window.tabs.currentWidget() is window.cases and window.cases.table.current_key() == case_id
    assert window.cases.detail.current_stage == Stage.REVIEWS

    window.tabs.setCurrentWidget(today)
    assert today.set_quiet_days(1)  # every laptop not heard from today
    later = [today._lines[k].item.kind for k in today.table.keys()]
    assert later.count(WorkKind.QUIET_LAPTOP) == 0  # the demo laptop synced today; the others never enrolled


def test_cases_are_found_by_filters_and_read_on_the_advisors_pages_read_only(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    tab = window.cases
    window.tabs.setCurrentWidget(tab)
    everyone = tab.table.rowCount()
    assert everyone == 26
    tab.advisor.setCurrentIndex(tab.advisor.findData("Jess"))
    assert tab.table.rowCount() == 6 and tab.summary.text() == "Showing 6 of 26 cases."
    tab.stage.setCurrentIndex(tab.stage.findData(Stage.RISK.value))
    assert [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())] == ["Priya Sharma"]
    assert tab.detail.title.text().endswith(": Priya Sharma") and tab.detail.current_stage == Stage.RISK
    page = tab.detail.page()
    hidden = {b.text() for b in page.findChildren(QAbstractButton) if not b.isVisibleTo(page)}
    assert "&New assessment…" in hidden and "De&lete draft" in hidden  # what writes is not offered
    assert page.open_button.isVisibleTo(page)  # what only shows stays
    page.open_current()
    editor = page.editor
    title = editor.form.binding("title").control()
    assert title.text() and title.isReadOnly()
    checks = [c for c in editor.findChildren(QCheckBox) if c.isVisibleTo(editor)]
    for check in checks[:2]:
        before = check.isChecked()
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
        assert check.isChecked() == before
    shot(window, "case-read-only")
    tab.advisor.setCurrentIndex(0)
    tab.stage.setCurrentIndex(0)
    qtbot.mouseClick(tab.overdue, Qt.MouseButton.LeftButton)
    assert 0 < tab.table.rowCount() < everyone
    assert all(line.overdue for line in tab._lines.values())
    QTest.keyClicks(tab.search, "person1")
    qtbot.waitUntil(lambda: all("Person1" in tab.table.item(r, 1).text() for r in range(tab.table.rowCount())))


def test_a_decision_with_the_form_and_its_severity_in_view_and_none_chosen(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    tab = window.approvals
    window.tabs.setCurrentWidget(tab)
    waiting = tab.table.rowCount()
    assert tab.decision() is None and all(not r.isChecked() for r in tab.radios.values())
    assert set(tab.severities) == {"doing_nothing.person", "residual_risk"}
    assert "score" in tab.severities["residual_risk"].text() or "not rated" in tab.severities["residual_risk"].text()
    editor = tab.editor
    assert editor is not None and not editor.send_button.isVisibleTo(editor)  # nothing of the advisor's to do
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)  # the form can be read step by step
    assert editor.current_step() == 1
    shot(window, "decision")
    assert not tab.decide() and "Choose a decision first" in tab.message_text()
    tab.choose(DecisionKind.APPROVED)
    assert tab.decide() and tab.table.rowCount() == waiting - 1
    assert tab.decision() is None  # the next one starts with none chosen


def test_countersigning_beside_the_pack_and_its_signature_check(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    tab = window.agreements
    window.tabs.setCurrentWidget(tab)
    key = tab.table.current_key()
    assert tab._items[key].countersigned is False and tab._items[key].superseded is False  # the one waiting
    assert tab.pack is not None and tab.pack.page_count() > 1
    check = tab.check.toPlainText()
    assert "Not signed yet: office (optional)" in check and "Verdict: intact, 3 signature(s)" in check
    assert tab.verdict.text() == "Every signature is intact and trusted, and only the office's box is left."
    assert tab.sign_button.isEnabled()
    qtbot.wait(200)  # the viewer draws its first page
    shot(window, "countersign")
    draw(tab.signature.pad)
    finish(qtbot, tab.countersign(), timeout=60_000)
    assert "Countersigned" in tab.message_text()
    assert not tab.sign_button.isEnabled()


def test_provider_rates_edited_in_a_form_checked_previewed_and_published(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    tab = window.publish
    window.tabs.setCurrentWidget(tab)
    editor = tab.show_file("costing.json")
    day = editor.fields["rates.day"]
    day.setText("lots")
    assert not tab.check() and "rates.day" in tab.problems.text() and day.property("invalid")
    day.setText("19.95")
    assert tab.check() and not day.property("invalid")
    assert tab.preview()
    changes = [tab.preview_table.item(r, 6).text() for r in range(tab.preview_table.rowCount())]
    assert changes and all(c.startswith("+£") for c in changes)  # Tom's open proposals cost more
    shot(window, "provider-data")
    finish(qtbot, tab.publish())
    assert "Sent costing.json to 3 laptops" in tab.message_text()
    menu = tab.show_file("managers.json")
    rows = menu.lists[0]
    rows.add_row({"id": "nia jones", "name": "Nia Jones"})  # an id with a space: refused
    assert not tab.check() and "managers.3.id" in tab.problems.text()


def drop(widget, keys: list[str], at: QPoint) -> None:
    """What the mouse does at the end of a drag: a drop of these statements at ``at``."""
    data = QMimeData()
    data.setData("application/x-advisor-app-statements", "\n".join(keys).encode())
    event = QDropEvent(QPointF(at), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_a_themes_workshop_by_drag_and_drop_with_suggested_groups(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    tab = window.themes
    window.tabs.setCurrentWidget(tab)
    assert tab.start("Our year", (TODAY - dt.timedelta(days=365)).isoformat(), TODAY.isoformat())
    statements = tab.unsorted.count()
    assert statements == 30 and "The workshop gathered 30 statements." == tab.message_text()
    assert all("Person" not in tab.unsorted.item(i).text() for i in range(statements))
    groups = tab.suggest()
    assert groups and tab.suggestions.count() == len(groups)
    tab.accept_name.setText("Getting about")
    bus = next(i for i, g in enumerate(groups) if "bus" in g.name.casefold())
    tab.suggestions.setCurrentRow(bus)
    tab.accept_name.setText("Getting about")
    theme = tab.accept(bus)
    assert theme and tab.board.themes[theme] == "Getting about" and tab.in_theme.count() == len(groups[bus].keys)
    staff = tab.add_theme("Staff", [])
    moving = [tab.unsorted.item(0).data(Qt.ItemDataRole.UserRole)]
    item = next(tab.themes.item(i) for i in range(tab.themes.count())
                if tab.themes.item(i).data(Qt.ItemDataRole.UserRole) == staff)
    drop(tab.themes, moving, tab.themes.visualItemRect(item).center())
    assert tab.board.placed[moving[0]] == staff
    tab.parts.setCurrentIndex(1)
    assert tab.analysis.rowCount() == 4  # two themes, those not in one, the total
    assert tab.analysis.item(3, tab.analysis.columnCount() - 2).text() == "30"
    shot(window, "themes-analysis")
    tab.dimension.setCurrentIndex(tab.dimension.findData("period"))  # the themes over time
    assert tab.analysis.item(3, tab.analysis.columnCount() - 2).text() == "30"
    shot(window, "themes-over-time")
    tab.parts.setCurrentIndex(0)
    shot(window, "themes")
    tab.parts.setCurrentIndex(2)
    assert tab.add_action(theme, "Ask for a later bus", "Maya Patel", (TODAY + dt.timedelta(days=30)).isoformat())
    assert tab.actions.rowCount() == 1
    tab.parts.setCurrentIndex(3)
    assert tab.report is not None and tab.send_button.isEnabled() and tab.report.page_count() >= 1
    qtbot.wait(300)  # the viewer draws its first page
    shot(window, "themes-report")
    finish(qtbot, tab.send_report())
    assert tab.message_text().startswith("The report went to"), tab.message_text()
    assert themes.board(busy_office, tab.board.workshop.id).actions[0].what == "Ask for a later bus"


def test_progress_grades_kept_over_time_and_what_the_cases_show(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    tab = window.progress
    window.tabs.setCurrentWidget(tab)
    tab.choose_indicator("recruitment")
    assert tab.grade_group.checkedId() == -1  # no grade chosen for the manager
    assert "What the cases show: People involved in recruiting their staff" in tab.evidenced.text()
    assert not tab.record() and tab.message_text() == "Choose the grade that best says where the office is."
    tab.grade_radios[4].setChecked(True)
    tab.evidence.setPlainText("Families sit on our interview panels.")
    assert tab.record() and tab.history.rowCount() == 1
    assert tab.history.item(0, 1).text() == "4: making good progress"
    shot(window, "progress")
    tab.parts.setCurrentIndex(1)
    assert tab.figures.rowCount() == 6
    assert tab.keep()
    shot(window, "progress-figures")


def test_every_new_control_has_a_name(qtbot, open_window, busy_office):
    window = unlocked_window(qtbot, open_window, busy_office)
    window.resize(1366, 768)
    for tab in (window.today, window.themes, window.progress, window.publish):
        window.tabs.setCurrentWidget(tab)
        for widget in tab.findChildren(QLineEdit) + tab.findChildren(QAbstractButton):
            if widget.isVisibleTo(tab) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                assert widget.accessibleName(), (type(tab).__name__, type(widget).__name__, widget.objectName())
