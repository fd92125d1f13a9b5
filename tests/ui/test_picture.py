"""Getting to know the person: every tool filled by keyboard alone, saved and journaled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from advisor_app.domain.journey import Stage
from advisor_app.ui.stages.picture import PicturePage
from tests.ui.helpers import choose_in, focused, journal, key, member_id, open_stage, saved, section, type_here

ALT = Qt.KeyboardModifier.AltModifier


def press(button) -> None:
    """Reach a button and press it with the space bar."""
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)


def test_one_page_profile_by_keyboard_is_saved_and_journaled(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws, service = window.workspace, window.session.service
    before = journal(service, "one_page_profile", ws.case_id)
    assert page.tabs.currentIndex() == PicturePage.TAB_PROFILE
    admire = page.like_and_admire
    assert admire.heading.text() == "What people like and admire about Dan"

    press(admire.add_button)
    first = admire.cards[0]
    assert focused() is first.form.binding("text").control()
    type_here("A brilliant memory for train times")
    key(Qt.Key.Key_Tab)
    assert focused() is first.whose.combo  # whose words comes next
    choose_in(first.whose.combo, "Martin Whitlock (Dad)")
    first.form.binding("text").control().setFocus()
    key(Qt.Key.Key_Return)  # Enter starts the next entry
    assert len(admire.cards) == 2 and focused() is admire.cards[1].form.binding("text").control()
    type_here("Kind to everyone he meets")
    key(Qt.Key.Key_Return)
    key(Qt.Key.Key_Return)  # Enter on an empty last line ends the list
    assert len(admire.cards) == 2 and focused() is admire.add_button

    important = page.important_to
    press(important.add_button)
    type_here("My trains magazine on Saturdays")
    key(Qt.Key.Key_Tab)
    choose_in(focused(), "Dan (the person)")
    press(page.how_to_support.add_button)
    type_here("Tell him who is coming and when, the day before")
    saved(qtbot, ws)

    data = section(window, "one_page_profile")
    assert [e["text"] for e in data["like_and_admire"]] == ["A brilliant memory for train times",
                                                             "Kind to everyone he meets"]
    assert data["like_and_admire"][0]["whose_words"] == member_id(window, "Martin Whitlock")
    assert data["like_and_admire"][1]["whose_words"] is None
    assert data["important_to"][0] == {**data["important_to"][0], "text": "My trains magazine on Saturdays",
                                       "whose_words": "person"}
    assert data["how_to_support"][0]["text"].startswith("Tell him who is coming")
    after = journal(service, "one_page_profile", ws.case_id)
    assert len(after) > len(before)
    assert after[-1].payload["data"] == data  # the last change record is the section as saved


def test_entries_reorder_remove_and_undo_by_keyboard(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws = window.workspace
    hopes_tab = PicturePage.TAB_DAYS
    page.show_tab(hopes_tab)
    hopes = page.hopes
    press(hopes.add_button)
    for text in ("A flat of my own", "A job with trains", "A holiday in Scotland"):
        type_here(text)
        key(Qt.Key.Key_Return)
    key(Qt.Key.Key_Return)
    assert hopes.texts_in_order() == ["A flat of my own", "A job with trains", "A holiday in Scotland"]
    saved(qtbot, ws)

    # Alt+Up moves the entry being typed in, and the focus stays in it.
    third = hopes.cards[2].form.binding("text").control()
    third.setFocus()
    key(Qt.Key.Key_Up, ALT)
    key(Qt.Key.Key_Up, ALT)
    assert hopes.texts_in_order() == ["A holiday in Scotland", "A flat of my own", "A job with trains"]
    assert focused() is third
    assert hopes.cards[0].number.text() == "1."
    key(Qt.Key.Key_Down, ALT)
    assert hopes.texts_in_order() == ["A flat of my own", "A holiday in Scotland", "A job with trains"]
    saved(qtbot, ws)
    assert [e["text"] for e in section(window, "good_day_bad_day")["hopes_for_future"]] == [
        "A flat of my own", "A holiday in Scotland", "A job with trains"]

    # Ctrl+Shift+Delete removes; Undo (Alt+U) brings the same entry back where it was.
    ids = [e["id"] for e in section(window, "good_day_bad_day")["hopes_for_future"]]
    hopes.cards[1].form.binding("text").control().setFocus()
    key(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert hopes.texts_in_order() == ["A flat of my own", "A job with trains"]
    assert hopes.undo_bar.isVisible() and "A holiday in Scotland" in hopes.undo_label.text()
    saved(qtbot, ws)
    assert len(section(window, "good_day_bad_day")["hopes_for_future"]) == 2
    hopes.undo_button.setFocus()
    key(Qt.Key.Key_Space)
    saved(qtbot, ws)
    assert [e["id"] for e in section(window, "good_day_bad_day")["hopes_for_future"]] == ids


def test_important_to_and_for_side_by_side_with_the_balance(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws = window.workspace
    page.show_tab(PicturePage.TAB_TO_FOR)
    to_list, for_list = page.to_list, page.for_list
    left = lambda w: w.row.mapTo(page, w.row.rect().topLeft())  # noqa: E731
    qtbot.waitUntil(lambda: left(to_list).x() < left(for_list).x() and left(to_list).y() == left(for_list).y())
    press(to_list.add_button)
    type_here("Cooking my own tea")
    key(Qt.Key.Key_Return)
    type_here("Going to the model railway club")
    press(for_list.add_button)
    type_here("Eating more vegetables")
    assert page.balance.text() == "2 important to Dan, 1 important for Dan"
    saved(qtbot, ws)
    data = section(window, "important_to_for")
    assert len(data["important_to"]) == 2 and data["important_for"][0]["text"] == "Eating more vegetables"


def test_working_not_working_grid_records_whose_view(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws = window.workspace
    page.show_tab(PicturePage.TAB_WORKING)
    person = page.working.lists["person"]
    press(person.add_button)
    type_here("Living with Dad")
    press(page.not_working.lists["person"].add_button)
    type_here("Nobody to cook with")
    family = page.working.lists["family"]
    press(family.add_button)
    type_here("He is calmer with a routine")
    key(Qt.Key.Key_Tab)
    choose_in(focused(), "Sophie Whitlock (Sister)")
    saved(qtbot, ws)
    data = section(window, "working_not_working")
    assert [(s["view"], s["text"]) for s in data["working"]] == [("person", "Living with Dad"),
                                                                 ("family", "He is calmer with a routine")]
    assert data["working"][1]["whose_words"] == member_id(window, "Sophie Whitlock")
    assert data["not_working"] == [{**data["not_working"][0], "view": "person", "text": "Nobody to cook with"}]


def test_communication_chart_rows_by_keyboard(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws = window.workspace
    page.show_tab(PicturePage.TAB_COMMUNICATION)
    chart = page.chart
    press(chart.add_button)
    type_here("When the plan changes")
    key(Qt.Key.Key_Return)  # Enter moves along the row
    type_here("Rocks and hums")
    key(Qt.Key.Key_Return)
    type_here("I am worried")
    key(Qt.Key.Key_Return)
    type_here("Show him the new plan and give him time")
    key(Qt.Key.Key_Return)  # from the last column: a new row
    assert len(chart.cards) == 2
    saved(qtbot, ws)
    rows = section(window, "communication")["rows"]
    assert rows == [{**rows[0], "what_is_happening": "When the plan changes", "person_does": "Rocks and hums",
                     "usually_means": "I am worried", "others_should": "Show him the new plan and give him time"}]
    assert chart.header.isVisible()


def test_decision_agreement_with_who_is_involved_and_the_final_say(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws = window.workspace
    page.show_tab(PicturePage.TAB_DECISIONS)
    press(page.offer_information.add_button)
    type_here("Pictures and one thing at a time")
    press(page.decisions.add_button)
    card = page.decisions.cards[0]
    assert focused() is card.form.binding("decision").control()
    type_here("Where to live")
    involved = card.form.binding("involved")
    assert [b.text() for b in involved.boxes.values()] == ["Dan (the person)", "Martin Whitlock (Dad)",
                                                         "Sophie Whitlock (Sister)"]
    for box in list(involved.boxes.values())[:2]:
        box.setFocus()
        key(Qt.Key.Key_Space)
    choose_in(card.form.binding("final_say").combo, "Dan (the person)")
    saved(qtbot, ws)
    decision = section(window, "decision_making")["decisions"][0]
    assert decision["decision"] == "Where to live"
    assert decision["involved"] == ["person", member_id(window, "Martin Whitlock")]
    assert decision["final_say"] == "person"


def test_relationships_show_the_circle_and_lead_to_it(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws = window.workspace
    page.show_tab(PicturePage.TAB_RELATIONSHIPS)
    names = [w.accessibleName() for w in page.circle_widgets]
    assert names[0].startswith("1. Martin Whitlock (Dad)") and "Nominated person" in names[0]
    press(page.edit_circle)
    assert ws.current_stage == Stage.FIRST_MEETINGS
    assert ws.pages[Stage.FIRST_MEETINGS].tabs.currentIndex() == 1


def test_navigator_shows_picture_completeness(qtbot, unlocked):
    window = unlocked
    page = open_stage(window, "Whitlock", Stage.PICTURE)
    ws = window.workspace
    status = ws.navigator.item_for(Stage.PICTURE).data(Qt.ItemDataRole.UserRole + 3)
    assert status.endswith("done") and status.startswith("0 of ")
    press(page.like_and_admire.add_button)
    type_here("Funny")
    saved(qtbot, ws)
    status = ws.navigator.item_for(Stage.PICTURE).data(Qt.ItemDataRole.UserRole + 3)
    assert status.startswith("1 of ")
    for stage in (Stage.PICTURE, Stage.SERVICE_DESIGN, Stage.SUPPORT_PLAN):
        assert ws.navigator.item_for(stage).flags() & Qt.ItemFlag.ItemIsEnabled
