"""First run, unlock, a wrong passphrase, auto-lock, and the demo store's unlock screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from advisor_app.services import AdvisorService
from advisor_app.store import Store
from advisor_app.store.errors import WrongPassphrase
from tests.ui.helpers import PASSPHRASE, focused, key, type_here, unlock


def test_first_run_creates_a_store_by_keyboard(qtbot, make_window, store_dir):
    window = make_window(store_dir)
    assert window.current_screen() is window.first_run
    assert not Store.exists(store_dir)

    assert focused() is window.first_run.name
    type_here("Jess Advisor")
    key(Qt.Key.Key_Tab)
    assert focused() is window.first_run.passphrase.line
    type_here(PASSPHRASE)
    assert window.first_run.meter.level >= 2
    assert "Fair" in window.first_run.meter.word.text() or "Strong" in window.first_run.meter.word.text()
    window.first_run.again.line.setFocus()
    type_here(PASSPHRASE)
    key(Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.current_screen() is window.case_list)
    assert Store.exists(store_dir)
    assert window.session.is_unlocked
    window.lock()
    AdvisorService.unlock(store_dir, PASSPHRASE).lock()


def test_first_run_refuses_a_short_or_mismatched_passphrase(qtbot, make_window, store_dir):
    window = make_window(store_dir)
    screen = window.first_run
    QTest.keyClicks(screen.passphrase.line, "short")
    assert screen.meter.level == 0
    assert "Too short" in screen.meter.word.text()
    QTest.keyClicks(screen.again.line, "short")
    screen.create_button.click()
    assert screen.error.isVisible() and "at least 10 characters" in screen.error.text()
    assert not Store.exists(store_dir)

    screen.passphrase.line.setText(PASSPHRASE)
    screen.again.line.setText(PASSPHRASE + "x")
    screen.create_button.click()
    assert "not the same" in screen.error.text()
    assert not Store.exists(store_dir)
    assert window.current_screen() is screen
    assert QApplication.activeModalWidget() is None


def test_unlock_shows_the_cases(qtbot, make_window, existing_store):
    window = make_window(existing_store)
    assert window.current_screen() is window.unlock_screen
    assert not window.new_action.isEnabled()
    unlock(qtbot, window, PASSPHRASE)
    assert window.case_list.model.rowCount() == 7
    assert window.new_action.isEnabled()


def test_wrong_passphrase_shows_one_message_and_changes_nothing(qtbot, make_window, existing_store):
    key_file = existing_store / "store.key"
    before = {p.name: p.read_bytes() for p in existing_store.iterdir() if p.is_file()}
    window = make_window(existing_store)
    screen = window.unlock_screen

    QTest.keyClicks(screen.passphrase.line, "not the passphrase")
    QTest.keyClick(screen.passphrase.line, Qt.Key.Key_Return)

    assert screen.error_message() == WrongPassphrase.message
    assert window.current_screen() is screen
    assert not window.session.is_unlocked
    assert QApplication.activeModalWidget() is None  # no dialog
    assert screen.passphrase.line.selectedText() == "not the passphrase"  # ready to type again
    after = {p.name: p.read_bytes() for p in existing_store.iterdir() if p.is_file()}
    assert after == before and key_file.exists()

    # The right one still works, and the message goes away.
    screen.passphrase.line.clear()
    unlock(qtbot, window, PASSPHRASE)
    assert not screen.error.isVisible()


def test_auto_lock_closes_the_store_and_forgets_the_case(qtbot, unlocked):
    window = unlocked
    window.case_list.table.selectRow(0)
    window.case_list.open_current()
    assert window.current_screen() is window.workspace
    store = window.session.service.store
    assert store.is_open

    window.idle.set_timeout_ms(150)
    qtbot.waitUntil(lambda: window.current_screen() is window.unlock_screen, timeout=5000)

    assert not window.session.is_unlocked
    assert not store.is_open and store._key is None  # the key is dropped
    assert window.workspace.case_id is None and window.workspace.view is None
    assert window.workspace.pages == {} and window.workspace.stack.count() == 0
    assert window.case_list.model.rowCount() == 0
    assert "Locked after" in window.unlock_screen.info.text()
    assert not window.idle.running
    assert focused() is window.unlock_screen.passphrase.line  # ready to type the passphrase


def test_any_input_restarts_the_idle_countdown(qtbot, unlocked):
    window = unlocked
    idle = window.idle
    assert idle.running and idle.timer.isActive()
    assert idle.timeout_ms() == 5 * 60_000  # the default: five minutes
    idle.timer.stop()  # as if the countdown had nearly run out
    QTest.keyClick(window.case_list.table, Qt.Key.Key_Down)
    assert idle.timer.isActive() and idle.timer.remainingTime() > 4 * 60_000
    idle.timer.stop()
    QTest.mouseMove(window.case_list.table)
    QTest.mouseClick(window.case_list.table.viewport(), Qt.MouseButton.LeftButton)
    assert idle.timer.isActive()
    assert window.session.is_unlocked


def test_lock_now_with_the_keyboard(qtbot, unlocked):
    window = unlocked
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_screen() is window.unlock_screen)
    assert not window.session.is_unlocked
    assert not window.unlock_screen.info.isVisible()  # locked by hand: no "after N minutes"


def test_demo_store_is_created_and_its_passphrase_shown(qtbot, make_window, tmp_path):
    from advisor_app.demo import DEMO_PASSPHRASE

    demo_dir = tmp_path / "data" / "demo-store"
    window = make_window(demo_dir, demo=True)
    assert Store.exists(demo_dir)
    screen = window.unlock_screen
    assert screen.demo.isVisible()
    assert screen.demo_value.text() == DEMO_PASSPHRASE
    assert "demo" in screen.demo_label.text().lower()
    unlock(qtbot, window, DEMO_PASSPHRASE)
    assert window.case_list.model.rowCount() >= 5


def test_the_real_store_does_not_show_a_demo_passphrase(make_window, existing_store):
    window = make_window(existing_store)
    assert not window.unlock_screen.demo.isVisible()
