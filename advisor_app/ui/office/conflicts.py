"""The Conflicts tab: the office's and the laptop's versions side by side; below them, each field
both changed, with the value they started from, for a choice field by field (or keep one whole
version). Fields only one side changed are taken on their own (domain/merge.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from advisor_app.domain.merge import MISSING
from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.i18n import _
from advisor_app.office import queries
from advisor_app.ui.office.common import (
    SELECTABLE,
    OfficeTab,
    button_row,
    humanise,
    readable_lines,
    section_title,
)
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


# What a person may keep for one field, in the order offered.
CHOICES = (("laptop", N_("The laptop's")), ("office", N_("The office's")), ("base", N_("As it was before")),
           ("edited", N_("Type a value")))


def field_label(name: str) -> str:
    return " › ".join(humanise(part) for part in name.split("."))


def value_text(value: Any) -> str:
    if value is MISSING:
        return _("(not there)")
    lines = readable_lines(value)
    return "\n".join(line.strip() for line in lines) if lines else _("(empty)")


def typed_text(value: Any) -> str:
    """A value as a person would type it: text as it is, anything else as JSON."""
    if value is MISSING or value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class FieldChoices(QTableWidget):
    """One row per field both sides changed: before, the office's, the laptop's, and the choice."""

    COLUMNS = (N_("Field"), N_("Before"), N_("The office's"), N_("The laptop's"), N_("Keep"), N_("Your value"))

    def __init__(self) -> None:
        super().__init__(0, len(self.COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab walks the choices, not every cell
        self.verticalHeader().hide()
        self.verticalHeader().setMinimumSectionSize(50)  # room for the choice and the value boxes
        self.setMinimumHeight(150)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.fields: list[queries.FieldChoice] = []
        self.retranslate_self()

    def set_fields(self, fields: list[queries.FieldChoice]) -> None:
        self.fields = list(fields)
        self.setRowCount(len(fields))
        for row, field in enumerate(fields):
            label = field_label(field.name)
            texts = [label, value_text(field.base), value_text(field.office), value_text(field.laptop)]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(self.COLUMNS[column])}: {text}")
                self.setItem(row, column, item)
            choice = QComboBox()
            for key, title in CHOICES:
                choice.addItem(_(title), key)
            choice.setAccessibleName(_("Keep for {field}", field=label))
            edit = QLineEdit(typed_text(field.laptop))
            edit.setAccessibleName(_("Your value for {field}", field=label))
            edit.setEnabled(False)
            choice.currentIndexChanged.connect(lambda _i, c=choice, e=edit: e.setEnabled(c.currentData() == "edited"))
            self.setCellWidget(row, 4, choice)
            self.setCellWidget(row, 5, edit)
        self.resizeRowsToContents()

    def choose(self, name: str, key: str, text: str | None = None) -> None:
        row = [f.name for f in self.fields].index(name)
        choice: QComboBox = self.cellWidget(row, 4)  # type: ignore[assignment]
        choice.setCurrentIndex(choice.findData(key))
        if text is not None:
            self.cellWidget(row, 5).setText(text)  # type: ignore[union-attr]

    def choices(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for row, field in enumerate(self.fields):
            key = self.cellWidget(row, 4).currentData()  # type: ignore[union-attr]
            out[field.name] = ("edited", self.cellWidget(row, 5).text()) if key == "edited" else key  # type: ignore[union-attr]
        return out

    def retranslate_self(self) -> None:
        self.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.setAccessibleName(_("Fields both changed: choose what to keep"))


class ConflictsTab(OfficeTab):
    COLUMNS = (N_("Case"), N_("Person"), N_("Part of the case"), N_("Laptop"), N_("Arrived"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Conflicts"), N_("A laptop changed something the office had changed too. "
                                                     "Nothing was overwritten: what only one side changed is "
                                                     "taken; for each field both changed, choose what to keep. "
                                                     "Your choice is sent to the laptops."))
        self.table = self.add_table(N_("Conflicts to resolve"), max_height=160)
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
        self.layout_.addLayout(grid, 2)
        self.layout_.addWidget(TrLabel(N_("Lines marked » are not the same in the other version."),
                                       object_name="hint"))
        self.fields_label = TrLabel(N_("Field by field"), object_name="subheading")
        self.fields = FieldChoices()
        self.fields_label.setBuddy(self.fields)
        self.merged_note = QLabel()
        self.merged_note.setObjectName("hint")
        self.merged_note.setWordWrap(True)
        self.layout_.addWidget(self.fields_label)
        self.layout_.addWidget(self.fields, 1)
        self.layout_.addWidget(self.merged_note)
        self.save_fields = TrButton(N_("&Save the chosen values"), primary=True,
                                    tooltip=N_("Keep, for each field, the value chosen above; everything else merges"))
        self.keep_office = TrButton(N_("Keep the office's whole &version"))
        self.keep_laptop = TrButton(N_("&Keep the laptop's whole version"))
        self.save_fields.clicked.connect(self.resolve_fields)
        self.keep_office.clicked.connect(lambda: self.resolve(keep_laptop=False))
        self.keep_laptop.clicked.connect(lambda: self.resolve(keep_laptop=True))
        self.layout_.addLayout(button_row(self.save_fields, self.keep_laptop, self.keep_office))
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
        allowed = self.office.service is not None and self.guard(Action.RESOLVE_CONFLICT, self.keep_laptop,
                                                                 self.keep_office, self.save_fields)
        self.keep_laptop.setEnabled(allowed and item is not None)
        self.keep_office.setEnabled(allowed and item is not None and item.office_data is not None)
        by_field = queries.field_conflicts(self.service, item.conflict_id) if item is not None else None
        self.fields.set_fields(by_field.fields if by_field else [])
        self.save_fields.setEnabled(allowed and by_field is not None)
        self.merged_note.setText(
            "" if item is None else
            _("One side removed this record: keep one whole version.") if by_field is None else
            _("Taken on their own (only the laptop changed them): {fields}.",
              fields=", ".join(field_label(f) for f in by_field.merged)) if by_field.merged else
            _("Nothing else needs choosing."))
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
        done = self.attempt(lambda: queries.resolve_conflict(self.service, item.conflict_id, keep_laptop=keep_laptop))
        if done is None:
            return False
        self.show_message(_("Resolved: the laptop's version is kept. The laptops get it at their next sync.")
                          if keep_laptop else
                          _("Resolved: the office's version is kept. The laptops get it at their next sync."))
        self.changed.emit()
        return True

    def resolve_fields(self) -> bool:
        item = self.current()
        if item is None:
            return False
        choices = self.fields.choices()
        done = self.attempt(lambda: self.service.resolve_conflict_fields(item.conflict_id, choices))
        if done is None:
            return False
        self.show_message(_("Resolved: the chosen values are saved as a new version. The laptops get it at their "
                            "next sync."))
        self.changed.emit()
        return True

    def count(self) -> int:
        return len(self._items)
