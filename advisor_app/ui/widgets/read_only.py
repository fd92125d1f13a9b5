"""Showing a screen built for editing (the advisor's stage pages) read-only, as the office reads a
case: every field can still be reached and read with the keyboard and a screen reader, and its text
selected and copied, but nothing can be changed. Buttons that would change something are hidden;
buttons that only move about the screen stay (a page marks those with ``mark_reads``).

Pages build some of their parts later (a tab when first shown, a card when a list grows), so
``make_read_only`` watches the page and treats each new widget as it appears.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QWidget,
)

from advisor_app.i18n import _

READS = "reads"  # a button's property: it only shows something (open, back, next), so it stays
CHOICE = "choice"  # a button's property: it is a choice, like a radio button (a risk matrix's cell)
READ_ONLY = "readOnlyView"  # set on every widget made read-only
SAVE_STATE = "saveState"  # the object name of a page's "Saved" line
_CHOICE_INPUT = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                 QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
_MOVING_KEYS = {Qt.Key.Key_Tab, Qt.Key.Key_Backtab}


def mark_reads(*buttons: QAbstractButton) -> None:
    """These buttons only show something: a read-only view keeps them."""
    for button in buttons:
        button.setProperty(READS, True)


def _is_choice(widget: QObject) -> bool:
    return isinstance(widget, (QCheckBox, QRadioButton, QComboBox)) or bool(widget.property(CHOICE))


def _writes(widget: QObject) -> bool:
    """A button that would change something (hidden in a read-only view)."""
    return (isinstance(widget, QAbstractButton) and not _is_choice(widget) and not widget.property(READS)
            and not isinstance(widget.parent(), QTabBar))


class _Guard(QObject):
    """One per read-only view: treats each widget added later, keeps choices from taking input and
    writing buttons hidden (a page that shows one again finds it hidden at once)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.ChildPolished:
            child = event.child()
            if isinstance(child, QWidget):
                treat(child, self)
            return False
        if _writes(watched):
            if kind == QEvent.Type.Show:
                watched.hide()
            return kind in (QEvent.Type.Shortcut, QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress)
        if _is_choice(watched) and kind in _CHOICE_INPUT:
            return not (kind == QEvent.Type.KeyPress and event.key() in _MOVING_KEYS)
        return False


def treat(widget: QWidget, guard: _Guard) -> None:
    if widget.property(READ_ONLY):
        return
    widget.setProperty(READ_ONLY, True)
    widget.installEventFilter(guard)
    if widget.objectName() == SAVE_STATE:  # "Saved" says nothing where nothing is saved
        widget.hide()
    elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)):
        widget.setReadOnly(True)
    elif isinstance(widget, QAbstractItemView):
        widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        widget.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
    elif _writes(widget):
        widget.hide()
    elif _is_choice(widget):
        widget.setAccessibleDescription(_("Read-only"))


def make_read_only(root: QWidget) -> None:
    """Make everything in ``root`` read-only, now and as parts are added."""
    guard = getattr(root, "_read_only_guard", None)
    if guard is None:
        guard = root._read_only_guard = _Guard(root)  # type: ignore[attr-defined]
        root.installEventFilter(guard)
    for widget in root.findChildren(QWidget):
        treat(widget, guard)
