"""Step 5: the signature pad, with what it is for: a signature, a mark (and who watches it made),
or a signature with a hand guided (and whose)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from advisor_app.domain.agreement import SigningMethod
from advisor_app.domain.messages import N_
from advisor_app.domain.signature_answers import SigningAnswers
from advisor_app.i18n import _
from advisor_app.ui.stages.agreement.signing.common import big, step_layout, text_label
from advisor_app.ui.widgets.signature_pad import SignatureBox
from advisor_app.ui.widgets.text import heading

PAD_WORDS = {
    SigningMethod.DRAWN: N_("Sign with a finger, a pen or the mouse. “Redo the last line” takes away the last line "
                            "you drew."),
    SigningMethod.MARK: N_("Make your mark, like an X, with a finger, a pen or the mouse."),
    SigningMethod.ASSISTED: N_("Sign together: the person helping guides the hand."),
}


class SignStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = step_layout(self)
        self.title = heading("", 1)
        layout.addWidget(self.title)
        self.how = text_label("inlineInfo")
        layout.addWidget(self.how)
        self.signature = SignatureBox()
        self.pad = self.signature.pad
        self.signature.label.setObjectName("lead")
        self.pad.changed.connect(self.changed.emit)
        self.signature.setMaximumHeight(self.pad.maximumHeight() + 160)  # the pad as large as it goes, no gaps
        layout.addWidget(self.signature, 1)
        layout.addStretch(0)

    def fill(self, answers: SigningAnswers) -> None:
        name, method = answers.signing_name(), answers.method
        titles = {SigningMethod.DRAWN: lambda: _("{name}, please sign in the box", name=name),
                  SigningMethod.MARK: lambda: _("{name}, please make your mark in the box", name=name),
                  SigningMethod.ASSISTED: lambda: _("{name}, please sign in the box, with {helper}'s help",
                                                    name=name, helper=answers.supporter_name.strip())}
        self.title.set_source(titles[method])
        self.signature.label.set_source(PAD_WORDS[method])
        how = {SigningMethod.MARK: _("Witnessed by {witness}.", witness=answers.witness_name),
               SigningMethod.ASSISTED: _("{helper} guides the hand.", helper=answers.supporter_name.strip())}
        self.how.setText(how.get(method, ""))
        self.how.setAccessibleName(self.how.text())
        self.how.setVisible(method != SigningMethod.DRAWN)
        big(self.how)
        self.pad.clear()

    def focus(self) -> None:
        self.pad.setFocus()
