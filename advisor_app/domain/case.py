"""The case: one person's journey with the provider, from first contact onwards."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from advisor_app.domain.fields import ShortText
from advisor_app.domain.journey import CaseState, Stage, Status
from advisor_app.domain.messages import Msg
from advisor_app.domain.validation import Model

_REFERENCE = re.compile(r"^C-(\d{4})-(\d{4,})$")


class CaseHeader(Model):
    """What the case list shows. Name and postcode are copied from the person and enquiry."""

    reference: ShortText
    stage: Stage = Stage.ENQUIRY
    status: Status = Status.OPEN
    opened_on: dt.date
    closed_on: dt.date | None = None
    person_name: ShortText = ""
    postcode: ShortText = ""

    @property
    def state(self) -> CaseState:
        return CaseState(stage=self.stage, status=self.status)


_SAFE_REFERENCE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
MAX_REFERENCE_LENGTH = 40


def reference_problem(reference: str) -> str | None:
    """Why ``reference`` cannot be a case's reference, or None. A reference names the case's files
    and is read out on the phone, so it is capital letters and digits in groups joined by single
    dashes (C-2026-0001): never a slash, a dot, a space or a control character."""
    if not isinstance(reference, str) or not 1 <= len(reference) <= MAX_REFERENCE_LENGTH \
            or not _SAFE_REFERENCE.fullmatch(reference):
        return Msg("A case reference is up to {n} capital letters and digits in groups joined by "
                   "dashes, like C-2026-0001.", n=MAX_REFERENCE_LENGTH)
    return None


def next_reference(existing: Iterable[str], year: int) -> str:
    """Human-readable and unique within a store: C-2026-0001, C-2026-0002, ..."""
    numbers = [int(m.group(2)) for ref in existing if (m := _REFERENCE.match(ref)) and int(m.group(1)) == year]
    return f"C-{year}-{max(numbers, default=0) + 1:04d}"


def summary_name(person: dict | None, enquiry: dict | None) -> str:
    """The name to show in the list: the person's, else who got in touch, else blank."""
    if person:
        first = person.get("preferred_name") or person.get("first_name") or ""
        return f"{first} {person.get('last_name') or ''}".strip()
    if enquiry:
        return enquiry.get("contact_name") or ""
    return ""


def matches_search(header: dict, search: str) -> bool:
    """Whether a case header matches what was typed: part of the name or reference, or of the
    postcode with or without its space. Nothing typed matches every case."""
    needle = search.strip().lower()
    if not needle:
        return True
    compact = needle.replace(" ", "")
    name, reference = str(header.get("person_name", "")).lower(), str(header.get("reference", "")).lower()
    postcode = str(header.get("postcode", "")).lower().replace(" ", "")
    return needle in name or needle in reference or (bool(compact) and compact in postcode)


def summary_postcode(person: dict | None, enquiry: dict | None) -> str:
    return (person or {}).get("postcode") or (enquiry or {}).get("postcode") or ""
