"""Widgets whose text is translated when shown, and re-translated when the language changes.

Every user-facing string is kept as its English source (an ``N_`` string or a domain ``Msg``)
and passed through ``_`` in ``retranslate_self``. ``retranslate_all(root)`` walks a widget tree
and asks every object that knows how to re-translate itself to do so.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QWidget

from advisor_app.i18n import _

TextSource = str | Callable[[], str]


def plain(text: str) -> str:
    """Label text without its mnemonic ampersand, for accessible names."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def resolve(text: TextSource | None, **params: Any) -> str:
    if text is None:
        return ""
    if callable(text):
        return text()
    return _(text, **params) if (params or getattr(text, "params", None)) else _(text)


def retranslate_all(root: QObject) -> None:
    """Re-translate ``root`` and everything under it (call after the language changes)."""
    for obj in [root, *root.findChildren(QObject)]:
        method = getattr(obj, "retranslate_self", None)
        if callable(method):
            method()


class TrLabel(QLabel):
    """A label that shows ``_(text)``; ``text`` may also be a function that builds the text."""

    def __init__(self, text: TextSource = "", parent: QWidget | None = None, *,
                 object_name: str | None = None, word_wrap: bool = True,
                 buddy: QWidget | None = None, **params: Any):
        super().__init__(parent)
        self._source: TextSource = text
        self._params = params
        if object_name:
            self.setObjectName(object_name)
        self.setWordWrap(word_wrap)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if buddy is not None:
            self.setBuddy(buddy)
        self.retranslate_self()

    def set_source(self, text: TextSource, **params: Any) -> None:
        self._source = text
        self._params = params
        self.retranslate_self()

    def retranslate_self(self) -> None:
        text = resolve(self._source, **self._params)
        self.setText(text)
        if self.property("hide_when_empty"):
            self.setVisible(bool(text))
        if self.buddy() is None:
            self.setAccessibleName(plain(text))


class TrButton(QPushButton):
    """A push button with translated text, accessible name, description and tooltip."""

    def __init__(self, text: TextSource, parent: QWidget | None = None, *,
                 accessible_name: TextSource | None = None, description: TextSource | None = None,
                 tooltip: TextSource | None = None, primary: bool = False, flat: bool = False,
                 danger: bool = False):
        super().__init__(parent)
        self._text, self._name, self._description, self._tooltip = text, accessible_name, description, tooltip
        if primary:
            self.setProperty("primary", True)
        if flat:
            self.setProperty("flat", True)
        if danger:
            self.setProperty("danger", True)
        self.setAutoDefault(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.retranslate_self()

    def set_source(self, text: TextSource, *, accessible_name: TextSource | None = None) -> None:
        self._text = text
        if accessible_name is not None:
            self._name = accessible_name
        self.retranslate_self()

    def retranslate_self(self) -> None:
        text = resolve(self._text)
        self.setText(text)
        self.setAccessibleName(resolve(self._name) if self._name else plain(text))
        if self._description:
            self.setAccessibleDescription(resolve(self._description))
        if self._tooltip:
            self.setToolTip(resolve(self._tooltip))


def enlarge(widget: QWidget, factor: float = 1.3) -> None:
    """Larger text (for the family's screens), following the advisor's text size."""
    from PySide6.QtWidgets import QApplication

    widget.setStyleSheet(f"font-size: {QApplication.font().pointSizeF() * factor:.1f}pt;")


def separator(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setObjectName("separator")
    line.setFrameShape(QFrame.Shape.NoFrame)
    line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return line


def message_line(error: bool = False) -> QLabel:
    """A line for a message under a form or beside its buttons, hidden until there is one (styled
    as an error or as information; ``screens.common.show_inline`` shows one)."""
    line = QLabel()
    line.setObjectName("inlineError" if error else "inlineInfo")
    line.setWordWrap(True)
    line.hide()
    return line


def heading(text: TextSource, level: int = 2, parent: QWidget | None = None) -> TrLabel:
    label = TrLabel(text, parent, object_name={1: "title", 2: "heading", 3: "subheading"}[level])
    label.setAccessibleDescription("")
    return label


def shortcut(keys: str | QKeySequence, parent: QWidget, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QShortcut:
    """A keyboard shortcut that works only where it belongs (by default: within ``parent``).

    The context is set after construction: PySide6 ignores a ``context=`` keyword given to the
    QShortcut constructor, which would make the shortcut window-wide.
    """
    made = QShortcut(QKeySequence(keys), parent)
    made.setContext(context)
    made.activated.connect(slot)
    return made
