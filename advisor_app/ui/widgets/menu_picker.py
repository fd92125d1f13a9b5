"""Choosing a part of support from the provider's menu: search, filter by kind, read what it is.

Keyboard: type to search; Down goes to the list; Enter adds the highlighted part; Esc cancels.
Each part shows its name, its kind and the plain description the family will read.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.components import KIND_LABELS, PRICING_LABELS, ComponentKind, ComponentMenu, MenuComponent
from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.ui import theme
from advisor_app.ui.widgets.text import TrLabel, heading

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 3
NOTE_ROLE = Qt.ItemDataRole.UserRole + 4


class MenuDelegate(QStyledItemDelegate):
    """A part of support: its name in bold, a pill with its kind, and its description below."""

    PAD_X, PAD_Y, GAP = 14, 10, 4

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.92)
        return title, small

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width() if option.rect.width() > 0 else 520
        return max(width - 2 * self.PAD_X - 8, 200)

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 (Qt API)
        title, small = self._fonts(option)
        width = self._text_width(option)
        if option.widget is not None:
            width = max(option.widget.viewport().width() - 2 * self.PAD_X - 8, 200)
        text = index.data(DESCRIPTION_ROLE) or ""
        described = QFontMetrics(small).boundingRect(QRect(0, 0, width, 10_000),
                                                     int(Qt.TextFlag.TextWordWrap), text).height()
        return QSize(width, QFontMetrics(title).lineSpacing() + described + 2 * self.PAD_Y + self.GAP + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        c = theme.current()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c["selection"]))
            painter.drawRoundedRect(rect, 8, 8)
            if option.widget is not None and option.widget.hasFocus():
                painter.setPen(QPen(QColor(c["focus"]), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 8, 8)
        title_font, small_font = self._fonts(option)
        text_colour = QColor(c["selection_text"] if selected else c["text"])
        x, y = rect.left() + self.PAD_X, rect.top() + self.PAD_Y
        width = rect.width() - 2 * self.PAD_X
        # the kind as a pill on the right
        kind = index.data(KIND_ROLE) or ""
        small_metrics = QFontMetrics(small_font)
        pill_w = small_metrics.horizontalAdvance(kind) + 18
        title_metrics = QFontMetrics(title_font)
        pill = QRect(rect.right() - self.PAD_X - pill_w, y, pill_w, title_metrics.lineSpacing())
        pill = QStyle.visualRect(option.direction, rect, pill)  # each box mirrors when the screen does
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c["badge_bg"]))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setFont(small_font)
        painter.setPen(QColor(c["badge_text"]))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, kind)
        # the name, and how many times it is already chosen
        painter.setFont(title_font)
        painter.setPen(text_colour)
        name = index.data(Qt.ItemDataRole.DisplayRole) or ""
        note = index.data(NOTE_ROLE) or ""
        name_width = width - pill_w - 12
        shown = title_metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_width)
        painter.drawText(QStyle.visualRect(option.direction, rect, QRect(x, y, name_width, title_metrics.lineSpacing())),
                         Qt.AlignmentFlag.AlignLeft, shown)
        if note:
            painter.setFont(small_font)
            painter.setPen(QColor(c["success"] if not selected else c["selection_text"]))
            note_x = x + title_metrics.horizontalAdvance(shown) + 12
            note_box = QRect(note_x, y + 2, max(name_width - (note_x - x), 0), title_metrics.lineSpacing())
            painter.drawText(QStyle.visualRect(option.direction, rect, note_box), Qt.AlignmentFlag.AlignLeft, note)
        y += title_metrics.lineSpacing() + self.GAP
        painter.setFont(small_font)
        painter.setPen(QColor(c["selection_text"] if selected else c["muted"]))
        painter.drawText(QRect(x, y, width, rect.bottom() - y), int(Qt.TextFlag.TextWordWrap),
                         index.data(DESCRIPTION_ROLE) or "")
        painter.restore()


class MenuList(QListWidget):
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.doItemsLayout()  # descriptions wrap to the new width


class MenuPicker(QDialog):
    """Pick one part of support. ``chosen()`` is the menu component, after ``exec()`` accepts."""

    def __init__(self, menu: ComponentMenu, *, already: Iterable[str] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.menu = menu
        self.already = list(already)
        self.setModal(True)
        self.setWindowTitle(_("Add a part of support"))
        self.setMinimumSize(640, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(N_("Add a part of support"), 1))
        layout.addWidget(TrLabel(N_("Our menu of support. Each part is bought on its own, so the family pays for "
                                    "what they need. Type to search, then Enter to add."), object_name="lead"))
        row = QHBoxLayout()
        row.setSpacing(12)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name or description"))
        self.search.setAccessibleName(_("Search the menu"))
        self.search.installEventFilter(self)
        self.kind = QComboBox()
        self.kind.addItem(_("Every kind"), None)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(_(label), kind.value)
        self.kind.setAccessibleName(_("Kind of support"))
        search_label = TrLabel(N_("&Search"), object_name="fieldLabel", buddy=self.search)
        kind_label = TrLabel(N_("&Kind"), object_name="fieldLabel", buddy=self.kind)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(search_label)
        left.addWidget(self.search)
        right.addWidget(kind_label)
        right.addWidget(self.kind)
        row.addLayout(left, 3)
        row.addLayout(right, 1)
        layout.addLayout(row)
        self.list = MenuList()
        self.list.setObjectName("menuList")
        self.list.setItemDelegate(MenuDelegate(self.list))
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setAccessibleName(_("Parts of support on our menu"))
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        self.count = TrLabel("", object_name="hint")
        layout.addWidget(self.count)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(_("&Add to the design"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setProperty("primary", True)
        cancel = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self.refilter)
        self.kind.currentIndexChanged.connect(self.refilter)
        self.refilter()
        self.search.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.search.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # type to search straight away

    def items(self) -> list[MenuComponent]:
        needle = self.search.text().strip().lower()
        kind = self.kind.currentData()
        out = []
        for item in self.menu.components:
            if kind and item.kind != ComponentKind(kind):
                continue
            words = f"{item.name} {item.description} {_(item.name)} {_(item.description)}".lower()
            if needle and needle not in words:  # in English or in the app's language
                continue
            out.append(item)
        return out

    def refilter(self) -> None:
        current = self.chosen()
        self.list.clear()
        shown = self.items()
        for component in shown:
            item = QListWidgetItem(_(component.name))
            item.setData(ID_ROLE, component.id)
            kind = _(KIND_LABELS[component.kind])
            item.setData(KIND_ROLE, kind)
            item.setData(DESCRIPTION_ROLE, _(component.description))
            times = self.already.count(component.id)
            note = ngettext("Chosen once already", "Chosen {n} times already", times) if times else ""
            item.setData(NOTE_ROLE, note)
            spoken = f"{_(component.name)}. {kind}. {_(PRICING_LABELS[component.pricing])}. {_(component.description)}"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken + (f" {note}." if note else ""))
            self.list.addItem(item)
        if shown:
            ids = [c.id for c in shown]
            self.list.setCurrentRow(ids.index(current.id) if current and current.id in ids else 0)
        self.add_button.setEnabled(bool(shown))
        self.count.setText(_("Nothing on the menu matches. Try another word, or every kind.") if not shown else
                           ngettext("{n} part of support", "{n} parts of support", len(shown)))

    def chosen(self) -> MenuComponent | None:
        item = self.list.currentItem() if hasattr(self, "list") else None
        return self.menu.get(item.data(ID_ROLE)) if item is not None else None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.setFocus()
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)
