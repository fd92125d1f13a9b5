"""The office's screens (``advisor-app office``): the same PySide6 app, in the office role.

First the office passphrase (or, the first time, setting the office up), then one tab each for
the inbox of bundles, every case (read-only), the conflicts queue (both versions side by side),
risk approvals, signed agreements (countersigning), the laptops (enroll, revoke) and publishing
provider files. The screens only present and call ``OfficeService`` and
``advisor_app.office.queries``; file and folder choices go through small methods
(``import_folder(path)``, ``enroll_laptop(name, path)``, ``publish_files(paths)``) that tests
call directly.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable

from html import escape

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage
from advisor_app.domain.messages import N_
from advisor_app.domain.risk.decision import DECISION_LABELS, DecisionKind
from advisor_app.i18n import _, ngettext
from advisor_app.office import queries
from advisor_app.office.service import OfficeError, OfficeService
from advisor_app.office.store import OfficeStoreError
from advisor_app.store.keys import DEFAULT_KDF, KdfParams
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.theme import repolish
from advisor_app.ui.screens.common import busy, centred_panel, error_text
from advisor_app.ui.widgets.passphrase import PassphraseEdit
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, plain

OFFICE_FAILURES = (OfficeError, OfficeStoreError)
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
DIFFERS = "» "  # marks a line that is not in the other version

SECTION_TITLES = {
    "case": N_("The case"),
    "enquiry": N_("Enquiry"),
    "person": N_("The person"),
    "circle": N_("Circle of support"),
    "funding": N_("Funding"),
    "one_page_profile": N_("One-page profile"),
    "important_to_for": N_("Important to and important for"),
    "working_not_working": N_("Working and not working"),
    "communication": N_("Communication"),
    "decision_making": N_("Decision making"),
    "good_day_bad_day": N_("A good day and a bad day"),
    "service_design": N_("Service design"),
    "support_plan": N_("Support plan"),
    "costing": N_("Costing"),
    "proposal": N_("Proposal"),
    "risk_assessment": N_("Risk assessment"),
    "risk_decision": N_("Manager's decision"),
    "risk_change": N_("Change in circumstances"),
    "document": N_("Document"),
}
BUNDLE_STATES = {"imported": N_("Imported"), "duplicate": N_("Already here"), "refused": N_("Refused")}


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


def stage_text(stage: str, status: str) -> str:
    try:
        title = _(journey.info(Stage(stage)).title)
    except ValueError:
        title = stage
    return _("{stage} (closed)", stage=title) if status == "closed" else title


def sections_html(sections: list[tuple[str, list[str]]], lead: list[str] = ()) -> str:
    """Titled blocks of readable lines, as simple HTML for a read-only text browser."""
    parts = [f"<p><b>{escape(line)}</b></p>" for line in lead]
    for title, lines in sections:
        parts.append(f"<h3>{escape(title)}</h3>")
        parts.append('<div style="white-space: pre-wrap">' + escape("\n".join(lines)) + "</div>")
    return "".join(parts)


def marked(lines: list[str], other: list[str]) -> str:
    """The lines, each one not in ``other`` marked, so a difference is seen (and heard)."""
    others = set(other)
    return "\n".join((DIFFERS + line) if line not in others else ("  " + line) for line in lines)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "laptop"


# -- shared widgets ------------------------------------------------------------------------------
def reading_browser() -> QTextBrowser:
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    browser.setTabChangesFocus(True)
    browser.setTextInteractionFlags(SELECTABLE)
    return browser


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

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setObjectName("inlineError" if error else "inlineInfo")
        repolish(self.message)  # the style follows the new object name
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.show()

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
        for cache in ("_items", "_cases"):
            if hasattr(self, cache):
                setattr(self, cache, {})


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


# -- Inbox ---------------------------------------------------------------------------------------
class InboxTab(OfficeTab):
    COLUMNS = (N_("Received"), N_("Laptop"), N_("State"), N_("Applied"), N_("Already here"),
               N_("Same as the office's"), N_("Conflicts"), N_("Why it was refused"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Inbox"), N_("What the laptops sent, newest first. A refused bundle says why; "
                                                 "the laptop sends its changes again at its next sync."))
        self.folder_button = TrButton(N_("Import from a &folder…"), primary=True,
                                      tooltip=N_("Import the bundles on a USB stick or in a shared folder"))
        self.relay_button = TrButton(N_("Import from the &relay"),
                                     tooltip=N_("Fetch the bundles waiting at the relay"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.relay_button.clicked.connect(self.import_relay)
        self.layout_.addLayout(button_row(self.folder_button, self.relay_button))
        self.relay_hint = TrLabel(N_("No relay is set up for this office, so bundles come on a USB stick or "
                                     "through a shared folder."), object_name="hint")
        self.layout_.addWidget(self.relay_hint)
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Bundles received"))
        self.layout_.addWidget(self.table, 1)

    def refresh(self) -> None:
        rows = queries.inbox(self.service)
        self.table.set_rows([(r.bundle_id, [
            when_text(r.received_at), r.laptop or _("Unknown laptop"), _(BUNDLE_STATES.get(r.state, r.state)),
            str(r.applied), str(r.duplicates), str(r.same), str(r.conflicts), _(r.reason) if r.reason else ""])
            for r in rows])
        has_relay = queries.has_relay(self.service)
        self.relay_button.setEnabled(has_relay)
        self.relay_hint.setVisible(not has_relay)
        self.relay_button.setAccessibleDescription("" if has_relay else self.relay_hint.text())

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or the shared folder"),
                                                  str(Path.home()))
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str | os.PathLike[str]) -> list | None:
        try:
            return self._report(self.attempt(lambda: self.service.import_folder(Path(folder))))
        except OSError as exc:
            self.show_message(_("The folder could not be used ({reason}).", reason=exc.strerror or exc), error=True)
            return None

    def import_relay(self) -> list | None:
        from advisor_app.sync.relay_client import RelayError

        partial = queries.relay_partial_dir(self.office.location)
        try:
            return self._report(self.attempt(lambda: self.service.import_relay(partial)))
        except (RelayError, OSError) as exc:  # the relay could not be reached, or refused
            self.show_message(_("The relay could not be used: {reason} Try again later.", reason=_(str(exc))),
                              error=True)
            return None

    def _report(self, received: list | None) -> list | None:
        if received is None:
            return None
        if not received:
            self.show_message(_("There was nothing new to import."))
        else:
            refused = [r for r in received if r.result.state == "refused"]
            imported = len(received) - len(refused)
            lines = [ngettext("Imported {n} bundle.", "Imported {n} bundles.", imported)] if imported else []
            conflicts = sum(r.result.conflicts for r in received)
            if conflicts:
                lines.append(ngettext("{n} change needs a decision in Conflicts.",
                                      "{n} changes need a decision in Conflicts.", conflicts))
            for r in refused:
                lines.append(_("Refused: {reason}", reason=_(r.result.reason or "")))
            self.show_message(" ".join(lines), error=bool(refused))
        self.changed.emit()
        return received


# -- Cases ---------------------------------------------------------------------------------------
class CasesTab(OfficeTab):
    COLUMNS = (N_("Reference"), N_("Person"), N_("Stage"), N_("Advisor"), N_("Laptop"), N_("Last change"))

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
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([700, 540])
        self.layout_.addWidget(splitter, 1)
        self.table.itemSelectionChanged.connect(self.show_current)
        self.retranslate_self()

    def refresh(self) -> None:
        self._cases = {c.case_id: c for c in queries.cases(self.service)}
        self.table.set_rows([(c.case_id, [
            c.reference, c.person_name or _("Name not known yet"), stage_text(c.stage, c.status),
            c.advisor_name, c.laptop, when_text(c.updated_at)]) for c in self._cases.values()])
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


# -- Conflicts -----------------------------------------------------------------------------------
class ConflictsTab(OfficeTab):
    COLUMNS = (N_("Case"), N_("Person"), N_("Part of the case"), N_("Laptop"), N_("Arrived"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Conflicts"), N_("A laptop changed something the office had changed too. "
                                                     "Nothing was overwritten: read both versions and choose "
                                                     "one. Your choice is sent to the laptops."))
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Conflicts to resolve"))
        self.table.setMaximumHeight(220)
        self.layout_.addWidget(self.table)
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


# -- Risk approvals ------------------------------------------------------------------------------
class ApprovalsTab(OfficeTab):
    COLUMNS = (N_("Assessment"), N_("Case"), N_("Person"), N_("Sent"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Risk approvals"), N_("Risk assessments sent for the manager's decision. "
                                                          "The decision is its own record, sent back to the "
                                                          "advisor's laptop."))
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Assessments waiting for a decision"))
        self.table.setMaximumHeight(200)
        self.layout_.addWidget(self.table)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        self.detail = reading_browser()
        splitter.addWidget(self.detail)
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(12, 0, 0, 0)
        form_layout.setSpacing(6)
        form_layout.addWidget(heading(N_("The decision"), 3))
        self.choices = QButtonGroup(self)
        self.radios: dict[DecisionKind, QRadioButton] = {}
        for kind in (DecisionKind.APPROVED, DecisionKind.APPROVED_WITH_CONDITIONS, DecisionKind.NOT_APPROVED):
            radio = QRadioButton()
            self.choices.addButton(radio)
            self.radios[kind] = radio
            form_layout.addWidget(radio)
        self.radios[DecisionKind.APPROVED].setChecked(True)
        self.manager = QLineEdit()
        self.manager_label = TrLabel(N_("&Manager's name"), object_name="fieldLabel", buddy=self.manager)
        self.conditions = QPlainTextEdit()
        self.conditions_label = TrLabel(N_("Con&ditions (needed for an approval with conditions)"),
                                        object_name="fieldLabel", buddy=self.conditions)
        self.notes = QPlainTextEdit()
        self.notes_label = TrLabel(N_("No&tes"), object_name="fieldLabel", buddy=self.notes)
        for box in (self.conditions, self.notes):
            box.setTabChangesFocus(True)
            box.setMaximumHeight(90)
        for widget in (self.manager_label, self.manager, self.conditions_label, self.conditions,
                       self.notes_label, self.notes):
            form_layout.addWidget(widget)
        self.record_button = TrButton(N_("&Record the decision"), primary=True)
        self.record_button.clicked.connect(self.decide)
        form_layout.addLayout(button_row(self.record_button))
        form_layout.addStretch(1)
        splitter.addWidget(form)
        splitter.setSizes([600, 420])
        self.layout_.addWidget(splitter, 1)
        self.table.itemSelectionChanged.connect(self.show_current)
        self._items: dict[str, queries.AwaitingDecision] = {}
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {a.assessment_id: a for a in queries.awaiting_decision(self.service)}
        self.table.set_rows([(a.assessment_id, [
            " ".join(p for p in (a.reference, a.title) if p), a.case_reference, a.person_name, when_text(a.sent_at)])
            for a in self._items.values()])
        if not self.manager.text():
            self.manager.setText(self.office.person_name)
        self.show_current()

    def show_current(self) -> None:
        key = self.table.current_key()
        item = self._items.get(key) if key else None
        self.record_button.setEnabled(item is not None)
        if item is None:
            self.detail.setPlainText(_("No assessment is waiting for a decision."))
            return
        self.detail.setHtml(sections_html(
            [(section_title("risk_assessment"), readable_lines(item.data))],
            [_("{reference}: {name}", reference=item.case_reference, name=item.person_name)]))

    def choose(self, kind: DecisionKind) -> None:
        self.radios[kind].setChecked(True)

    def decision(self) -> DecisionKind:
        return next(kind for kind, radio in self.radios.items() if radio.isChecked())

    def decide(self) -> bool:
        key = self.table.current_key()
        if not key:
            return False
        values = {"decision": self.decision().value, "manager_name": self.manager.text().strip(),
                  "conditions": self.conditions.toPlainText().strip(), "notes": self.notes.toPlainText().strip()}
        if not values["manager_name"]:
            self.show_message(_("Write the manager's name first."), error=True)
            self.manager.setFocus()
            return False
        done = self.attempt(lambda: self.service.approve_risk(key, values))
        if done is None:
            return False
        self.conditions.clear()
        self.notes.clear()
        self.show_message(_("The decision “{decision}” is recorded. The advisor's laptop gets it at its next sync.",
                            decision=_(DECISION_LABELS[self.decision()])))
        self.changed.emit()
        return True

    def count(self) -> int:
        return len(self._items)

    def retranslate_self(self) -> None:
        for kind, radio in self.radios.items():
            radio.setText(_(DECISION_LABELS[kind]))
            radio.setAccessibleName(_(DECISION_LABELS[kind]))
        self.manager.setAccessibleName(plain(self.manager_label.text()))
        self.conditions.setAccessibleName(_("Conditions"))
        self.notes.setAccessibleName(_("Notes"))
        self.detail.setAccessibleName(_("The chosen assessment, read-only"))


# -- Agreements ----------------------------------------------------------------------------------
class AgreementsTab(OfficeTab):
    COLUMNS = (N_("Case"), N_("Person"), N_("Document"), N_("Version"), N_("Laptop"), N_("Arrived"),
               N_("Countersigned"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Agreements"), N_("Agreements signed in the family's home. The manager "
                                                      "countersigns with the office's key; the countersigned "
                                                      "copy goes back to the laptop."))
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Signed agreements"))
        self.layout_.addWidget(self.table, 1)
        self.can_countersign = hasattr(OfficeService, "countersign")
        self.manager = QLineEdit()
        self.manager_label = TrLabel(N_("&Manager's name"), object_name="fieldLabel", buddy=self.manager)
        self.layout_.addWidget(self.manager_label)
        self.layout_.addWidget(self.manager)
        self.signature = None
        if self.can_countersign:
            from advisor_app.ui.widgets.signature_pad import SignatureBox

            self.signature = SignatureBox()
            self.layout_.addWidget(self.signature)
        self.sign_button = TrButton(N_("Counter&sign"), primary=True,
                                    tooltip=None if self.can_countersign else N_("Countersigning is coming next."))
        self.sign_button.clicked.connect(self.countersign)
        self.layout_.addLayout(button_row(self.sign_button))
        self.table.itemSelectionChanged.connect(self._update)
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {a.sha256: a for a in queries.signed_agreements(self.service)}
        self.table.set_rows([(a.sha256, [a.case_reference, a.person_name, a.title, str(a.version),
                                         a.laptop or _("The office"), when_text(a.imported_at), self.state_text(a)])
                             for a in self._items.values()])
        if not self.manager.text():
            self.manager.setText(self.office.person_name)
        self._update()

    @staticmethod
    def state_text(agreement: queries.SignedAgreement) -> str:
        if agreement.countersigned:
            return _("Yes")
        if agreement.superseded:
            return _("No: a newer copy is below")
        return _("Not yet")

    def _update(self) -> None:
        key = self.table.current_key()
        item = getattr(self, "_items", {}).get(key) if key else None
        ready = item is not None and not item.countersigned and not item.superseded
        self.sign_button.setEnabled(self.can_countersign and ready)

    def countersign(self) -> bool:
        sha256 = self.table.current_key()
        if not (self.can_countersign and sha256 and self.signature is not None):
            return False
        name = self.manager.text().strip()
        if not name or self.signature.pad.is_empty():
            self.show_message(_("Write the manager's name and sign in the box first."), error=True)
            return False
        strokes = self.signature.pad.strokes
        done = self.attempt(lambda: getattr(self.service, "countersign")(sha256, name, strokes))
        if done is None:
            return False
        self.signature.pad.clear()
        self.show_message(_("Countersigned. The laptop gets the countersigned agreement at its next sync."))
        self.changed.emit()
        return True

    def retranslate_self(self) -> None:
        self.manager.setAccessibleName(plain(self.manager_label.text()))
        if not self.can_countersign:
            self.sign_button.setAccessibleDescription(_("Countersigning is coming next."))


# -- Laptops -------------------------------------------------------------------------------------
class LaptopsTab(OfficeTab):
    COLUMNS = (N_("Laptop"), N_("Advisor"), N_("Enrolled"), N_("Last bundle"), N_("State"))

    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Laptops"), N_("Each advisor's laptop is enrolled with an enrollment file "
                                                   "from here. Revoke a laptop that is lost or handed on."))
        row = QHBoxLayout()
        self.name = QLineEdit()
        self.name_label = TrLabel(N_("New laptop's na&me, for example the advisor's name"),
                                  object_name="fieldLabel", buddy=self.name)
        self.enroll_button = TrButton(N_("&Enroll a laptop…"), primary=True,
                                      tooltip=N_("Make an enrollment file for a laptop and save it"))
        self.revoke_button = TrButton(N_("&Revoke…"), danger=True,
                                      tooltip=N_("Stop accepting the chosen laptop's bundles"))
        row.addWidget(self.name, 1)
        row.addWidget(self.enroll_button)
        row.addStretch(1)
        self.layout_.addWidget(self.name_label)
        self.layout_.addLayout(row)
        self.add_message()
        self.table = DataTable(self.COLUMNS, N_("Enrolled laptops"))
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(button_row(self.revoke_button))
        self.enroll_button.clicked.connect(self.choose_enrollment_file)
        self.name.returnPressed.connect(self.choose_enrollment_file)
        self.revoke_button.clicked.connect(self.confirm_revoke)
        self.table.itemSelectionChanged.connect(self._update)
        self._items: dict[str, queries.Laptop] = {}
        self.retranslate_self()

    def refresh(self) -> None:
        self._items = {laptop.enrollment_id: laptop for laptop in queries.laptops(self.service)}
        self.table.set_rows([(l.enrollment_id, [l.name, l.advisor_name, when_text(l.created_at),
                                                when_text(l.last_bundle_at) if l.last_bundle_at else "",
                                                self.state_text(l)]) for l in self._items.values()])
        self._update()

    @staticmethod
    def state_text(laptop: queries.Laptop) -> str:
        if laptop.revoked_at:
            return _("Revoked ({when})", when=when_text(laptop.revoked_at))
        if laptop.device_id is None:
            return _("Waiting for its first sync")
        return _("Enrolled")

    def _update(self) -> None:
        key = self.table.current_key()
        laptop = self._items.get(key) if key else None
        self.revoke_button.setEnabled(laptop is not None and not laptop.revoked_at)

    def choose_enrollment_file(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_message(_("Give the laptop a name, for example the advisor's name."), error=True)
            self.name.setFocus()
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the enrollment file"),
                                                    str(Path.home() / f"{_slug(name)}-enrollment.json"),
                                                    _("Enrollment files (*.json)"))
        if path:
            self.enroll_laptop(name, path)

    def enroll_laptop(self, name: str, path: str | os.PathLike[str]) -> bool:
        enrollment = self.attempt(lambda: self.service.enroll(name))
        if enrollment is None:
            return False
        try:
            Path(path).write_bytes(enrollment.to_bytes())
        except OSError as exc:
            self.attempt(lambda: self.service.revoke(enrollment.enrollment_id))
            self.show_message(_("The enrollment file could not be saved ({reason}), so the enrollment was "
                                "withdrawn. Choose another place and try again.", reason=exc.strerror or exc),
                              error=True)
            self.changed.emit()
            return False
        self.name.clear()
        self.show_message(_("Saved the enrollment file for “{name}” as {path}. Give it to the advisor on a USB "
                            "stick: it holds a secret, so delete other copies once the laptop is enrolled.",
                            name=name, path=str(path)))
        self.changed.emit()
        return True

    def confirm_revoke(self) -> None:
        key = self.table.current_key()
        laptop = self._items.get(key) if key else None
        if laptop is None:
            return
        answer = QMessageBox.question(self, _("Revoke this laptop?"),
                                      _("From now on the office refuses bundles from “{name}”, and tells the laptop "
                                        "at its next sync. This cannot be undone: the laptop would need a new "
                                        "enrollment.", name=laptop.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.revoke(laptop.enrollment_id)

    def revoke(self, enrollment_id: str) -> bool:
        laptop = self._items.get(enrollment_id)
        if self.attempt(lambda: self.service.revoke(enrollment_id) or True) is None:
            return False
        self.show_message(_("“{name}” is revoked.", name=laptop.name if laptop else enrollment_id))
        self.changed.emit()
        return True

    def retranslate_self(self) -> None:
        self.name.setAccessibleName(_("New laptop's name"))


# -- Publish -------------------------------------------------------------------------------------
class PublishTab(OfficeTab):
    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Publish"), N_("Send new rates, overheads, the component menu or the "
                                                   "agreement's wording to every enrolled laptop. Each file is "
                                                   "checked first; laptops take it at their next sync."))
        from advisor_app import paths

        self.names = QLabel(", ".join(paths.PUBLISHABLE))
        self.names.setObjectName("hint")
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(SELECTABLE)
        self.layout_.addWidget(TrLabel(N_("Files the laptops use:"), object_name="fieldLabel"))
        self.layout_.addWidget(self.names)
        self.choose_button = TrButton(N_("Choose provider &files…"), primary=True,
                                      tooltip=N_("Choose one or more provider JSON files to publish"))
        self.choose_button.clicked.connect(self.choose_files)
        self.layout_.addLayout(button_row(self.choose_button))
        self.add_message()
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        self.names.setAccessibleName(self.names.text())

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(self, _("Choose provider files to publish"), str(Path.home()),
                                                      _("Provider files (*.json)"))
        if files:
            self.publish_files(files)

    def publish_files(self, files: list[str | os.PathLike[str]]) -> int | None:
        try:
            contents = queries.read_provider_files(list(files))
        except (OSError, UnicodeError):
            self.show_message(_("A file could not be read. Check that it is there and is a provider file."),
                              error=True)
            return None
        count = self.attempt(lambda: self.service.publish_provider_files(contents))
        if count is None:
            return None
        self.show_message(ngettext("Sent {files} to {n} laptop. It takes it at its next sync.",
                                   "Sent {files} to {n} laptops. They take it at their next sync.",
                                   count, files=", ".join(contents)))
        self.changed.emit()
        return count


# -- unlock and set up ---------------------------------------------------------------------------
class OfficeUnlockScreen(QWidget):
    unlocked = Signal(object)  # the OfficeService

    def __init__(self, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.location = location
        layout = centred_panel(self, width=560)
        layout.addWidget(heading(N_("Open the office"), 1))
        layout.addWidget(TrLabel(N_("Type the office passphrase to see what the laptops sent."), object_name="lead"))
        self.passphrase = PassphraseEdit()
        self.label = TrLabel(N_("&Passphrase"), object_name="fieldLabel", buddy=self.passphrase.line)
        layout.addWidget(self.label)
        layout.addWidget(self.passphrase)
        self.person = QLineEdit()
        self.person_label = TrLabel(N_("Your &name (kept with the decisions you make)"), object_name="fieldLabel",
                                    buddy=self.person)
        layout.addWidget(self.person_label)
        layout.addWidget(self.person)
        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.unlock_button = TrButton(N_("&Unlock"), primary=True)
        self.unlock_button.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.passphrase.returnPressed.connect(self.unlock)
        self.person.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.retranslate_self()

    def unlock(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.show_error(_("Please type the office passphrase."))
            return
        try:
            with busy():
                service = OfficeService.unlock(self.location, text)
        except OFFICE_FAILURES as exc:
            self.show_error(error_text(exc))
            self.passphrase.line.selectAll()
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.error.hide()
        self.unlocked.emit(service)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleName(text)
        self.error.show()
        self.passphrase.line.setAccessibleDescription(text)

    def error_message(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    def retranslate_self(self) -> None:
        self.passphrase.line.setAccessibleName(plain(self.label.text()))
        self.person.setAccessibleName(_("Your name"))


class OfficeSetupScreen(QWidget):
    created = Signal(object)  # the OfficeService

    def __init__(self, location: str, kdf: KdfParams, parent: QWidget | None = None):
        super().__init__(parent)
        self.location, self.kdf = location, kdf
        layout = centred_panel(self, width=600)
        layout.addWidget(heading(N_("Set up the office"), 1))
        layout.addWidget(TrLabel(N_("The office keeps the keys the laptops send their cases to. They are locked "
                                    "with an office passphrase: choose one only the office knows."),
                                 object_name="lead"))
        self.name = QLineEdit()
        self.name_label = TrLabel(N_("Organisation &name"), object_name="fieldLabel", buddy=self.name)
        self.passphrase = PassphraseEdit()
        self.passphrase_label = TrLabel(N_("Office &passphrase (at least 8 characters)"), object_name="fieldLabel",
                                        buddy=self.passphrase.line)
        self.again = PassphraseEdit()
        self.again_label = TrLabel(N_("Type it &again"), object_name="fieldLabel", buddy=self.again.line)
        for widget in (self.name_label, self.name, self.passphrase_label, self.passphrase, self.again_label,
                       self.again):
            layout.addWidget(widget)
        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.create_button = TrButton(N_("&Set up the office"), primary=True)
        self.create_button.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        self.name.returnPressed.connect(lambda: self.passphrase.setFocus())
        self.passphrase.returnPressed.connect(lambda: self.again.setFocus())
        self.again.returnPressed.connect(self.create)
        self.create_button.clicked.connect(self.create)
        self.retranslate_self()

    def create(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_error(_("Write the organisation's name."))
            self.name.setFocus()
            return
        if self.passphrase.text() != self.again.text():
            self.show_error(_("The two passphrases are not the same yet. Please type it again."))
            self.again.setFocus()
            return
        try:
            with busy():
                service = OfficeService.init(self.location, self.passphrase.text(), name=name, kdf=self.kdf)
        except OFFICE_FAILURES as exc:
            self.show_error(error_text(exc))
            return
        self.passphrase.clear()
        self.again.clear()
        self.created.emit(service)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleName(text)
        self.error.show()

    def error_message(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    def retranslate_self(self) -> None:
        self.name.setAccessibleName(plain(self.name_label.text()))
        self.passphrase.line.setAccessibleName(_("Office passphrase"))
        self.again.line.setAccessibleName(_("Type the office passphrase again"))


# -- the window ----------------------------------------------------------------------------------
TAB_TITLES = (N_("&Inbox"), N_("&Cases"), N_("Co&nflicts"), N_("Risk &approvals"), N_("A&greements"),
              N_("&Laptops"), N_("&Publish"))


class OfficeWindow(QMainWindow):
    def __init__(self, location: str, *, kdf: KdfParams = DEFAULT_KDF):
        super().__init__()
        self.location = str(location)
        self.service: OfficeService | None = None
        self.person_name = ""
        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.setup_screen = OfficeSetupScreen(self.location, kdf)
        self.unlock_screen = OfficeUnlockScreen(self.location)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.inbox = InboxTab(self)
        self.cases = CasesTab(self)
        self.conflicts = ConflictsTab(self)
        self.approvals = ApprovalsTab(self)
        self.agreements = AgreementsTab(self)
        self.laptops = LaptopsTab(self)
        self.publish = PublishTab(self)
        for tab in self.all_tabs():
            self.tabs.addTab(tab, "")
            tab.changed.connect(self.refresh_all)
        for screen in (self.setup_screen, self.unlock_screen, self.tabs):
            self.screens.addWidget(screen)
        self.setCentralWidget(self.screens)
        self.setup_screen.created.connect(self.opened)
        self.unlock_screen.unlocked.connect(self.opened)
        self._build_menu()
        self.resize(1200, 820)
        self.setMinimumSize(900, 620)
        try:
            exists = queries.office_exists(self.location)
        except OFFICE_FAILURES as exc:
            exists = True
            self.unlock_screen.show_error(error_text(exc))
        self.show_screen(self.unlock_screen if exists else self.setup_screen)
        self.retranslate_self()

    def all_tabs(self) -> list[OfficeTab]:
        return [self.inbox, self.cases, self.conflicts, self.approvals, self.agreements, self.laptops, self.publish]

    def _build_menu(self) -> None:
        self.menu = self.menuBar().addMenu("")
        self.refresh_action = self._action(N_("&Read again"), "F5", self.refresh_all)
        self.lock_action = self._action(N_("&Lock"), "Ctrl+L", self.lock)
        self.menu.addSeparator()
        self.quit_action = self._action(N_("&Quit"), "Ctrl+Q", self.close)

    def _action(self, text: str, shortcut: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(self)
        action.setProperty("source_text", text)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        self.addAction(action)
        return action

    def current_screen(self) -> QWidget:
        return self.screens.currentWidget()

    def show_screen(self, screen: QWidget) -> None:
        self.screens.setCurrentWidget(screen)
        unlocked = self.service is not None
        self.refresh_action.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        focus = {self.unlock_screen: self.unlock_screen.passphrase, self.setup_screen: self.setup_screen.name}
        if screen in focus:
            QTimer.singleShot(0, focus[screen].setFocus)
        self._update_title()

    def opened(self, service: OfficeService) -> None:
        self.service = service
        self.person_name = self.unlock_screen.person.text().strip()
        self.refresh_all()
        self.tabs.setCurrentWidget(self.inbox)
        self.show_screen(self.tabs)
        self.tabs.tabBar().setFocus()

    def refresh_all(self) -> None:
        if self.service is None:
            return
        for tab in self.all_tabs():
            try:
                tab.refresh()
            except OFFICE_FAILURES as exc:
                tab.show_message(error_text(exc), error=True)
        self.retranslate_self()

    def lock(self) -> None:
        service, self.service = self.service, None
        if service is None:
            return
        for tab in self.all_tabs():
            tab.clear()
        service.store.close()
        del service
        self.show_screen(self.unlock_screen)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.lock()
        super().closeEvent(event)

    def _update_title(self) -> None:
        if self.service is not None:
            self.setWindowTitle(_("{organisation}: office", organisation=self.service.public.name))
        else:
            self.setWindowTitle(_("Support Advisor: office"))

    def retranslate_self(self) -> None:
        self.menu.setTitle(_("&Office"))
        for action in self.actions():
            source = action.property("source_text")
            if source:
                action.setText(_(source))
        for index, (tab, title) in enumerate(zip(self.all_tabs(), TAB_TITLES)):
            count = tab.count() if self.service is not None and tab in (self.conflicts, self.approvals) else 0
            self.tabs.setTabText(index, _("{title} ({n})", title=_(title), n=count) if count else _(title))
        self._update_title()


def prepare_application(app, settings=None) -> None:
    """Language, theme and text size as the advisor's app has them (settings on this computer)."""
    from advisor_app.settings import Settings
    from advisor_app.ui import qt_locale, theme

    settings = settings or Settings.load()
    theme.system_point_size()  # remember the desktop's text size before we change it
    qt_locale.set_language(app, settings.language)
    app.setApplicationDisplayName(_("Support Advisor: office"))
    theme.apply(app, text_scale=settings.text_scale, high_contrast=settings.high_contrast)


def run_office_app(location: str, argv: list[str] | None = None) -> int:
    """Show the office's screens for the office at ``location`` until closed; the exit code."""
    from advisor_app.ui.app import application

    app = application(argv)
    prepare_application(app)
    window = OfficeWindow(location)
    window.show()
    if os.environ.get("ADVISOR_APP_QUIT_WHEN_READY"):
        QTimer.singleShot(0, app.quit)
    return app.exec()


__all__ = ["OfficeWindow", "prepare_application", "run_office_app"]
