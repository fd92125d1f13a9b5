"""The office's day: what needs doing, each one action away.

The worklist gathers, across every case and laptop: risk assessments waiting for a manager's
decision, agreements signed by the family and waiting for the office's countersignature,
conflicts to settle, person-centred reviews overdue and due soon (``domain/reviews.py``'s rule),
handovers waiting for the local manager's acknowledgement, and laptops that have not synced for
the office's set number of days (``domain/office_settings.py``).

Pure: the office's services read the facts (``office/day.py``) and ask here which of them are
work, in what order, and what the one action is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

from advisor_app.domain.authority import OFFICE_SIGNATURE_FIELDS
from advisor_app.domain.messages import N_, Msg
from advisor_app.domain.office_users import Action


class WorkKind(StrEnum):
    """In the order the worklist shows them: what holds a person up first."""

    REVIEW_OVERDUE = "review_overdue"
    RISK_DECISION = "risk_decision"
    COUNTERSIGN = "countersign"
    HANDOVER = "handover"
    CONFLICT = "conflict"
    QUIET_LAPTOP = "quiet_laptop"
    REVIEW_DUE = "review_due"


ORDER = tuple(WorkKind)

KIND_TITLES: dict[WorkKind, str] = {
    WorkKind.REVIEW_OVERDUE: N_("Person-centred reviews overdue"),
    WorkKind.RISK_DECISION: N_("Risk assessments waiting for a manager"),
    WorkKind.COUNTERSIGN: N_("Agreements waiting for the countersignature"),
    WorkKind.HANDOVER: N_("Handovers waiting for the manager's acknowledgement"),
    WorkKind.CONFLICT: N_("Conflicts to settle"),
    WorkKind.QUIET_LAPTOP: N_("Laptops that have not synced"),
    WorkKind.REVIEW_DUE: N_("Person-centred reviews due soon"),
}

# The one action each item is away from: the button's words, and who may do it.
ACTION_WORDS: dict[WorkKind, str] = {
    WorkKind.REVIEW_OVERDUE: N_("Open the case"),
    WorkKind.RISK_DECISION: N_("Decide"),
    WorkKind.COUNTERSIGN: N_("Read and countersign"),
    WorkKind.HANDOVER: N_("Acknowledge"),
    WorkKind.CONFLICT: N_("Settle"),
    WorkKind.QUIET_LAPTOP: N_("Look at the laptop"),
    WorkKind.REVIEW_DUE: N_("Open the case"),
}
ACTION_NEEDS: dict[WorkKind, Action] = {
    WorkKind.REVIEW_OVERDUE: Action.READ,
    WorkKind.RISK_DECISION: Action.DECIDE_RISK,
    WorkKind.COUNTERSIGN: Action.COUNTERSIGN,
    WorkKind.HANDOVER: Action.ACKNOWLEDGE_HANDOVER,
    WorkKind.CONFLICT: Action.RESOLVE_CONFLICT,
    WorkKind.QUIET_LAPTOP: Action.READ,
    WorkKind.REVIEW_DUE: Action.READ,
}


@dataclass(frozen=True)
class WorkItem:
    kind: WorkKind
    key: str  # what the action acts on: an assessment, a document's SHA-256, a conflict, a case, an enrollment
    case_id: str | None  # None for a laptop
    when: dt.date | None  # the due date (reviews) or since when it has waited
    detail: str  # what it is, in a few words (a Msg or a person's text)

    @property
    def overdue(self) -> bool:
        return self.kind == WorkKind.REVIEW_OVERDUE


def in_order(items: Iterable[WorkItem]) -> list[WorkItem]:
    """Kind by kind (``ORDER``), the longest waiting (or earliest due) first."""
    return sorted(items, key=lambda item: (ORDER.index(item.kind), item.when or dt.date.max, item.key))


def counts(items: Iterable[WorkItem]) -> dict[WorkKind, int]:
    """How many items of each kind (every kind, none as 0)."""
    out = dict.fromkeys(WorkKind, 0)
    for item in items:
        out[item.kind] += 1
    return out


# ---- the rules ----------------------------------------------------------------------------------


def handover_waiting(handed_over_on: dt.date | None, pack_sha256: str, acknowledged: AbstractSet[str]) -> bool:
    """A case handed over whose pack no acknowledgement names yet (a pack made again after an
    acknowledgement is waiting again). ``acknowledged``: every pack acknowledged, as a set (asked
    once per case)."""
    return handed_over_on is not None and bool(pack_sha256) and pack_sha256 not in acknowledged


def laptop_quiet(enrolled_on: dt.date, last_sync_on: dt.date | None, today: dt.date, days: int) -> bool:
    """A laptop not heard from for ``days`` days: since its last sync, or since it was enrolled
    when it has never synced."""
    return (today - (last_sync_on or enrolled_on)).days >= days


def quiet_words(last_sync_on: dt.date | None, today: dt.date) -> str:
    if last_sync_on is None:
        return N_("Has never synced since it was enrolled")
    return Msg("Last synced {days} days ago", days=(today - last_sync_on).days)


@dataclass(frozen=True)
class SignedCopy:
    """One signed copy of an agreement, as the office holds it."""

    sha256: str
    case_id: str
    arrived_on: dt.date | None
    previous: str | None  # the copy this one was signed onto
    signed_fields: tuple[str, ...]
    still_to_sign: tuple[str, ...] | None  # from the office's signature check; None: not checked


def countersigned(copy: SignedCopy) -> bool:
    return any(f in OFFICE_SIGNATURE_FIELDS for f in copy.signed_fields)


def ready_to_countersign(copies: Iterable[SignedCopy]) -> list[SignedCopy]:
    """The newest copy of each signing (no copy was signed onto it), not countersigned yet, that
    every other signer has signed (only the office's box is left, by the office's check)."""
    copies = list(copies)
    signed_onto = {c.previous for c in copies if c.previous}
    return [c for c in copies if c.sha256 not in signed_onto and not countersigned(c)
            and c.still_to_sign is not None and set(c.still_to_sign) <= OFFICE_SIGNATURE_FIELDS]


def day_of(text: object) -> dt.date | None:
    """The day of an ISO 8601 date or moment (UTC as stored), or None when it is not one."""
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def person_words(reference: str, name: str) -> str:
    return Msg("{reference}: {name}", reference=reference, name=name) if name else reference


def detail_of(kind: WorkKind, facts: Mapping[str, str]) -> str:
    """The item's words from its facts (the Msgs the screens and the command line translate)."""
    if kind == WorkKind.RISK_DECISION:
        return " ".join(p for p in (facts.get("reference", ""), facts.get("title", "")) if p) or N_("A risk assessment")
    if kind == WorkKind.COUNTERSIGN:
        return facts.get("title") or N_("Agreement")
    if kind == WorkKind.CONFLICT:
        return Msg("Two versions of “{what}”", what=facts.get("what", ""))
    if kind in (WorkKind.REVIEW_DUE, WorkKind.REVIEW_OVERDUE):
        return facts.get("due", "")
    if kind == WorkKind.HANDOVER:
        return Msg("Handed over on {day}", day=facts.get("day", ""))
    return facts.get("words", "")
