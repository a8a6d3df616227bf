"""uvicorn's h11 protocol with the deadlines it lacks.

uvicorn closes an idle keep-alive connection, but a client that sends its headers (or its body) a
byte at a time holds a connection and a task forever: a slow-loris. Here a request's headers must
be complete within `header_timeout` seconds of the connection opening (or of the previous response),
and its body within `body_timeout` seconds of its headers; otherwise the connection is closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


def timed_h11(header_timeout: float, body_timeout: float) -> type[H11Protocol]:
    class TimedH11Protocol(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None
        _phase: object = None  # the h11 state the running deadline is for

        def _follow(self) -> None:
            """Arm the deadline of the phase the client is in (once per phase), or none."""
            state = self.conn.their_state
            if state is self._phase:
                return
            self._cancel()
            seconds = {h11.IDLE: header_timeout, h11.SEND_BODY: body_timeout}.get(state)
            if seconds is not None and not self.transport.is_closing():
                self._phase = state
                self._deadline = self.loop.call_later(seconds, self._expire)

        def _cancel(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline, self._phase = None, None

        def _expire(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._follow()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._follow()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._follow()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel()
            super().connection_lost(exc)

    return TimedH11Protocol
