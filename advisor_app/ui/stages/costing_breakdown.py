"""The costing breakdown: every line of the quote as a family can follow it.

Lines are grouped by how often they are paid (every week, every year, for a set time, once),
each with its plain description, the direct cost, each charge shown openly, the price and what
it adds to the first year; then the totals exactly as the quote gives them. Nothing is added up
here: every figure is a field of the services' ``Quote`` (``services.costing.CaseQuote``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from advisor_app.domain.costing import Line, Quote
from advisor_app.domain.costing.money import plain_number
from advisor_app.domain.messages import N_
from advisor_app.domain.proposals import fraction_words, line_notes, pounds
from advisor_app.i18n import _
from advisor_app.ui import theme
from advisor_app.ui.widgets.forms import ensure_rect_visible

# Columns: the part of support, then money.
PART, DIRECT, CENTRAL, REGIONAL, SURPLUS, PRICE, FIRST_YEAR = range(7)
MONEY_COLUMNS = (DIRECT, CENTRAL, REGIONAL, SURPLUS, PRICE, FIRST_YEAR)

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "group", "line" or "total"

GROUPS = (
    # period, heading, what the price column means, what the first-year column means
    ("week", N_("Every week"), N_("a week"), N_("a year")),
    ("year", N_("Every year"), N_("a year"), N_("a year")),
    ("term", N_("For a set time"), N_("in all"), N_("in the first year")),
    ("once", N_("Once only"), N_("in all"), N_("in the first year")),
)

CHARGE_HELP = {
    CENTRAL: N_("Central management charge: for the work every package of support needs, like invoices "
                "and accounts. A share of the direct cost."),
    REGIONAL: N_("Regional management charge: for managing support in your area. A share of the direct cost."),
    SURPLUS: N_("Surplus: what we keep to look after and improve our services. A share of the direct cost."),
}
CONTINGENCY_WORDS = N_("Kept from the budget for emergencies. We will tell you if we need to use it. "
                       "No charges are added to it.")


@dataclass
class Row:
    kind: str  # "group", "line" or "total"
    title: str
    detail: str = ""
    cells: dict[int, str] = field(default_factory=dict)
    muted: set[int] = field(default_factory=set)  # cells that are words ("included"), not money
    strong: bool = False
    line: Line | None = None
    children: list["Row"] = field(default_factory=list)

    def text(self, column: int) -> str:
        return self.title if column == PART else self.cells.get(column, "")


def _if_longer_words(line: Line) -> str:
    terms = line.if_longer
    if terms is None:
        return ""
    if terms.rule == "refund-full":
        return _("If it takes longer, the whole price is given back: {money}.", money=pounds(terms.refund or Decimal(0)))
    if terms.rule == "refund-partial":
        if terms.pct is not None:
            # the per cent sign goes with the number: a literal "% o" reads as a %-format to gettext tools
            percent = plain_number(terms.pct) + "%"
            return _("If it takes longer, {money} is given back ({percent} of the price).",
                     money=pounds(terms.refund or Decimal(0)), percent=percent)
        return _("If it takes longer, {money} is given back.", money=pounds(terms.refund or Decimal(0)))
    return _("If it takes longer, support carries on at {rate} an hour.", rate=pounds(terms.hourly_rate or Decimal(0)))


def line_title(line: Line) -> str:
    """A line's name: the engine's own lines (management, contingency) are translated."""
    return _(line.name) if line.component is None else line.name


def line_detail(line: Line, part: Any, person: str) -> str:
    """What the line is, in a few short lines: the menu's words, the outcome, how much, shared."""
    out: list[str] = []
    if line.part == "contingency":
        out.append(_(CONTINGENCY_WORDS))
    elif part is not None and part.description:
        out.append(_(part.description))
    if part is not None and part.outcome:
        out.append(_("Outcome: {outcome}", outcome=part.outcome))
    notes = [_(n) for n in line_notes(line) if getattr(n, "template", n) != "shared by {n}"]
    if line.period == "term" and not line.fixed_price:
        notes.append(_("by the hour"))
    if notes:
        out.append(" \u00b7 ".join(notes))
    if line.shared_by > 1:
        per = {"week": _("a week"), "year": _("a year")}.get(line.period, _("in all"))
        out.append(_("Shared by {n}: {person} pays {fraction}, {money} {per}.", n=line.shared_by, person=person,
                     fraction=_(fraction_words(line.shared_by)), money=pounds(line.price), per=per))
    words = _if_longer_words(line)
    if words:
        out.append(words)
    return "\n".join(out)


