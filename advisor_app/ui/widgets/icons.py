"""Small icons drawn in the theme's colours (no icon font needed; crisp at any text size)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from advisor_app.ui import theme

SIZE = 48


def _colour() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def _canvas() -> tuple[QPixmap, QPainter]:
    pix = QPixmap(SIZE, SIZE)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(_colour(), 3.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    return pix, painter


def calendar() -> QIcon:
    pix, p = _canvas()
    p.drawRoundedRect(QRectF(8, 11, 32, 29), 4, 4)
    p.drawLine(8, 20, 40, 20)
    p.drawLine(16, 6, 16, 14)
    p.drawLine(32, 6, 32, 14)
    p.setBrush(_colour())
    for x in (16, 24, 32):
        for y in (27, 34):
            p.drawEllipse(QRectF(x - 1.2, y - 1.2, 2.4, 2.4))
    p.end()
    return QIcon(pix)


def eye(crossed: bool = False) -> QIcon:
    pix, p = _canvas()
    p.drawEllipse(QRectF(6, 14, 36, 20))
    p.drawEllipse(QRectF(18, 18, 12, 12))
    if crossed:
        p.drawLine(9, 40, 39, 8)
    p.end()
    return QIcon(pix)


def arrow(up: bool) -> QIcon:
    """A chevron pointing up or down (move an entry)."""
    pix, p = _canvas()
    if up:
        p.drawPolyline([QPointF(12, 30), QPointF(24, 18), QPointF(36, 30)])
    else:
        p.drawPolyline([QPointF(12, 18), QPointF(24, 30), QPointF(36, 18)])
    p.end()
    return QIcon(pix)


def cross() -> QIcon:
    """A cross (remove an entry)."""
    pix, p = _canvas()
    p.drawLine(14, 14, 34, 34)
    p.drawLine(34, 14, 14, 34)
    p.end()
    return QIcon(pix)


def plus() -> QIcon:
    pix, p = _canvas()
    p.drawLine(24, 12, 24, 36)
    p.drawLine(12, 24, 36, 24)
    p.end()
    return QIcon(pix)


def choice(chosen: bool) -> QIcon:
    """A round mark for a large choice button: a ring, filled with a tick when chosen."""
    pix, p = _canvas()
    accent = QColor(theme.current()["accent"])
    p.setPen(QPen(accent if chosen else _colour(), 3.5))
    if chosen:
        p.setBrush(accent)
    p.drawEllipse(QRectF(6, 6, 36, 36))
    if chosen:
        tick = QPen(QColor(theme.current()["accent_text"]), 4.5)
        tick.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(tick)
        p.drawLine(QPointF(15, 25), QPointF(21, 31))
        p.drawLine(QPointF(21, 31), QPointF(33, 17))
    p.end()
    return QIcon(pix)
