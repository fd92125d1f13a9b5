"""Notices from the office for the advisor: the easy-read report back of a Working Together for
Change workshop, which used statements from the reviews of some of this laptop's cases. The case
list shows the unread ones; the advisor reads the report (and shares it with the families)."""

from __future__ import annotations

from dataclasses import dataclass

from advisor_app.services.cases import AdvisorService
from advisor_app.store import notices as kept
from advisor_app.store.errors import StoreError
from advisor_app.domain.messages import N_


@dataclass(frozen=True)
class Notice:
    notice_id: str
    title: str
    sent_at: str
    cases: tuple[str, ...]  # the references of this laptop's cases whose reviews were used
    read: bool


def notices(service: AdvisorService, *, unread_only: bool = False) -> list[Notice]:
    """The office's notices, the newest first."""
    out = [Notice(str(n.get("notice_id")), str(n.get("title", "")), str(n.get("sent_at", "")),
                  tuple(map(str, n.get("cases") or ())), bool(n.get("read")))
           for n in kept.notices(service.store)]
    return [n for n in out if not n.read] if unread_only else out


def report(service: AdvisorService, notice_id: str) -> bytes:
    """The notice's PDF, to read."""
    found = kept.pdf(service.store, notice_id)
    if found is None:
        raise StoreError(N_("That report from the office is not on this laptop."))
    return found


def mark_read(service: AdvisorService, notice_id: str) -> None:
    kept.mark_read(service.store, notice_id)
