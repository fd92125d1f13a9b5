"""The case list: search by name, reference or postcode; filter by stage; newest change first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import journey
from advisor_app.domain.journey import Stage, Status
from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.services import CaseSummary
from advisor_app.services.changes import Changes
from advisor_app.services.risk import overdue_reviews_by_case
from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.screens.notices import NoticeBanner
from advisor_app.ui.session import Session
from advisor_app.ui.widgets import communication
from advisor_app.ui.widgets.text import TrButton, TrLabel, heading, message_line, plain, shortcut

COLUMNS = (N_("Person"), N_("Reference"), N_("Postcode"), N_("Stage"), N_("Last change"), N_("Risk reviews"),
           N_("Person-centred review"), N_("Communication"))
OVERDUE_COLUMN = 5
REVIEW_COLUMN = 6
COMMUNICATION_COLUMN = 7  # the communication needs flag (Accessible Information Standard)
SEARCH_DELAY_MS = 150


def when_text(iso: str, now: dt.datetime | None = None) -> str:
    """'Today at 14:32', 'Yesterday at 09:10', '3 March 2026', in local time."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except (TypeError, ValueError):
        return ""
    now = now or dt.datetime.now().astimezone()
    days = (now.date() - moment.date()).days
    clock = moment.strftime("%H:%M")
    if days == 0:
        return _("Today at {time}", time=clock)
    if days == 1:
        return _("Yesterday at {time}", time=clock)
    # Month names in the chosen language, from Qt's locale data (qt_locale sets the default).
    return QLocale().toString(QDate(moment.year, moment.month, moment.day), "d MMMM yyyy")


def stage_text(case: CaseSummary) -> str:
    if case.damaged:
        return _("Damaged: please contact the office")
    title = _(journey.info(case.stage).title)
    title = _("{stage} (closed)", stage=title) if case.status == Status.CLOSED else title
    return _("{stage}: moved to {laptop}, read-only here", stage=title, laptop=case.moved_to) if case.moved_to else title


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.cases: list[CaseSummary] = []
        self.overdue: dict[str, int] = {}  # case id -> risk assessment reviews overdue
        self.reviews: dict[str, Any] = {}  # case id -> when its person-centred review is due (handed over)

    def set_cases(self, cases: list[CaseSummary], overdue: dict[str, int] | None = None,
                  reviews: dict[str, Any] | None = None) -> None:
        self.beginResetModel()
        self.cases = list(cases)
        self.overdue = dict(overdue or {})
        self.reviews = dict(reviews or {})
        self.endResetModel()

    def review_alert(self, case_id: str) -> bool:
        due = self.reviews.get(case_id)
        return due is not None and due.state in ("due", "overdue")

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.cases)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def case_at(self, row: int) -> CaseSummary | None:
        return self.cases[row] if 0 <= row < len(self.cases) else None

    def row_of(self, case_id: str) -> int:
        return next((i for i, c in enumerate(self.cases) if c.id == case_id), -1)

    def _cell(self, case: CaseSummary, column: int) -> str:
        if column == 0:
            return case.person_name or _("Name not known yet")
        if column == 1:
            return case.reference
        if column == 2:
            return case.postcode
        if column == 3:
            return stage_text(case)
        if column == OVERDUE_COLUMN:
            n = self.overdue.get(case.id, 0)
            return ("\u26a0 " + ngettext("{n} review overdue", "{n} reviews overdue", n)) if n else ""
        if column == REVIEW_COLUMN:
            due = self.reviews.get(case.id)
            if due is None or due.due_on is None:
                return ""
            day = QLocale().toString(QDate(due.due_on.year, due.due_on.month, due.due_on.day), "d MMM yyyy")
            if due.state == "overdue":
                return "\u26a0 " + _("Overdue since {day}", day=day)
            return ("\u26a0 " if due.state == "due" else "") + _("Due by {day}", day=day)
        if column == COMMUNICATION_COLUMN:
            return communication.flag_text(case.communication)
        return when_text(case.updated_at)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        case = self.case_at(index.row())
        if case is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(case, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_(COLUMNS[index.column()])}: {self._cell(case, index.column())}"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return _("{name}, {reference}. Press Enter to open.", name=self._cell(case, 0), reference=case.reference)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == OVERDUE_COLUMN and self.overdue.get(case.id):
            return QColor("#B3261E")
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == REVIEW_COLUMN and self.review_alert(case.id):
            return QColor("#B3261E")
        if role == Qt.ItemDataRole.ForegroundRole and (case.status == Status.CLOSED or case.moved_to):
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and index.column() == 0:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None


class CaseTable(QTableView):
    """Enter opens the current case (whatever the platform's "activate" key is)."""

    openRequested = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.openRequested.emit()
            return
        super().keyPressEvent(event)


