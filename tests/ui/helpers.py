"""Helpers for the UI tests: unlock, and type as a person would (into whatever has focus)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.demo_template import FAST_KDF, PASSPHRASE  # noqa: F401  (the UI tests' store: the demo's)


def unlock(qtbot, window, passphrase: str) -> None:
    screen = window.unlock_screen
    assert window.current_screen() is screen
    screen.passphrase.line.setFocus()
    QTest.keyClicks(screen.passphrase.line, passphrase)
    QTest.keyClick(screen.passphrase.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.case_list)


def focused():
    return QApplication.focusWidget()


def type_here(text: str) -> None:
    """Type into whatever has the keyboard focus, as a person would."""
    QTest.keyClicks(focused(), text)


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), k, modifier)


def open_stage(window, name: str, stage):
    """Open the demo case whose person's name contains ``name``, at ``stage``; its page."""
    case = next(c for c in window.case_list.model.cases if name in c.person_name)
    window.open_case(case.id, stage)
    return window.workspace.pages[stage]


def saved(qtbot, workspace, timeout: int = 3000) -> None:
    from advisor_app.ui.widgets.autosave import SaveState

    qtbot.waitUntil(lambda: workspace.autosaver.state == SaveState.SAVED and not workspace.autosaver.has_pending(),
                    timeout=timeout)


def journal(service, entity: str, case_id: str | None = None) -> list:
    """The change records written for ``entity`` (of one case), oldest first."""
    return [c for c in service.store.changes_after(0)
            if c.entity == entity and (case_id is None or c.payload.get("case_id") == case_id)]


def section(window, name: str):
    ws = window.workspace
    state = window.session.service.load_case(ws.case_id).sections.get(name)
    return state.data if state else None


def member_id(window, name: str) -> str:
    circle = section(window, "circle") or {}
    return next(m["id"] for m in circle.get("members", []) if m["name"] == name)


def choose_in(combo, text: str) -> None:
    """Pick ``text`` in a combo box with the arrow keys, as a person would."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, [combo.itemText(i) for i in range(combo.count())]


def finish(qtbot, operation, timeout: int = 30000) -> None:
    """Wait until a background operation (``ui/operations.py``) has ended and called back."""
    assert operation is not None, "the operation did not start"
    ended = []
    operation.finished.connect(lambda: ended.append(True))
    qtbot.waitUntil(lambda: bool(ended), timeout=timeout)


def wait_idle(qtbot, session, timeout: int = 30000) -> None:
    """Wait until no background operation of ``session`` is running."""
    qtbot.waitUntil(lambda: not session.background(), timeout=timeout)
