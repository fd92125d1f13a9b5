"""The Conflicts tab: the office's and the laptop's versions side by side; keep one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QPlainTextEdit, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.ui.office.common import SELECTABLE, OfficeTab, button_row, readable_lines, section_title
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow

DIFFERS = "» "  # marks a line that is not in the other version


def marked(lines: list[str], other: list[str]) -> str:
    """The lines, each one not in ``other`` marked, so a difference is seen (and heard)."""
    others = set(other)
    return "\n".join((DIFFERS + line) if line not in others else ("  " + line) for line in lines)


class ReadingBox(QPlainTextEdit):
    """Read-only plain text a person can select and walk with the keyboard; named for screen readers."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._name = name
        self.setReadOnly(True)
        self.setTextInteractionFlags(SELECTABLE)
        self.setTabChangesFocus(True)
        self.retranslate_self()

    def retranslate_self(self) -> None:
        self.setAccessibleName(_(self._name))


class ConflictsTab(OfficeTab):
    COLUMNS = (N_("Case"), N_("Person"), N_("Part of the case"), N_("Laptop"), N_("Arrived"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Conflicts"), N_("A laptop changed something the office had changed too. "
                                                     "Nothing was overwritten: read both versions and choose "
                                                     "one. Your choice is sent to the laptops."))
        self.table = self.add_table(N_("Conflicts to resolve"), max_height=220)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.office_label = TrLabel(self._office_title, object_name="subheading")
        self.laptop_label = TrLabel(self._laptop_title, object_name="subheading")
        self.office_box = ReadingBox(N_("The office's version"))
        self.laptop_box = ReadingBox(N_("The laptop's version"))
        self.office_label.setBuddy(self.office_box)
        self.laptop_label.setBuddy(self.laptop_box)
        grid.addWidget(self.office_label, 0, 0)
        grid.addWidget(self.laptop_label, 0, 1)
        grid.addWidget(self.office_box, 1, 0)
        grid.addWidget(self.laptop_box, 1, 1)
        self.layout_.addLayout(grid, 1)
        self.layout_.addWidget(TrLabel(N_("Lines marked » are not the same in the other version."),
                                       object_name="hint"))
        self.keep_office = TrButton(N_("Keep the office's &version"))
        self.keep_laptop = TrButton(N_("&Keep the laptop's version"), primary=True)
        self.keep_office.clicked.connect(lambda: self.resolve(keep_laptop=False))
        self.keep_laptop.clicked.connect(lambda: self.resolve(keep_laptop=True))
        self.layout_.addLayout(button_row(self.keep_laptop, self.keep_office))
        self.table.itemSelectionChanged.connect(self.show_current)
        self._items: dict[str, queries.ConflictView] = {}

    def _office_title(self) -> str:
        item = self.current()
        if item and item.office_version is not None:
            return _("The office's version (version {n})", n=item.office_version)
        return _("The office's version")

    def _laptop_title(self) -> str:
        item = self.current()
        if item and item.laptop and item.laptop_made_at:
            return _("The laptop's version ({laptop}, {when})", laptop=item.laptop,
                     when=when_text(item.laptop_made_at))
        if item and item.laptop:
            return _("The laptop's version ({laptop})", laptop=item.laptop)
        return _("The laptop's version")

    def current(self) -> queries.ConflictView | None:
        key = self.table.current_key()
        return self._items.get(key) if key else None

    def refresh(self) -> None:
        self._items = {c.conflict_id: c for c in queries.conflicts(self.service)}
        self.table.set_rows([(c.conflict_id, [c.reference, c.person_name, section_title(c.entity), c.laptop,
                                              when_text(c.created_at)]) for c in self._items.values()])
        self.show_current()

    def show_current(self) -> None:
        item = self.current()
        self.office_label.retranslate_self()
        self.laptop_label.retranslate_self()
        self.office_box.setAccessibleDescription(self.office_label.text())
        self.laptop_box.setAccessibleDescription(self.laptop_label.text())
        self.keep_laptop.setEnabled(item is not None)
        self.keep_office.setEnabled(item is not None and item.office_data is not None)
        if item is None:
            self.office_box.setPlainText(_("There are no conflicts to resolve."))
            self.laptop_box.clear()
            return
        office = ([_("The office has removed this.")] if item.office_deleted else
                  readable_lines(item.office_data) if item.office_data is not None
                  else [_("The office has no version of this.")])
        laptop = [_("The laptop removed this.")] if item.laptop_deleted else readable_lines(item.laptop_data)
        self.office_box.setPlainText(marked(office, laptop))
        self.laptop_box.setPlainText(marked(laptop, office))

    def resolve(self, *, keep_laptop: bool) -> bool:
        item = self.current()
        if item is None:
            return False
        done = self.attempt(lambda: queries.resolve_conflict(self.service, item.conflict_id,
                                                             keep_laptop=keep_laptop, by=self.office.person_name))
        if done is None:
            return False
        self.show_message(_("Resolved: the laptop's version is kept. The laptops get it at their next sync.")
                          if keep_laptop else
                          _("Resolved: the office's version is kept. The laptops get it at their next sync."))
        self.changed.emit()
        return True

    def count(self) -> int:
        return len(self._items)
