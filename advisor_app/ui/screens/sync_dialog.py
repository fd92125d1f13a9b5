"""Sync with the office: where this laptop stands, and buttons to sync or enroll.

The dialog only presents and calls ``advisor_app.services.sync``. A sync first takes what the
office sent back, then sends every change the office has not confirmed; each step is safe to
repeat. It runs in the background (``BackgroundOp``): the window stays responsive, the dialog
shows where it is, and "Stop" ends it at the next step (nothing is lost: sync again later). If
the dialog is closed meanwhile, the sync goes on and the status bar says when it is done.
``enroll_from(path)`` and ``sync_folder(path)`` do the work after the file dialogs, so tests call
them directly. ``SyncStatusLabel`` is the short line in the main window's status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QWidget,
)

from advisor_app.domain.messages import N_
from advisor_app.i18n import _, ngettext
from advisor_app.services import sync
from advisor_app.services.errors import SYNC_FAILURES, EnrollmentError, StoreError, error_text
from advisor_app.services.progress import Cancelled
from advisor_app.services.sync import SyncReport, SyncStatus
from advisor_app.ui.screens.case_list import when_text
from advisor_app.ui.widgets.busy import busy
from advisor_app.ui.errors import show_error
from advisor_app.ui.operations import BackgroundOp, Op
from advisor_app.ui.screens.common import close_row, dialog_frame
from advisor_app.ui.session import Session
from advisor_app.ui.widgets.text import TrButton, TrLabel

# What the office can send back, as the advisor would say it.
MESSAGE_KINDS = {
    "certificate": N_("the laptop's signing certificate"),
    "record": N_("decisions and updates"),
    "document": N_("countersigned documents"),
    "provider": N_("new rates or menus"),
    "revoked": N_("a notice that this laptop was revoked"),
    "case_moved": N_("a case moved to or from this laptop"),
    "reference_code": N_("this laptop's code for case references"),
}

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def waiting_text(status: SyncStatus) -> str:
    """The one line the status bar shows."""
    if not status.enrolled:
        return _("Not enrolled with an office")
    if status.waiting:
        return ngettext("{n} change not yet at the office", "{n} changes not yet at the office", status.waiting)
    return _("Everything is at the office")


def report_lines(report: SyncReport) -> list[str]:
    """What a sync did, in plain translated lines."""
    lines = [ngettext("Sent {n} change to the office.", "Sent {n} changes to the office.", report.sent_changes)
             if report.sent_changes else _("Nothing new to send.")]
    for applied in report.received:
        if applied.messages:
            kinds = ", ".join(_(MESSAGE_KINDS.get(kind, kind)) for kind in sorted(applied.kinds))
            lines.append(_("From the office: {kinds}.", kinds=kinds))
        lines.append(_("The office has confirmed your changes up to number {seq}.", seq=applied.ack_seq))
        lines.extend(_(reason) for reason in applied.skipped)
    lines.extend(_(problem) for problem in report.problems)
    if report.status is not None:
        lines.append(waiting_text(report.status) + ".")
    return lines


class SyncDialog(QDialog):
    synced = Signal()  # the store changed: acknowledgements, office records, an enrollment

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.status: SyncStatus | None = None
        self.received_anything = False  # the office sent records or documents this time
        layout = dialog_frame(self, N_("Sync with the office"), N_(
            "Syncing sends your changes to the office and brings back what the office has decided. It is safe to "
            "sync again at any time."), width=600)
        layout.addSpacing(6)

        self.enrolled = self._label("subheading")
        self.last_sync = self._label("lead")
        self.waiting = self._label("lead")
        self.last_error = self._label("inlineError")
        for label in (self.enrolled, self.last_sync, self.waiting, self.last_error):
            layout.addWidget(label)
        layout.addSpacing(6)

        row = QHBoxLayout()
        self.sync_button = TrButton(N_("Sync &now"), primary=True,
                                    tooltip=N_("Sync through the internet, by the office's relay"))
        self.folder_button = TrButton(N_("Sync with a &USB stick or folder…"),
                                      tooltip=N_("Take the office's replies from a folder and put your "
                                                 "changes there for the office"))
        self.enroll_button = TrButton(N_("&Enroll with the office…"),
                                      tooltip=N_("Open the enrollment file the office gave you"))
        for button in (self.sync_button, self.folder_button, self.enroll_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.why_disabled = self._label("hint")
        layout.addWidget(self.why_disabled)
        working = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress_text = self._label("hint")
        self.stop_button = TrButton(N_("&Stop"), tooltip=N_("Stop at the next step: nothing is lost, sync again later"))
        self.stop_button.clicked.connect(self.stop)
        working.addWidget(self.progress_text, 1)
        working.addWidget(self.progress, 1)
        working.addWidget(self.stop_button)
        layout.addLayout(working)
        self.running: BackgroundOp | None = None

        self.result_label = TrLabel(N_("What happened"), object_name="fieldLabel")
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setTextInteractionFlags(SELECTABLE)
        self.result.setTabChangesFocus(True)
        self.result.setMinimumHeight(120)
        self.result_label.setBuddy(self.result)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result, 1)

        self.close_button = close_row(self, layout)

        self.sync_button.clicked.connect(self.sync_relay)
        self.folder_button.clicked.connect(self.choose_folder)
        self.enroll_button.clicked.connect(self.choose_enrollment)
        self._result_lines: list[str] = []
        self._result_error = False
        self._show_running(False)
        self.refresh()

    def _label(self, object_name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(SELECTABLE)
        return label

    # -- state -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            self.status = sync.status(self.session.service)
        except StoreError as exc:
            self.status = None
            self.show_result([error_text(exc)], error=True)
        self.retranslate_self()

    def result_text(self) -> str:
        return self.result.toPlainText()

    def show_result(self, lines: list[str], *, error: bool = False) -> None:
        self._result_lines, self._result_error = list(lines), error
        self.result.setPlainText("\n".join(lines))
        self.result.setAccessibleDescription(self.result.toPlainText())

    # -- actions ---------------------------------------------------------------------------------
    def choose_enrollment(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open the enrollment file from the office"),
                                                    str(Path.home()),
                                                    _("Enrollment files (*.json *.enrollment);;All files (*)"))
        if path:
            self.enroll_from(path)

    def enroll_from(self, path: str | Path) -> bool:
        try:
            data = Path(path).read_bytes()
            with busy():
                enrollment = Op(self.session, lambda service: sync.enroll(service, data)).run(initiator=self)
        except OSError:
            self.show_result([_("The file could not be read. Check that it is there and try again.")], error=True)
            return False
        except (EnrollmentError, StoreError) as exc:
            self.show_result([error_text(exc)], error=True)
            return False
        self.show_result([_("This laptop is now enrolled with {office}. Sync to send your cases to the office.",
                            office=enrollment.office.name)])
        self.refresh()
        self.synced.emit()
        return True

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or the shared folder"),
                                                  str(Path.home()))
        if folder:
            self.sync_folder(folder)

    def sync_folder(self, folder: str | Path) -> BackgroundOp:
        return self._start(lambda service, progress: sync.sync_folder(service, Path(folder), send=True, receive=True,
                                                                      progress=progress))

    def sync_relay(self) -> BackgroundOp:
        return self._start(lambda service, progress: sync.sync_relay(service, progress=progress))

    def _start(self, work) -> BackgroundOp:
        self.show_result([_("Syncing…")])
        self.running = BackgroundOp(self.session, work, owner=self) \
            .progress(self._show_progress).success(self._synced).failure(self._failed)
        self.running.finished.connect(self._ended)
        self._show_running(True)
        return self.running.start(initiator=self)

    def _ended(self) -> None:
        self._show_running(False)

    def stop(self) -> None:
        if self.running is not None:
            self.running.cancel()
            self.progress_text.setText(_("Stopping at the next step…"))

    def _show_running(self, running: bool) -> None:
        if not running:
            self.running = None
        for widget in (self.progress, self.progress_text, self.stop_button):
            widget.setVisible(running)
        self.retranslate_self()
        if running:
            self.progress.setRange(0, 0)  # busy until the first step says how far
            self.progress_text.setText(_("Syncing…"))
            self.stop_button.setFocus()

    def _show_progress(self, done: int, total: int, words: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress_text.setText(_(words) if words else _("Syncing…"))
        self.progress.setAccessibleName(self.progress_text.text())

    def _synced(self, report: SyncReport) -> None:
        self.received_anything = self.received_anything or any(
            applied.kinds.get(kind) for applied in report.received
            for kind in ("record", "document", "case_moved", "reference_code"))
        self.show_result(report_lines(report), error=bool(report.refusals()))
        self.refresh()
        self.synced.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.show_result([error_text(exc)])
        elif isinstance(exc, SYNC_FAILURES):
            reason = (_("The folder could not be used ({reason}).", reason=exc.strerror or exc)
                      if isinstance(exc, OSError) else error_text(exc))
            self.show_result([_("The sync did not finish, so nothing was lost: try again."), reason], error=True)
        else:
            show_error(exc, self)
            self.show_result([_("The sync did not finish, so nothing was lost: try again.")], error=True)
        self.refresh()

    # -- text ------------------------------------------------------------------------------------
    def retranslate_self(self) -> None:
        self.setWindowTitle(_("Sync with the office"))
        status = self.status
        enrolled = bool(status and status.enrolled)
        revoked = bool(status and status.revoked)
        if status is None:
            self.enrolled.setText(_("The sync status could not be read."))
        elif not enrolled:
            self.enrolled.setText(_("This laptop is not enrolled with an office yet."))
        elif revoked:
            self.enrolled.setText(_("{office} revoked this laptop's enrollment ({when}).",
                                    office=status.office_name, when=when_text(status.revoked or "")))
        else:
            self.enrolled.setText(_("Enrolled with {office}.", office=status.office_name))
        if enrolled and status and status.last_sync_at:
            self.last_sync.setText(_("Last sync: {when}.", when=when_text(status.last_sync_at)))
        else:
            self.last_sync.setText(_("Not synced yet."))
        if status is None:
            self.waiting.clear()
        elif status.waiting:
            self.waiting.setText(ngettext("{n} change is waiting to be confirmed by the office.",
                                          "{n} changes are waiting to be confirmed by the office.",
                                          status.waiting))
        else:
            self.waiting.setText(_("The office has confirmed every change."))
        error = status.last_error if status else None
        self.last_error.setText(_("The last sync did not finish: {error}", error=_(error)) if error else "")
        self.last_error.setVisible(bool(error))
        self.last_sync.setVisible(enrolled)

        can_sync = enrolled and not revoked and getattr(self, "running", None) is None
        has_relay = bool(status and status.relay_url)
        self.sync_button.setEnabled(can_sync and has_relay)
        self.folder_button.setEnabled(can_sync)
        self.enroll_button.setEnabled(getattr(self, "running", None) is None)
        if not enrolled:
            why = _("Enroll with the office first: open the enrollment file the office gave you.")
        elif revoked:
            why = _("Ask the office to enroll this laptop again.")
        elif not has_relay:
            why = _("This office has no relay, so “Sync now” is not available. "
                    "Use a USB stick or a shared folder.")
        else:
            why = ""
        self.why_disabled.setText(why)
        self.why_disabled.setVisible(bool(why))
        self.sync_button.setAccessibleDescription(why if not self.sync_button.isEnabled() else "")
        self.folder_button.setAccessibleDescription(why if not self.folder_button.isEnabled() else "")
        self.enroll_button.set_source(N_("&Enroll again…") if enrolled else N_("&Enroll with the office…"),
                                      accessible_name=N_("Enroll with the office"))
        for label in (self.enrolled, self.last_sync, self.waiting, self.last_error, self.why_disabled):
            label.setAccessibleName(label.text())
        self.result.setAccessibleName(_("What happened"))
        self.result.setPlaceholderText(_("The result of a sync shows here."))


class SyncStatusLabel(QLabel):
    """The status bar's line: how many changes are not yet at the office."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unsent")
        self.session = session
        self.status: SyncStatus | None = None
        session.unlocked.connect(self.refresh)
        session.operationDone.connect(self._on_changes)
        session.locked.connect(self.refresh)
        self.refresh()

    def _on_changes(self, changes, _initiator: object) -> None:
        if changes.office_status:
            self.refresh()

    def refresh(self) -> None:
        self.status = None
        if self.session.is_unlocked:
            try:
                self.status = sync.status(self.session.service)
            except StoreError:
                self.status = None
        self.retranslate_self()

    def retranslate_self(self) -> None:
        text = waiting_text(self.status) if self.status is not None else ""
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
