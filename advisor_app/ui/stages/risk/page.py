"""Stage 6, risk and opportunity: the case's assessments, and each one as a guided form.

The page shows the case's assessments (reference, title, status, next review, residual risk)
with the case's alerts above them. Opening one shows the editor: fourteen steps down the left,
one step at a time on the right, Next and Back (Alt+Right, Alt+Left). Every edit autosaves
through ``services.risk.save_assessment``; what still stops "send for the manager's decision"
comes from ``why_not_send`` and is shown at the send step, each reason with a jump to its field.
No rule is decided here: statuses, severities, reasons and who decided are the services'.
"""


from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.risk import (
    Status,
)
from advisor_app.i18n import _
from advisor_app.services import CaseView
from advisor_app.services.changes import Changes
from advisor_app.services import risk as risk_service
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.stages.base import StageContext, StagePage
from advisor_app.ui.widgets.forms import FormLayout, FormSection, scroll_page
from advisor_app.ui.widgets.risk_matrix import PILL_ROLE, PillDelegate
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, shortcut

from advisor_app.ui.stages.risk.common import STATUS_COLOURS, date_text, serves_links
from advisor_app.ui.stages.risk.editor import AssessmentEditor
from advisor_app.ui.stages.risk.new_dialog import NewAssessmentDialog
from advisor_app.ui.widgets.read_only import mark_reads


