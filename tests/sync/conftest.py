"""An office, as a real store in a temporary folder (cheap key derivation); see helpers.py for laptops."""

from __future__ import annotations

import pytest

from advisor_app.office.service import OfficeService
from tests.office.helpers import new_office


@pytest.fixture
def office(tmp_path) -> OfficeService:
    return new_office(tmp_path / "office", "office passphrase 1")
