"""The one path for every write from a screen: an operation calls a service, the store says what
it committed (``services.changes.Changes``), and the session announces it so each screen
refreshes only what it shows, skipping the changes it made itself. (The pattern of Anki's
``CollectionOp`` and ``OpChanges``; docs/ARCHITECTURE.md, "Operations and workers".)

Two kinds, one shape::

    Op(session, lambda service: service.move_stage(case_id, target)) \\
        .success(self.after_move).run(initiator=self)            # quick: on the screen's thread

    BackgroundOp(session, lambda service, progress: sync.sync_relay(service, progress=progress),
                 owner=self) \\
        .progress(self.show_progress).success(self.show_report).failure(self.show_failure) \\
        .start(initiator=self)                                    # long: in a worker thread

``Op`` is for writes that take milliseconds (a save, a move, a proposal): they run in order on the
screen's thread and return their result. ``BackgroundOp`` is for work that can take seconds (sync,
building and storing documents, signing, backup): it runs in a worker thread while the window
stays responsive, reports progress, can be cancelled between steps (``services.progress``), and
calls back on the screen's thread. A worker shares the store's one connection; the store's lock
lets the worker and the screens take turns, a step at a time (``store/store.py``).

Without a ``failure`` callback an ``Op`` raises as the service did (the caller shows the plain
sentence with ``services.errors.error_text``; anything unexpected reaches the one error dialog,
``ui/errors.py``); a ``BackgroundOp`` without one hands the error to ``sys.excepthook``, which
the app points at that dialog.

``BackgroundTask`` is the worker without a session (``work(progress)``, the same progress,
cancel and callbacks): ``BackgroundOp`` adds the advisor's session to it, and the office's
screens use it as it is (``ui/office/work.py``).
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from advisor_app.services.changes import Changes
from advisor_app.services.progress import Cancelled, Progress

if TYPE_CHECKING:
    from advisor_app.services import AdvisorService
    from advisor_app.ui.session import Session

log = logging.getLogger(__name__)
T = TypeVar("T")
# A worker and the screen share one interpreter: the screen's thread gets its turn within this
# long of asking (Python's default is 5 ms, and an event needs several turns; tests/benchmarks).
SWITCH_INTERVAL_S = 0.001
_working = 0  # background tasks running (counted on the screen's thread)


def _frozen(running: bool) -> None:
    """While workers run, what existed before the first started is left out of garbage collection
    (``gc.freeze``): a full collection walks every object with the interpreter held, which stalled
    the window for 0.2-0.5 s at a time during a long office import (tests/benchmarks). Those objects
    are still freed when nothing refers to them; cycles among them are collected once all are done."""
    global _working
    _working += 1 if running else -1
    if running and _working == 1:
        gc.freeze()
    elif not running and _working == 0:
        gc.unfreeze()


class Op(Generic[T]):
    """A quick change from a screen, run on the screen's thread (see the module docstring)."""

    def __init__(self, session: "Session", work: Callable[["AdvisorService"], T]) -> None:
        self.session = session
        self.work = work
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None

    def success(self, callback: Callable[[T], Any]) -> "Op[T]":
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> "Op[T]":
        self._failure = callback
        return self

    def run(self, *, initiator: object = None) -> T | None:
        """Run now: ``success(result)`` first (the screen that asked shows its outcome), then
        what was committed is announced to every screen; returns the result. On failure, what was
        committed before it is announced, then ``failure(error)`` is called (None is returned),
        or without one the error is raised."""
        try:
            result, changes = self.perform()
        except Failed as failed:
            self.session.announce(failed.changes, initiator)
            if self._failure is None:
                raise failed.error from None
            self._failure(failed.error)
            return None
        try:
            if self._success is not None:
                self._success(result)
        finally:
            self.session.announce(changes, initiator)
        return result

    def perform(self) -> tuple[T, Changes]:
        """Run without announcing: for a caller that must first update its own screen and then
        announce (the autosaver). Raises ``Failed`` holding the error and what was committed."""
        service = self.session.service  # StoreLocked when locked: nothing to run against
        error: BaseException | None = None
        with service.recording() as recorded:
            try:
                result = self.work(service)
            except Exception as exc:  # handed back below, with what was committed before it
                error = exc
        if error is not None:
            raise Failed(error, recorded.changes)
        return result, recorded.changes


class Failed(Exception):
    """What ``Op.perform`` raises: the service's error, and what was committed before it."""

    def __init__(self, error: BaseException, changes: Changes) -> None:
        super().__init__(error)
        self.error = error
        self.changes = changes


class _Worker(QRunnable):
    def __init__(self, task: "BackgroundTask[Any]") -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:  # in the worker thread
        self.task._work_in_thread()