class RiskPage(StagePage):
    stage = Stage.RISK

    COLUMNS = (N_("Reference"), N_("Activity or decision"), N_("Status"), N_("Next review"), N_("Residual risk"))

    def __init__(self, context: StageContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.case_view: CaseView | None = None
        self.summaries: list[risk_service.AssessmentSummary] = []
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._build_list())
        self.editor = AssessmentEditor(context)
        self.editor.closed.connect(self.show_list)
        self.stack.addWidget(self.editor)

    def _build_list(self) -> QWidget:
        content = QWidget()
        layout = FormLayout(content)
        layout.addWidget(heading(N_("Risk and opportunity"), 1))
        layout.addWidget(TrLabel(N_("Opening doors safely. No activity is dismissed as too risky without good "
                                    "evidence; every new activity gets an assessment, and the manager approves it."),
                                 object_name="lead"))
        self.alerts = message_line(error=True)
        layout.addWidget(self.alerts)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(PillDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table_label = TrLabel(N_("The case's &assessments"), object_name="subheading", buddy=self.table)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table)
        self.empty = TrLabel(N_("No assessments yet. Start one for each new planned activity or decision."),
                             object_name="inlineInfo")
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.new_button = TrButton(N_("&New assessment…"), primary=True)
        self.new_button.clicked.connect(self.new_assessment)
        self.open_button = TrButton(N_("&Open"))
        self.open_button.clicked.connect(self.open_current)
        mark_reads(self.open_button)
        self.delete_button = TrButton(N_("De&lete draft"), tooltip=N_("Only a draft never sent to the manager "
                                                                      "can be deleted."))
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list_message = message_line(error=True)
        layout.addWidget(self.list_message)
        layout.addWidget(TrLabel(N_("Enter opens the chosen assessment."), object_name="hint"))
        shortcut(Qt.Key.Key_Return, self.table, self.open_current, Qt.ShortcutContext.WidgetShortcut)
        shortcut(Qt.Key.Key_Enter, self.table, self.open_current, Qt.ShortcutContext.WidgetShortcut)
        layout.addStretch(1)
        return scroll_page(content, max_width=1100)

    # -- StagePage -------------------------------------------------------------------------------------
    def forms(self) -> list[FormSection]:
        return []  # assessments are records of their own, saved by the editor's autosaver

    def load(self, view: CaseView) -> None:
        self.refresh(view)

    def refresh(self, view: CaseView) -> None:
        self.case_view = view
        self.refresh_list()

    def apply_changes(self, view: CaseView, changes: Changes, initiator: object) -> None:
        super().apply_changes(view, changes, initiator)
        # An assessment changed elsewhere (the manager's decision after a sync): the open one shows it.
        if initiator not in (self, self.editor, self.editor.form) and self.stack.currentWidget() is self.editor \
                and changes.touches(view.id, risk_service.RISK_ENTITIES):
            self.editor.reload()

    def focus_first(self) -> None:
        if self.stack.currentWidget() is self.editor:
            self.editor.focus_step(self.editor.current_step())
        elif self.summaries:
            self.table.setFocus()
        else:
            self.new_button.setFocus()

    def focus_first_problem(self) -> bool:
        return False

    def flush(self) -> None:
        self.editor.flush()

    # -- the list --------------------------------------------------------------------------------------
    def service(self) -> Any:
        return self.context.service()

    def case_id(self) -> str | None:
        return self.context.case_id()

    def refresh_list(self) -> None:
        case_id = self.case_id()
        if case_id is None or self.context.service is None:
            return
        try:
            self.summaries = risk_service.list_assessments(self.service(), case_id)
            alerts = risk_service.case_risk_alerts(self.service(), case_id)
        except StoreError:
            return
        selected = self.current_id()
        self.alerts.setText("\n".join(f"\u26a0 {_(a)}" for a in alerts))
        self.alerts.setVisible(bool(alerts))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setAccessibleName(_("The case's assessments"))
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            sev = (risk_service.risk_matrix() and summary.residual_severity)
            cells = [summary.reference, summary.title or _("Untitled"), _(summary.status_words),
                     date_text(summary.next_review_on) if summary.next_review_on else "\u2014",
                     f"{_(sev.words)} ({sev.score})" if sev else _("Not rated yet")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(self.COLUMNS[column])}: {text}")
                self.table.setItem(row, column, item)
            # The status and the residual risk on their colours (the words carry the meaning too).
            colours = [(2, STATUS_COLOURS.get(summary.status))]
            if sev is not None:
                colours.append((4, (sev.colour, sev.text_colour)))
            for column, pair in colours:
                if pair is not None:
                    self.table.item(row, column).setData(PILL_ROLE, pair)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows_height + 8)
        self.table.setVisible(bool(self.summaries))
        self.table_label.setVisible(bool(self.summaries))
        self.empty.setVisible(not self.summaries)
        ids = [s.id for s in self.summaries]
        if self.summaries:
            self.table.selectRow(ids.index(selected) if selected in ids else 0)
        self._update_buttons()

    def current_summary(self) -> risk_service.AssessmentSummary | None:
        row = self.table.currentRow()
        return self.summaries[row] if 0 <= row < len(self.summaries) else None

    def current_id(self) -> str | None:
        summary = self.current_summary()
        return summary.id if summary else None

    def _update_buttons(self) -> None:
        summary = self.current_summary()
        self.open_button.setEnabled(summary is not None)
        self.delete_button.setEnabled(summary is not None and summary.status == Status.DRAFT)

    def new_assessment(self) -> None:
        dialog = NewAssessmentDialog(serves_links(self.case_view), self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            subject, serves, title = dialog.answer()
        finally:
            dialog.deleteLater()
            self.window().activateWindow()
        self.start_assessment(subject, serves, title)

    def start_assessment(self, subject: str, serves: Mapping[str, Any] | None, title: str) -> str | None:
        case_id = self.case_id()
        try:
            assessment_id = self.context.run(
                lambda service: risk_service.new_assessment(service, case_id, subject, serves, title=title),
                initiator=self)
        except StoreError as exc:
            self.list_message.setText(error_text(exc))
            self.list_message.show()
            return None
        self.open_assessment(assessment_id)
        return assessment_id

    def open_current(self) -> None:
        assessment_id = self.current_id()
        if assessment_id:
            self.open_assessment(assessment_id)

    def open_assessment(self, assessment_id: str, step: int = 0) -> None:
        self.list_message.hide()
        self.editor.open(assessment_id, self.case_view)
        self.stack.setCurrentWidget(self.editor)
        self.editor.show_step(step)
        self.editor.focus_step(step)
        # After the "new assessment" dialog the window is active again only a moment later.
        QTimer.singleShot(0, lambda: self.editor.focus_step(step) if self.editor.isVisible()
                          and self.editor.current_step() == step else None)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh_list()
        self.table.setFocus()

    def delete_current(self) -> None:
        summary = self.current_summary()
        if summary is None:
            return
        answer = QMessageBox.question(self, _("Delete this draft?"),
                                      _("Delete the draft {reference} ({title})? This cannot be undone.",
                                        reference=summary.reference, title=summary.title or _("Untitled")))
        if answer != QMessageBox.StandardButton.Yes:
            return
        result = self.context.run(
            lambda service: risk_service.delete_assessment(service, summary.id, summary.version), initiator=self)
        if not result.ok:
            self.list_message.setText("\n".join(_(m) for m in result.errors.values()))
            self.list_message.show()

    def retranslate_self(self) -> None:
        if self.case_view is not None:
            self.refresh_list()
