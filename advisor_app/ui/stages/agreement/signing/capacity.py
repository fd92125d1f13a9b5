"""Step 2: can they sign for themselves? If not: who signs for them, and with what authority."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from advisor_app.domain.agreement import AUTHORITY_LABELS
from advisor_app.domain.messages import N_
from advisor_app.domain.signature_answers import PLAIN_AUTHORITY, STAND_IN_AUTHORITIES, SigningAnswers
from advisor_app.i18n import _
from advisor_app.ui.stages.agreement.signing.common import big, name_line, step_layout
from advisor_app.ui.widgets.choices import ChoiceButtons
from advisor_app.ui.widgets.forms import scroll_page
from advisor_app.ui.widgets.text import TrLabel, heading

OWN, STAND_IN = "own", "stand_in"


class CapacityStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._name = ""
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.title = heading("", 1)
        layout.addWidget(self.title)
        self.question = ChoiceButtons(name=lambda: _("Can {name} sign for themselves?", name=self._name))
        layout.addWidget(self.question)

        self.stand_in_box = QFrame()
        self.stand_in_box.setObjectName("panel")
        box = QVBoxLayout(self.stand_in_box)
        box.setSpacing(8)
        self.stand_in_name = name_line()
        box.addWidget(TrLabel(N_("The na&me of the person signing for them"), object_name="fieldLabel",
                              buddy=self.stand_in_name))
        box.addWidget(self.stand_in_name)
        box.addWidget(TrLabel(N_("What lets them sign for them?"), object_name="fieldLabel"))
        self.authority = ChoiceButtons([(a, PLAIN_AUTHORITY[a]) for a in STAND_IN_AUTHORITIES],
                                       name=N_("What lets them sign for them?"))
        box.addWidget(self.authority)
        self.details = name_line(500)
        box.addWidget(TrLabel(N_("&Details, like the reference on the paperwork (if there is one)"),
                              object_name="fieldLabel", buddy=self.details))
        box.addWidget(self.details)
        layout.addWidget(self.stand_in_box)
        layout.addStretch(1)
        step_layout(self).addWidget(scroll_page(content, max_width=1000))

        self.question.chosen.connect(lambda _v: self._update())
        self.authority.chosen.connect(lambda _v: self.changed.emit())
        self.stand_in_name.textChanged.connect(lambda *_a: self.changed.emit())
        self.details.textChanged.connect(lambda *_a: self.changed.emit())

    def fill(self, answers: SigningAnswers) -> None:
        """Ask about ``answers.signer`` (a new signer starts with nothing said)."""
        self._name = name = answers.signer.name
        self.title.set_source(lambda: _("Can {name} sign for themselves?", name=name))
        self.question.set_choices([(OWN, lambda: _("Yes, {name} signs for themselves", name=name)),
                                   (STAND_IN, lambda: _("No, someone signs for {name}", name=name))])
        for button in self.question.buttons() + self.authority.buttons():
            big(button)
        for button in self.authority.buttons():
            button.setToolTip(_(AUTHORITY_LABELS[button.value]))
        self.question.choose(STAND_IN if answers.stand_in else OWN)
        self.stand_in_name.setText(answers.stand_in_name)
        self.details.setText(answers.authority_details)
        self.stand_in_name.setAccessibleName(_("The name of the person signing for them"))
        self.details.setAccessibleName(_("Details of the authority"))
        if answers.authority is None:
            self.authority.clear_choice()
        else:
            self.authority.choose(answers.authority)
        self._update()

    def _update(self) -> None:
        self.stand_in_box.setVisible(self.question.value() == STAND_IN)
        self.changed.emit()

    def answers(self, answers: SigningAnswers) -> SigningAnswers:
        """``answers`` with what this step says now."""
        return answers.with_(stand_in=self.question.value() == STAND_IN, stand_in_name=self.stand_in_name.text(),
                             authority=self.authority.value(), authority_details=self.details.text())

    def focus(self) -> None:
        self.question.focus_choice()
