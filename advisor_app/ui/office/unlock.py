"""Opening the office: signing in as yourself (your name and passphrase), or, the first time,
setting the office up with its first administrator; then the recovery key, shown once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import ROLE_LABELS, Role
from advisor_app.i18n import _
from advisor_app.office.service import KdfParams, OfficeService
from advisor_app.services.errors import error_text
from advisor_app.ui.office.common import OFFICE_FAILURES
from advisor_app.ui.screens.common import PassphraseErrorMixin, centred_panel
from advisor_app.ui.widgets.busy import busy
from advisor_app.ui.widgets.passphrase import PassphraseEdit
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, plain


def error_and_button(layout: QVBoxLayout, text: str) -> tuple[QLabel, TrButton]:
    """Under a screen's fields: its error line (hidden until needed), then its default button at the right."""
    error = message_line(error=True)
    layout.addWidget(error)
    button = TrButton(text, primary=True)
    button.setDefault(True)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    layout.addLayout(row)
    return error, button


ALSO = {Role.MANAGER: N_("I am also a manager: I decide on risk assessments and countersign agreements"),
        Role.STAFF: N_("I am also staff: I import what the laptops send and resolve conflicts")}


class OfficeUnlockScreen(PassphraseErrorMixin, QWidget):
    unlocked = Signal(object)  # the OfficeService

    def __init__(self, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.location = location
        layout = centred_panel(self, width=560)
        layout.addWidget(heading(N_("Sign in to the office"), 1))
        layout.addWidget(TrLabel(N_("Everyone signs in as themselves: what you do here is recorded under your "
                                    "name."), object_name="lead"))
        self.person = QLineEdit()
        self.person_label = TrLabel(N_("Your &name"), object_name="fieldLabel", buddy=self.person)
        layout.addWidget(self.person_label)
        layout.addWidget(self.person)
        self.passphrase = PassphraseEdit()
        self.label = TrLabel(N_("Your &passphrase"), object_name="fieldLabel", buddy=self.passphrase.line)
        layout.addWidget(self.label)
        layout.addWidget(self.passphrase)
        self.error, self.unlock_button = error_and_button(layout, N_("&Sign in"))
        self.person.returnPressed.connect(lambda: self.passphrase.setFocus())
        self.passphrase.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.retranslate_self()

    def first_field(self) -> QWidget:
        """Where the cursor goes when the screen shows: the name, unless it is already typed."""
        return self.passphrase if self.person.text().strip() else self.person

    def unlock(self) -> None:
        name, text = self.person.text().strip(), self.passphrase.text()
        if not name:
            self.show_error(_("Please type your name as the office knows it."))
            self.person.setFocus()
            return
        if not text:
            self.show_error(_("Please type your passphrase."))
            self.passphrase.setFocus()
            return
        try:
            with busy():
                service = OfficeService.unlock(self.location, text, user=name)
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
        self.person.setAccessibleName(plain(self.person_label.text()))


class OfficeSetupScreen(QWidget):
    created = Signal(object)  # the OfficeService

    def __init__(self, location: str, kdf: KdfParams, parent: QWidget | None = None):
        super().__init__(parent)
        self.location, self.kdf = location, kdf
        layout = centred_panel(self, width=600)
        layout.addWidget(heading(N_("Set up the office"), 1))
        layout.addWidget(TrLabel(N_("The office keeps every family's information, locked with a key that only "
                                    "its users can open. You are its first administrator: you add the others."),
                                 object_name="lead"))
        self.name = QLineEdit()
        self.name_label = TrLabel(N_("Organisation &name"), object_name="fieldLabel", buddy=self.name)
        self.person = QLineEdit()
        self.person_label = TrLabel(N_("&Your name (the first administrator)"), object_name="fieldLabel",
                                    buddy=self.person)
        self.also = {role: QCheckBox() for role in (Role.MANAGER, Role.STAFF)}
        self.passphrase = PassphraseEdit()
        self.passphrase_label = TrLabel(N_("Your &passphrase (at least 10 characters)"), object_name="fieldLabel",
                                        buddy=self.passphrase.line)
        self.again = PassphraseEdit()
        self.again_label = TrLabel(N_("Type it &again"), object_name="fieldLabel", buddy=self.again.line)
        for widget in (self.name_label, self.name, self.person_label, self.person, *self.also.values(),
                       self.passphrase_label, self.passphrase, self.again_label, self.again):
            layout.addWidget(widget)
        self.error, self.create_button = error_and_button(layout, N_("&Set up the office"))
        self.name.returnPressed.connect(lambda: self.person.setFocus())
        self.person.returnPressed.connect(lambda: self.passphrase.setFocus())
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
        if not self.person.text().strip():
            self.show_error(_("Write your own name: you are the office's first administrator."))
            self.person.setFocus()
            return
        if self.passphrase.text() != self.again.text():
            self.show_error(_("The two passphrases are not the same yet. Please type it again."))
            self.again.setFocus()
            return
        try:
            with busy():
                roles = [Role.ADMINISTRATOR, *(role for role, box in self.also.items() if box.isChecked())]
                service = OfficeService.init(self.location, self.passphrase.text(), name=name,
                                             user=self.person.text(), roles=roles, kdf=self.kdf)
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
        self.person.setAccessibleName(_("Your name"))
        for role, box in self.also.items():
            box.setText(_(ALSO[role]))
            box.setAccessibleName(_("Also {role}", role=_(ROLE_LABELS[role]).lower()))
        self.passphrase.line.setAccessibleName(_("Your passphrase"))
        self.again.line.setAccessibleName(_("Type your passphrase again"))


class RecoveryKeyScreen(QWidget):
    """The recovery key, once, right after the office is set up: it is never shown again."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = centred_panel(self, width=640)
        layout.addWidget(heading(N_("Keep the recovery key safe"), 1))
        layout.addWidget(TrLabel(N_("If every administrator forgets their passphrase, this key is the only way "
                                    "back into the office's information. It is shown only now: write it down, "
                                    "and keep it locked away from this computer."), object_name="lead"))
        self.key = QLineEdit()
        self.key.setReadOnly(True)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(font.pointSizeF() * 1.25 if font.pointSizeF() > 0 else 13)
        self.key.setFont(font)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label = TrLabel(N_("The &recovery key"), object_name="fieldLabel", buddy=self.key)
        self.kept = QCheckBox()
        layout.addWidget(self.key_label)
        layout.addWidget(self.key)
        layout.addWidget(self.kept)
        self.error, self.continue_button = error_and_button(layout, N_("&Continue"))
        self.continue_button.setEnabled(False)
        self.kept.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self.finish)
        self.retranslate_self()

    def show_key(self, key: str) -> None:
        self.kept.setChecked(False)
        self.key.setText(key)

    def finish(self) -> None:
        if not self.kept.isChecked():
            return
        self.key.clear()  # shown once: nothing of it stays on screen
        self.done.emit()

    def retranslate_self(self) -> None:
        self.key.setAccessibleName(plain(self.key_label.text()))
        self.kept.setText(_("I have written the recovery key down and put it somewhere safe"))
        self.kept.setAccessibleName(self.kept.text())
