"""Fixtures for the desktop shell: a main window over a store in a temporary folder (the demo
cases copied from the session's template), unlocked. A pytest plugin (tests/conftest.py loads it),
so the benchmarks can use them too; tests/ui/conftest.py adds the cheap key derivation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.demo_template import copy_demo
from tests.ui.helpers import PASSPHRASE, unlock


@pytest.fixture
def store_dir(tmp_path) -> Path:
    return tmp_path / "data" / "store"


@pytest.fixture
def settings(tmp_path):
    from advisor_app.settings import Settings

    return Settings(tmp_path / "config" / "settings.json")


@pytest.fixture
def make_window(qtbot, settings):
    from advisor_app.ui.app import build_window

    def make(directory: Path, *, demo: bool = False):
        window = build_window(directory, demo=demo, settings=settings)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return make


@pytest.fixture
def existing_store(store_dir, demo_template) -> Path:
    """A store with every demo case, locked (a copy of the session's template)."""
    return copy_demo(demo_template, store_dir)


@pytest.fixture
def unlocked(qtbot, make_window, existing_store):
    """The main window, unlocked, showing the case list."""
    window = make_window(existing_store)
    unlock(qtbot, window, PASSPHRASE)
    return window
