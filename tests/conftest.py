"""Every test runs headless, with its own temporary data and config folders."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("appdirs")
    monkeypatch.setenv("ADVISOR_APP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("ADVISOR_APP_CONFIG_DIR", str(base / "config"))
    yield
