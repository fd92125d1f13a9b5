"""The Cases tab: every case from every laptop, found by name, reference (now or before) or
postcode and filtered by advisor, stage and what is overdue; the chosen case on the advisor's own
stage pages, read-only; the list written to a file; and moving a case to another advisor's laptop."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from advisor_app.domain import journey
from advisor_app.domain.case_filters import CaseFilter
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _
from advisor_app.office import case_reader, day, exports, queries
from advisor_app.ui.office.case_view import OfficeCaseView
from advisor_app.ui.office.common import DataTable, OfficeTab, export_path
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets import communication
from advisor_app.ui.widgets.text import TrButton, TrLabel, plain

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.operations import BackgroundTask

SEARCH_DELAY_MS = 150


def stage_text(stage: str, status: str) -> str:
    return exports.stage_words(stage, status)


def review_text(line: day.CaseLine) -> str:
    if line.review is None or line.review.due_on is None or line.review.state == "not_started":
        return ""
    mark = "\u26a0 " if line.review.state in ("due", "overdue") else ""
    return mark + _(line.review.words)


class CasesTab(OfficeTab):
    COLUMNS = (N_("Reference"), N_("Person"), N_("Stage"), N_("Advisor"), N_("Laptop"), N_("Last change"),
               N_("Person-centred review"), N_("Communication"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Cases"), N_("Every case from every laptop, most recently changed first. "
                                                 "Choose one to read it as the advisor sees it. Cases are changed "
                                                 "on the laptops; a case can move to another advisor's laptop."))
        self._lines: dict[str, day.CaseLine] = {}
        self._shown: str | None = None
        filters = QHBoxLayout()
        filters.setSpacing(12)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label = TrLabel(N_("&Find by name, reference or postcode"), object_name="fieldLabel",
                                    buddy=self.search, word_wrap=False)
        self.advisor = QComboBox()
        self.advisor_label = TrLabel(N_("Ad&visor"), object_name="fieldLabel", buddy=self.advisor, word_wrap=False)
        self.stage = QComboBox()
        self.stage_label = TrLabel(N_("Stag&e"), object_name="fieldLabel", buddy=self.stage, word_wrap=False)
        self.overdue = QCheckBox()
        self.export_button = TrButton(N_("&Write the list to a file…"),
                                      tooltip=N_("The cases as found, as a spreadsheet (CSV) or a report (PDF)"))
        self.export_button.clicked.connect(self.choose_export)
        for label, widget, stretch in ((self.search_label, self.search, 3), (self.advisor_label, self.advisor, 1),
                                       (self.stage_label, self.stage, 1)):
            box = QVBoxLayout()
            box.setSpacing(4)
            box.addWidget(label)
            box.addWidget(widget)
            filters.addLayout(box, stretch)
        checks = QVBoxLayout()
        checks.addStretch(1)
        checks.addWidget(self.overdue)
        filters.addLayout(checks)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.long_work(self.export_button))
        filters.addLayout(buttons)
        self.layout_.addLayout(filters)
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Cases from all laptops"))
        self.summary = TrLabel(object_name="hint")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.summary)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = OfficeCaseView()
        right_layout.addWidget(self.detail, 1)
        self.move_target = QComboBox()
        self.move_label = TrLabel(N_("&Move this case to another laptop"), object_name="fieldLabel",
                                  buddy=self.move_target, word_wrap=False)
        self.move_button = TrButton(N_("&Move the case…"), tooltip=N_(
            "Send the whole case, its documents and signed agreements to the chosen laptop; the laptop it "
            "leaves keeps it read-only"))
        self.move_button.clicked.connect(self.confirm_move)
        row = QHBoxLayout()
        row.addWidget(self.move_label)
        row.addWidget(self.move_target, 1)
        row.addWidget(self.move_button)
        right_layout.addLayout(row)
        self.add_side_by_side(left, right, [430, 900])
        self.table.itemSelectionChanged.connect(self.show_current)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        for combo in (self.advisor, self.stage):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue.toggled.connect(lambda _on: self.refresh())
        self._fill_stages()
        self.retranslate_self()

    # -- filters --------------------------------------------------------------------------------------
    def _fill_stages(self) -> None:
        current = self.stage.currentData()
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem(_("Every stage"), None)
        for info in journey.STAGES:
            self.stage.addItem(_(info.title), info.stage.value)
        self.stage.setCurrentIndex(max(self.stage.findData(current), 0) if current else 0)
        self.stage.blockSignals(False)

    def _fill_advisors(self, names: list[str]) -> None:
        current = self.advisor.currentData()
        self.advisor.blockSignals(True)
        self.advisor.clear()
        self.advisor.addItem(_("Every advisor"), "")
        for name in names:
            self.advisor.addItem(name, name)
        self.advisor.setCurrentIndex(max(self.advisor.findData(current), 0) if current else 0)
        self.advisor.blockSignals(False)

    def case_filter(self) -> CaseFilter:
        stage = self.stage.currentData()
        return CaseFilter(self.search.text(), self.advisor.currentData() or "", Stage(stage) if stage else None,
                          self.overdue.isChecked())

    def found_by_words(self) -> str:
        """The search and filters, in words (for the report)."""
        f = self.case_filter()
        parts = []
        if f.text.strip():
            parts.append(_("found by “{text}”", text=f.text.strip()))
        if f.advisor:
            parts.append(_("with {advisor}", advisor=f.advisor))
        if f.stage is not None:
            parts.append(_("at {stage}", stage=_(journey.info(f.stage).title)))
        if f.overdue:
            parts.append(_("with something overdue"))
        return ", ".join(parts)

    # -- the list ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        every = day.case_lines(self.service)
        self._fill_advisors(day.advisors(every))
        wanted = self.case_filter()
        lines = [line for line in every if wanted.matches(line.header, line.advisor, line.overdue)]
        self._lines = {line.case_id: line for line in lines}
        self.table.set_rows([(line.case_id, [
            line.reference, line.person_name or _("Name not known yet"), stage_text(line.stage, line.status),
            line.advisor, line.laptop, when_text(line.updated_at), review_text(line),
            communication.flag_text(line.communication)]) for line in lines])
        self.summary.setText(_("Showing {shown} of {total} cases.", shown=len(lines), total=len(every))
                             if len(lines) != len(every) else _("{n} cases.", n=len(every)))
        self.guard(Action.EXPORT, self.export_button)
        self.show_current(force=True)

    def show_current(self, force: bool = False) -> None:
        case_id = self.table.current_key()
        if case_id != self._shown or force or case_id is None:
            self._show(case_id)
        self.move_target.clear()
        for device_id, name in queries.move_targets(self.service, case_id) if case_id else []:
            self.move_target.addItem(name, device_id)
        self.move_button.setEnabled(self.move_target.count() > 0 and self.guard(Action.MOVE_CASE, self.move_button))

    def _show(self, case_id: str | None, stage: Stage | None = None) -> None:
        same = case_id == self._shown  # read again (after a change): stay on the stage shown
        self._shown = case_id
        if case_id is None:
            self.detail.clear()
            wanted = self.case_filter()
            words = (_("No case matches.") if (wanted.text.strip() or wanted.advisor or wanted.stage or wanted.overdue)
                     else _("There are no cases yet."))
            self.detail.title.setText(words)
            return
        opened = self.attempt(lambda: case_reader.open_case(self.service, case_id))
        if opened is not None:
            self.detail.show_case(opened, self.lead_lines(case_id), stage or (self.detail.current_stage if same else None))

    def open_case(self, case_id: str, stage: Stage | None = None) -> None:
        """Show one case (from the worklist): the filters are cleared if they hide it."""
        if case_id not in self.table.keys():
            self.search.clear()
            self.advisor.setCurrentIndex(0)
            self.stage.setCurrentIndex(0)
            self.overdue.setChecked(False)
            self._timer.stop()
            self.refresh()
        self.table.select_key(case_id)
        self._show(case_id, stage)

    def lead_lines(self, case_id: str) -> list[str]:
        line = self._lines.get(case_id)
        out = []
        if line is not None:
            out.append(_("Advisor: {advisor}. Laptop: {laptop}.", advisor=line.advisor or "-", laptop=line.laptop or "-"))
            if line.former_references:
                out.append(_("Known before as {references}.", references=", ".join(line.former_references)))
            if line.communication:
                out.append(communication.flag_description(line.communication))
        for move in queries.case_moves(self.service, case_id):
            text = _("{when}: moved from {old} to {new} by {who}.", old=move.from_laptop or "-",
                     new=move.to_laptop, when=when_text(move.moved_at), who=move.moved_by)
            if move.from_laptop:
                text += " " + (_("{old} has been told.", old=move.from_laptop) if move.acknowledged else
                               _("{old} has not been told yet.", old=move.from_laptop))
            out.append(text)
        return out

    # -- writing the list to a file ----------------------------------------------------------------------
    def choose_export(self) -> None:
        found = export_path(self, _("Write the cases to a file"), "cases")
        if found is not None:
            self.export_to(*found)

    def export_to(self, path: Path, fmt: exports.Format) -> "BackgroundTask[Path] | None":
        lines, found_by = list(self._lines.values()), self.found_by_words()
        return self.in_background(lambda service, _progress: exports.export_cases(service, lines, path, fmt, found_by),
                                  lambda written: self.show_message(_(
                                      "Wrote {n} cases to {file}. It holds personal data: keep it safe.",
                                      n=len(lines), file=Path(written).name)),
                                  doing=N_("Writing the cases to a file…"))

    # -- moving -----------------------------------------------------------------------------------------
    def confirm_move(self) -> None:
        line = self._lines.get(self.table.current_key() or "")
        if line is None or self.move_target.currentData() is None:
            return
        answer = QMessageBox.question(self, _("Move this case?"), _(
            "“{name}” ({reference}) goes to “{laptop}” at its next sync, with everything recorded, its documents "
            "and its signed agreements. “{current}” keeps it, read-only.", name=line.person_name or line.reference,
            reference=line.reference, laptop=self.move_target.currentText(), current=line.laptop or "-"))
        if answer == QMessageBox.StandardButton.Yes:
            self.move_to(self.move_target.currentData())

    def move_to(self, device_id: str) -> bool:
        case_id = self.table.current_key()
        if case_id is None:
            return False
        names = dict(queries.move_targets(self.service, case_id))
        if self.attempt(lambda: self.service.move_case(case_id, device_id)) is None:
            return False
        self.show_message(_("The case is moving to “{laptop}”: it gets the case at its next sync, and the laptop it "
                            "leaves is told.", laptop=names.get(device_id, "")))
        self.changed.emit()
        return True

    def count(self) -> int:
        return self.table.rowCount()

    def clear(self) -> None:
        self._timer.stop()
        super().clear()
        self.detail.clear()
        self._shown = None
        self._lines = {}

    def retranslate_self(self) -> None:
        self.search.setAccessibleName(plain(self.search_label.text()))
        self.search.setPlaceholderText(_("For example Okafor, C-2026-0003 or LS6 2AB"))
        self.advisor.setAccessibleName(_("Show the cases of this advisor"))
        self.stage.setAccessibleName(_("Show the cases at this stage"))
        self.overdue.setText(_("Onl&y overdue"))
        self.overdue.setAccessibleName(_("Only cases with a review overdue"))
        self.overdue.setToolTip(_("A person-centred review, or a risk assessment's review, is overdue"))
        self.move_target.setAccessibleName(_("Laptop to move the case to"))
