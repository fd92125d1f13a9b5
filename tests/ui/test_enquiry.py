"""Creating a case, filling the enquiry by keyboard alone, autosave, messages beside fields."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from advisor_app.domain.journey import Stage
from advisor_app.services import AdvisorService
from advisor_app.ui.widgets.autosave import SaveState
from tests.ui.helpers import PASSPHRASE, focused, key, type_here, unlock


def new_case(qtbot, window):
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_screen() is window.workspace)
    return window.workspace.pages[Stage.ENQUIRY]


def choose_next(count: int = 1) -> None:
    """Move a closed combo box down ``count`` entries with the arrow key."""
    for _ in range(count):
        key(Qt.Key.Key_Down)


def test_create_a_case(qtbot, unlocked):
    window = unlocked
    before = window.case_list.model.rowCount()
    page = new_case(qtbot, window)
    ws = window.workspace
    assert ws.case_id is not None
    assert ws.header.reference.text().startswith("C-")
    assert ws.header.title.text() == "Name not known yet"
    assert focused() is page.received_on.control()  # ready to type
    cases = window.session.service.list_cases()
    assert len(cases) == before + 1 and cases[0].id == ws.case_id


def test_fill_the_enquiry_by_keyboard_alone(qtbot, unlocked, existing_store):
    window = unlocked
    page = new_case(qtbot, window)
    ws = window.workspace
    case_id = ws.case_id

    type_here("14/03/2026")
    key(Qt.Key.Key_Tab)
    assert focused() is page.route.control()
    choose_next(4)  # Choose… → Family → The person → Local authority → Signposter
    assert page.route.value() == "signposter"
    key(Qt.Key.Key_Tab)
    assert focused() is page.signposter.control()  # shown only for a signposter
    choose_next(1)  # Social worker
    key(Qt.Key.Key_Tab)
    assert focused() is page.method.control()
    choose_next(1)  # Phone
    key(Qt.Key.Key_Tab)
    type_here("Ruth Hale")
    key(Qt.Key.Key_Tab)
    type_here("Leeds Adult Social Care")
    key(Qt.Key.Key_Tab)
    type_here("0113 496 0000")
    key(Qt.Key.Key_Tab)
    type_here("ruth.hale@example.org")
    key(Qt.Key.Key_Tab)
    assert focused() is page.looking_for.control()
    type_here("Support to live in his own flat.")
    key(Qt.Key.Key_Tab)  # Tab leaves the text box rather than typing a tab
    assert focused() is page.urgency.control()
    choose_next(2)  # Routine → Soon
    key(Qt.Key.Key_Tab)
    type_here("Headingley, Leeds")
    key(Qt.Key.Key_Tab)
    type_here("ls6 2ab")
    key(Qt.Key.Key_Tab)
    assert focused() is page.decision.control()
    choose_next(1)  # Yes, we will take this forward

    assert ws.autosaver.state == SaveState.PENDING
    assert "Saving" in ws.save_state_text()
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.SAVED, timeout=3000)
    assert "Saved" in ws.save_state_text()
    assert "not yet at the office" in ws.header.unsent.text()
    assert ws.header.title.text() == "Ruth Hale"  # the case list name follows the enquiry
    assert "Complete" in ws.navigator.item_for(Stage.ENQUIRY).data(Qt.ItemDataRole.UserRole + 3)

    # Lock, then read the store afresh: everything typed is there.
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.session.is_unlocked)
    service = AdvisorService.unlock(existing_store, PASSPHRASE)
    try:
        saved = service.load_case(case_id).sections["enquiry"].data
    finally:
        service.lock()
    assert saved["received_on"] == "2026-03-14"
    assert saved["route"] == "signposter" and saved["signposter_type"] == "social_worker"
    assert saved["method"] == "phone"
    assert saved["contact_name"] == "Ruth Hale"
    assert saved["contact_organisation"] == "Leeds Adult Social Care"
    assert saved["contact_phone"] == "0113 496 0000"
    assert saved["contact_email"] == "ruth.hale@example.org"
    assert saved["looking_for"] == "Support to live in his own flat."
    assert saved["urgency"] == "soon"
    assert saved["lives_in"] == "Headingley, Leeds"
    assert saved["postcode"] == "LS6 2AB"  # the domain tidies it
    assert saved["decision"] == "pursue"


def test_autosave_is_debounced_and_visible(qtbot, unlocked):
    window = unlocked
    page = new_case(qtbot, window)
    ws = window.workspace
    unsent_before = window.session.service.unsent_count()
    page.contact_name.control().setFocus()
    type_here("Sam")
    assert ws.autosaver.state == SaveState.PENDING and ws.save_state_text() == "Saving…"
    assert window.session.service.unsent_count() == unsent_before  # not yet: debounced
    started = dt.datetime.now()
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.SAVED, timeout=3000)
    assert (dt.datetime.now() - started).total_seconds() < 1.0
    assert window.session.service.unsent_count() == unsent_before + 2  # the enquiry and the case's name
    assert ws.header.save_state.property("state") == "saved"


def test_messages_appear_beside_the_field_and_go_when_fixed(qtbot, unlocked):
    window = unlocked
    page = new_case(qtbot, window)
    ws = window.workspace
    page.postcode.control().setFocus()
    type_here("LS6 ZZZ")
    page.email.control().setFocus()
    type_here("ruth@")
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.INVALID, timeout=3000)

    assert page.postcode.error.isVisible()
    assert "UK postcode" in page.postcode.error.text()
    assert "email address" in page.email.error.text()
    assert page.postcode.control().property("invalid") is True
    assert "UK postcode" in page.postcode.control().accessibleDescription()
    assert not page.contact_name.error.isVisible()
    assert ws.save_state_text() == "Not saved: check the highlighted answers"
    assert QApplication.activeModalWidget() is None  # never a dialog for a typo
    # the error line sits right under its own field
    assert page.postcode.error.parentWidget() is page.postcode.row

    page.postcode.control().selectAll()
    page.postcode.control().setFocus()
    QTest.keyClicks(page.postcode.control(), "LS6 2AB")
    page.email.control().setFocus()
    type_here("example.org")
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.SAVED, timeout=3000)
    assert not page.postcode.error.isVisible() and not page.email.error.isVisible()
    assert page.postcode.control().property("invalid") is False


def test_leaving_with_answers_to_check_warns_once(qtbot, unlocked):
    window = unlocked
    page = new_case(qtbot, window)
    page.email.control().setFocus()
    type_here("not an email")
    QTest.keyClick(window.workspace, Qt.Key.Key_Escape)
    assert window.current_screen() is window.workspace
    assert "need checking" in window.workspace.message_text()
    assert focused() is page.email.control()
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.current_screen() is window.case_list)


def test_reopen_shows_the_data(qtbot, unlocked):
    window = unlocked
    page = new_case(qtbot, window)
    case_id = window.workspace.case_id
    page.contact_name.control().setFocus()
    type_here("Ngozi Okafor")
    page.looking_for.control().setFocus()
    type_here("Help for Amara to get out and about.")
    # Back to the list straight away: the pending save is flushed, not lost.
    QTest.keyClick(focused(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.current_screen() is window.case_list)
    assert window.case_list.current_case_id() == case_id
    assert window.case_list.model.case_at(window.case_list.table.currentIndex().row()).person_name == "Ngozi Okafor"

    # Open it again with Enter.
    window.case_list.table.setFocus()
    QTest.keyClick(window.case_list.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.workspace)
    page = window.workspace.pages[Stage.ENQUIRY]
    assert page.contact_name.value() == "Ngozi Okafor"
    assert page.looking_for.value() == "Help for Amara to get out and about."

    # And after locking and unlocking.
    window.lock()
    unlock(qtbot, window, PASSPHRASE)
    row = window.case_list.model.row_of(case_id)
    window.case_list.table.selectRow(row)
    window.case_list.open_current()
    page = window.workspace.pages[Stage.ENQUIRY]
    assert page.contact_name.value() == "Ngozi Okafor"
    assert window.workspace.autosaver.state == SaveState.IDLE  # loading is not an edit


def test_not_pursued_shows_the_honest_answer_and_closes_the_case(qtbot, unlocked):
    window = unlocked
    page = new_case(qtbot, window)
    ws = window.workspace
    assert not page.reason.row.isVisibleTo(page) and not page.close_panel.isVisibleTo(page)
    page.decision.control().setFocus()
    choose_next(2)  # No, we cannot help
    assert page.reason.row.isVisibleTo(page) and page.pointed_to.row.isVisibleTo(page)
    assert page.close_panel.isVisibleTo(page)
    qtbot.waitUntil(lambda: ws.autosaver.state == SaveState.SAVED, timeout=3000)  # the decision is kept
    assert "honest answer" in page.reason.error.text()

    page.close_button.click()  # not yet: the reason is missing; said inline, and focus goes there
    assert "honest answer" in ws.message_text()
    assert focused() is page.reason.control()

    page.reason.control().setFocus()
    type_here("We do not offer nursing care.")
    page.pointed_to.control().setFocus()
    type_here("Airedale Community Nursing")
    page.close_button.click()
    assert ws.view.header.status == "closed"
    assert ws.header.closed_banner.isVisible() and ws.header.reopen_button.isVisible()
    assert not ws.header.move_button.isVisible()
    assert not page.close_panel.isVisibleTo(page)
    ws.header.reopen_button.click()
    assert ws.view.header.status == "open"


def test_moving_on_is_explained_when_blocked_and_works_when_complete(qtbot, unlocked):
    window = unlocked
    new_case(qtbot, window)
    ws = window.workspace
    ws.header.move_button.click()
    assert "still needs" in ws.message_text()
    assert "Who got in touch" in ws.message_text()
    assert ws.view.header.stage == Stage.ENQUIRY

    # A complete enquiry (from the demo) moves on to first meetings.
    window.show_case_list()
    case = next(c for c in window.case_list.model.cases if c.person_name == "Callum Reid")
    window.open_case(case.id)
    ws.header.move_button.click()
    assert ws.view.header.stage == Stage.FIRST_MEETINGS
    assert ws.current_stage == Stage.FIRST_MEETINGS
    assert "Moved on" in ws.message_text()
