"""The weekly timetable: seven days by three times of day, built by the domain from the design.

Read only: the pattern is changed in the service design. Each part of support has its own
colour, explained in the key below the grid; a cell where plans clash has a warning mark and a
red outline, and a day with no support says so. Arrow keys move between cells and a screen
reader hears each cell in words.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from advisor_app.domain.support_plan import (
    SLOT_LABELS,
    Booking,
    Slot,
    Timetable,
    timetable_clashes,
    timetable_gaps,
)
from advisor_app.domain.messages import N_
from advisor_app.domain.week import DAY_LABELS, DAYS, NightCover
from advisor_app.i18n import _, ngettext
from advisor_app.ui import theme

BOOKINGS_ROLE = Qt.ItemDataRole.UserRole + 1
CLASH_ROLE = Qt.ItemDataRole.UserRole + 2

# Soft colours that keep dark text readable, one per part of support (then repeated).
COLOURS = ("#CFE8E4", "#F6DDB8", "#D9E2F6", "#EAD5EE", "#DDEBC8", "#F5D0CF", "#D4EEF5", "#EEE6C4")
SLOT_SHORT = {Slot.DAYTIME: N_("Daytime"), Slot.EVENING: N_("Evening"), Slot.NIGHT: N_("Night")}
NIGHT_WORDS = {NightCover.SLEEP_IN: N_("Sleep-in"), NightCover.WAKING_NIGHT: N_("Waking night")}


def hours_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def booking_words(booking: Booking) -> str:
    """What one part of support does in one cell, in words."""
    if booking.night != NightCover.NONE:
        words = _(NIGHT_WORDS[booking.night])
    elif booking.hours:
        words = ngettext("{hours} hour", "{hours} hours", 1 if booking.hours == 1 else 2,
                         hours=hours_text(booking.hours))
    else:
        words = _("Living in")
    if booking.shared_by > 1:
        words += " " + _("(shared by {n})", n=booking.shared_by)
    return words


def pill_text(booking: Booking) -> str:
    if booking.night == NightCover.SLEEP_IN:
        return _("Sleep-in")
    if booking.night == NightCover.WAKING_NIGHT:
        return _("Waking")
    if not booking.hours:
        return _("Lives in")
    text = _("{hours} h", hours=hours_text(booking.hours))
    # in words, on a line of its own: "3 h x3" reads as nine hours
    return text + ("\n" + _("shared by {n}", n=booking.shared_by) if booking.shared_by > 1 else "")


class CellDelegate(QStyledItemDelegate):
    PAD, PILL_GAP = 6, 4

    def __init__(self, grid: "TimetableGrid"):
        super().__init__(grid)
        self.grid = grid

    def _font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(option.font.pointSizeF() * 0.92)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def pill_height(self, option: QStyleOptionViewItem, booking: Booking | None = None) -> int:
        lines = pill_text(booking).count("\n") + 1 if booking is not None else 1
        return QFontMetrics(self._font(option)).height() * lines + 8

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 (Qt API)
        bookings = index.data(BOOKINGS_ROLE) or ()
        heights = [self.pill_height(option, b) + self.PILL_GAP for b in bookings] or [self.pill_height(option)]
        return QSize(90, self.PAD * 2 + sum(heights))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        c = theme.current()
        rect = option.rect.adjusted(1, 1, -1, -1)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        clash = bool(index.data(CLASH_ROLE))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, QColor(c["hover"]))
        if clash:
            painter.setPen(QPen(QColor(c["error"]), 2))
            painter.setBrush(QColor(c["error_bg"]))
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 6, 6)
        font = self._font(option)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        y = rect.top() + self.PAD
        height = self.pill_height(option)
        mark_room = 18 if clash else 0  # the warning mark sits beside the pills, not on them
        for booking in index.data(BOOKINGS_ROLE) or ():
            pill = QRect(rect.left() + self.PAD, y, rect.width() - 2 * self.PAD - mark_room,
                         self.pill_height(option, booking))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.grid.colour_for(booking.chosen_id)))
            painter.drawRoundedRect(pill, 5, 5)
            painter.setPen(QColor("#1D2630"))
            text = "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, pill.width() - 8)
                             for line in pill_text(booking).split("\n"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            y += pill.height() + self.PILL_GAP
        if clash:
            painter.setPen(QColor(c["error"]))
            mark = QRect(rect.right() - self.PAD - mark_room + 2, rect.top() + self.PAD, mark_room, height)
            painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "\u26a0")
        if option.state & QStyle.StateFlag.State_HasFocus and self.grid.hasFocus():
            painter.setPen(QPen(QColor(c["focus"]), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        painter.restore()


class TimetableGrid(QTableWidget):
    """The grid itself (see the module docstring). ``show_timetable`` fills it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(len(Slot), len(DAYS), parent)
        self.setObjectName("timetable")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)
        self.setShowGrid(True)
        self.setWordWrap(True)
        self.setItemDelegate(CellDelegate(self))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.verticalHeader().setHighlightSections(False)
        self._colours: dict[str, str] = {}
        self.timetable: Timetable | None = None
        for row in range(len(Slot)):
            for column in range(len(DAYS)):
                self.setItem(row, column, QTableWidgetItem())

    def colour_for(self, chosen_id: str) -> str:
        return self._colours.get(chosen_id, COLOURS[0])

    def show_timetable(self, timetable: Timetable, order: list[str]) -> None:
        """Fill the grid; ``order`` is the chosen parts' ids, in the design's order (for colours)."""
        self.timetable = timetable
        self._colours = {chosen_id: COLOURS[i % len(COLOURS)] for i, chosen_id in enumerate(order)}
        gaps = {msg.params.get("day") for msg in timetable_gaps(timetable)}
        for column, day in enumerate(DAYS):
            day_cells = {(day, slot): timetable.cell(day, slot) for slot in Slot}
            day_clash = bool(timetable_clashes(Timetable(cells=day_cells)))
            label = _(DAY_LABELS[day])
            head = QTableWidgetItem(label[:3] if len(label) > 3 else label)
            head.setToolTip(label)
            if DAY_LABELS[day] in gaps:
                head.setText(head.text() + " \u2014")
                head.setToolTip(_("{day} has no support planned.", day=label))
            elif day_clash:
                head.setText(head.text() + " \u26a0")
            self.setHorizontalHeaderItem(column, head)
            for row, slot in enumerate(Slot):
                bookings = timetable.cell(day, slot)
                clash = bool(timetable_clashes(Timetable(cells={(day, slot): bookings}))) or (day_clash and bookings)
                item = self.item(row, column)
                item.setData(BOOKINGS_ROLE, bookings)
                item.setData(CLASH_ROLE, bool(clash))
                words = "; ".join(f"{b.name}: {booking_words(b)}" for b in bookings) or _("nothing planned")
                spoken = f"{label}, {_(SLOT_SHORT[slot]).lower()}: {words}"
                if clash:
                    spoken += ". " + _("Warning: more is planned here than there is time for.")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
                item.setToolTip(spoken)
        for row, slot in enumerate(Slot):
            self.setVerticalHeaderItem(row, QTableWidgetItem(_(SLOT_LABELS[slot]).replace(" (", "\n(")))
        self.fit()

    def fit(self) -> None:
        delegate: CellDelegate = self.itemDelegate()  # type: ignore[assignment]
        option = QStyleOptionViewItem()
        option.font = self.font()
        total = self.horizontalHeader().height() + 2 * self.frameWidth()
        for row in range(self.rowCount()):
            most = max((delegate.sizeHint(option, self.model().index(row, c)).height()
                        for c in range(self.columnCount())), default=0)
            height = max(most, self.fontMetrics().lineSpacing() * 2 + 16)
            self.setRowHeight(row, height)
            total += height
        self.setFixedHeight(total + 2)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, self.height())


class Legend(QFrame):
    """The key: each part of support's colour, its name and what it adds up to in a week."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("legend")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self._widgets: list[QWidget] = []

    def show_parts(self, parts: list[tuple[str, str, str]]) -> None:
        """``parts``: (colour, name, what it adds up to)."""
        for widget in self._widgets:
            self.grid.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self._widgets = []
        for row, (colour, name, detail) in enumerate(parts):
            chip = QLabel()
            chip.setFixedSize(18, 18)
            chip.setStyleSheet(f"background: {colour}; border-radius: 4px; border: 1px solid rgba(0,0,0,0.15);")
            title = QLabel(name)
            title.setObjectName("fieldLabel")
            info = QLabel(detail)
            info.setObjectName("hint")
            info.setWordWrap(True)
            self.grid.addWidget(chip, row, 0, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(title, row, 1)
            self.grid.addWidget(info, row, 2)
            self._widgets += [chip, title, info]
        self.grid.setColumnStretch(2, 1)


__all__ = ["TimetableGrid", "Legend", "booking_words", "COLOURS"]
