"""Reference numbers people can read out on the phone: RA-2026-0007.

The counter is per store and per year. When several devices make assessments, pass each
store's short code (``RA-KP-2026-0007``) so references stay unique at the office too.
"""

from __future__ import annotations

import re
from typing import Annotated, Iterable

from pydantic import StringConstraints

from advisor_app.domain.messages import N_

_REFERENCE = re.compile(r"^RA-(?:([A-Z]{1,6})-)?(\d{4})-(\d{4,})$")
_STORE_CODE = re.compile(r"^[A-Z]{1,6}$")

Reference = Annotated[str, StringConstraints(pattern=_REFERENCE.pattern)]


def parse_reference(reference: str) -> tuple[str | None, int, int] | None:
    """(store code or None, year, number), or None when it is not a risk assessment reference."""
    match = _REFERENCE.match(reference.strip())
    if not match:
        return None
    return match.group(1), int(match.group(2)), int(match.group(3))


def next_reference(existing_refs: Iterable[str], year: int, store_code: str | None = None) -> str:
    """The next free reference for ``year`` (numbers restart each year; others' codes are ignored)."""
    if not 1000 <= year <= 9999:
        raise ValueError(N_("The year of a reference must have four digits."))
    if store_code is not None and not _STORE_CODE.match(store_code):
        raise ValueError(N_("A store code is one to six capital letters."))
    numbers = [parsed[2] for ref in existing_refs
               if (parsed := parse_reference(ref)) and parsed[:2] == (store_code, year)]
    prefix = f"RA-{store_code}-" if store_code else "RA-"
    return f"{prefix}{year}-{max(numbers, default=0) + 1:04d}"
