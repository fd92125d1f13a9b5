"""Sync use cases for the laptop: enroll, status, and a sync by the relay or by a folder (a USB
stick). The UI's Sync button and ``advisor-app sync`` call these.

A sync first takes what the office sent (acknowledgements, approvals, ...), then sends every
change the office has not confirmed. Each step is safe to repeat: an interrupted sync is simply
run again, and the office ignores what it already has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from advisor_app import paths
from advisor_app.domain.messages import N_, Msg
from advisor_app.services.cases import AdvisorService
from advisor_app.services.progress import Progress, step
from advisor_app.store.files import atomic_write
from advisor_app.sync import bundle
from advisor_app.sync.device import Applied, DeviceSync, SyncError, SyncStatus
from advisor_app.sync.enrollment import Enrollment, EnrollmentError

TO_OFFICE = "to-office"


@dataclass
class SyncReport:
    sent_changes: int = 0  # changes in the bundle sent this time (0: nothing new to send)
    received: list[Applied] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # bundles that could not be used, and why
    status: SyncStatus | None = None

    def lines(self) -> list[str]:
        """What went well; ``refusals()`` has what was refused."""
        out = [f"Sent {self.sent_changes} change(s) to the office." if self.sent_changes
               else "Nothing new to send."]
        for applied in self.received:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(applied.kinds.items()))
            out.append(f"From the office: confirmed up to change {applied.ack_seq}"
                       + (f"; {kinds}" if kinds else "") + ".")
        if self.status is not None:
            out.append(f"Waiting to be confirmed by the office: {self.status.waiting} change(s).")
        return out

    def refusals(self) -> list[str]:
        """Office bundles and messages this laptop could not use, each one plain sentence: the
        laptop kept what it had."""
        return [reason for applied in self.received for reason in applied.skipped] + list(self.problems)


def device(service: AdvisorService) -> DeviceSync:
    return DeviceSync(service.store)


def status(service: AdvisorService) -> SyncStatus:
    return device(service).status()


def enroll(service: AdvisorService, data: bytes) -> Enrollment:
    """Raises ``EnrollmentError`` with a plain reason; nothing changes then."""
    return device(service).enroll(data)


def _send(sync: DeviceSync, deliver) -> int:
    outgoing = sync.outgoing()
    if outgoing is None:
        return 0
    data, last_seq = outgoing
    deliver(data)
    sync.mark_sent(last_seq)
    return last_seq - sync.status().confirmed_seq


def _apply(sync: DeviceSync, data: bytes, report: SyncReport) -> bool:
    try:
        report.received.append(sync.apply(data))
        return True
    except bundle.BundleError as exc:
        report.problems.append(str(exc))
        return False


def sync_folder(service: AdvisorService, folder: Path, *, send: bool = True,
                receive: bool = True, progress: Progress | None = None) -> SyncReport:
    """Take the office's replies from ``folder/to-<enrollment id>`` (``receive``) and write this
    laptop's bundle to ``folder/to-office`` (``send``). ``progress`` can stop it between bundles."""
    sync = device(service)
    enrollment = sync.enrollment
    if enrollment is None:
        raise SyncError(N_("This laptop is not enrolled with an office yet. "
                           "Import the enrollment file the office gave you."))
    folder = Path(folder)
    if not folder.is_dir():
        raise SyncError(Msg("The folder {folder} is not there. Is the USB stick plugged in?",
                            folder=folder))
    report = SyncReport()
    replies = folder / f"to-{enrollment.enrollment_id}"
    incoming = sorted(replies.glob("*.bundle"), key=lambda p: (p.stat().st_mtime_ns, p.name)) if receive else []
    for done, path in enumerate(incoming):
        step(progress, done, len(incoming) + 1, N_("Taking in what the office sent"))
        if _apply(sync, path.read_bytes(), report):
            path.unlink()
    step(progress, len(incoming), len(incoming) + 1, N_("Sending your changes"))

    def deliver(data: bytes) -> None:
        target = folder / TO_OFFICE
        target.mkdir(parents=True, exist_ok=True)
        atomic_write(target / f"{bundle.bundle_id(data)}.bundle", data)

    if send:
        report.sent_changes = _send(sync, deliver)
    sync.note_result(None)
    report.status = sync.status()
    return report


def sync_relay(service: AdvisorService, *, progress: Progress | None = None) -> SyncReport:
    """The same through the relay; downloads resume from where a cut connection left them.
    ``progress`` can stop it between bundles (each bundle is applied whole, or not at all)."""
    from advisor_app.sync.relay_client import RelayClient, RelayError

    sync = device(service)
    enrollment = sync.enrollment
    if enrollment is None:
        raise SyncError(N_("This laptop is not enrolled with an office yet. "
                           "Import the enrollment file the office gave you."))
    if not enrollment.relay_url:
        raise SyncError(N_("This office has no relay: sync with a USB stick instead."))
    client = RelayClient(enrollment.relay_url, enrollment.credential)
    partial = paths.data_dir() / "sync-partial"  # ciphertext only: bundles are sealed
    partial.mkdir(parents=True, exist_ok=True)
    report = SyncReport()
    try:
        step(progress, 0, 0, N_("Asking the office's relay what is waiting"))
        waiting = client.list()
        for done, entry in enumerate(waiting):
            step(progress, done, len(waiting) + 1, N_("Taking in what the office sent"))
            data = client.download(entry["id"], partial_path=partial / f"{entry['id']}.part")
            _apply(sync, data, report)
            client.delete(entry["id"])
        step(progress, len(waiting), len(waiting) + 1, N_("Sending your changes"))
        report.sent_changes = _send(sync, lambda data: client.upload(data, to="office"))
    except RelayError as exc:
        sync.note_result(str(exc))
        raise SyncError(str(exc)) from None
    sync.note_result(None)
    report.status = sync.status()
    return report


__all__ = ["EnrollmentError", "SyncError", "SyncReport", "SyncStatus", "enroll", "status", "sync_folder", "sync_relay"]
