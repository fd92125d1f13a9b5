"""Step 3: what you are agreeing to, in plain words (the services whole, the first year added up,
the words explained), and the tick that says so."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.domain.proposals.words import pounds
from advisor_app.i18n import _
from advisor_app.services.agreement_summary import AgreementSummary
from advisor_app.ui.stages.agreement.signing.common import big, step_layout, text_label
from advisor_app.ui.widgets.agreement_summary import AgreementSummaryView
from advisor_app.ui.widgets.forms import scroll_page
from advisor_app.ui.widgets.text import TrLabel, heading


def statement_text(signing_name: str, summary: AgreementSummary | None) -> str:
    """Who agrees, and the first year's total (the services and the working are shown beside it)."""
    lines = [_("{who}, by signing you agree to the agreement you have just read together.", who=signing_name)]
    if summary is not None:
        lines.append(_("What it costs in the first year, in total: {amount}.",
                       amount=pounds(summary.itemised.by_period.total)))
    return "\n".join(lines)


class AgreeStep(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = step_layout(self)
        layout.addWidget(heading(N_("What you are agreeing to"), 1))
        self.statement = text_label()
        self.statement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reading = QWidget()
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.statement)
        self.summary = AgreementSummaryView()
        column.addWidget(self.summary)
        self.closing = TrLabel(N_("Once it is signed, this version cannot be changed. If anything changes, there "
                                  "will be a new version to sign."))
        column.addWidget(self.closing)
        layout.addWidget(scroll_page(reading, max_width=1000), 1)
        self.confirm = QCheckBox()
        self.confirm.toggled.connect(lambda *_a: self.changed.emit())
        layout.addWidget(self.confirm)

    def fill(self, signing_name: str, summary: AgreementSummary | None) -> None:
        for widget in (self.statement, self.confirm, self.closing, self.summary):
            big(widget)
        self.statement.setText(statement_text(signing_name, summary))
        self.statement.setAccessibleName(self.statement.text())
        self.summary.show_summary(summary)
        self.confirm.setText(_("I have read the agreement and I agree to it."))
        self.confirm.setAccessibleName(self.confirm.text())
        self.confirm.setChecked(False)

    def statement_shown(self) -> str:
        """The statement exactly as shown (its hash goes into the evidence)."""
        return self.statement.text()

    def agreed(self) -> bool:
        return self.confirm.isChecked()

    def focus(self) -> None:
        self.confirm.setFocus()
