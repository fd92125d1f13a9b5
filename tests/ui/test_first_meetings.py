"""First meetings: the person, the circle (add, remove, undo, reorder) and funding (total)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from advisor_app.domain.journey import Stage
from advisor_app.ui.widgets.autosave import SaveState
from tests.ui.helpers import focused, type_here


def open_case(window, name: str, stage: Stage = Stage.FIRST_MEETINGS):
    case = next(c for c in window.case_list.model.cases if name in c.person_name)
    window.open_case(case.id, stage)
    return window.workspace.pages[stage]


def saved(qtbot, ws):
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.SAVED, timeout=3000)


def test_person_form_saves_and_names_the_case(qtbot, unlocked):
    window = unlocked
    case = next(c for c in window.case_list.model.cases if c.person_name == "Ngozi Okafor")
    window.open_case(case.id, Stage.FIRST_MEETINGS)
    ws = window.workspace
    page = ws.pages[Stage.FIRST_MEETINGS]
    assert page.tabs.currentIndex() == 0
    page.first_name.control().setFocus()
    type_here("Amara")
    # only a first name: saved as typed, and the last name is asked for beside it
    saved(qtbot, ws)
    assert "last name too" in page.last_name.error.text()
    page.last_name.control().setFocus()
    type_here("Okafor")
    saved(qtbot, ws)
    assert ws.header.title.text() == "Amara Okafor"
    assert window.session.service.load_case(case.id).sections["person"].data["first_name"] == "Amara"


def test_circle_add_fill_reorder_remove_and_undo(qtbot, unlocked):
    window = unlocked
    page = open_case(window, "Whitlock")
    ws = window.workspace
    page.show_tab(1)
    members = page.members
    assert [c.form.data()["name"] for c in members.cards] == ["Martin Whitlock", "Sophie Whitlock"]

    members.add_button.click()
    card = members.cards[-1]
    assert focused() is card.form.binding("name").control()
    type_here("Jo Marsh")
    card.form.binding("relationship").control().setFocus()
    type_here("Independent advocate")
    card.form.binding("roles").boxes["advocate"].click()
    saved(qtbot, ws)
    stored = window.session.service.load_case(ws.case_id).sections["circle"].data["members"]
    assert [m["name"] for m in stored] == ["Martin Whitlock", "Sophie Whitlock", "Jo Marsh"]
    assert stored[2]["roles"] == ["advocate"] and stored[2]["id"]
    ids = [m["id"] for m in stored]

    card.up.click()
    assert [c.form.data()["name"] for c in members.cards][1] == "Jo Marsh"
    assert card.title.text().startswith("2. Jo Marsh")
    saved(qtbot, ws)
    stored = window.session.service.load_case(ws.case_id).sections["circle"].data["members"]
    assert [m["id"] for m in stored] == [ids[0], ids[2], ids[1]]  # the same people, reordered

    members.remove(members.cards[0])
    assert members.undo_bar.isVisible() and "Martin Whitlock" in members.undo_label.text()
    saved(qtbot, ws)
    assert len(window.session.service.load_case(ws.case_id).sections["circle"].data["members"]) == 2
    members.undo()
    assert members.cards[0].form.data()["name"] == "Martin Whitlock"
    saved(qtbot, ws)
    stored = window.session.service.load_case(ws.case_id).sections["circle"].data["members"]
    assert stored[0]["id"] == ids[0]  # undo brings back the same person, not a copy


def test_circle_message_goes_beside_the_right_members_field(qtbot, unlocked):
    window = unlocked
    page = open_case(window, "Whitlock")
    ws = window.workspace
    page.show_tab(1)
    second = page.members.cards[1]
    email = second.form.binding("email")
    email.control().setFocus()
    email.control().clear()
    type_here("sophie at example")
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.INVALID, timeout=3000)
    assert "email address" in email.error.text()  # from "members.1.email"
    assert second.property("invalid") is True
    assert not page.members.cards[0].form.binding("email").error.isVisible()
    assert page.members.cards[0].property("invalid") is False


def test_only_one_nominated_person_is_explained_beside_the_roles(qtbot, unlocked):
    window = unlocked
    page = open_case(window, "Whitlock")
    ws = window.workspace
    page.show_tab(1)
    roles = page.members.cards[1].form.binding("roles")
    roles.boxes["nominated_person"].setFocus()
    QTest.keyClick(roles.boxes["nominated_person"], Qt.Key.Key_Space)  # keyboard ticks a box
    saved(qtbot, ws)  # kept as ticked, explained beside the roles until sorted out
    assert "Only one person" in roles.error.text()


def test_funding_total_is_the_domains_and_follows_edits(qtbot, unlocked):
    window = unlocked
    page = open_case(window, "Brennan")
    ws = window.workspace
    page.show_tab(2)
    assert page.total.text() == "Total a year: £30,980.00"  # 18,500 + 240 × 52
    assert "£12,480.00 a year" in page.breakdown.text()

    amount = page.sources.cards[1].form.binding("amount")
    amount.control().setFocus()
    amount.control().selectAll()
    type_here("250")
    assert page.total.text() == "Total a year: £31,500.00"
    saved(qtbot, ws)

    amount.control().selectAll()
    type_here("12.505")
    assert "appears when every" in page.total.text()
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.INVALID, timeout=3000)
    assert "pounds and pence" in amount.error.text()


def test_funding_can_be_controlled_by_a_circle_member(qtbot, unlocked):
    window = unlocked
    page = open_case(window, "Whitlock")
    ws = window.workspace
    page.show_tab(2)
    page.sources.add_button.click()
    card = page.sources.cards[-1]
    kind = card.form.binding("type")
    kind.combo.setCurrentIndex(kind.combo.findData("direct_payment"))
    card.form.binding("amount").control().setFocus()
    type_here("612.50")
    controlled = card.form.binding("controlled_by")
    names = [controlled.combo.itemText(i) for i in range(controlled.combo.count())]
    assert names[:2] == ["Dan (the person)", "The local authority"]
    assert "Martin Whitlock (Dad)" in names
    controlled.combo.setCurrentIndex(names.index("Martin Whitlock (Dad)"))
    card.form.binding("period").combo.setCurrentIndex(card.form.binding("period").combo.findData("week"))
    saved(qtbot, ws)
    view = window.session.service.load_case(ws.case_id)
    martin = view.sections["circle"].data["members"][0]
    source = view.sections["funding"].data["sources"][0]
    assert source["controlled_by"] == martin["id"] and source["amount"] == "612.50"
    assert page.total.text() == "Total a year: £31,850.00"
    assert ws.navigator.item_for(Stage.FIRST_MEETINGS).data(Qt.ItemDataRole.UserRole + 3) == "6 of 7 done"


def test_tab_goes_through_the_cards_in_order_and_then_to_add(qtbot, unlocked):
    window = unlocked
    page = open_case(window, "Whitlock")
    page.show_tab(1)
    members = page.members
    members.add_button.click()
    new = members.cards[-1]
    assert focused() is new.form.binding("name").control()
    notes = new.form.binding("notes").control()
    notes.setFocus()
    QTest.keyClick(notes, Qt.Key.Key_Tab)
    assert focused() is members.add_button  # the new card comes before "Add", not after the page

    # Moving a card up keeps Tab in screen order: from card 1's notes to card 2's buttons.
    new.up.click()
    first_notes = members.cards[0].form.binding("notes").control()
    first_notes.setFocus()
    QTest.keyClick(first_notes, Qt.Key.Key_Tab)
    assert focused() is members.cards[1].down or focused() is members.cards[1].up
