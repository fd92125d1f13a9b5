"""The store's keys and its repair: change the passphrase, change the data key (rekey), recover
a forgotten passphrase through the office, and salvage a damaged store.

Every new passphrase meets the same rule as on first run (``domain.passphrase``). ``passwd``
re-wraps the same data key, so an old copy of store.key still opens the store with the old
passphrase; ``rekey`` makes a new data key and re-encrypts the store, after which no earlier key
file, passphrase or recovery copy opens it (a backup keeps the key it was made with).
"""

from __future__ import annotations

from pathlib import Path

from advisor_app.domain.messages import N_
from advisor_app.domain.passphrase import passphrase_problem
from advisor_app.services.cases import AdvisorService
from advisor_app.store import recovery
from advisor_app.store.errors import StoreError
from advisor_app.store.keys import DEFAULT_KDF, KdfParams
from advisor_app.store.salvage import SalvageReport
from advisor_app.store.store import Store


def _check_new(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem:
        raise StoreError(problem)


def change_passphrase(service: AdvisorService, current: str, new: str, *,
                      kdf: KdfParams = DEFAULT_KDF) -> None:
    _check_new(new)
    service.store.change_passphrase(current, new, kdf=kdf)


def rekey(service: AdvisorService, current: str, new: str, *, kdf: KdfParams = DEFAULT_KDF) -> None:
    """A new data key for the store, under a new passphrase (the old one must stop working)."""
    _check_new(new)
    if new == current:
        raise StoreError(N_("Choose a new passphrase: after the key is changed, the old passphrase "
                            "must no longer open the store."))
    service.store.rekey(new, kdf=kdf)


def recover(directory: Path, recovery_file: bytes, code: str, new_passphrase: str, *,
            kdf: KdfParams = DEFAULT_KDF) -> AdvisorService:
    """Open the store with a recovery file from the office and its one-time code, and set a new
    passphrase. Works even when store.key itself is lost (the file names the store)."""
    _check_new(new_passphrase)
    found = recovery.open_file(recovery_file, code)
    try:
        return AdvisorService(Store.recover(directory, found.data_key, new_passphrase, kdf=kdf,
                                            ids=(found.store_id, found.device_id)))
    finally:
        found.data_key[:] = bytes(len(found.data_key))


def salvage(directory: Path, to_directory: Path, passphrase: str) -> SalvageReport:
    return Store.salvage(directory, to_directory, passphrase)
