"""Long work in the office's window: importing bundles, countersigning, writing reports and
publishing run in a worker (``ui/operations.BackgroundTask``) while the window stays responsive.

One piece of long work runs at a time. While it runs, the line at the bottom of the window says
what is happening and how far it is (with Stop where stopping makes sense: an import stops between
bundles, each imported whole or not at all), and every button that starts long work is disabled.
Those buttons sit in a holder (``WorkBar.hold``): disabling the holder disables the button whatever
its tab decides meanwhile, and enabling it again gives the tab's own state back.

The other tabs stay usable: each of the office's writes is one transaction in the office store
(SQLite takes its write lock per transaction, PostgreSQL checks versions), so a decision made
while an import runs waits at most for one bundle, and neither sees the other's half-done work.
Locking stops the work at its next step, waits a moment for the step in progress and drops its
result. The tab that started it shows the outcome in one sentence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from advisor_app.domain.messages import N_
from advisor_app.i18n import _
from advisor_app.services.errors import error_text, is_plain
from advisor_app.services.progress import Cancelled, Progress
from advisor_app.ui.errors import show_error
from advisor_app.ui.operations import BackgroundTask
from advisor_app.ui.widgets.text import TrButton

if TYPE_CHECKING:
    from advisor_app.office.service import OfficeService
    from advisor_app.ui.office.common import OfficeTab

log = logging.getLogger(__name__)
T = TypeVar("T")
STOP_WAIT_S = 3.0  # how long locking waits for the step in progress
Work = Callable[["OfficeService", Progress], T]


class WorkBar(QWidget):
    """The line at the bottom of the office's window while long work runs (hidden otherwise)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("workBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(32, 6, 32, 8)
        self.words = QLabel()
        self.words.setObjectName("hint")
        self.words.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        # No keyboard letter: the bar stays in view over every tab, and the tabs already use each letter of
        # "Stop" and of its translations (tests/ui/test_mnemonics.py). Tab reaches it.
        self.stop_button = TrButton(N_("Stop"), tooltip=N_("Stop after the bundle being imported: what was "
                                                          "imported is kept, and you can import again later"))
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.stop_button)
        self.task: BackgroundTask[Any] | None = None
        self._doing = ""
        self._holders: list[QWidget] = []
        self.hide()

    @property
    def running(self) -> bool:
        return self.task is not None

    def hold(self, button: QWidget) -> QWidget:
        """``button`` (one that starts long work) in a holder to lay out in its place: disabled
        while long work runs."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(button)
        holder.setEnabled(not self.running)
        self._holders.append(holder)
        holder.destroyed.connect(lambda _obj=None, h=holder: self._holders.remove(h) if h in self._holders else None)
        return holder

    def start(self, tab: "OfficeTab", work: Work[T], done: Callable[[T], Any], *, doing: str,
              stoppable: bool = False, failed: Callable[[BaseException], bool] | None = None,
              writes: bool = True) -> BackgroundTask[T] | None:
        """Run ``work(service, progress)`` in a worker for ``tab``; then ``done(result)``. A
        failure is one sentence on the tab: ``failed(error)`` says it first if it returns True.
        ``writes``: the work may have written before it failed or stopped, so every tab reads again."""
        if self.task is not None:  # its buttons are disabled meanwhile: a test or a shortcut got through
            tab.show_message(_("Please wait until what is running now has finished."), error=True)
            return None
        service = tab.service
        task: BackgroundTask[T] = BackgroundTask(lambda progress: work(service, progress), owner=tab, parent=self)
        task.progress(self._show_progress).success(done)
        task.failure(lambda exc: self._failed(tab, exc, failed, writes))
        task.finished.connect(lambda: self._ended(task))
        self.task = task
        self._doing = doing
        self.stop_button.setVisible(stoppable)
        self.stop_button.setEnabled(True)
        self._set_held(True)
        self.bar.setRange(0, 0)  # busy until the first step says how far
        self._say(_(doing))
        self.show()
        return task.start()

    def stop(self) -> None:
        """Stop at the next step (the Stop button)."""
        if self.task is not None:
            self.task.cancel()
            self.stop_button.setEnabled(False)
            self._say(_("Stopping after this step…"))

    def stop_for_good(self) -> None:
        """Locking: stop at the next step, wait a moment for the step in progress, drop the result."""
        task, self.task = self.task, None
        if task is not None:
            task.abandon()
            if not task.wait(STOP_WAIT_S):  # still in a network call: its next store step finds the office locked
                log.warning("Long work was still running when the office was locked")
        self._reset()

    # -- on the screen's thread --------------------------------------------------------------------
    def _show_progress(self, done: int, total: int, words: str) -> None:
        if self.task is None or self.task.cancelled:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        text = _(words) if words else _(self._doing)
        self._say(_("{doing} ({done} of {total})", doing=text, done=done, total=total) if total else text)

    def _say(self, text: str) -> None:
        self.words.setText(text)
        self.words.setAccessibleName(text)
        self.bar.setAccessibleName(text)

    def _failed(self, tab: "OfficeTab", exc: BaseException, failed: Callable[[BaseException], bool] | None,
                writes: bool) -> None:
        if isinstance(exc, Cancelled):
            tab.show_message(error_text(exc))
        elif failed is not None and failed(exc):
            pass
        elif is_plain(exc) or isinstance(exc, OSError):  # the office refused, or a file: its own sentence
            tab.show_message(error_text(exc), error=True)
        else:  # unexpected: one sentence here, and the one error path (the log, "Copy details")
            tab.show_message(error_text(exc), error=True)
            show_error(exc, tab)
        if writes:
            tab.changed.emit()

    def _ended(self, task: BackgroundTask[Any]) -> None:
        if self.task is task:
            self.task = None
            self._reset()

    def _reset(self) -> None:
        self._set_held(False)
        self.hide()

    def _set_held(self, held: bool) -> None:
        for holder in self._holders:
            holder.setEnabled(not held)

    def retranslate_self(self) -> None:
        self.stop_button.retranslate_self()