def build_rows(quote: Quote, part_of: Any, person: str) -> list[Row]:
    """The table's rows for a quote: a group per period with its lines, then the totals."""
    groups: list[Row] = []
    for period, heading, price_means, year_means in GROUPS:
        lines = [line for line in quote.lines if line.period == period]
        if not lines:
            continue
        group = Row("group", _(heading), cells={PRICE: _(price_means), FIRST_YEAR: _(year_means)},
                    muted={PRICE, FIRST_YEAR})
        for line in lines:
            row = Row("line", line_title(line), line_detail(line, part_of(line), person), line=line)
            row.cells = {DIRECT: pounds(line.direct_cost), PRICE: pounds(line.price),
                         FIRST_YEAR: pounds(line.first_year)}
            charges = {CENTRAL: line.charges.central, REGIONAL: line.charges.regional,
                       SURPLUS: line.charges.surplus}
            for column, amount in charges.items():
                if line.fixed_price:
                    row.cells[column] = _("included")
                    row.muted.add(column)
                elif line.part == "contingency":
                    row.cells[column] = _("none")
                    row.muted.add(column)
                else:
                    row.cells[column] = pounds(amount)
            group.children.append(row)
        groups.append(group)

    totals = Row("group", _("In total"))
    periods = {line.period for line in quote.lines}
    if "week" in periods:
        totals.children.append(Row("total", _("On-going support, each week"),
                                   cells={PRICE: pounds(quote.weekly_ongoing_total)}))
    if "week" in periods or any(line.part == "management" for line in quote.lines):
        totals.children.append(Row(
            "total", _("On-going support for a year, with management"),
            _("{weeks} weeks of the weekly support, and the management support for the year.",
              weeks=quote.weeks_per_year), cells={FIRST_YEAR: pounds(quote.annual_ongoing_total)}))
    if "term" in periods:
        totals.children.append(Row("total", _("For a set time"), cells={FIRST_YEAR: pounds(quote.fixed_term_total)}))
    if "once" in periods:
        totals.children.append(Row("total", _("Once only"), cells={FIRST_YEAR: pounds(quote.one_off_total)}))
    if quote.contingency:
        totals.children.append(Row("total", _("Kept for emergencies"), cells={FIRST_YEAR: pounds(quote.contingency)}))
    totals.children.append(Row("total", _("The first year in total"), _("Everything above, with our charges."),
                               cells={FIRST_YEAR: pounds(quote.first_year_total)}, strong=True))
    first = quote.first_year_charges
    if first.total:
        totals.children.append(Row(
            "total", _("Our charges in the first year"),
            _("Already in the prices above, shown here so you can see them: {money} in all.",
              money=pounds(first.total)),
            cells={CENTRAL: pounds(first.central), REGIONAL: pounds(first.regional), SURPLUS: pounds(first.surplus)}))
    groups.append(totals)
    return groups


