"""The case: one person's journey with the provider, from first contact onwards.

A case's reference is read out on the phone, so it is short: ``C-JL-2026-0007``. ``JL`` is the
laptop's reference code, which the office gives each laptop when it enrolls it (unique in the
organisation), so laptops number their cases offline and never make the same reference. A laptop
not yet enrolled makes ``C-2026-0007``; when its code arrives those cases take references with the
code, and keep their old ones as ``former_references`` (still found by search).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Any, Iterable, Mapping

from pydantic import Field

from advisor_app.domain.communication import CommunicationNeeds, flag_codes
from advisor_app.domain.fields import ShortText
from advisor_app.domain.journey import CaseState, Stage, Status
from advisor_app.domain.messages import Msg
from advisor_app.domain.validation import Model

_REFERENCE = re.compile(r"^C-(?:([A-Z]{1,6})-)?(\d{4})-(\d{4,})$")
_CODE = re.compile(r"^[A-Z]{1,6}$")


class CaseHeader(Model):
    """What the case list shows. Name and postcode are copied from the person and enquiry."""

    reference: ShortText
    stage: Stage = Stage.ENQUIRY
    status: Status = Status.OPEN
    opened_on: dt.date
    closed_on: dt.date | None = None
    person_name: ShortText = ""
    postcode: ShortText = ""
    # References the case had before (made before the laptop had its code): still found by search.
    former_references: list[ShortText] = Field(default_factory=list, max_length=20)
    # The communication needs flag (domain.communication.flag_codes), copied from person and circle.
    communication: list[ShortText] = Field(default_factory=list, max_length=20)

    @property
    def state(self) -> CaseState:
        return CaseState(stage=self.stage, status=self.status)


    def known_as(self, reference: str) -> bool:
        """Whether ``reference`` is this case's reference, now or before (any case of letters)."""
        wanted = reference.strip().upper()
        return any(wanted == ref.upper() for ref in (self.reference, *self.former_references))


def case_matches(header: Mapping[str, Any], search: str) -> bool:
    """Whether a case (its header's saved data) is found by ``search``: part of the person's name,
    of its reference now or before, or of its postcode (spaces ignored). Empty finds every case."""
    needle = search.strip().lower()
    if not needle:
        return True
    refs = [str(header.get("reference", "")), *map(str, header.get("former_references") or [])]
    compact = needle.replace(" ", "")
    postcode = str(header.get("postcode", "")).lower().replace(" ", "")
    return (needle in str(header.get("person_name", "")).lower() or any(needle in ref.lower() for ref in refs)
            or bool(compact and compact in postcode))


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


def parse_reference(reference: str) -> tuple[str | None, int, int] | None:
    """(laptop code or None, year, number), or None when it is not a case reference."""
    match = _REFERENCE.match(reference.strip())
    return (match.group(1), int(match.group(2)), int(match.group(3))) if match else None


def next_reference(existing: Iterable[str], year: int, code: str | None = None) -> str:
    """The next free reference for ``year`` on a laptop with ``code`` (None: not yet enrolled).
    ``existing`` holds every reference the laptop's cases have or had, so none is made twice."""
    if code is not None and not _CODE.match(code):
        raise ValueError(f"a laptop's reference code is one to six capital letters, not {code!r}")
    numbers = [parsed[2] for ref in existing if (parsed := parse_reference(ref)) and parsed[:2] == (code, year)]
    return f"C-{code}-{year}-{max(numbers, default=0) + 1:04d}" if code else f"C-{year}-{max(numbers, default=0) + 1:04d}"


def with_code(header: CaseHeader, code: str, existing: Iterable[str]) -> CaseHeader:
    """The case with a reference carrying the laptop's ``code``, its old one kept as a former
    reference; unchanged when it already carries a code."""
    parsed = parse_reference(header.reference)
    if parsed is not None and parsed[0] is not None:
        return header
    year = parsed[1] if parsed else header.opened_on.year
    return header.model_copy(update={"reference": next_reference(existing, year, code),
                                     "former_references": [*header.former_references, header.reference]})


def reference_code(name: str, taken: Iterable[str]) -> str:
    """A short code for a new laptop, unique among ``taken``: the initials of its name where
    free (``Jess Lowe's laptop`` -> ``JL``), else the first free two letters, then three."""
    used = set(taken)
    letters = [word[0].upper() for word in re.findall(r"[A-Za-z]+", name)]
    first = letters[0] if letters else "A"
    candidates = [first + second for second in ([*letters[1:2], *string.ascii_uppercase])]
    candidates += [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase]
    candidates += [a + b + c for a in string.ascii_uppercase for b in string.ascii_uppercase
                   for c in string.ascii_uppercase]
    for code in candidates:
        if code not in used:
            return code
    raise ValueError("every reference code is taken")


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
