"""What the family is agreeing to, on screen: each service whole (what it is for, how much, what it
costs), the first year added up line by line, and the words explained. Every line wraps; nothing
is cut. The figures and words come from ``services.agreement_summary``; this only shows them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from advisor_app.domain.proposals import pounds
from advisor_app.domain.proposals.itemised import Working
from advisor_app.i18n import _
from advisor_app.services.agreement_summary import AgreementSummary
from advisor_app.ui.widgets.lists import panel


def _label(text: str, object_name: str = "", *, right: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(not right)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if right:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    if object_name:
        label.setObjectName(object_name)
    label.setAccessibleName(text)
    return label


class AgreementSummaryView(QWidget):
    """The summary of one accepted proposal (``show`` it again when the case changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(10)

    def clear(self) -> None:
        while self.box.count():
            widget = self.box.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def show_summary(self, summary: AgreementSummary | None) -> None:
        self.clear()
        if summary is None:
            return
        itemised = summary.itemised
        self.box.addWidget(_label(_("What will be provided"), "subheading"))
        for item in itemised.items:
            lines = [_label(f"{item.number}. {_(item.name)}", "fieldLabel")]
            if item.purpose:
                lines.append(_label(_("What it is for: {purpose}", purpose=_(item.purpose))))
            lines += [_label(f"\u2022 {_(amount)}") for amount in item.amount]
            lines.append(_label(_("It costs: {price}", price=_(item.price)), "fieldLabel"))
            card = panel(*lines, object_name="card", margins=12, spacing=4)
            card.setAccessibleName(" ".join(w.text() for w in card.findChildren(QLabel)))
            self.box.addWidget(card)
        self.box.addWidget(_label(_("Adding up the first year"), "subheading"))
        self.box.addWidget(self._working(itemised.by_period))
        self.box.addWidget(_label(_("Where the money goes"), "subheading"))
        self.box.addWidget(self._working(itemised.by_use))
        self.box.addWidget(_label(_("Both ways add up to {total}. This is the same as proposal {n}.",
                                    total=pounds(itemised.by_period.total), n=summary.proposal_number)))
        if summary.terms:
            self.box.addWidget(panel(_label(_("Words we use"), "subheading"),
                                     *(_label(f"{t.term[:1].upper()}{t.term[1:]}: {t.means}") for t in summary.terms),
                                     spacing=4))

    def _working(self, working: Working) -> QWidget:
        grid_widget = QFrame()
        grid_widget.setObjectName("card")
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(14, 8, 14, 8)
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(0, 1)
        rows = [(_(s.label) + (f" ({_(s.working)})" if s.working else ""), pounds(s.amount)) for s in working.steps]
        rows.append((_("The first year in total"), pounds(working.total)))
        for row, (label, amount) in enumerate(rows):
            last = row == len(rows) - 1
            grid.addWidget(_label(label, "fieldLabel" if last else ""), row, 0)
            grid.addWidget(_label(amount, "fieldLabel" if last else "", right=True), row, 1)
        grid_widget.setAccessibleName("; ".join(f"{label}: {amount}" for label, amount in rows))
        return grid_widget

    def texts(self) -> list[str]:
        """Every line shown, in order (for a quick look and the tests)."""
        return [label.text() for label in self.findChildren(QLabel)]
