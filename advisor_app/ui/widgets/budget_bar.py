"""The budget check drawn as a bar: what the first year uses of the year's budget.

The bar is one scale for the budget and the cost. The part of the cost within the budget is
filled in the theme's accent, the part beyond it in the error colour past a marked budget line,
and what is left of the budget stays as an empty track. Every figure comes from the services'
``BudgetBar`` (``services.costing.CaseQuote.budget``); the widget only draws it, and says the
same in its accessible name and description as the words beside it.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from advisor_app.domain.proposals import BudgetBar, pounds
from advisor_app.i18n import _
from advisor_app.ui import theme


def headline(bar: BudgetBar) -> str:
    """"£354.64 a year under budget", the way the bar is read out and shown above it."""
    if bar.status == "over":
        return _("{money} a year over budget", money=pounds(bar.over_by))
    if bar.status == "under":
        return _("{money} a year under budget", money=pounds(bar.under_by))
    return _("Exactly the budget")


class BudgetBarWidget(QWidget):
    """Draws a ``BudgetBar``; ``set_bar(None)`` shows an empty track (no budget recorded)."""

    RADIUS = 7

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar: BudgetBar | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("budgetBar")

    def set_bar(self, bar: BudgetBar | None, description: str = "") -> None:
        self.bar = bar
        self.setAccessibleName(headline(bar) if bar is not None else _("No budget recorded"))
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        metrics = QFontMetrics(self.font())
        return QSize(400, metrics.lineSpacing() + 34)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, self.sizeHint().height())

    def _fractions(self) -> tuple[float, float]:
        """Where the budget ends and where the cost ends, as shares of the bar's length."""
        bar = self.bar
        if bar is None:
            return 1.0, 0.0
        budget, cost = bar.annual_budget, bar.first_year
        top = max(budget, cost)
        if top <= 0:
            return 1.0, 0.0
        return float(budget / top), float(cost / top)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        track_h, top = 22, 4
        width = self.width() - 2
        track = QRectF(1, top, width, track_h)
        budget_end, cost_end = self._fractions()
        budget_x = track.left() + width * budget_end
        cost_x = track.left() + width * cost_end
        over = cost_x > budget_x
        if over:  # past the budget line: always wide enough to see
            budget_x = min(budget_x, cost_x - 10)

        clip = QPainterPath()
        clip.addRoundedRect(track, self.RADIUS, self.RADIUS)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(track, QColor(c["border"]))
        within = min(cost_x, budget_x) - track.left()
        if within > 0:
            painter.fillRect(QRectF(track.left(), top, within, track_h), QColor(c["accent"]))
        if over:
            part = QRectF(budget_x, top, cost_x - budget_x, track_h)
            painter.fillRect(part, QColor(c["error"]))
            # Hatched, so "over" does not rely on colour alone.
            painter.setClipRect(part, Qt.ClipOperation.IntersectClip)
            painter.setPen(QPen(QColor(c["error_bg"]), 2))
            x = part.left() - track_h
            while x < part.right():
                painter.drawLine(int(x), top + track_h, int(x + track_h), top)
                x += 9
        painter.restore()
        painter.setPen(QPen(QColor(c["input_border"]), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(track, self.RADIUS, self.RADIUS)

        if self.bar is not None:
            # The budget line: where the budget ends, marked and labelled.
            x = min(max(budget_x, track.left() + 1), track.right() - 1)
            painter.setPen(QPen(QColor(c["text"]), 2))
            painter.drawLine(int(x), top - 3, int(x), top + track_h + 5)
            label = _("Budget {money}", money=pounds(self.bar.annual_budget))
            label_w = metrics.horizontalAdvance(label)
            lx = min(max(x - label_w / 2, 0), self.width() - label_w)
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRectF(lx, top + track_h + 6, label_w + 2, metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignLeft, label)
        painter.end()

    def used_share(self) -> Decimal | None:
        """The first year as a share of the budget (1 = all of it), as the services give it."""
        return self.bar.used if self.bar is not None else None
