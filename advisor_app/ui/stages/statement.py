"""The budget statement inside a review: the weeks it covers, the hours delivered (typed in, or
imported from the rota's CSV), expenses, and the figures against the plan with a chart.

Two forms, each with its own autosave through ``services.statements``: the statement itself, and
the rows typed in (one batch per statement). An imported file is its own batch, taken whole or
refused with one sentence naming the line and the field. The figures are the domain's; this
panel only shows them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from advisor_app.domain.budget_statement import (
    MAX_WEEKS,
    UNIT_LABELS,
    ChartBar,
    StatementFigures,
    Unit,
    chart_bars,
    status_words,
)
from advisor_app.domain.costing.money import plain_number
from advisor_app.domain.delivered_csv import MAX_BYTES
from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import pounds
from advisor_app.i18n import _, ngettext
from advisor_app.services import statements
from advisor_app.services.errors import StoreError
from advisor_app.ui import theme
from advisor_app.ui.stages.setup import LIST_TEXTS, button_row
from advisor_app.ui.operations import Op
from advisor_app.ui.widgets.autosave import Autosaver
from advisor_app.ui.widgets.fields import CheckBinding, ChecksBinding, ChoiceBinding, DateBinding, LineBinding, \
    NumberBinding, SpinBinding, TextAreaBinding
from advisor_app.ui.widgets.forms import FormLayout, FormSection, RecordCard, RecordList, first_line
from advisor_app.ui.widgets.lists import panel
from advisor_app.ui.widgets.text import TrButton, TrLabel

COLUMNS = (N_("Part"), N_("Planned"), N_("Delivered"), N_("Spent"), N_("Difference"))


class SpendChart(QWidget):
    """Two bars per part: the plan (outlined) and what was spent (filled; past the plan in red)."""

    ROW = 46

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[ChartBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[ChartBar], description: str) -> None:
        self.bars = bars
        self.setAccessibleName(_("Chart of spending against the plan"))
        self.setAccessibleDescription(description)
        self.setFixedHeight(max(1, len(bars)) * self.ROW + 8)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(600, max(1, len(self.bars)) * self.ROW + 8)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        label_w = min(self.width() // 3, max((metrics.horizontalAdvance(_(b.label)) for b in self.bars), default=0) + 12)
        money_w = max((metrics.horizontalAdvance(_("spent {amount}", amount=pounds(v)))
                       for b in self.bars for v in (b.planned, b.actual)), default=60) + 12
        room = max(self.width() - label_w - money_w, 40)
        top = max((max(b.planned, b.actual) for b in self.bars), default=Decimal(1)) or Decimal(1)
        scale = room / float(top)
        for i, bar in enumerate(self.bars):
            y = i * self.ROW + 4
            painter.setPen(QColor(c["text"]))
            label = metrics.elidedText(_(bar.label), Qt.TextElideMode.ElideRight, label_w - 8)
            painter.drawText(QRectF(0, y, label_w - 8, self.ROW - 8), Qt.AlignmentFlag.AlignVCenter, label)
            for j, (amount, filled) in enumerate(((bar.planned, False), (bar.actual, True))):
                top_y = y + 4 + j * 18
                length = max(float(amount) * scale, 1.0)
                rect = QRectF(label_w, top_y, length, 14)
                if filled:
                    within = min(length, float(bar.planned) * scale) if bar.planned else length
                    painter.fillRect(QRectF(label_w, top_y, max(within, 1.0), 14), QColor(c["accent"]))
                    if bar.planned and amount > bar.planned:
                        painter.fillRect(QRectF(label_w + within, top_y, length - within, 14), QColor(c["error"]))
                else:
                    painter.setPen(QPen(QColor(c["accent"]), 1))
                    painter.setBrush(QColor(c["selection"]))
                    painter.drawRect(rect)
                painter.setPen(QColor(c["text"]))
                words = _("spent {amount}", amount=pounds(amount)) if filled else _("plan {amount}",
                                                                                   amount=pounds(amount))
                painter.drawText(QRectF(label_w + length + 6, top_y - 2, money_w + 40, 18),
                                 Qt.AlignmentFlag.AlignVCenter, words)
        painter.end()


def _units(value: Decimal, unit: Unit) -> str:
    return f"{plain_number(value)} {_(UNIT_LABELS[unit])}"


def figures_summary(figures: StatementFigures) -> str:
    return _("Planned {planned}, spent {spent}: {difference} {status}.", planned=pounds(figures.planned_total),
             spent=pounds(figures.actual_total), difference=pounds(abs(figures.difference)),
             status=_(status_words(figures.status)))


class StatementPanel(QWidget):
    """The review's budget statement. ``changed`` fires after anything it writes."""

    changed = Signal()

    def __init__(self, session: Any, case_id: Callable[[], str | None],
                 open_documents: Callable[..., Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._session, self._case_id, self._open_documents = session, case_id, open_documents
        self.view: statements.StatementView | None = None
        self.form = FormSection("budget_statement", self)
        self.rows_form = FormSection("delivered_hours", self)
        self.autosaver = Autosaver(self._save_statement, parent=self)
        self.rows_saver = Autosaver(self._save_rows, parent=self)
        for saver in (self.autosaver, self.rows_saver):
            saver.saved.connect(lambda _n: self.reload())
        self.autosaver.attach(self.form)
        self.rows_saver.attach(self.rows_form)
        self._build()

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        f = self.form
        layout = FormLayout(self, spacing=16)
        self.none = TrLabel(N_("There is no budget statement with this review: the case has no accepted proposal to "
                               "measure the spending against."), object_name="inlineInfo")
        layout.addWidget(self.none)
        self.body = QWidget()
        body = FormLayout(self.body, spacing=16)
        layout.addWidget(self.body)
        body.addWidget(f.message)
        self.period_from = f.add(DateBinding("period_from", N_("The statement &starts on")))
        self.weeks = f.add(SpinBinding("weeks", N_("For how many &weeks"), minimum=1, maximum=MAX_WEEKS,
                                       suffix=N_("weeks")))
        body.pair(self.period_from, self.weeks)
        self.once = f.add(ChecksBinding("once_parts", N_("Parts bought once that belong to these weeks"), [],
                                        columns=1, empty=N_("The plan has no parts bought once.")))
        body.field(self.once)
        body.field(f.add(CheckBinding("carry_forward_allowed", N_("The agreement lets hours not used be used later"))))

        body.heading(N_("What was delivered"), lead=N_("Type the hours in, or import the rota's CSV file "
                                                        "(date, support, unit, amount)."))
        self.import_button = TrButton(N_("&Import hours from a CSV file…"))
        self.import_button.clicked.connect(self.choose_file)
        self.imports = QLabel()
        self.imports.setWordWrap(True)
        self.remove_import_button = TrButton(N_("Remove the last import"), danger=True)
        self.remove_import_button.clicked.connect(self.remove_last_import)
        body.addWidget(button_row(self.import_button, self.remove_import_button))
        self.import_message = QLabel()
        self.import_message.setWordWrap(True)
        self.import_message.hide()
        body.addWidget(self.import_message)
        body.addWidget(self.imports)
        body.addWidget(self.rows_form.message)
        self.rows = self.rows_form.add(RecordList(
            "rows", self._row_fields, title_for=self._row_title,
            blank=lambda d: not d.get("amount") and not d.get("worked_on"),
            new_record=lambda: {"unit": Unit.HOURS.value},
            texts={**LIST_TEXTS, "add": N_("&Add hours by hand"), "empty": N_("No hours typed in.")}))
        body.field(self.rows)

        body.heading(N_("Expenses"), lead=N_("What was paid for beyond the hours; tick those paid from the "
                                             "emergency amount."))
        self.expenses = f.add(RecordList(
            "expenses", self._expense_fields,
            title_for=lambda d, i: f"{i + 1}. " + (first_line(d.get("what") or "", 60) or _("New expense")),
            blank=lambda d: not (d.get("what") or "").strip() and not d.get("amount"),
            texts={**LIST_TEXTS, "add": N_("Add an e&xpense"), "empty": N_("No expenses.")}))
        body.field(self.expenses)
        body.field(f.add(TextAreaBinding("notes", N_("Notes on the statement"), lines=2)))

        body.heading(N_("Against the plan"))
        self.summary = QLabel()
        self.summary.setObjectName("lead")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("The statement, part by part"))
        self.chart = SpendChart()
        self.document_button = TrButton(N_("The &budget statement for the family…"))
        self.document_button.clicked.connect(lambda: self._open_documents("budget-statement"))
        body.addWidget(panel(self.summary, self.table, self.chart, button_row(self.document_button)))

    def _row_fields(self, card: RecordCard) -> None:
        f = card.form
        day = f.add(DateBinding("worked_on", N_("Date")))
        part = f.add(ChoiceBinding("part", N_("Part of the plan"), self._part_options(), placeholder=N_("Choose…"),
                                   min_chars=24))
        card.fields.pair(day, part)
        unit = f.add(ChoiceBinding("unit", N_("Unit"), UNIT_LABELS))
        amount = f.add(NumberBinding("amount", N_("How many")))
        staff = f.add(LineBinding("staff", N_("Staff")))
        card.fields.pair(unit, amount, staff)
        card.part_choice = part  # type: ignore[attr-defined]

    def _row_title(self, data: dict[str, Any], index: int) -> str:
        return f"{index + 1}. {data.get('worked_on') or ''}".rstrip()

    def _expense_fields(self, card: RecordCard) -> None:
        f = card.form
        what = f.add(LineBinding("what", N_("What it was for")))
        amount = f.add(NumberBinding("amount", N_("Amount"), prefix="£"))
        card.fields.pair(what, amount)
        day = f.add(DateBinding("spent_on", N_("Date")))
        emergency = f.add(CheckBinding("from_emergency", N_("Paid from the emergency amount")))
        card.fields.pair(day, emergency)

    def _part_options(self) -> list[tuple[str, Any]]:
        view = self.view
        return [(p.key, (lambda p=p: f"{p.number}. {first_line(p.name, 50)}"))
                for p in (view.parts if view else []) if any(p.takes(u) for u in Unit)]

    # -- data -----------------------------------------------------------------------------------
    def open(self, statement_id: str | None) -> None:
        self.flush()
        self.autosaver.reset()
        self.rows_saver.reset()
        self.autosaver.attach(self.form)
        self.rows_saver.attach(self.rows_form)
        self.view = None
        if statement_id is not None:
            try:
                self.view = statements.load_statement(self._service(), statement_id)
            except StoreError:
                self.view = None
        self.none.setVisible(self.view is None)
        self.body.setVisible(self.view is not None)
        if self.view is None:
            return
        self._options()
        self.form.load(self.view.data)
        entered = self.view.entered()
        self.rows_form.load({"rows": [r.model_dump(mode="json") for r in entered[1].rows]} if entered else {})
        self._show()

    def reload(self) -> None:
        if self.view is None:
            return
        try:
            self.view = statements.load_statement(self._service(), self.view.id)
        except StoreError:
            return
        self._options()
        self._show()
        self.changed.emit()

    def _options(self) -> None:
        view = self.view
        if view is None:
            return
        self.once.set_options([(p.key, (lambda p=p: f"{p.number}. {first_line(p.name, 70)}"))
                               for p in view.parts if p.bought_once])
        options = self._part_options()
        for card in self.rows.cards:
            card.part_choice.set_options(options)  # type: ignore[attr-defined]

    def _show(self) -> None:
        view = self.view
        figures = view.figures if view else None
        if view is None or figures is None:
            self.summary.setText(_("The plan this statement was made from is no longer in the case."))
            self.table.setRowCount(0)
            self.chart.set_bars([], "")
            return
        self.summary.setText(figures_summary(figures))
        self.summary.setAccessibleName(self.summary.text())
        rows = []
        for line in figures.lines:
            delivered = ", ".join(_("{got} of {planned}", got=_units(u.delivered_units, u.unit),
                                    planned=plain_number(u.planned_units)) for u in line.units)
            rows.append([f"{line.part.number}. {first_line(line.part.name, 48)}", pounds(line.planned), delivered,
                         pounds(line.actual), f"{pounds(abs(line.difference))} {_(status_words(line.status))}"])
        rows.append([_("Emergency amount"), pounds(figures.contingency_planned), "", pounds(figures.emergency_used),
                     _("{amount} left", amount=pounds(figures.emergency_left))])
        if figures.other_expenses:
            rows.append([_("Other expenses"), pounds(Decimal(0)), "", pounds(figures.other_expenses), ""])
        rows.append([_("Total"), pounds(figures.planned_total), "", pounds(figures.actual_total),
                     f"{pounds(abs(figures.difference))} {_(status_words(figures.status))}"])
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(COLUMNS[c])}: {text}")
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader()
        self.table.setFixedHeight(max(header.sizeHint().height(), header.height()) + self.table.verticalHeader().length()
                                  + 2 * self.table.frameWidth() + 12)
        self.chart.set_bars(chart_bars(figures), self.summary.text())
        imports = view.imports()
        self.imports.setText("\n".join(ngettext("Imported {name}: {n} line", "Imported {name}: {n} lines", len(b.rows),
                                                name=b.file_name or "?")
                                       for _r, b in imports) or _("No files imported."))
        self.imports.setAccessibleName(self.imports.text())
        self.remove_import_button.setVisible(bool(imports))

    def _service(self) -> Any:
        return self._session.service

    def _save_statement(self, form: FormSection) -> Op:
        """The autosaver's operation for the statement's own answers."""
        case_id, statement_id, data = self._open(), self.view.id, form.data()  # type: ignore[union-attr]
        return Op(self._session, lambda service: statements.save_statement(service, case_id, statement_id, data))

    def _save_rows(self, form: FormSection) -> Op:
        """The autosaver's operation for the hours typed in."""
        case_id, statement_id, rows = self._open(), self.view.id, form.data().get("rows") or []  # type: ignore[union-attr]
        return Op(self._session, lambda service: statements.save_entered_rows(service, case_id, statement_id, rows))

    def _open(self) -> str:
        if self.view is None:
            raise StoreError(N_("No budget statement is open."))
        return self.view.case_id

    def flush(self) -> None:
        if self.view is not None:
            self.autosaver.flush()
            self.rows_saver.flush()

    # -- importing ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Import delivered hours"), str(Path.home()),
                                                    _("CSV files (*.csv);;All files (*)"))
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> str:
        """Import ``path`` into this statement; the plain outcome is shown and returned."""
        if self.view is None:
            return ""
        self.flush()
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)  # a larger file is refused by its size
            batch = statements.import_hours(self._service(), self.view.case_id, self.view.id, raw,
                                            file_name=path.name)
            text = ngettext("Imported {n} line from {name}.", "Imported {n} lines from {name}.", len(batch.rows),
                            name=path.name)
            error = False
        except OSError as exc:
            text, error = _("Cannot read {name}: {reason}", name=path.name, reason=exc.strerror or ""), True
        except StoreError as exc:
            text, error = _("{name} was not imported. {reason}", name=path.name, reason=_(str(exc))), True
        self._say(text, error=error)
        self.reload()
        return text

    def remove_last_import(self) -> None:
        if self.view is None or not self.view.imports():
            return
        record, batch = self.view.imports()[-1]
        result = statements.remove_import(self._service(), record.id, record.version)
        self._say(_("Removed the import of {name}.", name=batch.file_name or "?") if result.ok
                  else _(next(iter(result.errors.values()))), error=not result.ok)
        self.reload()

    def _say(self, text: str, *, error: bool) -> None:
        self.import_message.setObjectName("inlineError" if error else "inlineInfo")
        theme.repolish(self.import_message)
        self.import_message.setText(text)
        self.import_message.setAccessibleName(text)
        self.import_message.show()
