"""A box for a PIN: digits only, hidden as they are typed, large."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from advisor_app.domain.family_mode import PIN_MAX_DIGITS


class PinEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pin")
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(PIN_MAX_DIGITS)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{PIN_MAX_DIGITS}}}"), self))
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhHiddenText
                                 | Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData)
        self.setMaximumWidth(280)
