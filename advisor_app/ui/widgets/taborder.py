"""Tab order that follows what is on screen, top to bottom, even after cards are added.

Qt's default tab order is the order widgets were created; a card added to a list later would
come after everything else on the page. ``fix_tab_order(root)`` walks the layouts in visual
order and chains the focusable controls in that order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

CONTROLS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractButton, QAbstractSpinBox,
            QAbstractItemView, QTabBar)


def focus_chain(root: QWidget) -> list[QWidget]:
    """The focusable controls under ``root`` in the order their layouts show them."""
    out: list[QWidget] = []

    def walk_layout(layout: QLayout) -> None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item.widget() is not None:
                walk_widget(item.widget())
            elif item.layout() is not None:
                walk_layout(item.layout())

    def walk_widget(widget: QWidget) -> None:
        if widget.isWindow():
            return
        if isinstance(widget, CONTROLS):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                out.append(widget)
            return
        if isinstance(widget, QScrollArea):
            if widget.widget() is not None:
                walk_widget(widget.widget())
            return
        if isinstance(widget, QTabWidget):
            out.append(widget.tabBar())
            for index in range(widget.count()):
                walk_widget(widget.widget(index))
            return
        if widget.layout() is not None:
            walk_layout(widget.layout())

    walk_widget(root)
    return out


def fix_tab_order(root: QWidget) -> list[QWidget]:
    chain = focus_chain(root)
    for first, second in zip(chain, chain[1:]):
        QWidget.setTabOrder(first, second)
    return chain
