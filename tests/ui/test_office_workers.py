"""The office's long work runs in a worker (ui/office/work.py), over a real office store, real
laptop bundles and a real relay process behind a proxy that answers slowly: the window keeps
handling events while an import runs, shows how far it is, keeps the buttons that start long work
disabled meanwhile; Stop ends an import between bundles with nothing half-imported; locking
mid-import drops the result and loses nothing; a failing import says why in one sentence."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from advisor_app.services import AdvisorService, sync
from tests.office.helpers import FAST
from tests.relay_server import OFFICE_CREDENTIAL, free_port, slow_proxy
from tests.ui.helpers import finish
from tests.ui.office_fixtures import SCREENSHOTS, bundles_on_a_stick, unlock, unlocked_window

STOPPED = "Stopped. What was finished before you stopped is kept; you can start again."


def test_the_window_stays_responsive_while_an_import_from_a_slow_relay_runs(qtbot, open_window, office,
                                                                           start_relay, tmp_path):
    relay = start_relay()
    with slow_proxy(relay, 0.4) as slow_url:
        office.set_relay(slow_url, OFFICE_CREDENTIAL)
        for name in ("jess", "sam"):  # the laptops reach the relay quickly; the office slowly
            laptop = AdvisorService.create(tmp_path / name, "kettle harbour lantern", kdf=FAST)
            sync.enroll(laptop, office.enroll(f"{name} laptop", relay_url=relay.url).to_bytes())
            laptop.create_case(first_name=name.title(), last_name="Example")
            assert sync.sync_relay(laptop).sent_changes > 0
            laptop.lock()
        window = unlocked_window(qtbot, open_window, office)
        inbox = window.inbox
        window.tabs.setCurrentWidget(inbox)
        assert inbox.relay_button.isEnabled()
        ticks: list[bool] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(window.work.running))
        seen: list[str] = []
        timer.start()
        qtbot.mouseClick(inbox.relay_button, Qt.MouseButton.LeftButton)
        task = window.work.task
        assert task is not None
        task.progressed.connect(lambda *_: seen.append(window.work.words.text()))
        # While it runs: the work bar says what is happening, every button that starts long work waits.
        assert window.work.isVisibleTo(window) and window.work.words.text() == "Fetching the bundles from the relay…"
        assert not inbox.relay_button.isEnabled() and not inbox.folder_button.isEnabled()
        assert not window.cases.export_button.isEnabled() and not window.publish.publish_button.isEnabled()
        window.refresh_all()  # a tab reading again meanwhile does not give a waiting button back
        assert not inbox.relay_button.isEnabled()
        assert window.work.stop_button.isVisibleTo(window) and window.work.stop_button.accessibleName() == "Stop"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        window.resize(1366, 768)
        qtbot.waitUntil(lambda: "Importing the bundles" in window.work.words.text(), timeout=30_000)
        assert window.grab().save(str(SCREENSHOTS / "office-importing.png"))
        finish(qtbot, task, timeout=60_000)
        timer.stop()
    assert ticks.count(True) >= 20, "the event loop ran while the import did"  # at least 0.2 s of ticks
    assert "Asking the relay what is waiting" in seen
    assert any(text.startswith("Importing the bundles (") and text.endswith(" of 3)") for text in seen), seen
    assert inbox.message_text() == "Imported 2 bundles."
    assert not window.work.isVisibleTo(window) and inbox.relay_button.isEnabled() and inbox.folder_button.isEnabled()
    assert inbox.table.rowCount() == 2 and window.cases.table.rowCount() == 2


def test_stop_ends_an_import_between_bundles_with_nothing_half_imported(qtbot, open_window, office, tmp_path):
    count = 12
    stick = bundles_on_a_stick(tmp_path, office, count)
    window = unlocked_window(qtbot, open_window, office)
    inbox = window.inbox

    def stop_after_the_first(done: int, total: int, _words: str) -> None:
        if done >= 1 and window.work.stop_button.isEnabled():
            qtbot.mouseClick(window.work.stop_button, Qt.MouseButton.LeftButton)

    task = inbox.import_folder(stick)
    task.progressed.connect(stop_after_the_first)
    finish(qtbot, task, timeout=60_000)
    assert inbox.message_text() == STOPPED
    left = len(list((stick / "to-office").glob("*.bundle")))
    imported = len(office.store.bundles())
    assert 1 <= imported < count and imported + left == count  # each bundle in the office or on the stick
    assert len(office.store.cases()) == imported  # (each bundle brought one more case)
    assert inbox.table.rowCount() == imported and window.cases.table.rowCount() == imported  # every tab read again

    finish(qtbot, inbox.import_folder(stick), timeout=60_000)  # the rest, later
    assert inbox.message_text() == f"Imported {left} bundles." if left > 1 else "Imported 1 bundle."
    assert not list((stick / "to-office").glob("*.bundle")) and len(office.store.cases()) == count
    assert list(stick.glob("to-*/*.bundle")), "the laptop's reply is on the stick"


def test_locking_during_an_import_drops_its_result_and_loses_nothing(qtbot, open_window, office, tmp_path):
    count = 8
    stick = bundles_on_a_stick(tmp_path, office, count)
    window = unlocked_window(qtbot, open_window, office)
    task = window.inbox.import_folder(stick)
    assert task is not None and window.work.running
    window.lock()  # stops at the next bundle and waits for the one being imported
    assert task.abandoned and not window.work.running and not window.work.isVisibleTo(window)
    assert window.current_screen() is window.unlock_screen and window.inbox.message_text() == ""
    imported = len(office.store.bundles())
    assert imported + len(list((stick / "to-office").glob("*.bundle"))) == count

    window.unlock_screen.passphrase.line.clear()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.tabs)
    finish(qtbot, window.inbox.import_folder(stick), timeout=60_000)
    assert len(office.store.cases()) == count and len(office.store.bundles()) == count


def test_a_failing_import_says_why_in_one_sentence(qtbot, open_window, office, tmp_path):
    office.set_relay(f"http://127.0.0.1:{free_port()}", OFFICE_CREDENTIAL)  # nothing listens there
    window = unlocked_window(qtbot, open_window, office)
    inbox = window.inbox
    finish(qtbot, inbox.import_relay(), timeout=60_000)
    text = inbox.message_text()
    assert text.startswith("The relay could not be used: ") and text.endswith(" Try again later."), text
    assert "\n" not in text and "Traceback" not in text and inbox.message.objectName() == "inlineError"
    assert inbox.relay_button.isEnabled() and not window.work.isVisibleTo(window)

    stick = tmp_path / "stick"
    (stick / "to-office" / "a.bundle").mkdir(parents=True)  # a "bundle" that cannot be read
    finish(qtbot, inbox.import_folder(stick))
    assert inbox.message_text() == "The folder could not be used (Is a directory).", inbox.message_text()
    (stick / "to-office" / "a.bundle").rmdir()
    (stick / "to-office" / "b.bundle").write_bytes(b"not a bundle at all" * 10)
    finish(qtbot, inbox.import_folder(stick))
    text = inbox.message_text()
    assert text.startswith("Refused: ") and "\n" not in text and inbox.message.objectName() == "inlineError", text
    assert [b["state"] for b in office.store.bundles()] == ["refused"]
