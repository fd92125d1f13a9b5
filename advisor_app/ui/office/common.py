"""What the office's tabs share: readable text for saved data, the read-only table and text browser,
and ``OfficeTab``, the frame of every tab (heading, explanation, message line, ``attempt`` for quick
actions and ``in_background`` for long work)."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.office_users import READ_ONLY_NOTES, Action, refusal
from advisor_app.domain.sections import ENTITY_TITLES
from advisor_app.i18n import _
from advisor_app.office.service import OfficeError, OfficeService, OfficeStoreError
from advisor_app.services.errors import error_text
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.screens.common import show_inline
from advisor_app.ui.widgets.busy import busy
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading

if TYPE_CHECKING:
    from pathlib import Path

    from advisor_app.office.exports import Format
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.office.work import Work
    from advisor_app.ui.operations import BackgroundTask

OFFICE_FAILURES = (OfficeError, OfficeStoreError)
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard

SECTION_TITLES = ENTITY_TITLES  # the domain names each kind of record


# -- readable text -------------------------------------------------------------------------------
def humanise(key: str) -> str:
    words = key.replace("_", " ").strip()
    return _(words[:1].upper() + words[1:])


def section_title(entity: str) -> str:
    return _(SECTION_TITLES[entity]) if entity in SECTION_TITLES else humanise(entity)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T")
_CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")  # a stored choice such as "benefit_outweighs_risk"


def _empty(value: Any) -> bool:
    """Nothing written: no value, or only empty answers inside."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value is None or value == ""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        if _DATE.match(value):
            day = QDate.fromString(value, "yyyy-MM-dd")
            return QLocale().toString(day, "d MMMM yyyy") if day.isValid() else value
        if _MOMENT.match(value):
            return when_text(value) or value
        if _CODE.match(value):
            return humanise(value)
    return str(value)


def readable_lines(value: Any, indent: int = 0) -> list[str]:
    """Saved data as labelled lines a person can read (ids and empty answers left out)."""
    pad = "    " * indent
    if isinstance(value, dict):
        lines: list[str] = []
        for key, item in value.items():
            if key == "id" or key.endswith("_id") or key.endswith("_ids") or _empty(item):
                continue
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{humanise(key)}:")
                lines.extend(readable_lines(item, indent + 1))
            else:
                lines.append(f"{pad}{humanise(key)}: {_scalar(item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for number, item in enumerate(value, 1):
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{number}.")
                lines.extend(readable_lines(item, indent + 1))
            else:
                lines.append(f"{pad}\u2022 {_scalar(item)}")
        return lines
    return [] if _empty(value) else [pad + _scalar(value)]


def sections_html(sections: list[tuple[str, list[str]]], lead: list[str] = ()) -> str:
    """Titled blocks of readable lines, as simple HTML for a read-only text browser."""
    parts = [f"<p><b>{escape(line)}</b></p>" for line in lead]
    for title, lines in sections:
        parts.append(f"<h3>{escape(title)}</h3>")
        parts.append('<div style="white-space: pre-wrap">' + escape("\n".join(lines)) + "</div>")
    return "".join(parts)


# -- shared widgets ------------------------------------------------------------------------------
def reading_browser() -> QTextBrowser:
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    browser.setTabChangesFocus(True)
    browser.setTextInteractionFlags(SELECTABLE)
    return browser


class DataTable(QTableWidget):
    """A read-only table, one row per item; the item's key is kept in the first cell."""

    def __init__(self, columns: tuple[str, ...], name: str, parent: QWidget | None = None):
        super().__init__(0, len(columns), parent)
        self._columns, self._name = columns, name
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.retranslate_self()

    def set_columns(self, columns: tuple[str, ...]) -> None:
        """Other columns (a table whose columns follow what is shown)."""
        self._columns = tuple(columns)
        self.setColumnCount(len(self._columns))
        self.retranslate_self()

    def set_rows(self, rows: list[tuple[str, list[str]]]) -> None:
        keep = self.current_key()
        self.blockSignals(True)
        self.clearContents()
        self.setRowCount(len(rows))
        for row, (key, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(self._columns[column])}: {text}")
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, key)
                self.setItem(row, column, item)
        keys = [key for key, _cells in rows]
        if rows:
            self.selectRow(keys.index(keep) if keep in keys else 0)
        self.blockSignals(False)

    def keys(self) -> list[str]:
        return [self.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(self.rowCount())]

    def current_key(self) -> str | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select_key(self, key: str) -> None:
        if key in self.keys():
            self.selectRow(self.keys().index(key))

    def retranslate_self(self) -> None:
        self.setHorizontalHeaderLabels([_(c) for c in self._columns])
        self.setAccessibleName(_(self._name))


