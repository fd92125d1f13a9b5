"""Charts (Qt Charts): bars by category, and lines over time. A chart only shows what a table
beside it already says in words (its accessible name says what it shows), so nothing is only a
picture."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QLineSeries, QStackedBarSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

# Colours that stay apart for most colour vision, and dark enough for white text.
PALETTE = ("#1B4D5C", "#E08A3C", "#5B8E3E", "#8E3E6B", "#3E5B8E", "#B3261E", "#6B6B6B", "#2E7D7D")


class Chart(QChartView):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it holds the same figures
        self._show(QChart())

    def _show(self, chart: QChart) -> None:
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def bars(self, title: str, categories: Sequence[str], series: Mapping[str, Sequence[float]], *,
             stacked: bool = True, maximum: float | None = None) -> None:
        """One bar per category, each split (or side by side) by ``series``."""
        chart = QChart()
        chart.setTitle(title)
        bars = QStackedBarSeries() if stacked else QBarSeries()
        for index, (name, values) in enumerate(series.items()):
            bar_set = QBarSet(name)
            bar_set.setColor(QColor(PALETTE[index % len(PALETTE)]))
            bar_set.append([float(v) for v in values])
            bars.append(bar_set)
        chart.addSeries(bars)
        axis_x = QBarCategoryAxis()
        axis_x.append([c if len(c) <= 24 else c[:23] + "…" for c in categories])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        top = maximum if maximum is not None else max([sum(v) for v in zip(*series.values())] or [1])
        axis_y.setRange(0, max(top, 1))
        axis_y.applyNiceNumbers()
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(axis_x)
        bars.attachAxis(axis_y)
        self._show(chart)

    def lines(self, title: str, x_labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
              maximum: float, minimum: float = 0, ticks: int = 5) -> None:
        """One line per series over ``x_labels`` (a point left out where its value is None)."""
        chart = QChart()
        chart.setTitle(title)
        axis_x = QBarCategoryAxis()
        axis_x.append(list(x_labels) or [""])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setRange(minimum, maximum)
        axis_y.setTickCount(ticks)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for index, (name, values) in enumerate(series.items()):
            line = QLineSeries()
            line.setName(name)
            line.setColor(QColor(PALETTE[index % len(PALETTE)]))
            line.setPointsVisible(True)
            line.setMarkerSize(8)
            for x, value in enumerate(values):
                if value is not None:
                    line.append(x, float(value))
            chart.addSeries(line)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
        self._show(chart)
