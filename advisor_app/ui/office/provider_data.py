"""The Provider data tab: the rates, charges and weeks, the menu of support, the risk matrix's bands
and the list of local managers, each edited in a form; checked field by field (the file's own
loader), the effect on every open proposal previewed, then published to every laptop. Files with no
form here (the agreement's wording, the risk policy) are published from a file, as before."""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QGridLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QScrollArea, QSpinBox, QSplitter, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.domain.proposals import STATUS_LABELS, ProposalStatus, pounds
from advisor_app.i18n import _, ngettext
from advisor_app.office import provider_data, queries
from advisor_app.ui.office.common import DataTable, OfficeTab, button_row
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.operations import BackgroundTask

PROBLEM = QColor("#FDE7E5")


class RowsEditor(QWidget):
    """A list in a file (``key``) as an editable table, one row per item; columns are the items'
    fields, with whole numbers read as numbers. Empty optional fields are left out."""

    def __init__(self, key: str, columns: Sequence[tuple[str, str, str]], name: str, *,
                 optional: Sequence[str] = (), mapping: tuple[str, str] | None = None):
        super().__init__()
        self.key, self.columns, self.optional, self.mapping = key, list(columns), set(optional), mapping
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setAccessibleName(_(name))
        self.table.setHorizontalHeaderLabels([_(label) for _field, label, _kind in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        layout.addWidget(self.table, 1)
        self.add_button = TrButton(N_("Add a row"), flat=True)
        self.remove_button = TrButton(N_("Remove the chosen row"), flat=True, danger=True)
        self.add_button.clicked.connect(lambda: self.add_row({}))
        self.remove_button.clicked.connect(self.remove_row)
        layout.addLayout(button_row(self.add_button, self.remove_button))

    def load(self, items: Any) -> None:
        self.table.setRowCount(0)
        if self.mapping is not None:  # a JSON object (name -> value) shown as rows
            items = [{self.mapping[0]: k, self.mapping[1]: v} for k, v in (items or {}).items()]
        for item in items or []:
            self.add_row(item)

    def add_row(self, item: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (field, label, _kind) in enumerate(self.columns):
            value = item.get(field)
            cell = QTableWidgetItem("" if value is None else str(value))
            cell.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(label)}: {'' if value is None else value}")
            self.table.setItem(row, column, cell)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def value(self) -> Any:
        rows = []
        for row in range(self.table.rowCount()):
            item: dict[str, Any] = {}
            for column, (field, _label, kind) in enumerate(self.columns):
                text = (self.table.item(row, column).text() if self.table.item(row, column) else "").strip()
                if not text and field in self.optional:
                    continue
                item[field] = int(text) if kind == "int" and text.lstrip("-").isdigit() else text
            rows.append(item)
        if self.mapping is not None:
            return {r.get(self.mapping[0], ""): r.get(self.mapping[1], "") for r in rows}
        return rows

    def mark(self, problems: dict[str, str]) -> None:
        """Colour the cells a problem names (``key.row.field``) and say the problem beside them."""
        for row in range(self.table.rowCount()):
            for column, (field, _label, _kind) in enumerate(self.columns):
                cell = self.table.item(row, column)
                if cell is None:
                    continue
                problem = problems.get(f"{self.key}.{row}.{field}") or problems.get(f"{self.key}.{row}")
                cell.setBackground(QBrush(PROBLEM) if problem else QBrush())
                cell.setToolTip(_(problem) if problem else "")


class FileEditor(QWidget):
    """One provider file in a form: fields (by their dotted path) and lists; the rest of the file
    (what no form field shows) is kept as it was."""

    def __init__(self, name: str, fields: Sequence[tuple[str, str, str]] = (), lists: Sequence[RowsEditor] = (),
                 lead: str = ""):
        super().__init__()
        self.name = name
        self.original: dict[str, Any] = {}
        self.fields: dict[str, QWidget] = {}
        self.lists = list(lists)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if lead:
            layout.addWidget(TrLabel(lead, object_name="hint"))
        if fields:
            form = QGridLayout()  # two fields a row: the whole file in view at 1366 x 768
            form.setHorizontalSpacing(16)
            for index, (path, label, kind) in enumerate(fields):
                widget: QWidget
                if kind == "int":
                    widget = QSpinBox()
                    widget.setRange(1, 53)
                else:
                    widget = QLineEdit()
                widget.setAccessibleName(_(label))
                if isinstance(widget, QSpinBox):
                    widget.lineEdit().setAccessibleName(_(label))  # the box inside, where the keys go
                self.fields[path] = widget
                widget.setMaximumWidth(220)
                row, column = divmod(index, 2)
                form.addWidget(TrLabel(label, object_name="fieldLabel", buddy=widget, word_wrap=False), row, 2 * column)
                form.addWidget(widget, row, 2 * column + 1)
            form.setColumnStretch(4, 1)
            layout.addLayout(form)
        for rows in self.lists:
            layout.addWidget(TrLabel(rows.table.accessibleName(), object_name="fieldLabel"))
            layout.addWidget(rows, 1)

    def load(self, data: dict[str, Any]) -> None:
        self.original = copy.deepcopy(data)
        for path, widget in self.fields.items():
            value = _get(data, path)
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value or 52))
            else:
                widget.setText("" if value is None else str(value))
        for rows in self.lists:
            rows.load(_get(data, rows.key))

    def value(self) -> dict[str, Any]:
        data = copy.deepcopy(self.original)
        for path, widget in self.fields.items():
            _set(data, path, widget.value() if isinstance(widget, QSpinBox) else widget.text().strip())
        for rows in self.lists:
            _set(data, rows.key, rows.value())
        return data

    def mark(self, problems: dict[str, str]) -> None:
        for path, widget in self.fields.items():
            problem = problems.get(path)
            widget.setProperty("invalid", bool(problem))
            widget.setToolTip(_(problem) if problem else "")
            widget.setAccessibleDescription(_(problem) if problem else "")
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        for rows in self.lists:
            rows.mark(problems)


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def _editors() -> dict[str, FileEditor]:
    rates = [(f"rates.{k}", label, "text") for k, label in (
        ("day", N_("Day, £ an hour")), ("evening", N_("Evening, £ an hour")), ("weekend", N_("Weekend, £ an hour")),
        ("bank_holiday", N_("Bank holiday, £ an hour")), ("sleep_in", N_("Sleep-in, £ a night")),
        ("waking_night", N_("Waking night, £ a night")))]
    costing = FileEditor("costing.json", [
        ("effective_from", N_("In use from (YYYY-MM-DD)"), "text"), ("weeks_per_year", N_("Weeks in the year"), "int"),
        *rates, ("management_rate", N_("Management support, £ an hour"), "text"),
        ("overheads.central_pct", N_("Central management charge, %"), "text"),
        ("overheads.regional_pct", N_("Regional management charge, %"), "text"),
        ("overheads.surplus_pct", N_("Surplus, %"), "text")],
        [RowsEditor("optional_functions", [("name", N_("Function"), "text"), ("rate", N_("£ an hour"), "text")],
                    N_("Functions only some people use"), mapping=("name", "rate"))],
        N_("The rates are the direct costs before the charges are added. Money is pounds and pence, like 18.95."))
    menu = FileEditor("components.json", lists=[RowsEditor("components", [
        ("id", N_("Id"), "text"), ("name", N_("Name"), "text"), ("kind", N_("Kind"), "text"),
        ("pricing", N_("Pricing"), "text"), ("specialist", N_("Specialist"), "text"),
        ("description", N_("What it is, in plain words"), "text")], N_("The menu of support"),
        optional=("specialist",))], lead=N_("Kind is one-off, fixed-term or on-going; pricing is fixed or hourly. A "
                                            "part's id never changes once cases use it."))
    bands = FileEditor("risk_matrix.json", lists=[RowsEditor("bands", [
        ("id", N_("Id"), "text"), ("min_score", N_("From score"), "int"), ("max_score", N_("To score"), "int"),
        ("words", N_("Words"), "text"), ("colour", N_("Colour"), "text"), ("text_colour", N_("Text colour"), "text"),
        ("advice", N_("Advice"), "text")], N_("The bands of the risk matrix"))],
        lead=N_("Every score from 1 to 25 a 5 x 5 matrix can give is in exactly one band. Colours are like #C62828."))
    managers = FileEditor("managers.json", lists=[RowsEditor("managers", [
        ("id", N_("Id"), "text"), ("name", N_("Name"), "text"), ("role", N_("Role"), "text"),
        ("area", N_("Area"), "text"), ("phone", N_("Phone"), "text"), ("email", N_("Email"), "text")],
        N_("The local managers"))], lead=N_("The managers an advisor can hand a case over to."))
    return {e.name: e for e in (costing, menu, bands, managers)}


