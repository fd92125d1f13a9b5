"""The UI tests: the shell's fixtures are in fixtures.py (a plugin, see tests/conftest.py)."""

from __future__ import annotations

import pytest

from advisor_app.services import cases
from tests.ui.helpers import FAST_KDF


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Argon2id at test cost for every store the UI creates (the real cost is tested in store/)."""
    monkeypatch.setattr(cases, "DEFAULT_KDF", FAST_KDF)
