"""The table a stage lists its own records in (risk assessments, reviews): whole rows chosen one
at a time, read only, Tab leaves it, Enter or a double click opens the chosen record."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget

from advisor_app.ui.widgets.text import shortcut


def record_table(columns: int, *, stretch: int, open_current: Callable[[], object],
                 selection_changed: Callable[[], object]) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.doubleClicked.connect(lambda _index: open_current())
    table.itemSelectionChanged.connect(selection_changed)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut(key, table, open_current, Qt.ShortcutContext.WidgetShortcut)
    return table


def inline_message(object_name: str = "inlineError") -> QLabel:
    """A message under the list, hidden until there is something to say."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.hide()
    return label
