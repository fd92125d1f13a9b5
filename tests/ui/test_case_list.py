"""The case list (search, stage filter, order) and the journey navigator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.ui.stages import has_page
from advisor_app.ui.widgets.autosave import SaveState
from tests.ui.helpers import focused, type_here


def names(window) -> list[str]:
    return [c.person_name for c in window.case_list.model.cases]


def search(qtbot, window, text: str) -> None:
    box = window.case_list.search
    box.clear()
    box.setFocus()
    type_here(text)
    qtbot.waitUntil(lambda: window.case_list.model.cases == window.session.service.list_cases(
        text, window.case_list.stage_filter()), timeout=2000)


def test_search_by_name_reference_or_postcode(qtbot, unlocked):
    window = unlocked
    search(qtbot, window, "whitlock")
    assert names(window) == ["Dan Whitlock"]
    reference = window.case_list.model.cases[0].reference
    search(qtbot, window, "ls6")
    assert names(window) == ["Ngozi Okafor"]
    search(qtbot, window, "LS62AB")  # a postcode without its space still matches
    assert names(window) == ["Ngozi Okafor"]
    search(qtbot, window, reference)
    assert names(window) == ["Dan Whitlock"]
    search(qtbot, window, "nobody by this name")
    assert names(window) == []
    assert window.case_list.empty.isVisible() and "No cases match" in window.case_list.empty.text()
    assert "Showing 0 of 7" in window.case_list.summary.text()


def test_stage_filter(qtbot, unlocked):
    window = unlocked
    cl = window.case_list
    cl.stage.setFocus()
    QTest.keyClick(cl.stage, Qt.Key.Key_Down)  # All stages → Enquiry
    assert cl.stage_filter() == Stage.ENQUIRY
    assert all(c.stage == Stage.ENQUIRY for c in cl.model.cases) and len(cl.model.cases) == 3
    cl.set_stage_filter(Stage.FIRST_MEETINGS)
    assert sorted(names(window)) == ["Dan Whitlock"]
    cl.set_stage_filter(Stage.SUPPORT_PLAN)
    assert sorted(names(window)) == ["Tom Brennan"]
    cl.set_stage_filter(None)
    assert len(cl.model.cases) == 7


def test_sorted_by_last_change_and_a_change_moves_a_case_to_the_top(qtbot, unlocked):
    window = unlocked
    cl = window.case_list
    stamps = [c.updated_at for c in cl.model.cases]
    assert stamps == sorted(stamps, reverse=True)
    last = cl.model.cases[-1]
    window.open_case(last.id)
    page = window.workspace.pages[Stage.ENQUIRY]
    page.looking_for.control().setFocus()
    QTest.keyClick(page.looking_for.control(), Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_here(" Update.")
    qtbot.waitUntil(lambda: window.workspace.autosaver.state == SaveState.SAVED, timeout=3000)
    window.show_case_list()
    assert cl.model.cases[0].id == last.id
    assert cl.current_case_id() == last.id  # the list keeps your place


def test_enter_in_search_opens_the_top_match(qtbot, unlocked):
    window = unlocked
    search(qtbot, window, "brennan")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.workspace)
    assert window.workspace.header.title.text() == "Tom Brennan"


def test_down_from_search_goes_to_the_list(qtbot, unlocked):
    window = unlocked
    window.case_list.search.setFocus()
    QTest.keyClick(window.case_list.search, Qt.Key.Key_Down)
    assert focused() is window.case_list.table
    assert window.case_list.current_case_id() is not None


def test_navigator_shows_every_stage_and_disables_unbuilt_ones(qtbot, unlocked):
    window = unlocked
    case = next(c for c in window.case_list.model.cases if c.person_name == "Dan Whitlock")
    window.open_case(case.id)
    nav = window.workspace.navigator
    assert nav.count() == len(journey.STAGES)
    for info in journey.STAGES:
        item = nav.item_for(info.stage)
        enabled = bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
        built = has_page(info.stage) and journey.is_built(info.stage)
        assert enabled == built, info.stage
        if not built:
            assert "Coming soon" in item.toolTip()
            assert "Coming soon" in item.data(Qt.ItemDataRole.AccessibleTextRole)
    status = nav.item_for(Stage.FIRST_MEETINGS).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "5 of 7 done" in status and "The case is at this stage" in status
    assert "Complete" in nav.item_for(Stage.ENQUIRY).data(Qt.ItemDataRole.AccessibleTextRole)

    # Arrow keys move through the built stages; the unbuilt ones cannot be chosen.
    built = [info.stage for info in journey.STAGES if has_page(info.stage) and journey.is_built(info.stage)]
    first_unbuilt = next((i for i, info in enumerate(journey.STAGES) if info.stage not in built), len(journey.STAGES))
    reachable = [info.stage for info in journey.STAGES[:first_unbuilt]]
    nav.setFocus()
    nav.setCurrentItem(nav.item_for(Stage.ENQUIRY))
    assert window.workspace.current_stage == Stage.ENQUIRY
    for stage in reachable[1:]:
        QTest.keyClick(nav, Qt.Key.Key_Down)
        assert window.workspace.current_stage == stage
    QTest.keyClick(nav, Qt.Key.Key_Down)
    assert window.workspace.current_stage == reachable[-1]


def test_header_shows_reference_name_stage_and_unsent_count(qtbot, unlocked):
    window = unlocked
    case = next(c for c in window.case_list.model.cases if c.person_name == "Priya Sharma")
    window.open_case(case.id)
    ws = window.workspace
    assert ws.header.title.text() == "Priya Sharma"
    assert ws.header.reference.text() == case.reference
    assert "Risk and opportunity" in ws.header.stage_badge.text()
    count = window.session.service.unsent_count()
    assert ws.header.unsent.text() == f"{count} changes not yet at the office"
    assert "changes not yet at the office" in window.case_list.unsent.text()
