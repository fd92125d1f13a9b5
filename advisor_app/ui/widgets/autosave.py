"""Autosave: every edit restarts a short timer; when it fires, the section is saved.

The save itself is an operation (``ui/operations.py``) that a function makes for the form (the
workspace's runs ``service.save`` for the open case). Its ``SaveResult`` either clears the form's
messages or shows them beside the fields; only then is what it wrote announced to the screens,
with the form as the initiator (so the form is not reloaded with what it just saved, and the
pages' own notes, refreshed on the announcement, come after the save's).
``flush()`` saves whatever is waiting at once: called on lock, on close and on screen change.
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from advisor_app.services.errors import StoreError, error_text
from advisor_app.ui.operations import Failed, Op
from advisor_app.ui.widgets.forms import FormSection

log = logging.getLogger(__name__)

DELAY_MS = 400

SaveFunction = Callable[[FormSection], Op]  # the operation that saves the form (its result: a SaveResult)


class SaveState(StrEnum):
    IDLE = "idle"        # nothing edited since the case was opened
    PENDING = "pending"  # edits waiting for the timer, or being written
    SAVED = "saved"
    INVALID = "invalid"  # the domain refused the section: messages are beside the fields
    FAILED = "failed"    # the store could not write (message in ``failure``)


class Autosaver(QObject):
    stateChanged = Signal()
    saved = Signal(str)  # the section that was just written

    def __init__(self, save: SaveFunction, *, delay_ms: int = DELAY_MS, parent: QObject | None = None):
        super().__init__(parent)
        self._save_function = save
        self.delay_ms = delay_ms
        self._forms: list[FormSection] = []
        self._timers: dict[FormSection, QTimer] = {}
        self._pending: set[FormSection] = set()
        self._invalid: set[FormSection] = set()
        self._failed: dict[FormSection, str] = {}
        self._saved_any = False
        self._connections: list[Any] = []
        self.saved_at: dt.datetime | None = None

    def attach(self, form: FormSection) -> None:
        if form in self._timers:
            return
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(self.delay_ms)
        timer.timeout.connect(lambda f=form: self.save_now(f))
        self._timers[form] = timer
        self._forms.append(form)
        self._connections.append(form.edited.connect(lambda f=form: self.schedule(f)))

    def schedule(self, form: FormSection) -> None:
        self._pending.add(form)
        self._timers[form].start()
        self.stateChanged.emit()

    def save_now(self, form: FormSection) -> None:
        self._timers[form].stop()
        self._pending.discard(form)
        try:
            operation = self._save_function(form)
            result, changes = operation.perform()
        except Failed as failed:  # the store failed: say so plainly, keep the edits on screen
            log.error("Autosave of %s failed", form.name, exc_info=failed.error)
            operation.session.announce(failed.changes, form)
            self._failed[form] = error_text(failed.error)
            self.stateChanged.emit()
            return
        except StoreError as exc:  # locked, or no case open: nothing could be tried
            self._failed[form] = error_text(exc)
            self.stateChanged.emit()
            return
        self._failed.pop(form, None)
        if result.ok:
            # Saved; anything still needed (the domain's reminders) stays beside its field.
            form.show_reminders(result.reminders)
            self._invalid.discard(form)
            self._saved_any = True
            self.saved_at = dt.datetime.now()
            self.stateChanged.emit()
            self.saved.emit(form.name)
        else:
            form.show_errors(result.errors)
            self._invalid.add(form)
            self.stateChanged.emit()
        operation.session.announce(changes, form)

    def flush(self) -> None:
        """Save everything that is waiting, now."""
        for form in [f for f in self._forms if f in self._pending]:
            self.save_now(form)

    def has_pending(self) -> bool:
        return bool(self._pending)

    def is_pending(self, form: FormSection) -> bool:
        return form in self._pending

    def invalid_forms(self) -> list[FormSection]:
        return [f for f in self._forms if f in self._invalid]

    def reset(self) -> None:
        """Forget every form and stop every timer (a case closed, or the store locked)."""
        for timer in self._timers.values():
            timer.stop()
        for connection in self._connections:
            try:
                QObject.disconnect(connection)
            except (RuntimeError, TypeError):
                pass
        self._connections.clear()
        self._forms.clear()
        self._timers.clear()
        self._pending.clear()
        self._invalid.clear()
        self._failed.clear()
        self._saved_any = False
        self.saved_at = None
        self.stateChanged.emit()

    @property
    def failure(self) -> str | None:
        return next(iter(self._failed.values()), None)

    @property
    def state(self) -> SaveState:
        if self._pending:
            return SaveState.PENDING
        if self._failed:
            return SaveState.FAILED
        if self._invalid:
            return SaveState.INVALID
        return SaveState.SAVED if self._saved_any else SaveState.IDLE
