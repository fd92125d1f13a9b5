"""The office app's fixtures (a plugin, see tests/conftest.py): a real office, laptops enrolled with it
sending real bundles, the office window; and signing in as a person would, with the keyboard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from advisor_app.office.service import OfficeService
from advisor_app.ui.office_app import OfficeWindow
from tests.office.helpers import Laptop, new_office
from tests.ui.helpers import FAST_KDF

OFFICE_PASSPHRASE = "office passphrase 1"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture
def office(tmp_path):
    service = new_office(tmp_path / "office", OFFICE_PASSPHRASE)
    yield service
    service.lock()


@pytest.fixture
def laptops(tmp_path, office):
    made: list[Laptop] = []

    def make(name: str, **kwargs) -> Laptop:
        made.append(Laptop(tmp_path, office, name, **kwargs))
        return made[-1]

    yield make
    for laptop in made:
        laptop.close()


@pytest.fixture
def open_window(qtbot, settings):
    from PySide6.QtWidgets import QApplication

    from advisor_app.ui.office_app import prepare_application

    prepare_application(QApplication.instance(), settings)  # the theme, as `advisor-app office` has it
    windows: list[OfficeWindow] = []

    def make(location: str) -> OfficeWindow:
        window = OfficeWindow(location, kdf=FAST_KDF)
        qtbot.addWidget(window)
        window.resize(1280, 860)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.lock()


def unlock(qtbot, window: OfficeWindow, passphrase: str = OFFICE_PASSPHRASE, name: str = "Morgan Hale") -> None:
    screen = window.unlock_screen
    assert window.current_screen() is screen
    screen.person.clear()
    screen.person.setFocus()
    qtbot.waitUntil(screen.person.hasFocus)
    QTest.keyClicks(screen.person, name)
    QTest.keyClick(screen.person, Qt.Key.Key_Return)  # on to the passphrase
    qtbot.waitUntil(screen.passphrase.line.hasFocus)
    QTest.keyClicks(screen.passphrase.line, passphrase)
    QTest.keyClick(screen.passphrase.line, Qt.Key.Key_Return)


def unlocked_window(qtbot, open_window, office: OfficeService, name: str = "Morgan Hale",
                    passphrase: str = OFFICE_PASSPHRASE) -> OfficeWindow:
    window = open_window(str(Path(office.store.engine.url.database).parent))
    unlock(qtbot, window, passphrase, name)
    qtbot.waitUntil(lambda: window.current_screen() is window.tabs)
    return window


def person_record(office: OfficeService, case_id: str) -> dict:
    return next(r for r in office.store.records(case_id=case_id) if r["entity"] == "person")


def bundles_on_a_stick(tmp_path: Path, office: OfficeService, count: int, *, demo: bool = False) -> Path:
    """A stick (returned) with ``count`` bundles from one laptop in ``to-office``, oldest first: one
    new case in each (after the demo's cases in the first, with ``demo``)."""
    laptop = Laptop(tmp_path, office, "Jess laptop", demo=demo)
    inbox = tmp_path / "stick" / "to-office"
    inbox.mkdir(parents=True)
    for number in range(count):
        laptop.service.create_case(first_name=f"Person{number}", last_name="Example")
        data, last_seq = laptop.device.outgoing()
        laptop.device.mark_sent(last_seq)
        path = inbox / f"{number:03d}.bundle"
        path.write_bytes(data)
        os.utime(path, ns=(number * 10**9, number * 10**9))
    laptop.close()
    return inbox.parent
