"""Layout helpers the screens share."""

from __future__ import annotations


from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget



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
