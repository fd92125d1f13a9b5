"""The case: one person's journey with the provider, from first contact onwards."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from pydantic import Field

from advisor_app.domain.communication import CommunicationNeeds, flag_codes
from advisor_app.domain.fields import ShortText
from advisor_app.domain.journey import CaseState, Stage, Status
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
    # The communication needs flag (domain.communication.flag_codes), copied from person and circle.
    communication: list[ShortText] = Field(default_factory=list, max_length=20)

    @property
    def state(self) -> CaseState:
        return CaseState(stage=self.stage, status=self.status)


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


def summary_postcode(person: dict | None, enquiry: dict | None) -> str:
    return (person or {}).get("postcode") or (enquiry or {}).get("postcode") or ""


def summary_communication(person: dict | None, circle: dict | None) -> list[str]:
    """The flag for the case header: the person's needs and how many in the circle have needs."""
    def needs(data: dict | None) -> CommunicationNeeds | None:
        raw = (data or {}).get("communication")
        return CommunicationNeeds.model_validate(raw) if isinstance(raw, dict) else None

    members = [needs(m) for m in (circle or {}).get("members") or [] if isinstance(m, dict)]
    return flag_codes(needs(person), [m for m in members if m is not None])