class OfficeTab(QWidget):
    """One tab: a heading, a line of explanation, a message line, and its own content."""

    changed = Signal()  # the tab wrote something: every tab reads again
    COLUMNS: tuple[str, ...] = ()  # the titles of the tab's table's columns

    def __init__(self, office: "OfficeWindow", title: str, lead: str):
        super().__init__()
        self.setObjectName("screen")
        self.office = office
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(32, 24, 32, 20)
        self.layout_.setSpacing(10)
        self.layout_.addWidget(heading(title, 1))
        self.layout_.addWidget(TrLabel(lead, object_name="lead"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(SELECTABLE)
        self.message.hide()

    @property
    def service(self) -> OfficeService:
        assert self.office.service is not None
        return self.office.service

    def add_message(self) -> None:
        self.layout_.addWidget(self.message)

    def guard(self, action: Action, *buttons: QWidget) -> bool:
        """Whether the signed-in user's roles allow ``action``. If not, ``buttons`` are disabled
        (their tooltip says who may) and a note under the tab's explanation says so."""
        refused = refusal(self.service.user.roles, action)
        note = getattr(self, "_role_note", None)
        if note is None:
            note = self._role_note = QLabel()
            note.setObjectName("hint")
            note.setWordWrap(True)
            self.layout_.insertWidget(2, note)  # under the heading and its explanation
        text = _(READ_ONLY_NOTES.get(action, refused or "")) if refused else ""
        note.setText(text)
        note.setAccessibleName(text)
        note.setVisible(bool(refused))
        for button in buttons:
            if refused:
                button.setEnabled(False)
                button.setToolTip(_(refused))
                button.setAccessibleDescription(_(refused))
                button.setProperty("role_refused", True)
            elif button.property("role_refused"):
                button.setProperty("role_refused", False)
                button.setToolTip("")
                button.setAccessibleDescription("")
                if isinstance(button, TrButton):
                    button.retranslate_self()  # its own tooltip and description again
        return refused is None

    def add_table(self, name: str, *, stretch: int = 0, max_height: int | None = None) -> DataTable:
        """The message line, then the tab's table (``COLUMNS``) under it."""
        self.add_message()
        table = DataTable(self.COLUMNS, name)
        if max_height is not None:
            table.setMaximumHeight(max_height)
        self.layout_.addWidget(table, stretch)
        return table

    def add_side_by_side(self, left: QWidget, right: QWidget, sizes: list[int]) -> None:
        """Two parts side by side, taking the room left, in a splitter that lets neither be hidden."""
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes(sizes)
        self.layout_.addWidget(splitter, 1)

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_inline(self.message, text, error=error)

    def message_text(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def attempt(self, work: Callable[[], Any]) -> Any:
        """Run an office action with a busy cursor; a refusal shows its plain message."""
        try:
            with busy():
                return work()
        except OFFICE_FAILURES as exc:
            self.show_message(error_text(exc), error=True)
            return None

    def in_background(self, work: "Work[Any]", done: Callable[[Any], Any], *, doing: str, stoppable: bool = False,
                      failed: Callable[[BaseException], bool] | None = None) -> "BackgroundTask[Any] | None":
        """Run long work (``work(service, progress)``) in a worker, shown in the window's work bar;
        then ``done(result)`` here. A failure shows its one sentence here (``ui/office/work.py``)."""
        return self.office.work.start(self, work, done, doing=doing, stoppable=stoppable, failed=failed)

    def long_work(self, button: QWidget) -> QWidget:
        """``button`` starts long work: what to lay out in its place (disabled while long work runs)."""
        return self.office.work.hold(button)

    def refresh(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        """A number to show in the tab's title (0: none)."""
        return 0

    def clear(self) -> None:
        """Forget everything shown (the office locked)."""
        self.message.hide()
        self.message.clear()
        for table in self.findChildren(DataTable):
            table.setRowCount(0)
        for box in self.findChildren(QPlainTextEdit) + self.findChildren(QTextEdit):
            box.clear()
        for line in self.findChildren(QLineEdit):  # searches, names, passphrases typed
            line.blockSignals(True)
            line.clear()
            line.blockSignals(False)
        for cache in ("_items", "_cases"):
            if hasattr(self, cache):
                setattr(self, cache, {})


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def export_path(parent: QWidget, title: str, stem: str) -> "tuple[Path, Format] | None":
    """Where to write a report and as what (CSV or PDF), asked with the save dialog; None if cancelled."""
    from pathlib import Path

    from advisor_app.office.exports import FORMAT_WORDS, Format

    filters = {f"{_(FORMAT_WORDS[Format.CSV])} (*.csv)": Format.CSV, f"{_(FORMAT_WORDS[Format.PDF])} (*.pdf)": Format.PDF}
    chosen, which = QFileDialog.getSaveFileName(parent, title, str(Path.home() / f"{stem}.csv"), ";;".join(filters))
    if not chosen:
        return None
    fmt = filters.get(which) or (Format.PDF if chosen.lower().endswith(".pdf") else Format.CSV)
    path = Path(chosen)
    return (path if path.suffix.lower() == f".{fmt.value}" else path.with_suffix(f".{fmt.value}")), fmt
