"""PySide6 6.12 on CPython 3.11 drains a reference from None on every Qt call that returns
nothing; without the guard in ui/qt_compat.py a long session aborts the interpreter."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

import advisor_app.ui  # noqa: F401  (applies the guard)


def test_many_qt_calls_returning_nothing_do_not_exhaust_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200_000):  # far more than None's natural count (a few tens of thousands)
        label.setObjectName("x")
        label.buddy()
    assert sys.getrefcount(None) > 1_000_000  # still alive, with room to spare
    assert before > 1_000_000
