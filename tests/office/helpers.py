"""Shared by the office tests: an office store holding a data key, and a do-everything office."""

from __future__ import annotations

import os
from typing import Any

from advisor_app.domain.office_users import Role
from advisor_app.office.sealing import new_data_key
from advisor_app.office.store import OfficeStore
from advisor_app.store.keys import KdfParams

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
EVERY_ROLE = (Role.ADMINISTRATOR, Role.MANAGER, Role.STAFF)
OFFICE_USER = "Morgan Hale"


def keyed_store(location: str | os.PathLike[str]) -> OfficeStore:
    """An office store, as a signed-in user has it: able to seal and open personal columns."""
    store = OfficeStore.open(location)
    store.use_key(new_data_key())
    return store


def new_office(location: str | os.PathLike[str], passphrase: str, **kwargs: Any):
    """An office whose first user (Morgan Hale) holds every role, as a one-person office does."""
    from advisor_app.office.service import OfficeService

    kwargs = {"name": "Bluebell Support", "user": OFFICE_USER, "roles": EVERY_ROLE, "kdf": FAST, **kwargs}
    return OfficeService.init(str(location), passphrase, **kwargs)
