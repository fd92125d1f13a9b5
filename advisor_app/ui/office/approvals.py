"""The Risk approvals tab: assessments waiting for the manager's decision, and recording it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.domain.risk.decision import DECISION_LABELS, DecisionKind
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.ui.office.common import (
    OfficeTab,
    button_row,
    readable_lines,
    reading_browser,
    section_title,
    sections_html,
)
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow


class ApprovalsTab(OfficeTab):
    COLUMNS = (N_("Assessment"), N_("Case"), N_("Person"), N_("Sent"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Risk approvals"), N_("Risk assessments sent for the manager's decision. "
                                                          "The decision is its own record, sent back to the "
                                                          "advisor's laptop."))
        self.table = self.add_table(N_("Assessments waiting for a decision"), max_height=200)
        self.detail = reading_browser()
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(12, 0, 0, 0)
        form_layout.setSpacing(6)
        form_layout.addWidget(heading(N_("The decision"), 3))
        self.choices = QButtonGroup(self)
        self.radios: dict[DecisionKind, QRadioButton] = {}
        for kind in (DecisionKind.APPROVED, DecisionKind.APPROVED_WITH_CONDITIONS, DecisionKind.NOT_APPROVED):
            radio = QRadioButton()
            self.choices.addButton(radio)
            self.radios[kind] = radio
            form_layout.addWidget(radio)
        self.radios[DecisionKind.APPROVED].setChecked(True)
        self.manager = TrLabel(object_name="hint")  # who decides: the signed-in manager
        self.conditions = QPlainTextEdit()
        self.conditions_label = TrLabel(N_("Con&ditions (needed for an approval with conditions)"),
                                        object_name="fieldLabel", buddy=self.conditions)
        self.notes = QPlainTextEdit()
        self.notes_label = TrLabel(N_("No&tes"), object_name="fieldLabel", buddy=self.notes)
        for box in (self.conditions, self.notes):
            box.setTabChangesFocus(True)
            box.setMaximumHeight(90)
        for widget in (self.manager, self.conditions_label, self.conditions,
                       self.notes_label, self.notes):
            form_layout.addWidget(widget)
        self.record_button = TrButton(N_("&Record the decision"), primary=True)
        self.record_button.clicked.connect(self.decide)
        form_layout.addLayout(button_row(self.record_button))
        form_layout.addStretch(1)
        self.add_side_by_side(self.detail, form, [600, 420])
        self.table.itemSelectionChanged.connect(self.show_current)
        self._items: dict[str, queries.AwaitingDecision] = {}
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {a.assessment_id: a for a in queries.awaiting_decision(self.service)}
        self.table.set_rows([(a.assessment_id, [
            " ".join(p for p in (a.reference, a.title) if p), a.case_reference, a.person_name, when_text(a.sent_at)])
            for a in self._items.values()])
        self.manager.set_source(N_("You decide as {name}: the decision is recorded under your name.")
                                if self.service.may(Action.DECIDE_RISK) else "", name=self.office.person_name)
        self.show_current()

    def show_current(self) -> None:
        key = self.table.current_key()
        item = self._items.get(key) if key else None
        self.record_button.setEnabled(item is not None)
        if self.office.service is not None:
            self.guard(Action.DECIDE_RISK, self.record_button)
        if item is None:
            self.detail.setPlainText(_("No assessment is waiting for a decision."))
            return
        self.detail.setHtml(sections_html(
            [(section_title("risk_assessment"), readable_lines(item.data))],
            [_("{reference}: {name}", reference=item.case_reference, name=item.person_name)]))

    def choose(self, kind: DecisionKind) -> None:
        self.radios[kind].setChecked(True)

    def decision(self) -> DecisionKind:
        return next(kind for kind, radio in self.radios.items() if radio.isChecked())

    def decide(self) -> bool:
        key = self.table.current_key()
        if not key:
            return False
        values = {"decision": self.decision().value, "conditions": self.conditions.toPlainText().strip(),
                  "notes": self.notes.toPlainText().strip()}
        done = self.attempt(lambda: self.service.approve_risk(key, values))
        if done is None:
            return False
        self.conditions.clear()
        self.notes.clear()
        self.show_message(_("The decision “{decision}” is recorded. The advisor's laptop gets it at its next sync.",
                            decision=_(DECISION_LABELS[self.decision()])))
        self.changed.emit()
        return True

    def count(self) -> int:
        return len(self._items)

    def retranslate_self(self) -> None:
        for kind, radio in self.radios.items():
            radio.setText(_(DECISION_LABELS[kind]))
            radio.setAccessibleName(_(DECISION_LABELS[kind]))
        self.conditions.setAccessibleName(_("Conditions"))
        self.notes.setAccessibleName(_("Notes"))
        self.detail.setAccessibleName(_("The chosen assessment, read-only"))