class ProviderDataTab(OfficeTab):
    PREVIEW_COLUMNS = (N_("Case"), N_("Person"), N_("Proposal"), N_("Status"), N_("First year now"),
                       N_("With the new files"), N_("Change"), N_("What to look at"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Provider data"), N_("Change the rates, the menu, the risk matrix's bands or the "
                                                         "local managers in a form. Check it, see what it does to the "
                                                         "proposals still open, then publish it to every laptop."))
        self.add_message()
        self.files = QListWidget()
        self.files.setAccessibleName(_("Provider files"))
        self.stack = QStackedWidget()
        self.editors = _editors()
        for name, editor in self.editors.items():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.files.addItem(item)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setWidget(editor)
            self.stack.addWidget(area)
        self.files.currentRowChanged.connect(self.stack.setCurrentIndex)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(TrLabel(N_("Th&e file"), object_name="fieldLabel", buddy=self.files))
        left_layout.addWidget(self.files, 1)
        self.names = QLabel(", ".join(queries.publishable_files()))
        self.names.setObjectName("hint")
        self.names.setWordWrap(True)
        left_layout.addWidget(TrLabel(N_("Or publish any provider file from a file:"), object_name="hint"))
        self.choose_button = TrButton(N_("Choose provider &files…"),
                                      tooltip=N_("Choose one or more provider JSON files to publish"))
        self.choose_button.clicked.connect(self.choose_files)
        left_layout.addWidget(self.long_work(self.choose_button))
        left_layout.addWidget(self.names)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.stack, 3)
        self.problems = message_line(error=True)
        right_layout.addWidget(self.problems)
        self.check_button = TrButton(N_("Chec&k"), tooltip=N_("Check every field of the file"))
        self.preview_button = TrButton(N_("Pre&view the open proposals"),
                                       tooltip=N_("Price every open proposal again with the new files"))
        self.publish_button = TrButton(N_("Pu&blish to every laptop"), primary=True)
        self.reload_button = TrButton(N_("&Start again"), flat=True, tooltip=N_("Show the file as the office uses it"))
        self.check_button.clicked.connect(self.check)
        self.preview_button.clicked.connect(self.preview)
        self.publish_button.clicked.connect(self.publish)
        self.reload_button.clicked.connect(self.load_current)
        right_layout.addLayout(button_row(self.check_button, self.preview_button, self.long_work(self.publish_button),
                                          self.reload_button))
        right_layout.addWidget(heading(N_("What it does to the proposals still open"), 3))
        self.preview_table = DataTable(self.PREVIEW_COLUMNS, N_("The open proposals priced again"))
        right_layout.addWidget(self.preview_table, 2)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([260, 1060])
        self.layout_.addWidget(splitter, 1)
        self.files.setCurrentRow(0)
        self.retranslate_self()

    def editor(self) -> FileEditor:
        return list(self.editors.values())[max(self.files.currentRow(), 0)]

    def show_file(self, name: str) -> FileEditor:
        self.files.setCurrentRow(list(self.editors).index(name))
        return self.editor()

    def refresh(self) -> None:
        self.guard(Action.PUBLISH, self.publish_button, self.choose_button)
        if not self.editor().original:
            self.load_current()

    def load_current(self) -> None:
        for name, editor in self.editors.items():
            data = self.attempt(lambda n=name: provider_data.current(self.service, n))
            if data is not None:
                editor.load(data)
                editor.mark({})
        self.problems.hide()
        self.preview_table.setRowCount(0)

    # -- checking, previewing, publishing ---------------------------------------------------------------
    def check(self) -> bool:
        editor = self.editor()
        found = provider_data.problems(editor.name, editor.value())
        editor.mark(found)
        if not found:
            self.problems.hide()
            self.show_message(_("{file} is ready to publish: every field is right.", file=editor.name))
            return True
        lines = [(_("{where}: {problem}", where=path, problem=_(message)) if path != "_form" else _(message))
                 for path, message in list(found.items())[:8]]
        self.problems.setText(ngettext("{n} thing to put right before publishing:",
                                       "{n} things to put right before publishing:", len(found)) + "\n" + "\n".join(lines))
        self.problems.setAccessibleName(self.problems.text())
        self.problems.show()
        self.message.hide()
        return False

    def preview(self) -> bool:
        if not self.check():
            return False
        editor = self.editor()
        effects = self.attempt(lambda: provider_data.preview(self.service, {editor.name: editor.value()}))
        if effects is None:
            return False
        self.preview_table.set_rows([(f"{e.case_id}:{e.number}", [
            e.reference, e.person_name, str(e.number), _(STATUS_LABELS[ProposalStatus(e.status)]), pounds(e.old_total),
            pounds(e.new_total) if e.new_total is not None else "\u2014",
            ("+" if e.change and e.change > 0 else "") + pounds(e.change) if e.change is not None else "\u2014",
            " ".join(_(p) for p in e.problems)]) for e in effects])
        changed = sum(1 for e in effects if e.change)
        self.show_message(ngettext("{n} open proposal priced again; {changed} would cost something different.",
                                   "{n} open proposals priced again; {changed} would cost something different.",
                                   len(effects), changed=changed) if effects
                          else _("No proposal is open, so no family's price changes."))
        return True

    def publish(self) -> "BackgroundTask[int] | None":
        if not self.check():
            return None
        editor = self.editor()
        name, value = editor.name, editor.value()

        def published(count: int) -> None:
            self._say_sent(count, name)
            editor.load(value)
            self.changed.emit()

        return self.in_background(lambda service, _progress: provider_data.publish(service, {name: value}), published,
                                  doing=N_("Publishing to every laptop…"))

    def _say_sent(self, count: int, files: str) -> None:
        self.show_message(ngettext("Sent {files} to {n} laptop. It takes it at its next sync.",
                                   "Sent {files} to {n} laptops. They take it at their next sync.",
                                   count, files=files))

    # -- a file as it is --------------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(self, _("Choose provider files to publish"), str(Path.home()),
                                                      _("Provider files (*.json)"))
        if files:
            self.publish_files(files)

    def publish_files(self, files: list[str | os.PathLike[str]]) -> "BackgroundTask[int] | None":
        try:
            contents = queries.read_provider_files(list(files))
        except (OSError, UnicodeError):
            self.show_message(_("A file could not be read. Check that it is there and is a provider file."),
                              error=True)
            return None

        def published(count: int) -> None:
            self._say_sent(count, ", ".join(contents))
            for editor in self.editors.values():
                editor.original = {}
            self.changed.emit()

        return self.in_background(lambda service, _progress: service.publish_provider_files(contents), published,
                                  doing=N_("Publishing to every laptop…"))

    def clear(self) -> None:
        for editor in self.editors.values():
            editor.original = {}
        super().clear()

    def retranslate_self(self) -> None:
        for row, name in enumerate(self.editors):
            self.files.item(row).setText(_(provider_data.TITLES[name]))
        self.names.setAccessibleName(self.names.text())

