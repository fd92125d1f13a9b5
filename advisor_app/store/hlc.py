"""Hybrid logical clock: wall-clock milliseconds + a counter + the device id.

A timestamp never goes backwards on a device, even when the laptop's clock is wrong or steps
back (the last one is persisted in the journal and meta, see ``journal.append``), and it stays
close to real time so people can read it. The string form sorts in time order:
``"<13-digit ms>.<5-digit counter>.<device id>"``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

_COUNTER_MAX = 99_999


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.wall_ms:013d}.{self.counter:05d}.{self.node}"

    @classmethod
    def parse(cls, text: str) -> "Hlc":
        wall, counter, node = text.split(".", 2)
        if len(wall) != 13 or len(counter) != 5 or not node:
            raise ValueError(f"not a hybrid logical clock value: {text!r}")
        return cls(int(wall), int(counter), node)

    def as_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.wall_ms / 1000, tz=timezone.utc)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _advance(wall_ms: int, counter: int, node: str) -> Hlc:
    if counter > _COUNTER_MAX:  # keep the string fixed-width: borrow the next millisecond
        return Hlc(wall_ms + 1, 0, node)
    return Hlc(wall_ms, counter, node)


def tick(last: Hlc | None, node: str, now_ms: int | None = None) -> Hlc:
    """The timestamp for a new local event."""
    now = _now_ms() if now_ms is None else now_ms
    if last is None or now > last.wall_ms:
        return Hlc(now, 0, node)
    return _advance(last.wall_ms, last.counter + 1, node)


def receive(last: Hlc | None, remote: Hlc, node: str, now_ms: int | None = None) -> Hlc:
    """The timestamp after seeing ``remote`` (e.g. a change from the office): later than both."""
    now = _now_ms() if now_ms is None else now_ms
    last_wall = last.wall_ms if last else -1
    wall = max(now, last_wall, remote.wall_ms)
    if wall == last_wall == remote.wall_ms:
        counter = max(last.counter, remote.counter) + 1  # type: ignore[union-attr]
    elif wall == last_wall:
        counter = last.counter + 1  # type: ignore[union-attr]
    elif wall == remote.wall_ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return _advance(wall, counter, node)


def utc_now() -> str:
    """Wall-clock time: UTC ISO 8601 with microseconds, e.g. 2025-01-31T09:15:02.123456+00:00.

    Microseconds, so that "most recently changed first" orders edits made within one millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")
