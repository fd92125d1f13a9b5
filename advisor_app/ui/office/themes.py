"""The Themes tab: Working Together for Change. A workshop gathers what people said in the reviews
held in its period (de-identified unless asked); people drag the statements into named themes
(suggested groups help, and can be accepted, renamed or changed), analyse them by kind, perspective,
region and period, agree actions, and send an easy-read report back to the advisors of every case
whose statements were used. Everything can also be done from the keyboard (the buttons under each
list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QSplitter,
    QTabWidget, QVBoxLayout, QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.domain.office_users import Action
from advisor_app.domain.themes import (
    DIMENSION_LABELS, KIND_LABELS, PERSPECTIVE_LABELS, READING_WORDS, UNSORTED, Dimension, SuggestedGroup,
    column_label,
)
from advisor_app.i18n import _, ngettext
from advisor_app.office import exports, themes
from advisor_app.office.themes import Board
from advisor_app.ui.office.common import DataTable, OfficeTab, button_row, export_path
from advisor_app.ui.widgets.charts import Chart
from advisor_app.ui.widgets.text import TrButton, TrLabel

if TYPE_CHECKING:
    from advisor_app.ui.office.window import OfficeWindow
    from advisor_app.ui.operations import BackgroundTask
    from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog

MIME = "application/x-advisor-app-statements"
KEY = Qt.ItemDataRole.UserRole


class StatementList(QListWidget):
    """Statements, dragged out (several at once) and dropped in; ``dropped(keys)`` says what arrived."""

    def __init__(self, name: str, on_drop):
        super().__init__()
        self.on_drop = on_drop
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)
        self.setAccessibleName(_(name))

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt API)
        return [MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802 (Qt API)
        data = QMimeData()
        data.setData(MIME, "\n".join(i.data(KEY) for i in items).encode("utf-8"))
        return data

    def dropMimeData(self, index: int, data: QMimeData, action: Qt.DropAction) -> bool:  # noqa: N802 (Qt API)
        keys = [k for k in bytes(data.data(MIME)).decode("utf-8").split("\n") if k]
        if keys:
            self.on_drop(keys, None)
        return False  # the board is read again from the office: the list never moves items itself

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt API)
        return Qt.DropAction.MoveAction

    def chosen_keys(self) -> list[str]:
        return [item.data(KEY) for item in self.selectedItems()]


class ThemeList(StatementList):
    """The themes: statements dropped on a theme go into it."""

    def __init__(self, name: str, on_drop):
        super().__init__(name, on_drop)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dropMimeData(self, index: int, data: QMimeData, action: Qt.DropAction) -> bool:  # noqa: N802 (Qt API)
        return False

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt API)
        item = self.itemAt(event.position().toPoint())
        keys = [k for k in bytes(event.mimeData().data(MIME)).decode("utf-8").split("\n") if k]
        if item is not None and keys:
            self.on_drop(keys, item.data(KEY))
        event.ignore()  # nothing moves here by itself


class ThemesTab(OfficeTab):
    def __init__(self, office: "OfficeWindow"):
        super().__init__(office, N_("Themes"), N_("Working Together for Change: what people said in their reviews, "
                                                  "grouped into themes, analysed, acted on, and reported back to "
                                                  "them."))
        self.board: Board | None = None
        self.suggested: list[SuggestedGroup] = []
        top = QHBoxLayout()
        self.workshop = QComboBox()
        self.workshop.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.workshop.setMinimumContentsLength(18)
        self.workshop_label = TrLabel(N_("Wor&kshop"), object_name="fieldLabel", buddy=self.workshop, word_wrap=False)
        self.workshop.currentIndexChanged.connect(lambda _i: self.load_board())
        self.new_title = QLineEdit()
        self.new_from = QLineEdit()
        self.new_to = QLineEdit()
        self.start_button = TrButton(N_("Start a workshop"), tooltip=N_("Gather the reviews held from the first day "
                                                                        "to the second (YYYY-MM-DD)"))
        self.start_button.clicked.connect(lambda: self.start(self.new_title.text(), self.new_from.text(),
                                                             self.new_to.text()))
        self.identified = QCheckBox()
        self.identified.toggled.connect(lambda _on: self.load_board())
        self.export_button = TrButton(N_("Write the themes to a &file…"))
        self.export_button.clicked.connect(self.choose_export)
        for widget in (self.workshop_label, self.workshop):
            top.addWidget(widget)
        top.addSpacing(16)
        for widget in (self.new_title, self.new_from, self.new_to, self.start_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.identified)
        top.addWidget(self.long_work(self.export_button))
        self.layout_.addLayout(top)
        self.add_message()
        self.parts = QTabWidget()
        self.parts.setDocumentMode(True)
        self.parts.addTab(self._build_sorting(), "")
        self.parts.addTab(self._build_analysis(), "")
        self.parts.addTab(self._build_actions(), "")
        self.parts.addTab(self._build_report(), "")
        self.parts.currentChanged.connect(lambda _i: self._show_part())
        self.layout_.addWidget(self.parts, 1)
        self.retranslate_self()

    # -- building -------------------------------------------------------------------------------------
    def _build_sorting(self) -> QWidget:
        page = QWidget()
        splitter = QSplitter(page)
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(splitter)
        self.unsorted = StatementList(N_("Statements not in a theme yet"), lambda keys, _t: self.place(keys, None))
        self.new_theme = QLineEdit()
        self.new_theme_button = TrButton(N_("New theme from the chosen"))
        self.new_theme_button.clicked.connect(lambda: self.add_theme(self.new_theme.text(), self.unsorted.chosen_keys()))
        self.into_button = TrButton(N_("Into the chosen theme \u2192"))
        self.into_button.clicked.connect(lambda: self.place(self.unsorted.chosen_keys(), self.themes.currentItem()
                                                            .data(KEY) if self.themes.currentItem() else None))
        left = self._column(N_("Not in a theme &yet"), self.unsorted,
                            [self.new_theme], button_row(self.new_theme_button, self.into_button))
        self.themes = ThemeList(N_("Themes"), lambda keys, theme: self.place(keys, theme))
        self.themes.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.themes.currentItemChanged.connect(lambda *_a: self._show_theme())
        self.rename = QLineEdit()
        self.rename_button = TrButton(N_("R&ename"))
        self.rename_button.clicked.connect(self.rename_theme)
        self.remove_button = TrButton(N_("Remo&ve theme"), flat=True, danger=True)
        self.remove_button.clicked.connect(self.remove_theme)
        middle = self._column(N_("Themes (drop statements on one)"), self.themes, [self.rename],
                              button_row(self.rename_button, self.remove_button))
        self.in_theme = StatementList(N_("Statements in the chosen theme"), self._drop_in_theme)
        self.out_button = TrButton(N_("\u2190 Out of the theme"))
        self.out_button.clicked.connect(lambda: self.place(self.in_theme.chosen_keys(), None))
        right = self._column(N_("In the chosen the&me"), self.in_theme, [], button_row(self.out_button))
        self.suggestions = QListWidget()
        self.suggestions.setWordWrap(True)
        self.suggestions.currentRowChanged.connect(
            lambda row: self.accept_name.setText(self.suggested[row].name) if 0 <= row < len(self.suggested) else None)
        self.suggest_button = TrButton(N_("&Suggest groups"), tooltip=N_("Groups of statements that share words, "
                                                                           "worked out on this computer"))
        self.suggest_button.clicked.connect(self.suggest)
        self.accept_button = TrButton(N_("Accept as a theme"), primary=True)
        self.accept_button.clicked.connect(lambda: self.accept(self.suggestions.currentRow()))
        self.show_group_button = TrButton(N_("Choose its statements"), flat=True,
                                          tooltip=N_("Choose them in the list, to change the group before naming it"))
        self.show_group_button.clicked.connect(self.choose_group)
        self.accept_name = QLineEdit()
        suggestions = self._column(N_("Suggested groups"), self.suggestions, [self.accept_name],
                                   button_row(self.suggest_button, self.accept_button, self.show_group_button))
        for column in (left, middle, right, suggestions):
            splitter.addWidget(column)
        splitter.setSizes([380, 260, 360, 320])
        return page

    @staticmethod
    def _column(title: str, main: QWidget, fields: list[QWidget], buttons) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(TrLabel(title, object_name="fieldLabel", buddy=main))
        layout.addWidget(main, 1)
        for field in fields:
            layout.addWidget(field)
        layout.addLayout(buttons)
        return box

    def _build_analysis(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.dimension = QComboBox()
        for dimension in Dimension:
            self.dimension.addItem("", dimension.value)
        self.dimension.currentIndexChanged.connect(lambda _i: self.show_analysis())
        row.addWidget(TrLabel(N_("&By"), object_name="fieldLabel", buddy=self.dimension, word_wrap=False))
        row.addWidget(self.dimension)
        row.addStretch(1)
        layout.addLayout(row)
        splitter = QSplitter()
        self.analysis = DataTable((), N_("Statements by theme"))
        self.chart = Chart(_("The themes, by the chosen dimension (the table holds the same figures)"))
        splitter.addWidget(self.analysis)
        splitter.addWidget(self.chart)
        splitter.setSizes([640, 600])
        layout.addWidget(splitter, 1)
        return page

    def _build_actions(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.action_theme = QComboBox()
        self.action_what = QLineEdit()
        self.action_owner = QLineEdit()
        self.action_due = QLineEdit()
        self.action_button = TrButton(N_("Agr&ee the action"), primary=True)
        self.action_button.clicked.connect(lambda: self.add_action(self.action_theme.currentData(), self.action_what.text(),
                                                                   self.action_owner.text(), self.action_due.text()))
        for widget in (self.action_theme, self.action_what, self.action_owner, self.action_due, self.action_button):
            row.addWidget(widget, 3 if widget is self.action_what else 1)
        layout.addLayout(row)
        self.actions = DataTable((N_("Theme"), N_("What will be done"), N_("Who owns it"), N_("By when"), N_("Done")),
                                 N_("The actions agreed"))
        layout.addWidget(self.actions, 1)
        self.done_button = TrButton(N_("&Mark done"))
        self.done_button.clicked.connect(self.mark_done)
        layout.addLayout(button_row(self.done_button))
        return page

    def _build_report(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.report_lead = TrLabel(object_name="hint")
        layout.addWidget(self.report_lead)
        self.report_box = QVBoxLayout()
        layout.addLayout(self.report_box, 1)
        self.report: "PdfPreviewDialog | None" = None
        self.send_button = TrButton(N_("Send the report to the ad&visors"), primary=True,
                                    tooltip=N_("An office message to the laptop of every case whose statements are in "
                                               "a theme"))
        self.send_button.clicked.connect(self.send_report)
        layout.addLayout(button_row(self.long_work(self.send_button)))
        return page

    # -- reading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.workshop.currentData()
        found = themes.workshops(self.service)
        self.workshop.blockSignals(True)
        self.workshop.clear()
        for w in found:
            self.workshop.addItem(_("{title} ({start} to {end})", title=w.title, start=w.period_from.isoformat(),
                                    end=w.period_to.isoformat()), w.id)
        self.workshop.setCurrentIndex(max(self.workshop.findData(current), 0) if current else 0)
        self.workshop.blockSignals(False)
        if not self.new_from.text():
            today = dt.date.today()
            self.new_from.setText((today - dt.timedelta(days=365)).isoformat())
            self.new_to.setText(today.isoformat())
        self.guard(Action.WORK_ON_THEMES, self.start_button, self.new_theme_button, self.into_button,
                   self.rename_button, self.remove_button, self.out_button, self.accept_button, self.action_button,
                   self.done_button)
        self.guard(Action.EXPORT, self.export_button)
        self.load_board()

    def load_board(self) -> None:
        workshop_id = self.workshop.currentData()
        self.board = self.attempt(lambda: themes.board(self.service, workshop_id, identified=self.identified.isChecked())) \
            if workshop_id else None
        self._show_board()
        if self.suggested:  # the statements moved: the groups of those left over, worked out again
            self.suggest(say=False)

    def _statement_item(self, key: str) -> QListWidgetItem | None:
        board = self.board
        statement = next((s for s in board.statements if s.key == key), None) if board else None
        if statement is None:
            return None
        words = _("{kind}, {who}", kind=_(KIND_LABELS[statement.kind]), who=_(PERSPECTIVE_LABELS[statement.perspective]))
        item = QListWidgetItem(f"{statement.text} \u2014 {words}")
        item.setData(KEY, key)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{statement.text}. {words}.")
        return item

    def _show_board(self) -> None:
        board = self.board
        theme = self.themes.currentItem().data(KEY) if self.themes.currentItem() else None
        for widget in (self.unsorted, self.themes, self.in_theme):
            widget.clear()
        if board is None:
            self.unsorted.addItem(_("Start a workshop to gather the statements of a year of reviews."))
            self._show_part()
            return
        for statement in board.unplaced():
            self.unsorted.addItem(self._statement_item(statement.key))
        for count in board.counts():
            if count.theme_id == UNSORTED:
                continue
            item = QListWidgetItem(_("{name} ({n})", name=count.name, n=count.total))
            item.setData(KEY, count.theme_id)
            self.themes.addItem(item)
        keys = [self.themes.item(i).data(KEY) for i in range(self.themes.count())]
        if keys:
            self.themes.setCurrentRow(keys.index(theme) if theme in keys else 0)
        self.action_theme.clear()
        for theme_id, name in board.themes.items():
            self.action_theme.addItem(name, theme_id)
        self._show_part()

    def _show_theme(self) -> None:
        self.in_theme.clear()
        item = self.themes.currentItem()
        if self.board is None or item is None:
            return
        self.rename.setText(self.board.themes.get(item.data(KEY), ""))
        for statement in self.board.in_theme(item.data(KEY)):
            self.in_theme.addItem(self._statement_item(statement.key))

    def _show_part(self) -> None:
        index = self.parts.currentIndex()
        if index == 1:
            self.show_analysis()
        elif index == 2:
            self.show_actions()
        elif index == 3:
            self.show_report()

    # -- sorting --------------------------------------------------------------------------------------
    def _workshop_id(self) -> str | None:
        return self.board.workshop.id if self.board else None

    def start(self, title: str, period_from: str, period_to: str) -> bool:
        made = self.attempt(lambda: themes.start_workshop(self.service, title, period_from, period_to))
        if made is None:
            return False
        self.new_title.clear()
        self.refresh()
        self.workshop.setCurrentIndex(max(self.workshop.findData(made.id), 0))
        self.show_message(ngettext("The workshop gathered {n} statement.", "The workshop gathered {n} statements.",
                                   len(self.board.statements) if self.board else 0))
        return True

    def add_theme(self, name: str, keys: list[str]) -> str | None:
        workshop_id = self._workshop_id()
        if workshop_id is None:
            return None
        theme = self.attempt(lambda: themes.add_theme(self.service, workshop_id, name, keys))
        if theme is not None:
            self.new_theme.clear()
            self.load_board()
            self._select_theme(theme)
        return theme

    def place(self, keys: list[str], theme_id: str | None) -> bool:
        workshop_id = self._workshop_id()
        if workshop_id is None or not keys:
            return False
        if not self.service.may(Action.WORK_ON_THEMES):
            self.show_message(_(self.service_refusal(Action.WORK_ON_THEMES)), error=True)
            return False
        done = self.attempt(lambda: themes.place(self.service, workshop_id, keys, theme_id))
        if done is None:
            return False
        current = self.themes.currentItem().data(KEY) if self.themes.currentItem() else None
        self.load_board()
        self._select_theme(theme_id or current)
        return True

    def service_refusal(self, action: Action) -> str:
        from advisor_app.domain.office_users import refusal

        return refusal(self.service.user.roles, action) or ""

    def _drop_in_theme(self, keys: list[str], _theme: str | None) -> None:
        item = self.themes.currentItem()
        if item is not None:
            self.place(keys, item.data(KEY))

    def _select_theme(self, theme_id: str | None) -> None:
        for row in range(self.themes.count()):
            if self.themes.item(row).data(KEY) == theme_id:
                self.themes.setCurrentRow(row)

    def rename_theme(self) -> bool:
        item = self.themes.currentItem()
        if item is None or self._workshop_id() is None:
            return False
        theme_id = item.data(KEY)
        if self.attempt(lambda: themes.rename_theme(self.service, self._workshop_id(), theme_id,
                                                     self.rename.text())) is None:
            return False
        self.load_board()
        self._select_theme(theme_id)
        return True

    def remove_theme(self) -> bool:
        item = self.themes.currentItem()
        if item is None or self._workshop_id() is None:
            return False
        theme_id = item.data(KEY)
        if self.attempt(lambda: themes.remove_theme(self.service, self._workshop_id(), theme_id)) is None:
            return False
        self.load_board()
        return True

    def suggest(self, *, say: bool = True) -> list[SuggestedGroup]:
        if self.board is None:
            return []
        self.suggested = themes.suggestions(self.board)
        self.suggestions.clear()
        for group in self.suggested:
            self.suggestions.addItem(ngettext("{name}: {n} statement", "{name}: {n} statements", len(group.keys),
                                              name=group.name))
        if self.suggested:
            self.suggestions.setCurrentRow(0)
            self.accept_name.setText(self.suggested[0].name)
        if not say:
            return self.suggested
        self.show_message(ngettext("{n} group suggested: accept it, rename it or change it.",
                                   "{n} groups suggested: accept them, rename them or change them.",
                                   len(self.suggested)) if self.suggested
                          else _("No statements left that share enough words to suggest a group."))
        return self.suggested

    def choose_group(self) -> None:
        row = self.suggestions.currentRow()
        if not 0 <= row < len(self.suggested):
            return
        wanted = set(self.suggested[row].keys)
        for index in range(self.unsorted.count()):
            item = self.unsorted.item(index)
            item.setSelected(item.data(KEY) in wanted)
        self.new_theme.setText(self.accept_name.text())
        self.unsorted.setFocus()

    def accept(self, row: int, name: str | None = None) -> str | None:
        if not 0 <= row < len(self.suggested) or self._workshop_id() is None:
            return None
        group = self.suggested[row]
        chosen = name if name is not None else (self.accept_name.text() or group.name)
        theme = self.attempt(lambda: themes.accept_suggestion(self.service, self._workshop_id(), group, chosen))
        if theme is not None:
            self.load_board()
            self._select_theme(theme)
        return theme

    # -- analysis ---------------------------------------------------------------------------------------
    def show_analysis(self) -> None:
        board = self.board
        dimension = Dimension(self.dimension.currentData() or Dimension.KIND.value)
        if board is None:
            return
        table = board.table(dimension)
        labels = [_(column_label(dimension, c)) for c in table.columns]
        self.analysis.set_columns((_("Theme"), *labels, _("Total"), _("Reading")))
        counts = {c.theme_id: c for c in board.counts()}
        rows = []
        for index, (theme_id, name, cells) in enumerate(table.rows):
            reading = _(READING_WORDS[counts[theme_id].reading]) if counts[theme_id].total else ""
            rows.append((theme_id or "unsorted", [name if theme_id else _("Not in a theme yet"), *map(str, cells),
                                                  str(table.row_total(index)), reading]))
        rows.append(("total", [_("Total"), *map(str, table.column_totals()), str(table.total), ""]))
        self.analysis.set_rows(rows)
        named = [(name or _("Not in a theme yet"), cells) for _t, name, cells in table.rows if sum(cells)]
        if dimension == Dimension.PERIOD:  # the themes over time: a line each, quarter by quarter
            self.chart.lines(_("The themes over time"), labels, {n: list(cells) for n, cells in named},
                             maximum=max([max(cells) for _n, cells in named] or [1]))
            return
        self.chart.bars(_(DIMENSION_LABELS[dimension]), [n for n, _c in named],
                        {label: [cells[i] for _n, cells in named] for i, label in enumerate(labels)})

    # -- actions ----------------------------------------------------------------------------------------
    def show_actions(self) -> None:
        board = self.board
        if board is None:
            self.actions.setRowCount(0)
            return
        self.actions.set_rows([(a.id, [board.themes.get(a.theme_id, ""), a.what, a.owner, a.due_on.isoformat(),
                                       a.done_on.isoformat() if a.done_on else ""]) for a in board.actions])

    def add_action(self, theme_id: str | None, what: str, owner: str, due_on: str) -> bool:
        workshop_id = self._workshop_id()
        if workshop_id is None:
            return False
        done = self.attempt(lambda: themes.add_action(self.service, workshop_id, theme_id or "", what, owner,
                                                       due_on or None))
        if done is None:
            return False
        for box in (self.action_what, self.action_owner, self.action_due):
            box.clear()
        self.load_board()
        return True

    def mark_done(self) -> bool:
        action_id = self.actions.current_key()
        if action_id is None:
            return False
        if self.attempt(lambda: themes.mark_action_done(self.service, action_id, dt.date.today())) is None:
            return False
        self.load_board()
        return True

    # -- the report back ----------------------------------------------------------------------------------
    def show_report(self) -> None:
        from advisor_app.ui.widgets.pdf_preview import PdfPreviewDialog

        if self.report is not None:
            self.report_box.removeWidget(self.report)
            self.report.deleteLater()
            self.report = None
        board = self.board
        if board is None:
            self.report_lead.setText("")
            return
        used = board.used_cases()
        sent = board.reports
        self.report_lead.setText(ngettext(
            "The report goes to the advisors of the {n} case whose statements are in a theme.",
            "The report goes to the advisors of the {n} cases whose statements are in a theme.", len(used))
            + (" " + _("Sent {times} times so far, last on {day}.", times=len(sent), day=sent[-1]["sent_at"][:10])
               if sent else ""))
        pdf = self.attempt(lambda: themes.report_pdf(board, self.service))
        if pdf is not None:
            self.report = PdfPreviewDialog(pdf, board.workshop.title, embedded=True)
            self.report_box.addWidget(self.report, 1)
            self.report.show()
        self.send_button.setEnabled(bool(used))
        self.guard(Action.REPORT_BACK, self.send_button)

    def send_report(self) -> "BackgroundTask[themes.ReportSent] | None":
        workshop_id = self._workshop_id()
        if workshop_id is None:
            return None
        return self.in_background(lambda service, _progress: themes.send_report(service, workshop_id),
                                  self._report_sent, doing=N_("Making the report and sending it…"))

    def _report_sent(self, sent: themes.ReportSent) -> None:
        self.show_message(_(themes.report_words(sent)))
        self.load_board()

    # -- writing to a file ------------------------------------------------------------------------------
    def choose_export(self) -> None:
        found = export_path(self, _("Write the themes to a file"), "themes")
        if found is not None:
            self.export_to(*found)

    def export_to(self, path: Path, fmt: exports.Format) -> "BackgroundTask[Path] | None":
        board = self.board
        if board is None:
            return None
        return self.in_background(lambda service, _progress: exports.export_themes(service, board, path, fmt),
                                  lambda written: self.show_message(_("Wrote the themes to {file}.",
                                                                      file=Path(written).name)),
                                  doing=N_("Writing the themes to a file…"))

    def clear(self) -> None:
        self.board = None
        self.suggested = []
        super().clear()
        for widget in (self.unsorted, self.themes, self.in_theme, self.suggestions):
            widget.clear()
        if self.report is not None:
            self.report.deleteLater()
            self.report = None

    def retranslate_self(self) -> None:
        for index, title in enumerate((N_("Sort into themes"), N_("Analyse"), N_("Act"), N_("Report back"))):
            self.parts.setTabText(index, _(title))
        for index in range(self.dimension.count()):
            self.dimension.setItemText(index, _(DIMENSION_LABELS[Dimension(self.dimension.itemData(index))]))
        self.workshop.setAccessibleName(_("The workshop"))
        self.new_title.setPlaceholderText(_("A new workshop's name"))
        self.new_title.setAccessibleName(_("A new workshop's name"))
        self.new_from.setAccessibleName(_("Reviews held from (YYYY-MM-DD)"))
        self.new_to.setAccessibleName(_("Reviews held until (YYYY-MM-DD)"))
        self.identified.setText(_("Show &who said it"))
        self.identified.setAccessibleName(_("Show who said it (the statements are de-identified otherwise)"))
        self.new_theme.setPlaceholderText(_("The new theme's name"))
        self.new_theme.setAccessibleName(_("The new theme's name"))
        self.rename.setAccessibleName(_("The chosen theme's name"))
        self.suggestions.setAccessibleName(_("Suggested groups"))
        self.accept_name.setAccessibleName(_("The name to give the group"))
        self.dimension.setAccessibleName(_("Analyse by"))
        self.action_theme.setAccessibleName(_("The action's theme"))
        for box, words in ((self.action_what, N_("What will be done")), (self.action_owner, N_("Who owns it")),
                           (self.action_due, N_("By when (YYYY-MM-DD)"))):
            box.setPlaceholderText(_(words))
            box.setAccessibleName(_(words))

