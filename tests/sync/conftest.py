"""An office, as a real store in a temporary folder (cheap key derivation); see helpers.py for laptops."""

from __future__ import annotations

import pytest

from advisor_app.office.service import OfficeService
from tests.sync.helpers import FAST


@pytest.fixture
def office(tmp_path) -> OfficeService:
    return OfficeService.init(str(tmp_path / "office"), "office passphrase 1", name="Bluebell Support", kdf=FAST)
