"""The advisor's Sync dialog and status-bar line, against a real office (no mocks): enroll from
the office's file, sync to a folder, the office imports it, sync again, everything confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QPlainTextEdit

from advisor_app.office.service import OfficeService
from advisor_app.ui.screens.sync_dialog import SyncDialog
from tests.office.helpers import new_office
from advisor_app.ui.operations import Op
from tests.ui.helpers import FAST_KDF, PASSPHRASE, finish, unlock

OFFICE_PASSPHRASE = "office passphrase 1"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture
def existing_store(store_dir) -> Path:
    """The demo cases, without the manager's decisions: a real office refuses those from a laptop."""
    from advisor_app.demo import fill_demo
    from advisor_app.services import AdvisorService

    service = AdvisorService.create(store_dir, PASSPHRASE, advisor_name="Test Advisor")
    try:
        fill_demo(service, office_decisions=False)
    finally:
        service.lock()
    return store_dir


def make_office(tmp_path) -> OfficeService:
    return new_office(tmp_path / "office", OFFICE_PASSPHRASE)


def enrollment_file(tmp_path, office: OfficeService, name: str = "Jess laptop"):
    path = tmp_path / "jess-enrollment.json"
    path.write_bytes(office.enroll(name).to_bytes())
    return path


def sync_dialog(qtbot, window) -> SyncDialog:
    dialog = SyncDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_enroll_sync_by_folder_and_the_office_confirms(qtbot, unlocked, tmp_path):
    window = unlocked
    office = make_office(tmp_path)
    try:
        assert window.sync_status.text() == "Not enrolled with an office"
        dialog = sync_dialog(qtbot, window)
        assert dialog.enrolled.text() == "This laptop is not enrolled with an office yet."
        assert not dialog.sync_button.isEnabled() and not dialog.folder_button.isEnabled()
        assert "Enroll with the office first" in dialog.why_disabled.text()

        assert dialog.enroll_from(enrollment_file(tmp_path, office))
        assert dialog.enrolled.text() == "Enrolled with Bluebell Support."
        assert "now enrolled with Bluebell Support" in dialog.result_text()
        # This office has no relay: "Sync now" says why it cannot be used; a folder can.
        assert not dialog.sync_button.isEnabled() and dialog.folder_button.isEnabled()
        assert "no relay" in dialog.why_disabled.text()
        assert dialog.sync_button.accessibleDescription() == dialog.why_disabled.text()
        assert dialog.last_sync.text() == "Not synced yet."

        # An edit (an operation): the status bar counts it at once.
        service = window.session.service
        Op(window.session, lambda service: service.create_case(first_name="Ann", last_name="Lee")).run()
        waiting = service.unsent_count()
        assert waiting > 0
        assert window.sync_status.text() == f"{waiting} changes not yet at the office"

        folder = tmp_path / "usb"
        folder.mkdir()
        finish(qtbot, dialog.sync_folder(folder))
        assert f"Sent {waiting} changes to the office." in dialog.result_text()
        assert dialog.waiting.text() == f"{waiting} changes are waiting to be confirmed by the office."
        assert dialog.last_sync.text().startswith("Last sync: Today at ")
        assert list((folder / "to-office").glob("*.bundle"))

        received = office.import_folder(folder)
        assert [r.result.state for r in received] == ["imported"]
        assert any(c["data"].get("person_name") == "Ann Lee" for c in office.store.cases())

        finish(qtbot, dialog.sync_folder(folder))
        text = dialog.result_text()
        assert "Nothing new to send." in text and "The office has confirmed your changes up to number" in text
        assert dialog.waiting.text() == "The office has confirmed every change."
        assert dialog.enrolled.text() == "Enrolled with Bluebell Support."
        assert dialog.status is not None and dialog.status.waiting == 0
        assert window.sync_status.text() == "Everything is at the office"
        assert not dialog.last_error.isVisible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(SCREENSHOTS / "advisor-sync.png"))
        assert window.grab().save(str(SCREENSHOTS / "advisor-sync-status-bar.png"))
        dialog.close()
    finally:
        office.store.close()


def test_a_bad_enrollment_file_says_why_and_changes_nothing(qtbot, unlocked, tmp_path):
    dialog = sync_dialog(qtbot, unlocked)
    bad = tmp_path / "not-an-enrollment.json"
    bad.write_text('{"hello": "world"}')
    assert not dialog.enroll_from(bad)
    assert dialog.result_text() == "This file is not an advisor-app enrollment file."
    assert not dialog.status.enrolled
    assert not dialog.enroll_from(tmp_path / "missing.json")
    assert "could not be read" in dialog.result_text()
    # A folder sync before enrolling is refused with the plain reason, not a crash.
    finish(qtbot, dialog.sync_folder(tmp_path))
    assert "not enrolled with an office yet" in dialog.result_text()
    assert unlocked.sync_status.text() == "Not enrolled with an office"


def test_a_missing_folder_is_a_plain_message(qtbot, unlocked, tmp_path):
    office = make_office(tmp_path)
    try:
        dialog = sync_dialog(qtbot, unlocked)
        assert dialog.enroll_from(enrollment_file(tmp_path, office))
        finish(qtbot, dialog.sync_folder(tmp_path / "no-such-stick"))
        text = dialog.result_text()
        assert "nothing was lost" in text and "Is the USB stick plugged in?" in text
    finally:
        office.store.close()


