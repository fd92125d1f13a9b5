"""The unlocked store, held for the screens: the only object in ui/ that owns the service.

Screens ask the session for the service each time they need it and never keep it. Locking
asks everyone to save what is waiting (``aboutToLock``), then closes the store (which wipes the
data key), drops the service and tells the screens to forget case data (``locked``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from advisor_app.services import AdvisorService
from advisor_app.services.errors import StoreLocked

log = logging.getLogger(__name__)


class Session(QObject):
    aboutToLock = Signal()
    locked = Signal()
    unlocked = Signal()
    dataChanged = Signal()  # something was written: counts and lists may have changed

    def __init__(self, store_dir: Path, *, demo: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.store_dir = Path(store_dir)
        self.demo = demo
        self._service: AdvisorService | None = None

    def store_exists(self) -> bool:
        return AdvisorService.store_exists(self.store_dir)

    @property
    def is_unlocked(self) -> bool:
        return self._service is not None

    @property
    def service(self) -> AdvisorService:
        if self._service is None:
            raise StoreLocked()
        return self._service

    def create(self, passphrase: str, advisor_name: str = "") -> None:
        """Make a new store and keep it open. Raises ``StoreError`` with a plain message."""
        self._service = AdvisorService.create(self.store_dir, passphrase, advisor_name=advisor_name)
        self.unlocked.emit()

    def unlock(self, passphrase: str) -> None:
        """Open the store. Raises ``StoreError`` (e.g. ``WrongPassphrase``) and changes nothing."""
        if self._service is not None:
            return
        self._service = AdvisorService.unlock(self.store_dir, passphrase)
        self.unlocked.emit()

    def lock(self) -> None:
        """Save what is waiting, close the store, drop the key and every reference to it."""
        if self._service is None:
            return
        try:
            self.aboutToLock.emit()
        finally:
            service, self._service = self._service, None
            try:
                service.lock()
            except Exception:  # a failure to close must never keep the store unlocked on screen
                log.exception("Closing the store failed")
            del service
            self.locked.emit()

    def changed(self) -> None:
        self.dataChanged.emit()
