"""UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, variant 10, then random bits.

Ids made on one device sort by creation time. Within one millisecond the 12-bit ``rand_a``
field is a counter (RFC 9562 section 6.2, method 1), so ids from this process never go
backwards even when several are made in the same millisecond or the clock steps back.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0
_COUNTER_MAX = 0xFFF


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
        if ms > _last_ms:
            _last_ms = ms
            # Start low in the counter space so many ids fit in one millisecond.
            _counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:
            _counter += 1
            if _counter > _COUNTER_MAX:  # borrow the next millisecond rather than repeat
                _last_ms += 1
                _counter = 0
        ms = _last_ms
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | _counter << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def new_id() -> str:
    """A fresh UUIDv7 as the canonical 36-character string used as a record id."""
    return str(uuid7())


def uuid7_time_ms(value: uuid.UUID | str) -> int:
    return uuid.UUID(str(value)).int >> 80
