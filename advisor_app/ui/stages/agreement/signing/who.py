"""Step 1: who is signing now (the boxes still to sign today, each a large button)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from advisor_app.domain.agreement import SIGNER_ROLE_LABELS, Signer
from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.ui.stages.agreement.signing.common import big, step_layout
from advisor_app.ui.widgets.choices import ChoiceButtons
from advisor_app.ui.widgets.text import TrLabel, heading


def signer_words(signer: Signer) -> str:
    role = _(SIGNER_ROLE_LABELS[signer.role])
    text = f"{signer.name}  \u2014  {role}" if signer.name else role
    return text + ("  " + _("(if they wish)") if not signer.required else "")


class WhoStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = step_layout(self)
        layout.addWidget(heading(N_("Who is signing now?"), 1))
        layout.addWidget(TrLabel(N_("Choose your name."), object_name="lead"))
        self.choices = ChoiceButtons(name=N_("Who is signing now?"))
        self.choices.chosen.connect(lambda _value: self.changed.emit())
        layout.addWidget(self.choices)
        self.nobody = TrLabel(N_("Everyone who signs today has signed."), object_name="lead")
        layout.addWidget(self.nobody)
        layout.addStretch(1)
        self.signers: list[Signer] = []

    def fill(self, signers: list[Signer]) -> None:
        """Show ``signers``; the first who must sign is chosen."""
        self.signers = signers
        self.choices.set_choices([(s.field, lambda s=s: signer_words(s)) for s in signers])
        for button in self.choices.buttons():
            big(button)
        self.nobody.setVisible(not signers)
        required = [s for s in signers if s.required]
        if signers:
            self.choices.choose((required or signers)[0].field)

    def choose(self, field: str) -> None:
        self.choices.choose(field)

    def chosen(self) -> Signer | None:
        field = self.choices.value()
        return next((s for s in self.signers if s.field == field), None)

    def focus(self) -> None:
        self.choices.focus_choice()
