"""Shared by the office tests: an office store holding a data key, a do-everything office, and an
advisor's laptop enrolled with it that sends its bundles straight to it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor_app.domain.office_users import Role
from advisor_app.office.sealing import new_data_key
from advisor_app.office.store import OfficeStore
from advisor_app.store.keys import KdfParams

if TYPE_CHECKING:
    from advisor_app.office.service import OfficeService

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


class Laptop:
    """An advisor's store, enrolled with the office, that sends its bundles straight to it."""

    def __init__(self, tmp_path: Path, office: "OfficeService", name: str, *, demo: bool = False):
        from advisor_app.services import AdvisorService
        from advisor_app.sync.device import DeviceSync
        from tests.demo_template import PASSPHRASE

        self.service = AdvisorService.create(tmp_path / name.replace(" ", "-"), PASSPHRASE,
                                             advisor_name=name.split()[0], kdf=FAST)
        if demo:
            from advisor_app.demo import fill_demo

            fill_demo(self.service, office_decisions=False)  # only the office decides
        self.device = DeviceSync(self.service.store)
        self.device.enroll(office.enroll(name).to_bytes())

    def send(self, office: "OfficeService", *, take_reply: bool = True):
        outgoing = self.device.outgoing()
        assert outgoing is not None
        data, last_seq = outgoing
        self.device.mark_sent(last_seq)
        received = office.receive(data)
        device_id = self.service.store.device_id
        if take_reply and office.store.device(device_id) is not None:
            self.device.apply(office.reply_for(device_id))
        return received

    def close(self) -> None:
        self.service.lock()
