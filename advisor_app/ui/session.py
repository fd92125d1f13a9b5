"""The unlocked store, held for the screens: the only object in ui/ that owns the service.

Screens ask the session for the service each time they need it and never keep it. Every write
runs as an operation (``ui/operations.py``); the session announces what each one changed with
``operationDone(changes, initiator)``, and each screen refreshes only what it shows, skipping the
changes it made itself (``initiator is self``).

Locking asks everyone to save what is waiting (``aboutToLock``), stops the background operations
(each stops at its next step; the store's lock lets the step in progress finish), then closes the
store (which wipes the data key), drops the service and tells the screens to forget case data
(``locked``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from advisor_app.services import AdvisorService
from advisor_app.services.changes import Changes
from advisor_app.services.errors import StoreLocked

if TYPE_CHECKING:
    from advisor_app.ui.operations import BackgroundOp

log = logging.getLogger(__name__)

STOP_WAIT_S = 3.0  # how long locking waits for background operations to reach their next step


class Session(QObject):
    aboutToLock = Signal()
    locked = Signal()
    unlocked = Signal()
    operationDone = Signal(object, object)  # Changes, the initiator (the screen that made them, or None)

    def __init__(self, store_dir: Path, *, demo: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.store_dir = Path(store_dir)
        self.demo = demo
        self._service: AdvisorService | None = None
        self._running: list["BackgroundOp"] = []

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
        """Save what is waiting, stop background work, close the store, drop the key."""
        if self._service is None:
            return
        try:
            self.aboutToLock.emit()
        finally:
            self._stop_background()
            service, self._service = self._service, None
            try:
                service.lock()
            except Exception:  # a failure to close must never keep the store unlocked on screen
                log.exception("Closing the store failed")
            del service
            self.locked.emit()

    # -- operations ---------------------------------------------------------------------------------
    def announce(self, changes: Changes, initiator: object = None) -> None:
        """Tell every screen what an operation changed (nothing when it changed nothing)."""
        if changes and self._service is not None:
            self.operationDone.emit(changes, initiator)

    def changed(self) -> None:
        """Something was written outside an operation: every screen refreshes everything. For a
        screen not converted to operations yet (docs/ARCHITECTURE.md)."""
        self.announce(Changes.all())

    def track(self, operation: "BackgroundOp") -> None:
        self._running.append(operation)

    def untrack(self, operation: "BackgroundOp") -> None:
        if operation in self._running:
            self._running.remove(operation)

    def background(self) -> list["BackgroundOp"]:
        """The background operations still running."""
        return list(self._running)

    def _stop_background(self) -> None:
        deadline = time.monotonic() + STOP_WAIT_S
        for operation in list(self._running):
            operation.abandon()
        for operation in list(self._running):
            if not operation.wait(max(0.0, deadline - time.monotonic())):
                # Still in a network call: closing the store below waits for its store step, and its
                # next one finds the store locked. Its result is dropped (``abandoned``).
                log.warning("A background operation was still running when the store was locked")
