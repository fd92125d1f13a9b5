"""A pad to sign on: mouse, pen (with pressure) and finger, drawn smoothly.

``SignaturePad`` keeps the drawing as strokes, each a list of ``(x, y, t_ms, pressure|None)``
points in the pad's own coordinates (``viewport()`` gives its size), ``t_ms`` counted from the
first point of the signature. This is exactly the ``strokes`` of ``SignatureEvidence``.
``clear()`` starts again; ``undo_last()`` takes the last line away so it can be drawn again.
``SignatureBox`` puts the pad with its Clear and Redo buttons (both reachable with Tab).
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.ui import theme
from advisor_app.ui.widgets.text import TrButton, TrLabel, shortcut

Point = tuple[float, float, int, float | None]
MAX_POINTS = 5000  # per stroke (SignatureEvidence's limit)
MAX_STROKES = 200


class SignaturePad(QWidget):
    changed = Signal()  # a line was drawn, taken away, or everything cleared

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.strokes: list[list[Point]] = []
        self._current: list[Point] | None = None
        self._clock = QElapsedTimer()
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(420, 170)
        self.setMaximumSize(1100, 380)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate_self()

    def retranslate_self(self) -> None:
        self.setAccessibleName(_("Signature pad"))
        self.setAccessibleDescription(_("Sign here with a finger, a pen or the mouse. Tab moves on to the "
                                        "buttons to clear the pad or take away the last line."))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(720, 260)

    # -- what was drawn ---------------------------------------------------------------------------
    def viewport(self) -> tuple[float, float]:
        return float(self.width()), float(self.height())

    def is_empty(self) -> bool:
        return not any(len(s) >= 2 for s in self.strokes)

    def clear(self) -> None:
        self.strokes = []
        self._current = None
        self.update()
        self.changed.emit()

    def undo_last(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self._current = None
            self.update()
            self.changed.emit()

    # -- drawing ---------------------------------------------------------------------------------
    def _time(self) -> int:
        if not self.strokes and self._current is None or not self._clock.isValid():
            self._clock.start()
        return int(self._clock.elapsed())

    def _begin(self, pos: QPointF, pressure: float | None) -> None:
        if len(self.strokes) >= MAX_STROKES:
            return
        t = self._time()
        self._current = [(round(pos.x(), 1), round(pos.y(), 1), t, pressure)]
        self.strokes.append(self._current)
        self.update()

    def _extend(self, pos: QPointF, pressure: float | None) -> None:
        if self._current is None or len(self._current) >= MAX_POINTS:
            return
        x = min(max(pos.x(), 0.0), float(self.width()))
        y = min(max(pos.y(), 0.0), float(self.height()))
        # Every sample the device reports is kept (its rate, its pressure even when the pen rests):
        # the evidence needs them; only an exact repeat is dropped.
        sample = (round(x, 1), round(y, 1), self._time(), pressure)
        if sample == self._current[-1]:
            return
        self._current.append(sample)
        self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position(), None)
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), None)
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), None)
            self._end()
        event.accept()

    def tabletEvent(self, event) -> None:  # noqa: N802 (Qt API): a pen, with pressure
        kind = event.type()
        pressure = round(max(0.0, min(1.0, float(event.pressure()))), 3)
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove and self._current is not None:
            self._extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._extend(event.position(), pressure)
            self._end()
        event.accept()  # no mouse events are made from it: each point is recorded once

    def event(self, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            points = event.points()
            if points:
                point = points[0]  # one finger signs; more are ignored
                pressure = point.pressure() if point.device() and (
                    point.device().capabilities() & point.device().Capability.Pressure) else None
                if kind == QEvent.Type.TouchBegin:
                    self._begin(point.position(), pressure)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(point.position(), pressure)
                else:
                    self._extend(point.position(), pressure)
                    self._end()
            event.accept()
            return True
        return super().event(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(c["input"]))
        focus = self.hasFocus()
        painter.setPen(QPen(QColor(c["focus"] if focus else c["input_border"]), 3 if focus else 1.5))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -2, -2), 8, 8)
        # the line to sign on, and the cross before it
        base_y = self.height() * 0.78
        painter.setPen(QPen(QColor(c["muted"]), 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(28, base_y), QPointF(self.width() - 28, base_y))
        painter.setPen(QPen(QColor(c["muted"]), 2))
        painter.drawLine(QPointF(30, base_y - 22), QPointF(44, base_y - 8))
        painter.drawLine(QPointF(44, base_y - 22), QPointF(30, base_y - 8))
        if self.is_empty() and self._current is None:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(self.rect().adjusted(0, 0, 0, -int(self.height() * 0.3)), Qt.AlignmentFlag.AlignCenter,
                             _("Sign here"))
        ink = QColor(c["text"])
        for stroke in self.strokes:
            self._draw_stroke(painter, stroke, ink)
        painter.end()

    @staticmethod
    def _draw_stroke(painter: QPainter, stroke: list[Point], ink: QColor) -> None:
        pressures = [p[3] for p in stroke if p[3] is not None]
        weight = 1.6 + 2.4 * (sum(pressures) / len(pressures)) if pressures else 2.8
        pen = QPen(ink, weight, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        if len(stroke) == 1:
            painter.drawPoint(QPointF(stroke[0][0], stroke[0][1]))
            return
        # smooth: a quadratic curve through the midpoints, each point a control point
        path = QPainterPath(QPointF(stroke[0][0], stroke[0][1]))
        for here, after in zip(stroke[1:-1], stroke[2:]):
            mid = QPointF((here[0] + after[0]) / 2, (here[1] + after[1]) / 2)
            path.quadTo(QPointF(here[0], here[1]), mid)
        path.lineTo(QPointF(stroke[-1][0], stroke[-1][1]))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()


class SignatureBox(QWidget):
    """The pad with its buttons: Clear (start again) and Redo (take away the last line)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.pad = SignaturePad()
        self.label = TrLabel(N_("Please sign in the box"), object_name="subheading", buddy=self.pad)
        layout.addWidget(self.label)
        layout.addWidget(self.pad, 1)
        row = QHBoxLayout()
        self.redo = TrButton(N_("&Redo the last line"), accessible_name=N_("Take away the last line, to draw it again"),
                             tooltip=N_("Take away the last line you drew (Ctrl+Z)"))
        self.clear = TrButton(N_("C&lear"), accessible_name=N_("Clear the signature pad"),
                              tooltip=N_("Start the signature again"))
        self.redo.clicked.connect(self.pad.undo_last)
        self.clear.clicked.connect(self.pad.clear)
        row.addWidget(self.redo)
        row.addWidget(self.clear)
        row.addStretch(1)
        layout.addLayout(row)
        self.pad.changed.connect(self._update)
        shortcut("Ctrl+Z", self, self.pad.undo_last)
        self._update()

    def _update(self) -> None:
        self.redo.setEnabled(bool(self.pad.strokes))
        self.clear.setEnabled(bool(self.pad.strokes))