class BackgroundTask(QObject, Generic[T]):
    """Long work in a worker thread, without a session: ``work(progress)`` runs in the pool, its
    progress and its outcome come back on the screen's thread, and its callbacks are called only
    while ``owner``, the widget that started it, is still there. ``BackgroundOp`` is this core
    with the advisor's session around it; the office's screens use it as it is (``ui/office/work.py``)."""

    progressed = Signal(int, int, str)  # done, total (0: not known), words (translate to show)
    finished = Signal()  # after the success or failure callback ran (also when cancelled)
    _report = Signal(int, int, str)  # from the worker thread; re-emitted on the screen's thread
    _ended = Signal()

    def __init__(self, work: Callable[[Progress], T], *, owner: QObject | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self._task = work
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None
        self._progress = Progress(self._report.emit)
        self._result: Any = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self.running = False
        self.abandoned = False  # stopped for good (locking): nothing is called back
        self._report.connect(self._relay_progress)
        self._ended.connect(self._finish)

    def success(self, callback: Callable[[T], Any]) -> "Self":
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> "Self":
        self._failure = callback
        return self

    def progress(self, callback: Callable[[int, int, str], Any]) -> "Self":
        self.progressed.connect(callback)
        return self

    def start(self) -> "Self":
        self.running = True
        _frozen(True)
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        QThreadPool.globalInstance().start(_Worker(self))
        return self

    def cancel(self) -> None:
        """Stop at the next step (what finished before it is kept)."""
        self._progress.cancel()

    @property
    def cancelled(self) -> bool:
        return self._progress.cancelled

    def abandon(self) -> None:
        self.abandoned = True
        self.cancel()

    def wait(self, timeout: float) -> bool:
        """Block until the worker is done (for locking); True if it is."""
        return self._done.wait(timeout)

    @property
    def done(self) -> bool:
        return not self.running

    # -- in the worker thread ------------------------------------------------------------------------
    def _run(self, progress: Progress) -> T:
        return self._task(progress)

    def _work_in_thread(self) -> None:
        try:
            self._result = self._run(self._progress)
        except BaseException as exc:  # noqa: BLE001 (handed back to the screen's thread)
            self._error = exc
        finally:
            self._done.set()
            self._ended.emit()

    # -- back on the screen's thread -----------------------------------------------------------------
    def _owner_there(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)

    def _relay_progress(self, done: int, total: int, words: str) -> None:
        if not self.abandoned and self._owner_there():
            self.progressed.emit(done, total, words)

    def _call_back(self) -> None:
        error = self._error
        if not self._owner_there():
            if error is not None and not isinstance(error, Cancelled):
                log.warning("A background operation failed after its screen closed: %s", type(error).__name__)
        elif error is None:
            if self._success is not None:
                self._success(self._result)
        elif self._failure is not None:
            self._failure(error)
        elif not isinstance(error, Cancelled):  # the one error path: sys.excepthook (ui/errors.py)
            sys.excepthook(type(error), error, error.__traceback__)

    def _finish(self) -> None:
        self.running = False
        _frozen(False)
        try:
            if self.abandoned:
                log.info("A background operation ended after it was stopped for good; its result is dropped")
            else:
                self._call_back()
        finally:
            self.finished.emit()
            self.deleteLater()


class BackgroundOp(BackgroundTask[T]):
    """Long work on the advisor's store in a worker thread (see the module docstring). It belongs
    to the session (it may outlive the dialog that started it: a sync goes on after its dialog is
    closed); locking the session abandons it, and what it committed is announced when it ends."""

    def __init__(self, session: "Session", work: Callable[["AdvisorService", Progress], T], *,
                 owner: QObject | None = None) -> None:
        super().__init__(lambda progress: work(self._service, progress), owner=owner, parent=session)  # type: ignore[arg-type]
        self.session = session
        self.work = work
        self._initiator: object = None
        self._service: "AdvisorService | None" = None
        self._recorded: Any = None

    def start(self, *, initiator: object = None) -> "BackgroundOp[T]":
        self._initiator = initiator
        self._service = self.session.service  # StoreLocked now, rather than in the worker
        self.session.track(self)
        return super().start()

    def _run(self, progress: Progress) -> T:  # in the worker thread
        service = self._service
        assert service is not None
        try:
            with service.recording() as recorded:  # what this thread commits, also when the work fails
                self._recorded = recorded
                return super()._run(progress)
        finally:
            self._service = None

    def _finish(self) -> None:  # back on the screen's thread
        self.session.untrack(self)
        super()._finish()

    def _call_back(self) -> None:  # not when abandoned: the store was locked meanwhile
        try:
            super()._call_back()
        finally:
            self.session.announce(self._recorded.changes if self._recorded else Changes(), self._initiator)
