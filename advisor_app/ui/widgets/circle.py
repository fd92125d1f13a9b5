"""The relationship circle: the person in the middle, the people in their circle around them,
closest first on the inner ring. Drawn in the theme's colours; read aloud as a list."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from advisor_app.i18n import _
from advisor_app.ui import theme

RINGS = (4, 6, 10)  # how many people fit on each ring, from the inside out


class RelationshipCircle(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.person = ""
        self.members: list[tuple[str, str]] = []  # (name, relationship), closest first
        self.setMinimumSize(380, 380)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_people(self, person: str, members: list[tuple[str, str]]) -> None:
        self.person = person
        self.members = list(members)
        names = ", ".join(f"{name} ({rel})" if rel else name for name, rel in self.members)
        self.setAccessibleName(_("Relationship circle: {person} in the middle; around them, closest first: "
                                 "{names}", person=person or _("the person"), names=names or _("no one yet")))
        self.updateGeometry()
        self.update()

    def rings_used(self) -> int:
        count, used = len(self.members), 0
        for size in RINGS:
            if count <= 0:
                break
            count -= size
            used += 1
        return max(used, 1)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        side = 380 + 90 * (self.rings_used() - 1)
        return QSize(side, side)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        c = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.width() / 2, self.height() / 2)
        rings = self.rings_used()
        room = min(self.width(), self.height()) / 2 - 4
        if rings == 1:
            radii = [room * 0.64]
        else:
            first, last = room * 0.46, room * 0.82
            radii = [first + (last - first) * i / (rings - 1) for i in range(rings)]
        # the rings: the whole circle, then each ring's band, darker towards the person
        edges = [room] + [r + (room - radii[-1]) * 0.9 if i == len(radii) - 1 else (r + radii[i + 1]) / 2
                          for i, r in enumerate(radii)][::-1][1:] + [radii[0] * 0.55]
        for i, radius in enumerate(sorted(set(edges), reverse=True)):
            shade = QColor(c["selection"])
            shade.setAlpha(35 + 35 * i)
            painter.setPen(QPen(QColor(c["border"]), 1))
            painter.setBrush(shade)
            painter.drawEllipse(centre, radius, radius)
        # the person in the middle
        name_font = QFont(self.font())
        name_font.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(name_font)
        person = self.person or _("The person")
        middle = max(metrics.horizontalAdvance(person) / 2 + 16, 38)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c["accent"]))
        painter.drawEllipse(centre, middle, middle)
        painter.setFont(name_font)
        painter.setPen(QColor(c["accent_text"]))
        painter.drawText(QRectF(centre.x() - middle, centre.y() - middle, 2 * middle, 2 * middle),
                         Qt.AlignmentFlag.AlignCenter, person)
        # the people around them
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.88)
        small_metrics = QFontMetrics(small)
        index = 0
        for ring, size in enumerate(RINGS[:rings]):
            people = self.members[index:index + size]
            index += size
            for k, (name, relationship) in enumerate(people):
                angle = -math.pi / 2 + 2 * math.pi * k / len(people) + (ring * math.pi / 7)
                at = QPointF(centre.x() + radii[ring] * math.cos(angle), centre.y() + radii[ring] * math.sin(angle))
                width = max(metrics.horizontalAdvance(name), small_metrics.horizontalAdvance(relationship)) + 22
                height = metrics.lineSpacing() + (small_metrics.lineSpacing() if relationship else 0) + 12
                box = QRectF(at.x() - width / 2, at.y() - height / 2, width, height)
                painter.setPen(QPen(QColor(c["border"]), 1))
                painter.setBrush(QColor(c["surface"]))
                painter.drawRoundedRect(box, 8, 8)
                painter.setPen(QColor(c["text"]))
                painter.setFont(name_font)
                painter.drawText(QRectF(box.x(), box.y() + 5, width, metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignHCenter, name)
                if relationship:
                    painter.setFont(small)
                    painter.setPen(QColor(c["muted"]))
                    painter.drawText(QRectF(box.x(), box.y() + 5 + metrics.lineSpacing(), width,
                                            small_metrics.lineSpacing()), Qt.AlignmentFlag.AlignHCenter, relationship)
        painter.end()
