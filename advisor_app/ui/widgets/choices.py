"""Large choice buttons: one of a few answers, each a whole button at least 48 pixels high, in
place of small radio buttons (for the family's screens: a finger, a shaky hand, poor sight).

``ChoiceButtons`` shows the answers one under the other (or side by side), each with an
optional second line; one is chosen at a time. Tab reaches each; the arrow keys move between
them and choose; Space or Enter chooses the one with focus. ``chosen`` says which value.
"""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from advisor_app.i18n import _
from advisor_app.ui.widgets import icons
from advisor_app.ui.widgets.text import TextSource, resolve

MIN_TARGET = 48  # pixels: the smallest a control may be on the family's screens

Choice = tuple[Any, TextSource] | tuple[Any, TextSource, TextSource]


class ChoiceButton(QPushButton):
    """One answer: checkable, with the arrow keys moving to the next or previous answer."""

    def __init__(self, value: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = value
        self.setObjectName("choice")
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(MIN_TARGET + 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setIconSize(QSize(28, 28))
        self.toggled.connect(self._mark)
        self._mark(False)

    def _mark(self, chosen: bool) -> None:
        """Chosen or not is shown by a mark as well as by colour."""
        self.setIcon(icons.choice(chosen))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        owner = self.parentWidget()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1}.get(event.key())
        if step is not None and isinstance(owner, ChoiceButtons):
            owner.step_from(self, step)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.isChecked():
            self.click()
            return
        super().keyPressEvent(event)


class ChoiceButtons(QWidget):
    chosen = Signal(object)  # the value chosen (by a click, a key, or ``choose``)

    def __init__(self, choices: Sequence[Choice] = (), parent: QWidget | None = None, *,
                 horizontal: bool = False, name: TextSource = ""):
        super().__init__(parent)
        self._name = name
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.buttonClicked.connect(lambda button: self.chosen.emit(button.value))
        self.box: QBoxLayout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(10)
        self._texts: dict[int, tuple[TextSource, TextSource | None]] = {}
        self.set_choices(choices)

    # -- the answers ----------------------------------------------------------------------------
    def set_choices(self, choices: Sequence[Choice]) -> None:
        """Show these answers instead (none chosen)."""
        for button in self.buttons():
            self.group.removeButton(button)
            self.box.removeWidget(button)
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self._texts = {}
        for index, choice in enumerate(choices):
            value, text = choice[0], choice[1]
            more = choice[2] if len(choice) > 2 else None
            button = ChoiceButton(value, self)
            self._texts[id(button)] = (text, more)
            self.group.addButton(button, index)
            self.box.addWidget(button)
        self.retranslate_self()

    def buttons(self) -> list[ChoiceButton]:
        return [b for b in self.group.buttons() if isinstance(b, ChoiceButton)]

    def values(self) -> list[Any]:
        return [b.value for b in self.buttons()]

    def value(self) -> Any:
        button = self.group.checkedButton()
        return button.value if isinstance(button, ChoiceButton) else None

    def button_for(self, value: Any) -> ChoiceButton:
        for button in self.buttons():
            if button.value == value:
                return button
        raise KeyError(value)

    def choose(self, value: Any) -> None:
        """Choose ``value`` (as a click would: ``chosen`` is emitted)."""
        button = self.button_for(value)
        button.setChecked(True)
        self.chosen.emit(value)

    def clear_choice(self) -> None:
        self.group.setExclusive(False)
        for button in self.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)

    def step_from(self, button: ChoiceButton, step: int) -> None:
        buttons = [b for b in self.buttons() if b.isVisible() and b.isEnabled()] or self.buttons()
        if button not in buttons:
            return
        target = buttons[(buttons.index(button) + step) % len(buttons)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        target.click()

    def focus_choice(self) -> None:
        """Focus the chosen answer (else the first)."""
        target = self.group.checkedButton() or (self.buttons()[0] if self.buttons() else None)
        if target is not None:
            target.setFocus()

    # -- words ------------------------------------------------------------------------------------
    def retranslate_self(self) -> None:
        name = resolve(self._name)
        count = len(self.buttons())
        for index, button in enumerate(self.buttons()):
            text, more = self._texts.get(id(button), ("", None))
            main = resolve(text)
            button.setText(main + ("\n" + resolve(more) if more else ""))
            button.setAccessibleName(main)
            button.setAccessibleDescription(
                (resolve(more) + " " if more else "")
                + _("{n} of {count}.", n=index + 1, count=count)
                + (" " + name if name else ""))
        if name:
            self.setAccessibleName(name)


