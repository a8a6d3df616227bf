"""What `citeline serve` logs when a stop closes the requests its clients left open."""

from __future__ import annotations

import asyncio
import logging


class ClosedAtStop(logging.Filter):
    """uvicorn cancels the requests still open when the shutdown timeout runs out (a Gradio tab's
    heartbeat, a stream never read to its end) and logs each as "Exception in ASGI application" with
    the cancellation's traceback: a stop working as configured read as a crash. Said in one line."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg = "closed a request still open %g s after the stop (CITELINE_HTTP_SHUTDOWN_TIMEOUT)"
            record.args = (self.timeout,)
            record.exc_info = None
            record.exc_text = None
        return True
