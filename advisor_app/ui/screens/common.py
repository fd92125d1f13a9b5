"""Layout helpers the screens share."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from advisor_app.i18n import _


def centred_panel(screen: QWidget, *, width: int = 560) -> QVBoxLayout:
    """A white panel in the middle of the screen; returns the layout to fill."""
    screen.setObjectName("screen")
    outer = QVBoxLayout(screen)
    outer.setContentsMargins(24, 24, 24, 24)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    panel = QFrame()
    panel.setObjectName("panel")
    panel.setMaximumWidth(width)
    panel.setMinimumWidth(min(width, 420))
    row.addWidget(panel, 4)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(40, 36, 40, 36)
    layout.setSpacing(14)
    return layout


@contextmanager
def busy() -> Iterator[None]:
    """A busy cursor while something slow (Argon2id, opening the store) runs."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    QApplication.processEvents()
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def error_text(exc: BaseException) -> str:
    """The plain sentence of a store or service error, translated."""
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
    return _(message) if message else _("Something went wrong. Please try again.")


class PassphraseErrorMixin:
    """``show_error``/``error_message`` for a screen with an inline error label ``self.error`` under its
    ``self.passphrase`` box, which the message also describes (for screen readers)."""

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleName(text)
        self.error.show()
        self.passphrase.line.setAccessibleDescription(text)

    def error_message(self) -> str:
        return self.error.text() if self.error.isVisible() else ""
