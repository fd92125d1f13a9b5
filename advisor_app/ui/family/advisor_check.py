"""The advisor takes the laptop back: their PIN (while tries are left) or their passphrase.

Two uses, one check: giving the laptop back (the family can still go back to what they were
doing) and the paused screen after a long time without a touch, which shows nothing personal at
all and, once the advisor has typed, returns the family to exactly where they were. The PIN rules
are the domain's (``PinLock``); the passphrase is checked by the store in the background (the
slow key derivation must not freeze the screen).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from advisor_app.domain.family_mode import PinAnswer, PinLock
from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.services.errors import error_text
from advisor_app.ui.family.pin import PinEdit
from advisor_app.ui.operations import BackgroundOp
from advisor_app.ui.screens.common import centred_panel
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets.passphrase import PassphraseEdit
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, shortcut


class Why(Enum):
    GIVE_BACK = "give_back"  # the family is done, or asked for the advisor
    PAUSED = "paused"  # nobody touched the laptop for a long time


TITLES = {Why.GIVE_BACK: N_("Give the laptop back to the advisor"), Why.PAUSED: N_("Paused")}
LEADS = {Why.GIVE_BACK: N_("The advisor types their PIN or passphrase to take the laptop back."),
         Why.PAUSED: N_("Nothing is lost. The advisor types their PIN or passphrase to carry on.")}


class AdvisorCheck(QWidget):
    confirmed = Signal()  # the advisor is back
    cancelled = Signal()  # "Back to the family" (never offered on the paused screen)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.why = Why.GIVE_BACK
        self.pin_lock: PinLock | None = None
        self.checking: BackgroundOp | None = None
        layout = centred_panel(self, width=640)
        self.title = heading(lambda: _(TITLES[self.why]), 1)
        layout.addWidget(self.title)
        self.lead = TrLabel(lambda: _(LEADS[self.why]), object_name="lead")
        layout.addWidget(self.lead)

        self.pin = PinEdit()
        self.pin_label = TrLabel(N_("The advisor's &PIN"), object_name="fieldLabel", buddy=self.pin)
        layout.addWidget(self.pin_label)
        layout.addWidget(self.pin)
        self.use_passphrase = TrButton(N_("Use the passphrase &instead"), flat=True)
        layout.addWidget(self.use_passphrase, 0, Qt.AlignmentFlag.AlignLeft)
        self.passphrase = PassphraseEdit()
        self.passphrase_label = TrLabel(N_("The advisor's &passphrase"), object_name="fieldLabel",
                                        buddy=self.passphrase.line)
        layout.addWidget(self.passphrase_label)
        layout.addWidget(self.passphrase)
        self.error = message_line(error=True)
        layout.addWidget(self.error)

        row = QHBoxLayout()
        self.back_button = TrButton(N_("\u2190 &Back to the family"),
                                    accessible_name=N_("Back to the family: they carry on"))
        self.confirm_button = TrButton(N_("&Take the laptop back"), primary=True)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.confirm_button)
        layout.addLayout(row)
        self.back_button.clicked.connect(self.cancel)
        self.use_passphrase.clicked.connect(lambda: self._ask(pin=False))
        self.confirm_button.clicked.connect(self.submit)
        self.pin.returnPressed.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        shortcut("Esc", self, self.cancel)
        self.retranslate_self()

    # -- asking -----------------------------------------------------------------------------------
    def ask(self, why: Why, pin_lock: PinLock | None) -> None:
        """Ask for the advisor: the PIN while it can still be used, else the passphrase."""
        self.why, self.pin_lock = why, pin_lock
        self.title.retranslate_self()
        self.lead.retranslate_self()
        self.back_button.setVisible(why == Why.GIVE_BACK)
        self.confirm_button.set_source(N_("&Take the laptop back") if why == Why.GIVE_BACK else N_("&Carry on"))
        self._hide_error()
        self._ask(pin=pin_lock is not None and pin_lock.usable)

    def _ask(self, *, pin: bool) -> None:
        self.pin.clear()
        self.passphrase.clear()
        for widget in (self.pin, self.pin_label, self.use_passphrase):
            widget.setVisible(pin)
        for widget in (self.passphrase, self.passphrase_label):
            widget.setVisible(not pin)
        (self.pin if pin else self.passphrase.line).setFocus()

    def asking_pin(self) -> bool:
        return self.pin.isVisibleTo(self)

    def cancel(self) -> None:
        if self.why == Why.GIVE_BACK and self.checking is None:
            self.cancelled.emit()

    # -- checking -----------------------------------------------------------------------------------
    def submit(self) -> BackgroundOp | None:
        """Check what was typed. The passphrase is checked in the background (returned)."""
        if self.checking is not None:
            return None
        if self.asking_pin():
            self._check_pin(self.pin.text())
            return None
        text = self.passphrase.text()
        if not text:
            self._show_error(_("Please type the passphrase."))
            return None
        self.confirm_button.setEnabled(False)
        self.confirm_button.setAccessibleDescription(_("Checking…"))
        self.checking = BackgroundOp(self.session, lambda service, _progress: service.check_passphrase(text),
                                     owner=self).success(self._passphrase_checked).failure(self._check_failed)
        self.checking.finished.connect(self._checked)
        return self.checking.start(initiator=self)

    def _check_pin(self, pin: str) -> None:
        if self.pin_lock is None:
            self._ask(pin=False)
            return
        answer = self.pin_lock.check(pin)
        if answer == PinAnswer.RIGHT:
            self._done()
        elif answer == PinAnswer.WRONG:
            self._show_error(ngettext("That PIN is not right. {n} more try, then the passphrase is needed.",
                                      "That PIN is not right. {n} more tries, then the passphrase is needed.",
                                      self.pin_lock.tries_left))
            self.pin.clear()
            self.pin.setFocus()
        else:
            self._ask(pin=False)
            self._show_error(_("The PIN can no longer be used: please type the advisor's passphrase."))

    def _passphrase_checked(self, right: bool) -> None:
        if right:
            self._done()
        else:
            self._show_error(_("That passphrase is not right. Please try again."))
            self.passphrase.line.selectAll()
            self.passphrase.setFocus()

    def _check_failed(self, exc: BaseException) -> None:
        self._show_error(error_text(exc))

    def _checked(self) -> None:
        self.checking = None
        self.confirm_button.setEnabled(True)
        self.confirm_button.setAccessibleDescription("")

    def _done(self) -> None:
        self.pin.clear()
        self.passphrase.clear()
        self._hide_error()
        self.confirmed.emit()

    # -- messages ---------------------------------------------------------------------------------
    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleName(text)
        repolish(self.error)
        self.error.show()
        (self.pin if self.asking_pin() else self.passphrase.line).setAccessibleDescription(text)

    def _hide_error(self) -> None:
        self.error.hide()
        self.error.clear()
        self.pin.setAccessibleDescription("")
        self.passphrase.line.setAccessibleDescription("")

    def error_message(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    def retranslate_self(self) -> None:
        self.pin.setAccessibleName(_("The advisor's PIN"))
        self.passphrase.line.setAccessibleName(_("The advisor's passphrase"))
