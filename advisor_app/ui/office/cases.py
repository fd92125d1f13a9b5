"""The Cases tab: every case from every laptop (found by name, reference or postcode), the chosen
one read-only, and moving it to another advisor's laptop."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.ui.office.common import (
    DataTable,
    OfficeTab,
    readable_lines,
    reading_browser,
    section_title,
    sections_html,
)
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets import communication
from advisor_app.ui.widgets.text import TrButton, TrLabel, plain

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow


def stage_text(stage: str, status: str) -> str:
    try:
        title = _(journey.info(Stage(stage)).title)
    except ValueError:
        title = stage
    return _("{stage} (closed)", stage=title) if status == "closed" else title


class CasesTab(OfficeTab):
    COLUMNS = (N_("Reference"), N_("Person"), N_("Stage"), N_("Advisor"), N_("Laptop"), N_("Last change"),
               N_("Communication"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Cases"), N_("Every case from every laptop, most recently changed first. "
                                                 "Choose one to read it. Cases are changed on the laptops; "
                                                 "a case can move to another advisor's laptop."))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label = TrLabel(N_("&Find a case by name, reference (now or before) or postcode"),
                                    object_name="fieldLabel", buddy=self.search)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.layout_.addWidget(self.search_label)
        self.layout_.addWidget(self.search)
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Cases from all laptops"))
        self.detail_label = TrLabel(N_("The case, as the office has it"), object_name="subheading")
        self.detail = reading_browser()
        self.detail_label.setBuddy(self.detail)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_label)
        right_layout.addWidget(self.detail, 1)
        self.move_target = QComboBox()
        self.move_label = TrLabel(N_("Move this case to an&other laptop"), object_name="fieldLabel",
                                  buddy=self.move_target)
        self.move_button = TrButton(N_("&Move the case…"), tooltip=N_(
            "Send the whole case, its documents and signed agreements to the chosen laptop; the laptop it "
            "leaves keeps it read-only"))
        self.move_button.clicked.connect(self.confirm_move)
        row = QHBoxLayout()
        row.addWidget(self.move_target, 1)
        row.addWidget(self.move_button)
        right_layout.addWidget(self.move_label)
        right_layout.addLayout(row)
        self.add_side_by_side(self.table, right, [700, 540])
        self.table.itemSelectionChanged.connect(self.show_current)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.retranslate_self()

    def refresh(self) -> None:
        self._cases = {c.case_id: c for c in queries.cases(self.service, self.search.text())}
        self.table.set_rows([(c.case_id, [
            c.reference, c.person_name or _("Name not known yet"), stage_text(c.stage, c.status),
            c.advisor_name, c.laptop, when_text(c.updated_at),
            communication.flag_text(c.communication)]) for c in self._cases.values()])
        self.show_current()

    def show_current(self) -> None:
        case_id = self.table.current_key()
        empty = _("No case matches “{search}”.", search=self.search.text().strip()) if self.search.text().strip() \
            else _("There are no cases yet.")
        self.detail.setHtml(self.case_html(case_id) if case_id else escape(empty))
        self.move_target.clear()
        for device_id, name in queries.move_targets(self.service, case_id) if case_id else []:
            self.move_target.addItem(name, device_id)
        self.move_button.setEnabled(self.move_target.count() > 0 and self.guard(Action.MOVE_CASE, self.move_button))

    def confirm_move(self) -> None:
        case = getattr(self, "_cases", {}).get(self.table.current_key() or "")
        if case is None or self.move_target.currentData() is None:
            return
        answer = QMessageBox.question(self, _("Move this case?"), _(
            "“{name}” ({reference}) goes to “{laptop}” at its next sync, with everything recorded, its documents "
            "and its signed agreements. “{current}” keeps it, read-only.", name=case.person_name or case.reference,
            reference=case.reference, laptop=self.move_target.currentText(), current=case.laptop or "-"))
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

    def case_html(self, case_id: str) -> str:
        case = getattr(self, "_cases", {}).get(case_id)
        records = queries.case_records(self.service, case_id)
        order = ["case", *[s for info in journey.STAGES for s in info.sections]]
        records.sort(key=lambda r: (order.index(r.entity) if r.entity in order else len(order), r.entity))
        lead = []
        if case is not None:
            lead.append(_("{reference}: {name}", reference=case.reference,
                          name=case.person_name or _("Name not known yet")))
            lead.append(_("Advisor: {advisor}. Laptop: {laptop}.", advisor=case.advisor_name or "-",
                          laptop=case.laptop or "-"))
            if case.former_references:
                lead.append(_("Known before as {references}.", references=", ".join(case.former_references)))
            for move in queries.case_moves(self.service, case_id):
                line = _("{when}: moved from {old} to {new} by {who}.", old=move.from_laptop or "-",
                         new=move.to_laptop, when=when_text(move.moved_at), who=move.moved_by)
                if move.from_laptop:
                    line += " " + (_("{old} has been told.", old=move.from_laptop) if move.acknowledged else
                                   _("{old} has not been told yet.", old=move.from_laptop))
                lead.append(line)
            if case.communication:
                lead.append(communication.flag_description(case.communication))
        sections = []
        for record in records:
            if record.entity == "case":
                continue
            title = section_title(record.entity)
            sections.append((_("{title} (removed)", title=title) if record.deleted else title,
                             readable_lines(record.data) or [_("Nothing written yet.")]))
        return sections_html(sections, lead)

    def count(self) -> int:
        return self.table.rowCount()

    def retranslate_self(self) -> None:
        self.detail.setAccessibleName(_("The chosen case, read-only"))
        self.search.setAccessibleName(plain(self.search_label.text()))
        self.search.setPlaceholderText(_("For example Okafor, C-2026-0003 or LS6 2AB"))
        self.move_target.setAccessibleName(_("Laptop to move the case to"))
