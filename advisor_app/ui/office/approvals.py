"""The Risk approvals tab: the assessments waiting for a manager's decision, each laid out as the
advisor's own form (read-only), with how serious it is at the top: the rating of doing nothing for
the person and the risk left once the measures are in place, on the provider's matrix. No decision
is chosen for the manager; the decision is its own record, sent back to the advisor's laptop."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QRadioButton, QSplitter, QVBoxLayout, QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.domain.risk.decision import DECISION_LABELS, DecisionKind
from advisor_app.domain.risk.matrix import rating_severity
from advisor_app.i18n import _
from advisor_app.office import case_reader, queries
from advisor_app.office.case_reader import ReadOnlyCase
from advisor_app.services import provider_files
from advisor_app.ui.office.case_view import READ_ONLY_WORDS, ReadOnlySession
from advisor_app.ui.office.common import DataTable, OfficeTab, button_row
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.stages.base import StageContext
from advisor_app.ui.widgets.read_only import make_read_only
from advisor_app.ui.widgets.risk_matrix import NOT_RATED, MatrixThumbnail, severity_pill_style
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.stages.risk.editor import AssessmentEditor

# The two ratings a manager weighs first: what doing nothing costs the person, and what risk is left.
RATINGS = (("doing_nothing.person", N_("Doing nothing: the person")),
           ("residual_risk", N_("Once the measures are in place")))


class ApprovalsTab(OfficeTab):
    COLUMNS = (N_("Assessment"), N_("Case"), N_("Person"), N_("Sent"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Risk approvals"), N_("Risk assessments sent for the manager's decision, laid out "
                                                          "as the advisor's form. The decision is its own record, "
                                                          "sent back to the advisor's laptop."))
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Assessments waiting for a decision"))
        self.table.setMaximumHeight(130)
        self.layout_.addWidget(self.table)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(heading(N_("The decision"), 3))
        self.choices = QButtonGroup(self)
        self.radios: dict[DecisionKind, QRadioButton] = {}
        for kind in (DecisionKind.APPROVED, DecisionKind.APPROVED_WITH_CONDITIONS, DecisionKind.NOT_APPROVED):
            radio = QRadioButton()
            self.choices.addButton(radio)
            self.radios[kind] = radio
            left_layout.addWidget(radio)
        self.manager = TrLabel(object_name="hint")  # who decides: the signed-in manager
        self.conditions = QPlainTextEdit()
        self.conditions_label = TrLabel(N_("Conditions (needed &for an approval with conditions)"),
                                        object_name="fieldLabel", buddy=self.conditions)
        self.notes = QPlainTextEdit()
        self.notes_label = TrLabel(N_("Note&s"), object_name="fieldLabel", buddy=self.notes)
        for box in (self.conditions, self.notes):
            box.setTabChangesFocus(True)
            box.setMaximumHeight(70)
        for widget in (self.manager, self.conditions_label, self.conditions, self.notes_label, self.notes):
            left_layout.addWidget(widget)
        self.record_button = TrButton(N_("R&ecord the decision"), primary=True)
        self.record_button.clicked.connect(self.decide)
        left_layout.addLayout(button_row(self.record_button))
        left_layout.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        right_layout.addWidget(self.title)
        self.severity_panel = QFrame()
        self.severity_panel.setObjectName("panel")
        self.severity_row = QHBoxLayout(self.severity_panel)
        self.severity_row.setContentsMargins(12, 8, 12, 8)
        self.severities: dict[str, QLabel] = {}
        right_layout.addWidget(self.severity_panel)
        self.form_box = QVBoxLayout()
        right_layout.addLayout(self.form_box, 1)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([300, 1020])
        self.layout_.addWidget(splitter, 1)
        self.editor: "AssessmentEditor | None" = None
        self.opened: ReadOnlyCase | None = None
        self._shown: str | None = None
        self.table.itemSelectionChanged.connect(self.show_current)
        self._items: dict[str, queries.AwaitingDecision] = {}
        self.retranslate_self()

    # -- the list ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._items = {a.assessment_id: a for a in queries.awaiting_decision(self.service)}
        self.table.set_rows([(a.assessment_id, [
            " ".join(p for p in (a.reference, a.title) if p), a.case_reference, a.person_name, when_text(a.sent_at)])
            for a in self._items.values()])
        self.manager.set_source(N_("You decide as {name}: the decision is recorded under your name.")
                                if self.service.may(Action.DECIDE_RISK) else "", name=self.office.person_name)
        self.show_current(force=True)

    def select(self, assessment_id: str) -> None:
        self.table.select_key(assessment_id)

    def show_current(self, force: bool = False) -> None:
        key = self.table.current_key()
        item = self._items.get(key) if key else None
        self.record_button.setEnabled(item is not None)
        if self.office.service is not None:
            self.guard(Action.DECIDE_RISK, self.record_button)
        if key == self._shown and not force:
            return
        self._shown = key
        self._forget_form()
        if item is None:
            self.title.setText(_("No assessment is waiting for a decision."))
            self.severity_panel.hide()
            return
        self.clear_decision()
        opened = self.attempt(lambda: case_reader.open_case(self.service, item.case_id))
        if opened is None:
            return
        self.opened = opened
        self.title.setText(_("{reference}: {name}. Sent {when}.", reference=item.case_reference,
                             name=item.person_name, when=when_text(item.sent_at)))
        self._show_form(opened, item.assessment_id)

    def _show_form(self, opened: ReadOnlyCase, assessment_id: str) -> None:
        from advisor_app.ui.stages.risk.editor import AssessmentEditor  # reportlab and friends: on first use

        session = ReadOnlySession(opened)
        context = StageContext(close_case=lambda: None, reopen_case=lambda: None,
                               show_message=lambda text: self.show_message(text),
                               service=lambda: opened.service, case_id=lambda: opened.case_id,
                               run=lambda _work, initiator=None: self.show_message(_(READ_ONLY_WORDS)),
                               session=session)
        self.editor = AssessmentEditor(context)
        self.editor.open(assessment_id, opened.view)
        make_read_only(self.editor)
        self.editor.list_button.hide()  # the office's list is on the left
        self.editor.save_state.hide()
        self.form_box.addWidget(self.editor)
        view = self.editor.view
        if view is not None:
            self._show_severity({"doing_nothing.person": view.assessment.doing_nothing.person.rating,
                                 "residual_risk": view.assessment.residual_risk.rating})

    def _show_severity(self, ratings: dict) -> None:
        """The two ratings on a small picture of the provider's matrix, each with its severity in words
        and the provider's advice for it."""
        matrix = provider_files.risk_matrix()
        while self.severity_row.count():
            widget = self.severity_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.severities = {}
        for path, label in RATINGS:
            rating = ratings.get(path)
            sev = rating_severity(matrix, rating)
            picture = MatrixThumbnail(matrix)
            picture.set_rating(rating.model_dump(mode="json") if rating is not None else None)
            words = QLabel()
            words.setWordWrap(True)
            text = (_("{what}: {severity} (score {score} of 25: {likelihood}, {impact})", what=_(label),
                      severity=_(sev.words), score=sev.score, likelihood=_(sev.likelihood_words).lower(),
                      impact=_(sev.impact_words).lower()) if sev else _("{what}: not rated yet", what=_(label)))
            advice = _(sev.advice) if sev and sev.advice else ""
            words.setText(f"<b>{escape(text)}</b><br>{escape(advice)}")
            words.setAccessibleName(f"{text} {advice}".strip())
            picture.setAccessibleName(text)
            pill = QLabel(_(sev.words) if sev else _(NOT_RATED))
            pill.setStyleSheet(severity_pill_style(sev))
            holder = QWidget()
            holder_layout = QHBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 12, 0)
            holder_layout.addWidget(picture)
            column = QVBoxLayout()
            column.addWidget(pill, 0, Qt.AlignmentFlag.AlignLeft)
            column.addWidget(words)
            holder_layout.addLayout(column, 1)
            self.severity_row.addWidget(holder, 1)
            self.severities[path] = words
        self.severity_panel.show()

    def _forget_form(self) -> None:
        if self.editor is not None:
            self.form_box.removeWidget(self.editor)
            self.editor.hide()
            self.editor.deleteLater()
            self.editor = None
        if self.opened is not None:
            self.opened.close()
            self.opened = None

    # -- the decision -------------------------------------------------------------------------------------
    def clear_decision(self) -> None:
        """No decision chosen: the manager chooses one."""
        self.choices.setExclusive(False)
        for radio in self.radios.values():
            radio.setChecked(False)
        self.choices.setExclusive(True)
        self.conditions.clear()
        self.notes.clear()

    def choose(self, kind: DecisionKind) -> None:
        self.radios[kind].setChecked(True)

    def decision(self) -> DecisionKind | None:
        return next((kind for kind, radio in self.radios.items() if radio.isChecked()), None)

    def decide(self) -> bool:
        key = self.table.current_key()
        if not key:
            return False
        chosen = self.decision()
        if chosen is None:
            self.show_message(_("Choose a decision first: approved, approved with conditions, or not approved."),
                              error=True)
            return False
        values = {"decision": chosen.value, "conditions": self.conditions.toPlainText().strip(),
                  "notes": self.notes.toPlainText().strip()}
        done = self.attempt(lambda: self.service.approve_risk(key, values))
        if done is None:
            return False
        self.clear_decision()
        self.show_message(_("The decision “{decision}” is recorded. The advisor's laptop gets it at its next sync.",
                            decision=_(DECISION_LABELS[chosen])))
        self.changed.emit()
        return True

    def count(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._forget_form()
        self._shown = None
        super().clear()

    def retranslate_self(self) -> None:
        for kind, radio in self.radios.items():
            radio.setText(_(DECISION_LABELS[kind]))
            radio.setAccessibleName(_(DECISION_LABELS[kind]))
        self.conditions.setAccessibleName(_("Conditions"))
        self.notes.setAccessibleName(_("Notes"))
