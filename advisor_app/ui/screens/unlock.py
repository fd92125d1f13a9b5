"""Unlock: the passphrase, one clear message if it is wrong, and the demo passphrase in demo mode."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.screens.common import PassphraseErrorMixin, centred_panel
from advisor_app.ui.widgets.busy import busy
from advisor_app.ui.session import Session
from advisor_app.ui.widgets.passphrase import PassphraseEdit
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, plain


class UnlockScreen(PassphraseErrorMixin, QWidget):
    unlocked = Signal()

    def __init__(self, session: Session, *, demo_passphrase: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.demo_passphrase = demo_passphrase
        self._locked_after: int | None = None
        layout = centred_panel(self, width=560)
        layout.addWidget(heading(N_("Unlock your notes"), 1))
        layout.addWidget(TrLabel(N_("Type your passphrase to open the information kept on this laptop."),
                                 object_name="lead"))

        self.info = message_line()
        layout.addWidget(self.info)

        self.demo = QFrame()
        self.demo.setObjectName("demoPanel")
        demo_layout = QVBoxLayout(self.demo)
        demo_layout.setContentsMargins(16, 12, 16, 12)
        demo_layout.setSpacing(4)
        self.demo_title = TrLabel(N_("Demo store: every person in it is invented."), object_name="subheading")
        self.demo_label = TrLabel(N_("The demo passphrase is:"), object_name="lead")
        self.demo_value = QLabel(demo_passphrase or "")
        self.demo_value.setObjectName("heading")
        self.demo_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        for widget in (self.demo_title, self.demo_label, self.demo_value):
            demo_layout.addWidget(widget)
        self.demo.setVisible(bool(demo_passphrase))
        layout.addWidget(self.demo)
        layout.addSpacing(6)

        self.passphrase = PassphraseEdit()
        self.label = TrLabel(N_("&Passphrase"), object_name="fieldLabel", buddy=self.passphrase.line)
        layout.addWidget(self.label)
        layout.addWidget(self.passphrase)
        self.error = message_line(error=True)
        layout.addWidget(self.error)

        row = QHBoxLayout()
        row.addStretch(1)
        self.unlock_button = TrButton(N_("&Unlock"), primary=True)
        self.unlock_button.setDefault(True)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)

        self.passphrase.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.retranslate_self()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.passphrase.setFocus()

    def unlock(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.show_error(_("Please type your passphrase."))
            return
        try:
            with busy():
                self.session.unlock(text)
        except StoreError as exc:
            self.show_error(error_text(exc))
            self.passphrase.line.selectAll()
            self.passphrase.setFocus()
            return
        self.reset()
        self.unlocked.emit()

    def reset(self, *, locked_after_minutes: int | None = None) -> None:
        """Empty the box and the messages; say why, when the app locked itself."""
        self.passphrase.clear()
        self.error.hide()
        self.error.clear()
        self.passphrase.line.setAccessibleDescription("")
        self._locked_after = locked_after_minutes
        self.retranslate_self()

    def retranslate_self(self) -> None:
        self.passphrase.line.setAccessibleName(plain(self.label.text()))
        if self._locked_after is not None:
            self.info.setText(ngettext(
                "Locked after {n} minute without use, to keep people’s details safe.",
                "Locked after {n} minutes without use, to keep people’s details safe.",
                self._locked_after))
            self.info.show()
        else:
            self.info.hide()
        self.demo_value.setAccessibleName(_("The demo passphrase is: {passphrase}",
                                            passphrase=self.demo_passphrase or ""))
