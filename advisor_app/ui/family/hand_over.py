"""Before the laptop goes to the family: the advisor may set a short PIN to take it back.

The PIN only resumes this unlocked session, on this screen (``domain.family_mode``): it is kept
as a salted slow hash in memory and forgotten when the advisor takes the laptop back. Without a
PIN the advisor's passphrase takes it back.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from advisor_app.domain.family_mode import PIN_MAX_DIGITS, PIN_MIN_DIGITS, PIN_TRIES, pin_problem
from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.ui.family.pin import PinEdit
from advisor_app.ui.screens.common import centred_panel
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line


class HandOverPanel(QWidget):
    handOver = Signal(str)  # the PIN ("" for none: the passphrase takes it back)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = centred_panel(self, width=640)
        layout.addWidget(heading(N_("Hand the laptop to the family"), 1))
        layout.addWidget(TrLabel(N_("While the family has the laptop, only this agreement can be seen: no other "
                                    "case, no menus, no settings. To take it back you type your passphrase, or a "
                                    "PIN you set now."), object_name="lead"))
        self.pin = PinEdit()
        self.pin_label = TrLabel(lambda: _("A &PIN to take it back ({low} to {high} numbers; you may leave it empty)",
                                           low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS),
                                 object_name="fieldLabel", buddy=self.pin)
        layout.addWidget(self.pin_label)
        layout.addWidget(self.pin)
        self.again = PinEdit()
        layout.addWidget(TrLabel(N_("The PIN &again"), object_name="fieldLabel", buddy=self.again))
        layout.addWidget(self.again)
        layout.addWidget(TrLabel(lambda: ngettext(
            "The PIN works only until you take the laptop back. After {n} wrong try, your passphrase is needed. "
            "The PIN never opens your notes.",
            "The PIN works only until you take the laptop back. After {n} wrong tries, your passphrase is needed. "
            "The PIN never opens your notes.", PIN_TRIES), object_name="hint"))
        self.error = message_line(error=True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.cancel_button = TrButton(N_("Cancel"), accessible_name=N_("Cancel: keep the laptop"))
        self.hand_over_button = TrButton(N_("&Hand over \u2192"), primary=True,
                                         accessible_name=N_("Hand the laptop to the family"))
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.hand_over_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        self.hand_over_button.clicked.connect(self.submit)
        self.pin.returnPressed.connect(self.again.setFocus)
        self.again.returnPressed.connect(self.submit)
        self.retranslate_self()

    def reset(self) -> None:
        self.pin.clear()
        self.again.clear()
        self.error.hide()
        self.pin.setFocus()

    def submit(self) -> None:
        pin, again = self.pin.text(), self.again.text()
        problem = pin_problem(pin, again) if (pin or again) else None
        if problem:
            self.error.setText(_(problem))
            self.error.setAccessibleName(self.error.text())
            self.error.show()
            self.pin.selectAll()
            self.pin.setFocus()
            return
        self.pin.clear()
        self.again.clear()
        self.error.hide()
        self.handOver.emit(pin)

    def retranslate_self(self) -> None:
        self.pin.setAccessibleName(_("A PIN to take the laptop back"))
        self.again.setAccessibleName(_("The PIN again"))
