"""The Audit tab: every office act, newest first, who did it and when; and checking the log's chain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.office.audit import NO_PROBLEMS, describe, detail_label
from advisor_app.ui.office.common import OfficeTab, button_row
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.text import TrButton

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow


def details_text(details: dict[str, Any] | None) -> str:
    if details is None:
        return _("(these details do not open: the entry was changed)")
    parts = []
    for key, value in details.items():
        label = detail_label(key)
        if value in (None, "", []) or label is None:
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(_("{label}: {value}", label=_(label), value=shown))
    return "; ".join(parts)


class AuditTab(OfficeTab):
    COLUMNS = (N_("No."), N_("When"), N_("Who"), N_("What"), N_("Details"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Audit log"), N_("Everything done at the office, newest first: who did it and "
                                                     "when. Nothing in it can be changed or removed without the "
                                                     "check below finding out."))
        self.verify_button = TrButton(N_("Ch&eck the log"), primary=True,
                                      tooltip=N_("Check that every entry is in order and unchanged"))
        self.verify_button.clicked.connect(self.verify)
        self.layout_.addLayout(button_row(self.verify_button))
        self.table = self.add_table(N_("The audit log"), stretch=1)

    def refresh(self) -> None:
        self.table.set_rows([(str(e.seq), [str(e.seq), when_text(e.at), e.user_name, _(describe(e.action)),
                                           details_text(e.details)])
                             for e in self.service.audit_log(newest_first=True)])

    def verify(self) -> list[str] | None:
        problems = self.attempt(self.service.verify_audit)
        if problems is None:
            return None
        if problems:
            self.show_message(" ".join(_(p) for p in problems), error=True)
        else:
            self.show_message(_(NO_PROBLEMS))
        return problems
