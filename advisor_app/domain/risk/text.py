"""Text shapes shared by the risk models: lists of short lines the advisor types one by one."""

from __future__ import annotations

from typing import Annotated, Any, Iterable

from pydantic import BeforeValidator, Field

from advisor_app.domain.fields import Text


def clean_lines(items: Iterable[str], *, dedupe: bool = False) -> list[str]:
    """Trimmed, non-blank lines in their original order (optionally without repeats, any case)."""
    seen: set[str] = set()
    lines: list[str] = []
    for item in items:
        line = item.strip()
        if not line or (dedupe and line.casefold() in seen):
            continue
        seen.add(line.casefold())
        lines.append(line)
    return lines


def _drop_blank_lines(value: Any) -> Any:
    # A form adds an empty row before the advisor types into it; an empty row is not an entry.
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return clean_lines(value)
    return value


TextList = Annotated[list[Text], BeforeValidator(_drop_blank_lines), Field(max_length=100)]
