"""The Cases tab: every case from every laptop, and the chosen one read-only."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
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
from advisor_app.ui.widgets.text import TrLabel

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
                                                 "Choose one to read it. Cases are changed on the laptops."))
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
        self.add_side_by_side(self.table, right, [700, 540])
        self.table.itemSelectionChanged.connect(self.show_current)
        self.retranslate_self()

    def refresh(self) -> None:
        self._cases = {c.case_id: c for c in queries.cases(self.service)}
        self.table.set_rows([(c.case_id, [
            c.reference, c.person_name or _("Name not known yet"), stage_text(c.stage, c.status),
            c.advisor_name, c.laptop, when_text(c.updated_at),
            communication.flag_text(c.communication)]) for c in self._cases.values()])
        self.show_current()

    def show_current(self) -> None:
        case_id = self.table.current_key()
        self.detail.setHtml(self.case_html(case_id) if case_id else escape(_("There are no cases yet.")))

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
