"""Start an assessment from the person-centred picture. Plain lists of strings, so this does
not depend on the picture's own models."""

from __future__ import annotations

from typing import Iterable

from advisor_app.domain.risk.text import clean_lines


def prefill_from_picture(important_to: Iterable[str], important_for: Iterable[str]) -> dict[str, list[str]]:
    """Fields to merge into a new assessment's data; after that they are the advisor's to edit,
    so call this once, when the assessment is created (or to refill fields left empty)."""
    return {
        "important_to": clean_lines(important_to, dedupe=True),
        "important_for": clean_lines(important_for, dedupe=True),
    }
