"""The one error path of the desktop app.

An error nobody expected (a bug, a library's failure) reaches ``sys.excepthook``: it is logged
(``advisor_app.logs``: its type and frames, never its message) and the person sees one plain
dialog saying what happened and that their work is saved, with a way to copy the details for the
office. Qt's own warnings go to the log through its message handler. Errors the app expects
(a wrong passphrase, a refused file) are shown where they happen, with
``services.errors.error_text``; a background operation without a failure callback ends here too.
"""

from __future__ import annotations

import logging
import platform
import sys
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from advisor_app import __version__
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.logs import safe_traceback
from advisor_app.services.errors import error_text, is_plain
from advisor_app.ui.widgets.text import TrButton, heading

log = logging.getLogger(__name__)
_open_dialogs: list["ErrorDialog"] = []  # shown without blocking: kept until closed


def details_text(exc: BaseException) -> str:
    """What "Copy details" copies: the app's version, the system, and where it went wrong (the
    same as the log: the error's type and frames, never its message or the case's data)."""
    return "\n".join([f"Support Advisor {__version__}", f"Python {platform.python_version()} on {platform.platform()}",
                      safe_traceback(type(exc), exc.__traceback__)])


class ErrorDialog(QDialog):
    def __init__(self, exc: BaseException, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(_("Something went wrong"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(heading(N_("Something went wrong"), 1))
        self.sentence = QLabel(error_text(exc) if is_plain(exc) else
                               _("The app met a problem it did not expect. What you had typed before the "
                                 "last “Saved” is kept."))
        self.sentence.setWordWrap(True)
        self.sentence.setObjectName("lead")
        layout.addWidget(self.sentence)
        self.advice = QLabel(_("Please try again. If it happens again, copy the details and send them to the "
                               "office: they say where it went wrong, and hold nothing about the people you "
                               "support."))
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)
        self.details = QPlainTextEdit(details_text(exc))
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setAccessibleName(_("Details for the office"))
        self.details.setMinimumHeight(120)
        self.details.hide()
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        self.show_button = TrButton(N_("Show &details"))
        self.show_button.clicked.connect(self._toggle_details)
        self.copy_button = TrButton(N_("&Copy details"), tooltip=N_("Copy the details, to paste in a message to the "
                                                                   "office"))
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = TrButton(N_("Close"), primary=True)
        self.close_button.clicked.connect(self.accept)
        for button in (self.show_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.sentence.setAccessibleName(self.sentence.text())
        self.close_button.setFocus()

    def _toggle_details(self) -> None:
        self.details.setVisible(not self.details.isVisible())
        self.show_button.set_source(N_("Hide &details") if self.details.isVisible() else N_("Show &details"))

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.set_source(N_("Copied"))


def show_error(exc: BaseException, parent: QWidget | None = None) -> ErrorDialog | None:
    """Log ``exc`` (safely) and show the error dialog without blocking; None without a screen."""
    log.error("An error reached the error dialog", exc_info=(type(exc), exc, exc.__traceback__))
    if QApplication.instance() is None:
        return None
    dialog = ErrorDialog(exc, parent if isinstance(parent, QWidget) else QApplication.activeWindow())
    dialog.setModal(True)
    _open_dialogs.append(dialog)
    dialog.finished.connect(lambda _result, d=dialog: _forget(d))
    dialog.show()
    return dialog


def _forget(dialog: ErrorDialog) -> None:
    if dialog in _open_dialogs:
        _open_dialogs.remove(dialog)
    dialog.deleteLater()


def open_error_dialogs() -> list[ErrorDialog]:
    return list(_open_dialogs)


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    show_error(exc)


_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def qt_message(kind: QtMsgType, context, message: str) -> None:  # noqa: ANN001 (Qt's context type)
    # Qt's own text is a library's: the log keeps its category and level, not its words (logs.py).
    logging.getLogger(f"qt.{context.category or 'default'}").log(_QT_LEVELS.get(kind, logging.WARNING), message)


def install() -> None:
    """The app's error path: unexpected errors to the dialog and the log, Qt's messages to the log."""
    sys.excepthook = excepthook
    qInstallMessageHandler(qt_message)
