"""uvicorn's httptools protocol with the deadlines and the header cap it lacks.

uvicorn closes an idle keep-alive connection, but a client that sends its headers (or its body) a
byte at a time holds a connection and a task forever (a slow-loris), and with httptools nothing
bounds the size of the headers. Here a request's headers must be complete within `header_timeout`
seconds of the connection opening (or of the previous response) and within `max_header_bytes`, and
its body within `body_timeout` seconds of its headers; otherwise the connection is closed.

httptools rather than h11: with h11 (whose `h11_max_incomplete_event_size` caps headers) `/api/ask`
and the Gradio chat answered 20-40 % fewer requests per second (docs/security.md).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADERS, BODY = "headers", "body"


def timed_httptools(header_timeout: float, body_timeout: float, max_header_bytes: int) -> type[HttpToolsProtocol]:
    class TimedHttpToolsProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None
        _phase: str | None = None  # what the client owes us: HEADERS, BODY, or nothing
        _header_bytes = 0

        def _arm(self, phase: str) -> None:
            self._cancel()
            if not self.transport.is_closing():
                self._phase = phase
                seconds = header_timeout if phase == HEADERS else body_timeout
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
            self._arm(HEADERS)

        def _count(self, size: int) -> None:
            self._header_bytes += size
            if self._header_bytes > max_header_bytes:
                # Raised inside a parser callback: httptools reports a parser error, uvicorn answers 400 and closes.
                raise ValueError(f"request headers over {max_header_bytes} bytes")

        def on_message_begin(self) -> None:
            self._header_bytes = 0
            super().on_message_begin()

        def on_url(self, url: bytes) -> None:
            self._count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._count(len(name) + len(value) + 4)
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            super().on_headers_complete()
            self._arm(BODY)

        def on_message_complete(self) -> None:
            super().on_message_complete()
            if self.cycle is not None and self.cycle.response_complete:
                self._arm(HEADERS)  # answered before the body was in (e.g. a 413): the next request's turn
            else:
                self._cancel()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self._phase is None:  # the request was read whole: wait for the next one's headers
                self._arm(HEADERS)

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel()
            super().connection_lost(exc)

    return TimedHttpToolsProtocol
