"""UI fixtures: a main window over a store in a temporary folder, with a cheap key derivation.

tests/conftest.py (the lead's) already sets QT_QPA_PLATFORM=offscreen and temporary
ADVISOR_APP_* folders; the fixtures here are only for the desktop shell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_app.services import cases
from tests.demo_template import copy_demo
from tests.ui.helpers import FAST_KDF, PASSPHRASE, unlock


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Argon2id at test cost for every store the UI creates (the real cost is tested in store/)."""
    monkeypatch.setattr(cases, "DEFAULT_KDF", FAST_KDF)


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
    """A store with the six demo cases, locked (a copy of the session's template)."""
    return copy_demo(demo_template, store_dir)


@pytest.fixture
def unlocked(qtbot, make_window, existing_store):
    """The main window, unlocked, showing the case list."""
    window = make_window(existing_store)
    unlock(qtbot, window, PASSPHRASE)
    return window
