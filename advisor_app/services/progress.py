"""Progress and cancelling for long use cases (sync, documents), without Qt.

A use case that can take long takes ``progress: Progress | None``, calls ``progress.step(...)``
between its steps, and stops with ``Cancelled`` at the next step once someone cancelled. Each
step must be whole on its own (a sync applies a bundle in one transaction, and is safe to run
again), so stopping between steps loses nothing. The screens' side is ``ui/operations.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from advisor_app.domain.messages import N_

Report = Callable[[int, int, str], None]  # done, total (0: not known), what is happening now (N_ text)


class Cancelled(Exception):
    """Someone cancelled; everything finished before this step is kept."""

    def __init__(self) -> None:
        super().__init__(N_("Stopped. What was finished before you stopped is kept; you can start again."))


class Progress:
    def __init__(self, report: Report | None = None) -> None:
        self._report = report
        self._cancelled = threading.Event()

    def step(self, done: int, total: int = 0, words: str = "") -> None:
        """Say where the work is; raises ``Cancelled`` if it was cancelled meanwhile."""
        self.check()
        if self._report is not None:
            self._report(done, total, words)

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


def step(progress: Progress | None, done: int, total: int = 0, words: str = "") -> None:
    """``progress.step`` when there is a progress to report to (a command line passes none)."""
    if progress is not None:
        progress.step(done, total, words)
