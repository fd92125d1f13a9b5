"""How far a stage has got: a small value of its own, so that naming progress does not load
every model of every stage (the journey is read at launch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class Completeness:
    done: int
    total: int
    missing: list[str] = field(default_factory=list)  # plain messages naming what is missing

    @property
    def complete(self) -> bool:
        return self.done >= self.total and not self.missing

    @classmethod
    def from_checks(cls, checks: Iterable[tuple[bool, str | None]]) -> "Completeness":
        """One point per check that passed; the message of each that failed goes in ``missing``
        (a failed check may have no message of its own when another one already says it)."""
        items = list(checks)
        missing = [message for ok, message in items if not ok and message]
        return cls(done=sum(1 for ok, _ in items if ok), total=len(items), missing=missing)