class BreakdownModel(QAbstractItemModel):
    """Groups at the top level, their lines (or totals) beneath. Read-only."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.groups: list[Row] = []
        self.quote: Quote | None = None

    # -- filling ------------------------------------------------------------------------------
    def set_quote(self, quote: Quote | None, part_of: Any = lambda line: None, person: str = "") -> None:
        self.beginResetModel()
        self.quote = quote
        self.groups = build_rows(quote, part_of, person) if quote is not None else []
        self.endResetModel()

    def headers(self) -> list[str]:
        q = self.quote
        pct = (q.percentages.central, q.percentages.regional, q.percentages.surplus) if q else (None,) * 3

        def charge(name: str, value: Decimal | None) -> str:
            return _("{name}\n{pct}%", name=name, pct=plain_number(value)) if value is not None else name

        return [_("Part of support"), _("Direct\ncost"), charge(_("Central"), pct[0]),
                charge(_("Regional"), pct[1]), charge(_("Surplus"), pct[2]), _("Price"), _("First\nyear")]

    # -- lookups for tests and the page ---------------------------------------------------------
    def rows(self, kind: str | None = None) -> list[Row]:
        out: list[Row] = []
        for group in self.groups:
            out += [group, *group.children]
        return [r for r in out if kind is None or r.kind == kind]

    def total(self, title: str) -> str:
        row = next((r for r in self.rows("total") if r.title == title), None)
        return (row.cells.get(FIRST_YEAR) or row.cells.get(PRICE) or "") if row else ""

    def line_row(self, name: str) -> Row | None:
        return next((r for r in self.rows("line") if r.line is not None and r.line.name == name), None)

    # -- the model ----------------------------------------------------------------------------
    def _row(self, index: QModelIndex | QPersistentModelIndex) -> Row | None:
        if not index.isValid():
            return None
        group_no = index.internalId()
        if group_no == 0:
            return self.groups[index.row()] if index.row() < len(self.groups) else None
        group = self.groups[group_no - 1]
        return group.children[index.row()] if index.row() < len(group.children) else None

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()].children)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 7

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text(column)
        if role == DETAIL_ROLE:
            return row.detail if column == PART else ""
        if role == KIND_ROLE:
            return row.kind
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = row.text(column)
            if column == PART:
                return f"{text}. {row.detail}".strip() if row.detail else text
            return f"{self.headers()[column].replace(chr(10), ' ')}: {text}" if text else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == PART and row.detail:
            return row.detail
        if role == Qt.ItemDataRole.TextAlignmentRole and column in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (row.kind == "group" or row.strong):
            font = QFont(QApplication.font())
            font.setWeight(QFont.Weight.DemiBold if row.kind == "group" else QFont.Weight.Bold)
            if row.kind == "group" and column != PART:
                font.setWeight(QFont.Weight.Normal)
                font.setPointSizeF(font.pointSizeF() * 0.9)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (column in row.muted):
            return QColor(theme.current()["muted"])
        if role == Qt.ItemDataRole.BackgroundRole and row.kind == "group":
            return QColor(theme.current()["hover"])
        if role == Qt.ItemDataRole.BackgroundRole and row.strong:
            return QColor(theme.current()["info_bg"])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in CHARGE_HELP:
                return _(CHARGE_HELP[section])
            return {
                DIRECT: _("What the support itself costs: staff time at its rates, nights, the service used."),
                PRICE: _("The direct cost with the charges, for the time shown in the group's heading."),
                FIRST_YEAR: _("What this adds to the first year."),
            }.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PartDelegate(QStyledItemDelegate):
    """The first column: a line's name, and under it its plain description, wrapped."""

    PAD_X, PAD_Y, GAP = 12, 8, 3

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self.view = view

    def _fonts(self, option: QStyleOptionViewItem, strong: bool) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.Bold if strong else QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        small.setWeight(QFont.Weight.Normal)
        return title, small

    def _width(self, index: QModelIndex) -> int:
        indent = self.view.indentation() if index.parent().isValid() else 0
        return max(self.view.columnWidth(PART) - indent - 2 * self.PAD_X, 80)

    def _layout(self, option: QStyleOptionViewItem, index: QModelIndex, width: int) -> tuple[QRect, QRect]:
        strong = index.data(KIND_ROLE) == "group" or bool(index.data(Qt.ItemDataRole.FontRole)
                                                            and index.data(Qt.ItemDataRole.FontRole).bold())
        title_font, small_font = self._fonts(option, strong)
        flags = int(Qt.TextFlag.TextWordWrap)
        title = QFontMetrics(title_font).boundingRect(QRect(0, 0, width, 10_000), flags, index.data() or "")
        detail_text = index.data(DETAIL_ROLE) or ""
        detail = (QFontMetrics(small_font).boundingRect(QRect(0, 0, width, 10_000), flags, detail_text)
                  if detail_text else QRect(0, 0, 0, 0))
        return title, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt API)
        if index.column() != PART:
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, detail = self._layout(opt, index, self._width(index))
        height = title.height() + (detail.height() + self.GAP if detail.height() else 0) + 2 * self.PAD_Y
        return QSize(self._width(index), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if background is not None and not option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, background)  # the style sheet's items ignore the model's
        if index.column() != PART:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        c = theme.current()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        strong = opt.font.bold() or index.data(KIND_ROLE) == "group"
        title_font, small_font = self._fonts(opt, strong)
        width = max(opt.rect.width() - 2 * self.PAD_X, 40)
        title_rect, detail_rect = self._layout(opt, index, width)
        x, y = opt.rect.left() + self.PAD_X, opt.rect.top() + self.PAD_Y
        painter.save()
        painter.setFont(title_font)
        painter.setPen(QColor(c["selection_text"] if selected else c["text"]))
        painter.drawText(QRect(x, y, width, title_rect.height()), int(Qt.TextFlag.TextWordWrap), text)
        detail = index.data(DETAIL_ROLE) or ""
        if detail:
            y += title_rect.height() + self.GAP
            painter.setFont(small_font)
            painter.setPen(QColor(c["selection_text"] if selected else c["muted"]))
            painter.drawText(QRect(x, y, width, detail_rect.height()), int(Qt.TextFlag.TextWordWrap), detail)
        painter.restore()


