"""An office and its laptops, as real stores in temporary folders (cheap key derivation)."""

from __future__ import annotations

from pathlib import Path

from advisor_app.office.service import OfficeService
from advisor_app.services import AdvisorService, sync
from advisor_app.store.keys import KdfParams

FAST = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "kettle harbour lantern"


def laptop(tmp_path: Path, name: str, office: OfficeService) -> AdvisorService:
    """A laptop's store, enrolled with ``office``."""
    service = AdvisorService.create(tmp_path / name, PASSPHRASE, advisor_name=f"{name} advisor", kdf=FAST)
    sync.enroll(service, office.enroll(f"{name} laptop").to_bytes())
    return service
