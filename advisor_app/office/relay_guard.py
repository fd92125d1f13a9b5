"""How the relay's HTTP server stands up to hostile clients (uvicorn's h11 protocol, guarded).

Uvicorn waits for ever for a client that connects and sends nothing, or a request head one byte a
minute, or a body that stops half-way, or that never reads the response: about a thousand such
connections use up the relay's file descriptors and it stops answering anyone. Here each
connection has one deadline at a time:

- the request head (request line and headers) must be complete within ``head_timeout`` of its
  first byte (or of the connection, for the first request);
- while a body arrives, some of it must arrive every ``body_timeout`` seconds (progress, not a
  total: a large bundle on a slow line is fine while it moves; while the relay itself has paused
  reading, the clock does not run);
- a response the client stops reading is dropped after ``send_timeout`` seconds;
- at most ``max_waiting`` connections may be waiting for their request head at once: another one
  closes the one that has waited longest. A real client sends its head at once, so it is never
  the oldest; an idle crowd only pushes out its own.

Between requests, uvicorn's own keep-alive timeout closes an idle connection. Each cut is logged
once, through the relay's bounded log (``advisor_app.logs.RateLimit``).

This subclasses uvicorn's ``H11Protocol`` (its ``conn``, ``flow``, ``transport``, ``loop`` and
``cycle``), so tests/office/test_relay_hostile.py runs it against a real relay on every change of
uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("advisor_app.relay")


@dataclass(frozen=True)
class Limits:
    head_timeout: float = 5.0
    body_timeout: float = 20.0
    send_timeout: float = 60.0
    keep_alive: int = 5
    max_waiting: int = 256


def guarded_protocol(limits: Limits) -> type[H11Protocol]:
    """An ``H11Protocol`` class enforcing ``limits``, with its own set of waiting connections
    (give it to ``uvicorn.Config(http=...)``)."""
    return type("GuardedH11Protocol", (_Guarded,), {"limits": limits, "waiting": OrderedDict()})


class _Guarded(H11Protocol):
    limits: Limits
    waiting: "OrderedDict[_Guarded, None]"  # connections waiting for their request head, oldest first

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._send_stall: asyncio.TimerHandle | None = None

    # -- the connection's life -----------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self.transport.is_closing():
            self._follow_state()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        self._cancel(self._send_stall)
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may start a pipelined request at once
        if not self.transport.is_closing():
            self._follow_state()

    # -- deadlines -----------------------------------------------------------------------------
    def _follow_state(self) -> None:
        state = self.conn.their_state
        if state is h11.IDLE:
            # Nothing yet, or part of a head: keep the deadline set at its first byte. With no
            # byte yet after a response, uvicorn's keep-alive timer is the one running.
            if self not in self.waiting and self.conn.trailing_data[0]:
                self._await_head()
        elif state is h11.SEND_BODY:
            self._stop_waiting()
            self._arm(self.limits.body_timeout, "the request body stopped arriving")
        else:  # the whole request is here: the app is answering
            self._stop_waiting()

    def _await_head(self) -> None:
        self.waiting[self] = None
        self._arm(self.limits.head_timeout, "no complete request head arrived in time")
        while len(self.waiting) > self.limits.max_waiting:
            oldest = next(iter(self.waiting))
            oldest._cut("too many connections were waiting for their request head")

    def _stop_waiting(self) -> None:
        self.waiting.pop(self, None)
        self._cancel(self._deadline)
        self._deadline = None

    def _arm(self, seconds: float, why: str) -> None:
        self._cancel(self._deadline)
        self._deadline = self.loop.call_later(seconds, self._expired, seconds, why)

    def _expired(self, seconds: float, why: str) -> None:
        self._deadline = None
        if self.flow is not None and self.flow.read_paused:
            self._arm(seconds, why)  # the relay stopped reading, not the client: wait again
            return
        self._cut(why)

    def _cut(self, why: str) -> None:
        self._stop_waiting()
        if not self.transport.is_closing():
            log.info("Closed a connection: %s.", why)
            self.transport.abort()

    @staticmethod
    def _cancel(handle: asyncio.TimerHandle | None) -> None:
        if handle is not None:
            handle.cancel()

    # -- a client that stops reading the response ------------------------------------------------
    def pause_writing(self) -> None:
        super().pause_writing()
        self._cancel(self._send_stall)
        self._send_stall = self.loop.call_later(self.limits.send_timeout, self._cut,
                                                "the client stopped reading the response")

    def resume_writing(self) -> None:
        super().resume_writing()
        self._cancel(self._send_stall)
        self._send_stall = None
