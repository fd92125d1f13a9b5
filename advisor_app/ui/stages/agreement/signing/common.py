"""What the signing steps share: larger text for the family, a step's layout, a name to type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

TEXT_SCALE = 1.3  # the family's text, larger than the app's (follows the advisor's text size)


def big(widget: QWidget, factor: float = TEXT_SCALE) -> None:
    """Larger text for the family (follows the advisor's text size: the application font)."""
    widget.setStyleSheet(f"font-size: {QApplication.font().pointSizeF() * factor:.1f}pt;")


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
