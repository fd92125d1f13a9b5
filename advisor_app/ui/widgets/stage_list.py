"""A list whose items read as a bold title over a quieter status line (the journey's stages, the
documents of a case), with a "here now" pill: the delegate and the item roles it paints."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from advisor_app.ui import theme

TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
HERE_ROLE = Qt.ItemDataRole.UserRole + 4
COMPLETE_ROLE = Qt.ItemDataRole.UserRole + 5


class StageDelegate(QStyledItemDelegate):
    """Paints a stage as a bold title over a quieter status line, with a "here now" pill."""

    PAD_X, PAD_Y, GAP = 14, 10, 3

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 (Qt API)
        title, small = self._fonts(option)
        height = QFontMetrics(title).lineSpacing() + QFontMetrics(small).lineSpacing() + 2 * self.PAD_Y + self.GAP
        return QSize(200, height + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        c = theme.current()
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver) and enabled
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        rect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected or hover:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c["selection"] if selected else c["hover"]))
            painter.drawRoundedRect(rect, 8, 8)
        if focused and option.widget is not None and option.widget.hasFocus():
            pen = QPen(QColor(c["focus"]), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 8, 8)
        title_font, small_font = self._fonts(option)
        text_colour = QColor(c["selection_text"] if selected else (c["text"] if enabled else c["muted"]))
        x = rect.left() + self.PAD_X
        y = rect.top() + self.PAD_Y
        width = rect.width() - 2 * self.PAD_X
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title_metrics = QFontMetrics(title_font)
        title = title_metrics.elidedText(index.data(TITLE_ROLE) or "", Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, title_metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, title)
        y += title_metrics.lineSpacing() + self.GAP
        painter.setFont(small_font)
        small_metrics = QFontMetrics(small_font)
        status = index.data(STATUS_ROLE) or ""
        complete = bool(index.data(COMPLETE_ROLE))
        status_colour = QColor(c["success"]) if complete and enabled and not selected else (
            text_colour if selected else QColor(c["muted"]))
        painter.setPen(status_colour)
        painter.drawText(QRect(x, y, width, small_metrics.lineSpacing()), Qt.AlignmentFlag.AlignLeft, status)
        here = index.data(HERE_ROLE)
        if here:
            pill_w = small_metrics.horizontalAdvance(here) + 16
            pill = QRect(rect.right() - self.PAD_X - pill_w + 6, y - 2, pill_w, small_metrics.lineSpacing() + 4)
            pill = QStyle.visualRect(option.direction, rect, pill)  # on the left when the screen mirrors
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c["accent"]))
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(QColor(c["accent_text"]))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, here)
        painter.restore()