class BreakdownView(QTreeView):
    """The breakdown table: every group open, rows chosen whole, the part column wraps."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("breakdown")
        self.breakdown = BreakdownModel(self)
        self.setModel(self.breakdown)
        self.setItemDelegate(PartDelegate(self))
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(14)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The whole table, as tall as its rows: the page scrolls, never a box inside it.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_height)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PART, QHeaderView.ResizeMode.Stretch)
        for column in MONEY_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.sectionResized.connect(self._column_resized)
        self._last_part_width = 0
        self.setFixedHeight(self.header().sizeHint().height() + 2 * self.frameWidth())

    def fit_height(self) -> None:
        """As tall as the header and every row (rows wrap: their height follows the width)."""
        self.executeDelayedItemsLayout()
        height = self.header().sizeHint().height() + 2 * self.frameWidth()
        index = self.breakdown.index(0, 0) if self.breakdown.rowCount() else QModelIndex()
        while index.isValid():
            height += max(self.visualRect(index).height(), self.sizeHintForIndex(index).height())
            index = self.indexBelow(index)
        if height != self.height():
            self.setFixedHeight(height)

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: N802 (Qt API)
        """The row chosen with the keyboard is brought into view: the page scrolls, not the table."""
        super().currentChanged(current, previous)
        if current.isValid():
            ensure_rect_visible(self.viewport(), self.visualRect(current))

    def _fit_columns(self) -> None:
        """The part column takes the room the money leaves; with large text, when that is too
        narrow to read, it keeps a readable width and the table scrolls sideways instead."""
        header = self.header()
        money = sum(header.sectionSize(c) for c in MONEY_COLUMNS)
        readable = self.fontMetrics().averageCharWidth() * 30
        if self.viewport().width() - money >= readable:
            if header.sectionResizeMode(PART) != QHeaderView.ResizeMode.Stretch:
                header.setSectionResizeMode(PART, QHeaderView.ResizeMode.Stretch)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        else:
            header.setSectionResizeMode(PART, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(PART, readable)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_columns()
        if event.oldSize().width() != event.size().width():
            self._fit_timer.start()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column == PART and new != self._last_part_width:
            self._last_part_width = new
            self.scheduleDelayedItemsLayout()
            self._fit_timer.start()

    def set_quote(self, quote: Quote | None, part_of: Any, person: str) -> None:
        current = self.currentIndex()
        where = (current.parent().row(), current.row()) if current.isValid() else None
        self.breakdown.set_quote(quote, part_of, person)
        self.expandAll()
        self._fit_columns()
        self.fit_height()
        if where is not None:
            parent = self.breakdown.index(where[0], 0) if where[0] >= 0 else QModelIndex()
            index = self.breakdown.index(where[1], 0, parent)
            if index.isValid():
                self.setCurrentIndex(index)
        self.setAccessibleDescription(self._summary())

    def _summary(self) -> str:
        quote = self.breakdown.quote
        if quote is None:
            return ""
        return _("The first year in total: {money}.", money=pounds(quote.first_year_total))