def test_every_control_is_named_and_the_result_is_selectable(qtbot, unlocked):
    dialog = sync_dialog(qtbot, unlocked)
    for button in dialog.findChildren(QAbstractButton):
        assert button.accessibleName(), button.text()
    assert dialog.result.isReadOnly()
    assert dialog.result.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert dialog.result.accessibleName() == "What happened"
    # Tab walks from button to button and on to the result.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.enroll_button.setFocus()
    reached = set()
    for _ in range(10):
        widget = QApplication.focusWidget()
        reached.add(widget)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    assert dialog.enroll_button in reached and dialog.close_button in reached
    assert any(isinstance(w, QPlainTextEdit) for w in reached)


def test_the_menu_opens_the_dialog_only_when_unlocked(qtbot, unlocked):
    window = unlocked
    action = window.sync_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert action.text() == "S&ync with the office…"
    assert action in window.tools_menu.actions() and action.isEnabled()

    seen = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SyncDialog):
            seen.append(dialog.enrolled.text())
            dialog.accept()
        else:
            QTimer.singleShot(20, close_it)

    QTimer.singleShot(20, close_it)
    action.trigger()
    assert seen == ["This laptop is not enrolled with an office yet."]
    assert window.current_screen() is window.case_list

    window.lock()
    assert not action.isEnabled()
    assert window.sync_status.text() == "" and not window.sync_status.isVisible()


def test_sync_now_through_an_unreachable_relay_keeps_the_error(qtbot, unlocked, tmp_path):
    office = make_office(tmp_path)
    try:
        path = tmp_path / "relay-enrollment.json"
        path.write_bytes(office.enroll("Jess laptop", relay_url="http://127.0.0.1:9").to_bytes())
        dialog = sync_dialog(qtbot, unlocked)
        assert dialog.enroll_from(path)
        assert dialog.sync_button.isEnabled() and not dialog.why_disabled.isVisibleTo(dialog)
        finish(qtbot, dialog.sync_relay())
        assert "nothing was lost" in dialog.result_text()
        assert dialog.last_error.isVisibleTo(dialog)
        assert dialog.last_error.text().startswith("The last sync did not finish: ")
        assert dialog.status.last_error and dialog.status.waiting > 0
    finally:
        office.store.close()


def test_a_case_moved_away_and_a_refused_office_record_are_said_and_the_list_survives(qtbot, make_window, store_dir,
                                                                                      tmp_path):
    from advisor_app.demo import fill_demo
    from advisor_app.services import AdvisorService, sync

    jess = AdvisorService.create(store_dir, PASSPHRASE, advisor_name="Jess", kdf=FAST_KDF)
    fill_demo(jess, office_decisions=False)  # a real office refuses managers' decisions made on a laptop
    jess.lock()
    window = make_window(store_dir)
    unlock(qtbot, window, PASSPHRASE)
    office = make_office(tmp_path)
    sam = AdvisorService.create(tmp_path / "sam", PASSPHRASE, advisor_name="Sam", kdf=FAST_KDF)
    try:
        dialog = sync_dialog(qtbot, window)
        assert dialog.enroll_from(enrollment_file(tmp_path, office))
        folder = tmp_path / "usb"
        folder.mkdir()
        finish(qtbot, dialog.sync_folder(folder))
        assert [r.result.state for r in office.import_folder(folder)] == ["imported"]
        sync.enroll(sam, office.enroll("Sam laptop").to_bytes())
        sam.create_case(first_name="Bo", last_name="Ng")
        sync.sync_folder(sam, folder)
        office.import_folder(folder)

        cases = {c.person_name: c.id for c in window.session.service.list_cases()}
        priya, tom = cases["Priya Sharma"], cases["Tom Brennan"]
        office.move_case(priya, sam.store.device_id)
        header = office.store.record(tom)  # as an older office could have sent it: a stage that does not exist
        office.store.put_record("case", {**header["data"], "stage": "nonsense"}, case_id=tom, by="Maya",
                                base_version=header["version"])
        office.write_replies(folder)
        finish(qtbot, dialog.sync_folder(folder))
        text = dialog.result_text()
        assert "a case moved to or from this laptop" in text and "decisions and updates" in text
        assert ("The office sent “The case” with a problem (“stage”: Please choose one of the options.), so it was "
                "not saved; this laptop keeps what it had.") in text
        assert dialog._result_error
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(SCREENSHOTS / "advisor-sync-refused-record.png"))
        dialog.close()

        window.case_list.refresh()
        model = window.case_list.model
        stages = {model.cases[row].person_name: model.data(model.index(row, 3)) for row in range(model.rowCount())}
        assert stages["Priya Sharma"].endswith(": moved to Sam laptop, read-only here")
        assert stages["Tom Brennan"] == "Support plan"  # the last good state
        window.resize(1366, 768)
        assert window.grab().save(str(SCREENSHOTS / "advisor-case-list-moved.png"))
        window.open_case(priya)
        banner = window.workspace.header.closed_banner
        assert banner.isVisibleTo(window.workspace)
        assert banner.text() == ("The office has moved this case to Sam laptop. You can still read it here, but "
                                 "changes are made on that laptop now.")
        assert not window.workspace.header.move_button.isVisibleTo(window.workspace)
        assert window.grab().save(str(SCREENSHOTS / "advisor-case-moved.png"))
    finally:
        sam.lock()
        office.store.close()
