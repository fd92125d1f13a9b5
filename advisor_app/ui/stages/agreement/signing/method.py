"""Step 4: how will you sign? Drawing, a mark the advisor watches being made, or with a supporter
guiding the hand (each recorded as such in the evidence)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from advisor_app.domain.agreement import SigningMethod
from advisor_app.domain.messages import N_
from advisor_app.domain.signature_answers import PLAIN_METHOD, PLAIN_METHOD_MORE, SigningAnswers
from advisor_app.i18n import _
from advisor_app.ui.stages.agreement.signing.common import big, name_line, step_layout, text_label
from advisor_app.ui.widgets.choices import ChoiceButtons
from advisor_app.ui.widgets.forms import scroll_page
from advisor_app.ui.widgets.text import TrLabel, heading


class MethodStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.title = heading("", 1)
        layout.addWidget(self.title)
        self.choices = ChoiceButtons([(m, PLAIN_METHOD[m], PLAIN_METHOD_MORE[m]) for m in SigningMethod],
                                     name=N_("How will you sign?"))
        for button in self.choices.buttons():
            big(button)
        layout.addWidget(self.choices)

        self.supporter_box = QFrame()
        self.supporter_box.setObjectName("panel")
        box = QVBoxLayout(self.supporter_box)
        self.supporter = name_line()
        box.addWidget(TrLabel(N_("The na&me of the person who helps to hold the pen"), object_name="fieldLabel",
                              buddy=self.supporter))
        box.addWidget(self.supporter)
        layout.addWidget(self.supporter_box)
        self.witness = text_label("inlineInfo")
        big(self.witness)
        layout.addWidget(self.witness)
        layout.addStretch(1)
        step_layout(self).addWidget(scroll_page(content, max_width=1000))
        self._witness_name = ""
        self.choices.chosen.connect(lambda _v: self._update())
        self.supporter.textChanged.connect(lambda *_a: self.changed.emit())

    def fill(self, answers: SigningAnswers, witness_name: str) -> None:
        """Ask ``answers``' signer; a mark is witnessed by ``witness_name`` (the advisor)."""
        name = answers.signing_name()
        self._witness_name = witness_name
        self.title.set_source(lambda: _("{name}, how will you sign?", name=name))
        self.choices.choose(answers.method)
        self.supporter.setText(answers.supporter_name)
        self.supporter.setAccessibleName(_("The name of the person who helps to hold the pen"))
        self.witness.setText(_("{advisor}, the advisor, watches the mark being made and is named as the witness.",
                               advisor=witness_name))
        self.witness.setAccessibleName(self.witness.text())
        self._update()

    def _update(self) -> None:
        method = self.choices.value()
        self.supporter_box.setVisible(method == SigningMethod.ASSISTED)
        self.witness.setVisible(method == SigningMethod.MARK)
        self.changed.emit()

    def answers(self, answers: SigningAnswers) -> SigningAnswers:
        method = self.choices.value() or SigningMethod.DRAWN
        return answers.with_(method=method, supporter_name=self.supporter.text(),
                             witness_name=self._witness_name if method == SigningMethod.MARK else "")

    def focus(self) -> None:
        self.choices.focus_choice()
