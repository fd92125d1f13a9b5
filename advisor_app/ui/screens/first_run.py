"""First run: the advisor's name and a passphrase, typed twice, with its strength shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.screens.common import PassphraseErrorMixin, centred_panel
from advisor_app.ui.widgets.busy import busy
from advisor_app.ui.session import Session
from advisor_app.domain.passphrase import passphrase_problem
from advisor_app.ui.widgets.passphrase import PassphraseEdit, StrengthMeter
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, plain


class FirstRunScreen(PassphraseErrorMixin, QWidget):
    created = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        layout = centred_panel(self, width=600)
        layout.addWidget(heading(N_("Welcome"), 1))
        layout.addWidget(TrLabel(N_("Everything you write about the people you support stays on this laptop, "
                                    "locked with a passphrase that only you know. Let’s set that up."),
                                 object_name="lead"))
        layout.addSpacing(8)

        self.name = QLineEdit()
        self.name_label = TrLabel(N_("Your &name"), object_name="fieldLabel", buddy=self.name)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addSpacing(4)

        self.passphrase = PassphraseEdit()
        self.passphrase_label = TrLabel(N_("Choose a &passphrase"), object_name="fieldLabel",
                                        buddy=self.passphrase.line)
        layout.addWidget(self.passphrase_label)
        layout.addWidget(TrLabel(N_("A few unrelated words are easy to remember and hard to guess."),
                                 object_name="hint"))
        layout.addWidget(self.passphrase)
        self.meter = StrengthMeter()
        layout.addWidget(self.meter)
        layout.addSpacing(4)

        self.again = PassphraseEdit()
        self.again_label = TrLabel(N_("Type it &again"), object_name="fieldLabel", buddy=self.again.line)
        layout.addWidget(self.again_label)
        layout.addWidget(self.again)
        self.match = QLabel()
        self.match.setObjectName("hint")
        layout.addWidget(self.match)

        self.error = message_line(error=True)
        layout.addWidget(self.error)
        layout.addWidget(TrLabel(N_("Nobody can open your notes without it, so write it down somewhere safe, "
                                    "away from the laptop, until you know it by heart."), object_name="hint"))
        row = QHBoxLayout()
        row.addStretch(1)
        self.create_button = TrButton(N_("Create my &store"), primary=True)
        self.create_button.setDefault(True)
        row.addWidget(self.create_button)
        layout.addLayout(row)

        self.passphrase.textChanged.connect(self._typed)
        self.again.textChanged.connect(self._typed)
        self.passphrase.returnPressed.connect(lambda: self.again.setFocus())
        self.again.returnPressed.connect(self.create)
        self.name.returnPressed.connect(lambda: self.passphrase.setFocus())
        self.create_button.clicked.connect(self.create)
        self._message: str | None = None
        self.retranslate_self()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.name.setFocus()

    def _typed(self) -> None:
        self.meter.update_for(self.passphrase.text())
        self._message = None
        self.retranslate_self()

    def problem(self) -> str | None:
        """Why the store cannot be created yet, in plain words (None when it can)."""
        first, second = self.passphrase.text(), self.again.text()
        too_weak = passphrase_problem(first)
        if too_weak:
            return _(too_weak)
        if first != second:
            return _("The two passphrases are not the same yet. Please type it again.")
        return None

    def create(self) -> None:
        problem = self.problem()
        if problem:
            self.show_error(problem)
            (self.passphrase if passphrase_problem(self.passphrase.text()) else self.again).setFocus()
            return
        try:
            with busy():
                self.session.create(self.passphrase.text(), self.name.text().strip())
        except StoreError as exc:
            self.show_error(error_text(exc))
            return
        self.clear()
        self.created.emit()

    def clear(self) -> None:
        self.passphrase.clear()
        self.again.clear()
        self.error.hide()

    def retranslate_self(self) -> None:
        self.name.setAccessibleName(plain(self.name_label.text()))
        self.name.setPlaceholderText(_("So the office knows whose work this is"))
        self.passphrase.line.setAccessibleName(plain(self.passphrase_label.text()))
        self.again.line.setAccessibleName(plain(self.again_label.text()))
        first, second = self.passphrase.text(), self.again.text()
        if second and first == second:
            self.match.setText("\u2713 " + _("Both the same."))
        elif second and not first.startswith(second):
            self.match.setText(_("Not the same as the first one yet."))
        else:
            self.match.setText("")
        self.match.setVisible(bool(self.match.text()))
        self.again.line.setAccessibleDescription(self.match.text())
