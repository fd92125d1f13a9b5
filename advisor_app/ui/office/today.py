"""The Today tab, where the office app opens: what needs doing across every case and laptop, each
one action away (decide, countersign, settle, acknowledge, open the case, look at the laptop)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSpinBox

from advisor_app.domain.messages import N_
from advisor_app.domain.office_settings import LAPTOP_QUIET_DAYS
from advisor_app.domain.office_users import Action, refusal
from advisor_app.domain.worklist import ACTION_WORDS, KIND_TITLES, WorkKind, counts
from advisor_app.i18n import _
from advisor_app.office import day
from advisor_app.ui.office.common import DataTable, OfficeTab
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow


class WorkTable(DataTable):
    """Enter does the chosen item's action."""

    def __init__(self, tab: "TodayTab", *args):
        super().__init__(*args)
        self.tab = tab
        self.doubleClicked.connect(lambda _index: tab.act())

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.tab.act()
            return
        super().keyPressEvent(event)


class TodayTab(OfficeTab):
    COLUMNS = (N_("What"), N_("Case"), N_("Person"), N_("When"), N_("Details"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Today"), N_("What needs doing, across every case and laptop. Choose a line and "
                                                 "press Enter (or the button) to do it."))
        self.counts = TrLabel(object_name="lead")
        self.layout_.addWidget(self.counts)
        self.add_message()
        self.table = WorkTable(self, self.COLUMNS, N_("What needs doing"))
        self.layout_.addWidget(self.table, 1)
        self.act_button = TrButton(N_("&Do it"), primary=True)
        self.act_button.clicked.connect(self.act)
        self.quiet_days = QSpinBox()
        self.quiet_days.setRange(LAPTOP_QUIET_DAYS.minimum, LAPTOP_QUIET_DAYS.maximum)
        self.quiet_label = TrLabel(LAPTOP_QUIET_DAYS.label, object_name="fieldLabel", buddy=self.quiet_days,
                                   word_wrap=False)
        self.quiet_save = TrButton(N_("Sa&ve"), tooltip=N_("Keep this number of days for the office"))
        self.quiet_save.clicked.connect(lambda: self.set_quiet_days(self.quiet_days.value()))
        row = QHBoxLayout()
        row.addWidget(self.act_button)
        row.addStretch(1)
        row.addWidget(self.quiet_label)
        row.addWidget(self.quiet_days)
        row.addWidget(self.quiet_save)
        self.layout_.addLayout(row)
        self.table.itemSelectionChanged.connect(self._update)
        self._lines: dict[str, day.WorkLine] = {}
        self.retranslate_self()

    def refresh(self) -> None:
        lines = day.worklist(self.service)
        self._lines = {f"{line.item.kind.value}:{line.item.key}": line for line in lines}
        self.table.set_rows([(key, [_(KIND_TITLES[line.item.kind]), line.reference, line.person_name,
                                    line.item.when.strftime("%d/%m/%Y") if line.item.when else "",
                                    _(line.item.detail)]) for key, line in self._lines.items()])
        found = counts(line.item for line in lines)
        self.counts.setText("   ".join(_("{what}: {n}", what=_(KIND_TITLES[kind]), n=n) for kind, n in found.items() if n)
                            or _("Nothing needs doing today."))
        self.counts.setAccessibleName(self.counts.text())
        self.quiet_days.setValue(day.setting(self.service, LAPTOP_QUIET_DAYS))
        self.guard(Action.CHANGE_SETTINGS, self.quiet_days, self.quiet_save)
        self._update()

    def current(self) -> day.WorkLine | None:
        key = self.table.current_key()
        return self._lines.get(key) if key else None

    def _update(self) -> None:
        line = self.current()
        if line is None:
            self.act_button.set_source(N_("&Do it"))
            self.act_button.setEnabled(False)
            return
        # No keyboard letter: the words change with the line and the tabs take most letters; Enter
        # on the line does the same.
        self.act_button.set_source(lambda: _(ACTION_WORDS[line.item.kind]))
        refused = refusal(self.service.user.roles, line.action)
        self.act_button.setEnabled(refused is None)
        self.act_button.setToolTip(_(refused) if refused else "")

    def act(self) -> None:
        """The chosen item's one action."""
        line = self.current()
        if line is None or not self.act_button.isEnabled():
            return
        if line.item.kind == WorkKind.HANDOVER:
            self.acknowledge(line.item.key)
        else:
            self.office.open_work(line.item)

    def acknowledge(self, case_id: str) -> bool:
        """The signed-in manager records that they received the case's handover."""
        line = self._lines.get(f"{WorkKind.HANDOVER.value}:{case_id}")
        done = self.attempt(lambda: self.service.acknowledge_handover(case_id, self.service.user.name))
        if done is None:
            return False
        self.show_message(_("Recorded that {manager} received the handover of {reference}. The laptop is told at its "
                            "next sync.", manager=self.service.user.name, reference=line.reference if line else ""))
        self.changed.emit()
        return True

    def set_quiet_days(self, days: int) -> bool:
        done = self.attempt(lambda: day.change_setting(self.service, LAPTOP_QUIET_DAYS.name, days))
        if done is None:
            return False
        self.show_message(_("Laptops are listed here after {n} days without a sync.", n=days))
        self.changed.emit()
        return True

    def count(self) -> int:
        return len(self._lines)

    def retranslate_self(self) -> None:
        self.quiet_days.setAccessibleName(_(LAPTOP_QUIET_DAYS.label))
        self.quiet_days.lineEdit().setAccessibleName(_(LAPTOP_QUIET_DAYS.label))  # the box inside, where the keys go
        self.quiet_days.setSuffix(_(" days"))
