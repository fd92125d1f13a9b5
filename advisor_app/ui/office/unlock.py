"""Opening the office: its passphrase (and who is at the desk), or, the first time, setting it up."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.office.service import KdfParams, OfficeService
from advisor_app.services.errors import error_text
from advisor_app.ui.office.common import OFFICE_FAILURES
from advisor_app.ui.screens.common import PassphraseErrorMixin, centred_panel
from advisor_app.ui.widgets.busy import busy
from advisor_app.ui.widgets.passphrase import PassphraseEdit
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, plain


def error_and_button(layout: QVBoxLayout, text: str) -> tuple[QLabel, TrButton]:
    """Under a screen's fields: its error line (hidden until needed), then its default button at the right."""
    error = QLabel()
    error.setObjectName("inlineError")
    error.setWordWrap(True)
    error.hide()
    layout.addWidget(error)
    button = TrButton(text, primary=True)
    button.setDefault(True)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    layout.addLayout(row)
    return error, button


class OfficeUnlockScreen(PassphraseErrorMixin, QWidget):
    unlocked = Signal(object)  # the OfficeService

    def __init__(self, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.location = location
        layout = centred_panel(self, width=560)
        layout.addWidget(heading(N_("Open the office"), 1))
        layout.addWidget(TrLabel(N_("Type the office passphrase to see what the laptops sent."), object_name="lead"))
        self.passphrase = PassphraseEdit()
        self.label = TrLabel(N_("&Passphrase"), object_name="fieldLabel", buddy=self.passphrase.line)
        layout.addWidget(self.label)
        layout.addWidget(self.passphrase)
        self.person = QLineEdit()
        self.person_label = TrLabel(N_("Your &name (kept with the decisions you make)"), object_name="fieldLabel",
                                    buddy=self.person)
        layout.addWidget(self.person_label)
        layout.addWidget(self.person)
        self.error, self.unlock_button = error_and_button(layout, N_("&Unlock"))
        self.passphrase.returnPressed.connect(self.unlock)
        self.person.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.retranslate_self()

    def unlock(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.show_error(_("Please type the office passphrase."))
            return
        try:
            with busy():
                service = OfficeService.unlock(self.location, text)
        except OFFICE_FAILURES as exc:
            self.show_error(error_text(exc))
            self.passphrase.line.selectAll()
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.error.hide()
        self.unlocked.emit(service)

    def retranslate_self(self) -> None:
        self.passphrase.line.setAccessibleName(plain(self.label.text()))
        self.person.setAccessibleName(_("Your name"))


class OfficeSetupScreen(QWidget):
    created = Signal(object)  # the OfficeService

    def __init__(self, location: str, kdf: KdfParams, parent: QWidget | None = None):
        super().__init__(parent)
        self.location, self.kdf = location, kdf
        layout = centred_panel(self, width=600)
        layout.addWidget(heading(N_("Set up the office"), 1))
        layout.addWidget(TrLabel(N_("The office keeps the keys the laptops send their cases to. They are locked "
                                    "with an office passphrase: choose one only the office knows."),
                                 object_name="lead"))
        self.name = QLineEdit()
        self.name_label = TrLabel(N_("Organisation &name"), object_name="fieldLabel", buddy=self.name)
        self.passphrase = PassphraseEdit()
        self.passphrase_label = TrLabel(N_("Office &passphrase (at least 8 characters)"), object_name="fieldLabel",
                                        buddy=self.passphrase.line)
        self.again = PassphraseEdit()
        self.again_label = TrLabel(N_("Type it &again"), object_name="fieldLabel", buddy=self.again.line)
        for widget in (self.name_label, self.name, self.passphrase_label, self.passphrase, self.again_label,
                       self.again):
            layout.addWidget(widget)
        self.error, self.create_button = error_and_button(layout, N_("&Set up the office"))
        self.name.returnPressed.connect(lambda: self.passphrase.setFocus())
        self.passphrase.returnPressed.connect(lambda: self.again.setFocus())
        self.again.returnPressed.connect(self.create)
        self.create_button.clicked.connect(self.create)
        self.retranslate_self()

    def create(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_error(_("Write the organisation's name."))
            self.name.setFocus()
            return
        if self.passphrase.text() != self.again.text():
            self.show_error(_("The two passphrases are not the same yet. Please type it again."))
            self.again.setFocus()
            return
        try:
            with busy():
                service = OfficeService.init(self.location, self.passphrase.text(), name=name, kdf=self.kdf)
        except OFFICE_FAILURES as exc:
            self.show_error(error_text(exc))
            return
        self.passphrase.clear()
        self.again.clear()
        self.created.emit(service)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleName(text)
        self.error.show()

    def error_message(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    def retranslate_self(self) -> None:
        self.name.setAccessibleName(plain(self.name_label.text()))
        self.passphrase.line.setAccessibleName(_("Office passphrase"))
        self.again.line.setAccessibleName(_("Type the office passphrase again"))
