"""Keyboard letters (the ``&`` mnemonics) that two controls of one window share.

Qt gives a control's mnemonic Alt+letter to the whole window: when two controls that are shown and
enabled share it, Alt+letter only moves between them and presses neither. So on any one screen
each letter may be used once: by the buttons (push, tool, check, radio), the labels with a buddy,
the group boxes, the tabs of every tab bar in view, and the menu bar's titles. A menu's own items
take their letters only while it is open, so each menu is checked on its own.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMainWindow, QMenu, QMenuBar, QTabBar, QWidget


def mnemonic(text: str) -> str | None:
    """The letter after the first single ``&`` (upper case, as Qt keys it), or None (``&&`` is a
    literal ampersand, and a ``&`` at the end marks nothing): ``QKeySequence::mnemonic``'s rule."""
    at = 0
    while (at := text.find("&", at)) != -1 and at + 1 < len(text):
        if text[at + 1] != "&":
            return text[at + 1].upper() if text[at + 1].isprintable() else None
        at += 2
    return None


def _usable(widget: QWidget, window: QWidget, ignore: tuple[QWidget, ...]) -> bool:
    return (widget.window() is window and widget.isVisible() and widget.isEnabled()
            and not any(part is widget or part.isAncestorOf(widget) for part in ignore))


def window_texts(window: QWidget, ignore: tuple[QWidget, ...] = ()) -> list[str]:
    """The texts of every control of ``window`` that Alt+letter can reach now (leaving out the
    parts in ``ignore``)."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _usable(widget, window, ignore):
            continue
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())
                      if widget.isTabVisible(i) and widget.isTabEnabled(i)]
        elif isinstance(widget, QMenuBar):
            texts += [a.text() for a in widget.actions() if a.isVisible() and a.isEnabled()]
    return texts


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def clashes(texts: list[str]) -> dict[str, list[str]]:
    """Each letter that more than one of ``texts`` uses, with those texts."""
    by_letter: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            by_letter[letter].append(text)
    return {letter: found for letter, found in sorted(by_letter.items()) if len(found) > 1}


def window_clashes(window: QWidget, ignore: tuple[QWidget, ...] = ()) -> dict[str, list[str]]:
    """The clashes of a shown window (QMainWindow or QDialog), and of each of its menu bar's menus
    (keyed ``menu "title": letter``)."""
    found = clashes(window_texts(window, ignore))
    if isinstance(window, QMainWindow) and window.menuBar().isVisible():
        for action in window.menuBar().actions():
            if action.menu() is not None and action.isVisible():
                for letter, texts in clashes(menu_texts(action.menu())).items():
                    found[f"menu {action.text()!r}: {letter}"] = texts
    return found
