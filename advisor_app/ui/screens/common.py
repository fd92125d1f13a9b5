"""Layout helpers the screens share."""

from __future__ import annotations


from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading


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


def dialog_frame(dialog: QDialog, title: str, lead: str, *, width: int) -> QVBoxLayout:
    """A modal dialog's frame: margins, its heading and the line that explains it; the layout to fill."""
    dialog.setModal(True)
    dialog.setMinimumWidth(width)
    layout = QVBoxLayout(dialog)
    layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # never narrower than its buttons, in any language
    layout.setContentsMargins(32, 28, 32, 24)
    layout.setSpacing(10)
    layout.addWidget(heading(title, 1))
    layout.addWidget(TrLabel(lead, object_name="lead"))
    return layout


def close_row(dialog: QDialog, layout: QVBoxLayout) -> TrButton:
    """The dialog's Close button, on the right of its last row."""
    bottom = QHBoxLayout()
    bottom.addStretch(1)
    close = TrButton(N_("Close"))
    close.clicked.connect(dialog.accept)
    bottom.addWidget(close)
    layout.addLayout(bottom)
    return close


def show_inline(label: QLabel, text: str, *, error: bool = False) -> None:
    """``text`` in a message line, styled as an error or as information, and read out as its name."""
    label.setObjectName("inlineError" if error else "inlineInfo")
    repolish(label)  # the style follows the new object name
    label.setText(text)
    label.setAccessibleName(text)
    label.show()


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
