"""The support plan: outcomes linked to the support, the week with its clashes, how to support well."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from advisor_app.domain.journey import Stage
from advisor_app.domain.support_plan import Slot
from advisor_app.ui.stages.support_plan import SupportPlanPage
from advisor_app.ui.widgets.timetable import BOOKINGS_ROLE, CLASH_ROLE
from tests.ui.helpers import choose_in, focused, journal, key, open_stage, saved, section, type_here

DAN_DESIGN = {"components": [
    {"id": "dan-days", "component_id": "personal-care-and-support", "notes": "Cooking and shopping",
     "on_going": {"week": {"monday": {"daytime": "6"}, "wednesday": {"daytime": "4"}}}},
    {"id": "dan-money", "component_id": "managing-personal-finances",
     "on_going": {"week": {"monday": {"daytime": "5"}}}},
]}


def dan_with_a_design(window) -> str:
    case = next(c for c in window.case_list.model.cases if c.person_name == "Dan Whitlock")
    result = window.session.service.save(case.id, "service_design", DAN_DESIGN)
    assert result.ok, result.errors
    return case.id


def test_outcome_by_keyboard_links_to_the_parts_of_support(qtbot, unlocked):
    window = unlocked
    dan_with_a_design(window)
    page = open_stage(window, "Whitlock", Stage.SUPPORT_PLAN)
    ws, service = window.workspace, window.session.service
    before = journal(service, "support_plan", ws.case_id)
    assert page.tabs.currentIndex() == SupportPlanPage.TAB_OUTCOMES
    assert "not linked to any part" not in page.outcome_warnings.label.text()
    assert "does not help with any outcome yet" in page.outcome_warnings.label.text()

    page.outcomes.add_button.setFocus()
    key(Qt.Key.Key_Space)
    card = page.outcomes.cards[0]
    assert focused() is card.form.binding("in_my_words").control()
    type_here("I want to cook my own tea")
    key(Qt.Key.Key_Tab)
    assert focused() is card.whose.combo
    choose_in(card.whose.combo, "Dan (the person)")
    key(Qt.Key.Key_Tab)
    assert focused() is card.form.binding("by_when").control()
    type_here("31/03/2031")
    key(Qt.Key.Key_Tab)
    type_here("Dan cooks tea on his own twice a week")
    key(Qt.Key.Key_Tab)
    links = card.links
    assert [box.text() for box in links.boxes.values()] == [
        "Personal care and support (on-going): Cooking and shopping", "Managing personal finances (on-going)"]
    assert focused() is links.boxes["dan-days"]
    key(Qt.Key.Key_Space)  # tick the first
    saved(qtbot, ws)

    outcome = section(window, "support_plan")["outcomes"][0]
    assert outcome["in_my_words"] == "I want to cook my own tea" and outcome["whose_words"] == "person"
    assert outcome["by_when"] == "2031-03-31" and outcome["component_ids"] == ["dan-days"]
    assert len(journal(service, "support_plan", ws.case_id)) > len(before)
    warnings = page.outcome_warnings.label.text()
    assert "“Managing personal finances” does not help with any outcome yet." in warnings
    assert "Personal care and support” does not" not in warnings


def test_the_week_shows_a_clash_when_two_on_going_parts_overfill_a_day(qtbot, unlocked):
    window = unlocked
    dan_with_a_design(window)
    page = open_stage(window, "Whitlock", Stage.SUPPORT_PLAN)
    page.show_tab(SupportPlanPage.TAB_WEEK)
    grid = page.grid
    monday_day = grid.item(list(Slot).index(Slot.DAYTIME), 0)
    assert [b.chosen_id for b in monday_day.data(BOOKINGS_ROLE)] == ["dan-days", "dan-money"]
    assert monday_day.data(CLASH_ROLE) is True  # 6 + 5 hours in a 9-hour daytime
    assert grid.item(list(Slot).index(Slot.DAYTIME), 2).data(CLASH_ROLE) is False  # Wednesday is fine
    assert "Warning" in monday_day.data(Qt.ItemDataRole.AccessibleTextRole)
    text = page.week_warnings.label.text()
    assert "Monday daytime has 11 hours of support planned; 08:00 to 17:00 is 9 hours." in text
    assert "Tuesday has no support planned." in text  # and the gaps
    assert page.week_warnings.property("state") == "warn"
    assert grid.horizontalHeaderItem(0).text().endswith("\u26a0")

    # Put right in the design, the week follows.
    ws = window.workspace
    ws.show_stage(Stage.SERVICE_DESIGN)
    design_page = ws.pages[Stage.SERVICE_DESIGN]
    money = design_page.components.cards[1].form.binding("on_going.week").form.binding("monday.daytime")
    money.control().setFocus()
    money.control().selectAll()
    type_here("2")
    saved(qtbot, ws)
    assert monday_day.data(CLASH_ROLE) is False
    assert "Monday daytime" not in page.week_warnings.label.text()


def test_supporting_well_and_the_people_who_support_by_keyboard(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.SUPPORT_PLAN)
    ws = window.workspace
    page.show_tab(SupportPlanPage.TAB_WELL)
    page.how_to_support.add_button.setFocus()
    key(Qt.Key.Key_Space)
    type_here("Text me the plan the night before")
    key(Qt.Key.Key_Tab)
    choose_in(focused(), "Martin Whitlock (Dad)")
    page.day_to_day.add_button.setFocus()
    key(Qt.Key.Key_Space)
    type_here("Porridge for breakfast")
    page.show_tab(SupportPlanPage.TAB_PEOPLE)
    for entries, text in ((page.qualities, "Patient"), (page.skills, "Can drive"),
                          (page.interests, "Trains")):
        entries.add_button.setFocus()
        key(Qt.Key.Key_Space)
        type_here(text)
    saved(qtbot, ws)
    plan = section(window, "support_plan")
    assert plan["how_to_support_me_well"][0]["text"] == "Text me the plan the night before"
    assert plan["what_matters_day_to_day"][0]["text"] == "Porridge for breakfast"
    assert [plan["wanted_in_supporters"][k][0]["text"] for k in ("qualities", "skills", "shared_interests")] == [
        "Patient", "Can drive", "Trains"]


def test_shared_support_reads_shared_by_in_words_in_the_week(qtbot, unlocked, tmp_path):
    """Priya's friends' evenings are shared by 3: the grid says so in words, on its own line,
    never "3 h x3" (read as nine hours); the cell is tall enough for both lines."""
    import os
    from pathlib import Path

    from advisor_app.ui.widgets.timetable import pill_text

    window = unlocked
    window.resize(1366, 768)
    page = open_stage(window, "Priya Sharma", Stage.SUPPORT_PLAN)
    page.show_tab(SupportPlanPage.TAB_WEEK)
    grid = page.grid
    row = list(Slot).index(Slot.EVENING)
    tuesday = grid.item(row, 1).data(BOOKINGS_ROLE)
    shared = [b for b in tuesday if b.shared_by == 3]
    assert shared and pill_text(shared[0]) == "3 h\nshared by 3"
    assert "\u00d7" not in pill_text(shared[0]) and "x3" not in pill_text(shared[0])
    two_lines = grid.itemDelegate().pill_height(QStyleOptionViewItem(), shared[0])
    assert grid.rowHeight(row) >= two_lines
    assert "shared by 3" in grid.item(row, 1).data(Qt.ItemDataRole.AccessibleTextRole)
    folder = Path(os.environ.get("ADVISOR_APP_SCREENSHOTS") or tmp_path)
    qtbot.waitUntil(lambda: grid.geometry().bottom() < page.legend_panel.geometry().top())  # laid out
    assert window.grab().save(str(folder / "week-shared-1366x768.png"))
