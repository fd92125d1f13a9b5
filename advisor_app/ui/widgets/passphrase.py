"""Passphrase entry: a box with show/hide, and a strength meter in words (rules in the domain)."""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QToolButton, QVBoxLayout, QWidget

from advisor_app.domain.passphrase import MIN_PASSPHRASE_LENGTH, STRENGTH_ADVICE, STRENGTH_WORDS, passphrase_strength
from advisor_app.i18n import _
from advisor_app.ui.theme import repolish
from advisor_app.ui.widgets import icons

class PassphraseEdit(QWidget):
    """A passphrase box with a "Show" button beside it (Alt+S also shows or hides the text)."""

    textChanged = Signal(str)
    returnPressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.line = QLineEdit()
        self.line.setEchoMode(QLineEdit.EchoMode.Password)
        self.line.setMinimumWidth(280)
        self.line.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
                                      | Qt.InputMethodHint.ImhSensitiveData)
        self.line.textChanged.connect(self.textChanged)
        self.line.returnPressed.connect(self.returnPressed)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.toggled.connect(self._show_text)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        shortcut = QAction(self.line)
        shortcut.setShortcut("Alt+S")
        shortcut.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.triggered.connect(self.toggle.toggle)
        self.line.addAction(shortcut)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.toggle)
        self.setFocusProxy(self.line)
        self.retranslate_self()

    def text(self) -> str:
        return self.line.text()

    def clear(self) -> None:
        self.toggle.setChecked(False)
        self.line.clear()

    def _show_text(self, shown: bool) -> None:
        self.line.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.retranslate_self()

    def retranslate_self(self) -> None:
        shown = self.toggle.isChecked()
        self.toggle.setText(_("Hide") if shown else _("Show"))
        self.toggle.setIcon(icons.eye(crossed=shown))
        self.toggle.setToolTip(_("Hide the passphrase (Alt+S)") if shown else _("Show the passphrase (Alt+S)"))
        self.toggle.setAccessibleName(_("Hide the passphrase") if shown else _("Show the passphrase"))


class StrengthMeter(QWidget):
    """A bar and a word: too short, weak, fair, strong, very strong; and one line of advice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        row = QHBoxLayout()
        self.bar = QProgressBar()
        self.bar.setObjectName("strengthBar")
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.word = QLabel()
        self.word.setObjectName("strength")
        row.addWidget(self.bar, 1)
        row.addWidget(self.word)
        layout.addLayout(row)
        self.advice = QLabel()
        self.advice.setObjectName("hint")
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)
        self.level = 0
        self._empty = True
        self.update_for("")

    def update_for(self, passphrase: str) -> int:
        self.level = passphrase_strength(passphrase)
        self._empty = not passphrase
        self.retranslate_self()
        return self.level

    def retranslate_self(self) -> None:
        level = self.level
        self.bar.setValue(max(level, 0 if self._empty else 1) if not self._empty else 0)
        for widget in (self.bar, self.word):
            widget.setProperty("level", str(level))
            repolish(widget)
        word = _("Strength: {word}", word=_(STRENGTH_WORDS[level])) if not self._empty else ""
        self.word.setText(word)
        self.advice.setText(_(STRENGTH_ADVICE[level], n=MIN_PASSPHRASE_LENGTH))
        self.setAccessibleName(_("Passphrase strength"))
        self.setAccessibleDescription(f"{word}. {self.advice.text()}")
        self.bar.setAccessibleName(_("Passphrase strength"))
        self.bar.setAccessibleDescription(word)
