"""What the signing steps share: larger text for the family, a step's layout, a name to type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from advisor_app.ui.widgets.text import enlarge

TEXT_SCALE = 1.3  # the family's text, larger than the app's (follows the advisor's text size)


def big(widget: QWidget) -> None:
    """Larger text for the family (follows the advisor's text size: the application font)."""
    enlarge(widget, TEXT_SCALE)


def step_layout(step: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(step)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(12)
    return layout


def text_label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    return label


def name_line(max_length: int = 200) -> QLineEdit:
    line = QLineEdit()
    line.setMaxLength(max_length)
    big(line)
    return line