class CaseListScreen(QWidget):
    openCase = Signal(str)
    newCase = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screen")
        self.session = session
        session.operationDone.connect(self._on_changes)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 28, 40, 28)
        outer.setSpacing(16)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(heading(N_("Cases"), 1))
        self.summary = QLabel()
        self.summary.setObjectName("lead")
        titles.addWidget(self.summary)
        top.addLayout(titles, 1)
        self.unsent = QLabel()
        self.unsent.setObjectName("badge")
        top.addWidget(self.unsent, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(12)
        self.new_button = TrButton(N_("&New case"), primary=True,
                                   tooltip=N_("Start a new case from a first enquiry (Ctrl+N)"))
        self.new_button.clicked.connect(self.newCase)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(top)
        self.notice = NoticeBanner(session)  # the office's report back, when one is unread
        outer.addWidget(self.notice)

        filters = QHBoxLayout()
        filters.setSpacing(16)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label = TrLabel(N_("&Search"), object_name="fieldLabel", buddy=self.search, word_wrap=False)
        self.stage = QComboBox()
        self.stage_label = TrLabel(N_("Stag&e"), object_name="fieldLabel", buddy=self.stage, word_wrap=False)
        search_box = QVBoxLayout()
        search_box.setSpacing(4)
        search_box.addWidget(self.search_label)
        search_box.addWidget(self.search)
        stage_box = QVBoxLayout()
        stage_box.setSpacing(4)
        stage_box.addWidget(self.stage_label)
        stage_box.addWidget(self.stage)
        filters.addLayout(search_box, 3)
        filters.addLayout(stage_box, 1)
        outer.addLayout(filters)

        self.model = CaseTableModel(self)
        self.table = CaseTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 12)
        self.table.openRequested.connect(self.open_current)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.empty = QLabel()
        self.empty.setObjectName("inlineInfo")
        self.empty.setWordWrap(True)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(self.empty)
        empty_layout.addStretch(1)
        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(empty_page)
        outer.addWidget(self.results, 1)
        self.error = message_line(error=True)
        outer.addWidget(self.error)
        self.hint = TrLabel(N_("Use the arrow keys to choose a case and press Enter to open it. "
                               "Ctrl+N starts a new case; Ctrl+L locks."), object_name="hint")
        outer.addWidget(self.hint)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.stage.currentIndexChanged.connect(lambda _i: self.refresh())
        shortcut(QKeySequence(Qt.Key.Key_Down), self.search, self._to_table, Qt.ShortcutContext.WidgetShortcut)
        shortcut("Ctrl+F", self, self._focus_search)
        self._fill_stages()
        self.retranslate_self()

    # -- filters ------------------------------------------------------------------------------
    def _fill_stages(self) -> None:
        current = self.stage.currentData() if self.stage.count() else None
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem(_("All stages"), None)
        for info in journey.STAGES:
            self.stage.addItem(_(info.title), info.stage.value)
        index = self.stage.findData(current) if current else 0
        self.stage.setCurrentIndex(max(index, 0))
        self.stage.blockSignals(False)

    def stage_filter(self) -> Stage | None:
        value = self.stage.currentData()
        return Stage(value) if value else None

    def set_stage_filter(self, stage: Stage | None) -> None:
        self.stage.setCurrentIndex(max(self.stage.findData(stage.value if stage else None), 0))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _to_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _search_enter(self) -> None:
        self._search_timer.stop()
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.open_current()

    # -- data ---------------------------------------------------------------------------------
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        """Cases added or changed elsewhere (a sync, an import): shown at once when the list is
        on screen; otherwise it is read again when shown."""
        if (changes.case_list or changes.office_status) and self.isVisible():
            self.refresh()

    def refresh(self, *, select: str | None = None) -> None:
        if not self.session.is_unlocked:
            self.clear()
            return
        selected = select or self.current_case_id()
        try:
            service = self.session.service
            cases = service.list_cases(self.search.text(), self.stage_filter())
            self._total = len(service.list_cases()) if (self.search.text().strip() or self.stage_filter()) else len(cases)
            self._unsent = service.unsent_count()
            overdue = overdue_reviews_by_case(service)
            from advisor_app.services.reviews import due_by_case  # on first use: not needed at launch

            reviews = due_by_case(service)
        except StoreError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.error.hide()
        self.notice.refresh()
        self.model.set_cases(cases, overdue, reviews)
        row = self.model.row_of(selected) if selected else -1
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))
        self.retranslate_self()

    def current_case_id(self) -> str | None:
        case = self.model.case_at(self.table.currentIndex().row())
        return case.id if case else None

    def open_current(self) -> None:
        case_id = self.current_case_id()
        if case_id:
            self.openCase.emit(case_id)

    def clear(self) -> None:
        """Forget every case (the store locked)."""
        self._search_timer.stop()
        self.model.set_cases([])
        self.search.clear()
        self._total = 0
        self._unsent = 0
        self.summary.clear()
        self.unsent.clear()
        self.notice.refresh()

    def focus_default(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
        else:
            self.search.setFocus()

    # -- text ---------------------------------------------------------------------------------
    def retranslate_self(self) -> None:
        self._fill_stages()
        self.search.setPlaceholderText(_("Name, reference or postcode"))
        self.search.setAccessibleName(plain(self.search_label.text()))
        self.search.setAccessibleDescription(_("Search by name, reference or postcode. Press Down to go to the list."))
        self.stage.setAccessibleName(_("Show cases at stage"))
        self.table.setAccessibleName(_("Cases, most recently changed first"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        total = getattr(self, "_total", 0)
        shown = self.model.rowCount()
        if not self.session.is_unlocked:
            return
        if shown == total:
            self.summary.setText(ngettext("{n} case, most recently changed first.",
                                          "{n} cases, most recently changed first.", total))
        else:
            self.summary.setText(_("Showing {shown} of {total} cases.", shown=shown, total=total))
        unsent = getattr(self, "_unsent", 0)
        self.unsent.setText(ngettext("{n} change not yet at the office", "{n} changes not yet at the office", unsent)
                            if unsent else _("Everything is at the office"))
        self.unsent.setAccessibleName(self.unsent.text())
        if total == 0:
            self.empty.setText(_("No cases yet. Press “New case” (Ctrl+N) to record a first enquiry."))
        elif shown == 0:
            self.empty.setText(_("No cases match. Try part of a name, a reference like C-2026-0001, or a postcode."))
        self.results.setCurrentIndex(0 if shown else 1)
