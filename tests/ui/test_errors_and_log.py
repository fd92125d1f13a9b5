"""One error path: an unexpected error shows one plain dialog whose details can be copied, and goes
to a private, rotating log that never holds personal data (its message and values stay out)."""

from __future__ import annotations

import logging
import os
import sys
import warnings

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtGui import QGuiApplication

from advisor_app import logs
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui import errors

SECRET = "Priya Sharma of 4 Elm Row"  # stands for personal data carried by an error


@pytest.fixture
def log_file(tmp_path):
    path = logs.setup_logging(tmp_path / "data")
    yield path
    logs.stop_logging()


def raise_with_personal_data() -> BaseException:
    try:
        raise ValueError(f"could not parse the address of {SECRET}")
    except ValueError as exc:
        return exc


def test_an_unexpected_error_shows_one_plain_dialog_and_the_details_copy(qtbot, log_file):
    exc = raise_with_personal_data()
    dialog = errors.show_error(exc)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Something went wrong"
    assert "did not expect" in dialog.sentence.text() and SECRET not in dialog.sentence.text()
    assert not dialog.details.isVisible()
    dialog.show_button.click()
    assert dialog.details.isVisible()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "builtins.ValueError" in copied and "raise_with_personal_data" in copied
    assert SECRET not in copied and "Elm Row" not in copied
    assert dialog.copy_button.text() == "Copied"
    for button in (dialog.show_button, dialog.copy_button, dialog.close_button):
        assert button.accessibleName()
    dialog.close_button.click()
    text = log_file.read_text(encoding="utf-8")
    assert "builtins.ValueError (message not logged)" in text and "raise_with_personal_data" in text
    assert SECRET not in text and "Elm Row" not in text


def test_the_apps_own_error_shows_its_sentence(qtbot, log_file):
    dialog = errors.show_error(StoreError("That case is not in this store."))
    qtbot.addWidget(dialog)
    assert dialog.sentence.text() == "That case is not in this store."
    assert error_text(StoreError("That case is not in this store.")) == "That case is not in this store."
    assert error_text(KeyError(SECRET)) == "Something went wrong. Please try again."
    dialog.reject()


def test_the_excepthook_routes_to_the_dialog_and_qt_and_warnings_to_the_log(qtbot, log_file, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", errors.excepthook)
    previous = errors.qInstallMessageHandler(errors.qt_message)
    try:
        exc = raise_with_personal_data()
        sys.excepthook(type(exc), exc, exc.__traceback__)
        shown = errors.open_error_dialogs()
        assert shown and "did not expect" in shown[-1].sentence.text()
        for dialog in shown:
            qtbot.addWidget(dialog)
            dialog.reject()
        qWarning("a Qt warning for the log")
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("a library's warning", DeprecationWarning, stacklevel=1)
        logging.getLogger("advisor_app.test").warning("Ignoring %s", raise_with_personal_data())
    finally:
        errors.qInstallMessageHandler(previous)
    text = log_file.read_text(encoding="utf-8")
    assert "WARNING qt.default" in text and "a Qt warning for the log" not in text  # a library's words: withheld
    assert "DeprecationWarning at" in text and "a library's warning" not in text
    assert "Ignoring <ValueError>" in text
    assert SECRET not in text


def test_the_log_is_private_and_rotates(tmp_path):
    path = logs.setup_logging(tmp_path / "data")
    try:
        assert path == tmp_path / "data" / "logs" / "advisor-app.log"
        assert os.stat(path).st_mode & 0o777 == 0o600 and os.stat(path.parent).st_mode & 0o777 == 0o700
        line = "x" * 1000
        for _ in range(logs.MAX_BYTES // 1000 * (logs.BACKUPS + 2)):
            logging.getLogger("advisor_app.test").info(line)
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["advisor-app.log"] + [f"advisor-app.log.{n}" for n in range(1, logs.BACKUPS + 1)]
        assert all(p.stat().st_size <= logs.MAX_BYTES + 2000 for p in path.parent.iterdir())
        assert all(os.stat(p).st_mode & 0o777 == 0o600 for p in path.parent.iterdir())
    finally:
        logs.stop_logging()
