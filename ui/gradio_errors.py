"""Gradio's own refusals in the API's error shape.

The mounted Gradio app answers its errors itself (`{"detail": "File not allowed: /tmp/…"}`,
`{"detail": "Not Found"}`, FastAPI's list of validation errors), outside the FastAPI handlers that
give every API route one shape (ui/api/errors.py). The Guard (ui/guard.py) passes such a body
through `reshaped`, which gives it that shape: `detail` one line naming what was refused, and
OpenAI's `error` object beside it. Gradio's clients read only `detail` (a string but for a 422,
whose list `gradio_client` walks: that list is kept, and `error.message` is its one line).
"""

from __future__ import annotations

import json
from typing import Any

from ui.api.errors import error_body, errors_line

# Bodies longer than this are no error message of Gradio's: passed through untouched.
MAX_ERROR_BYTES = 64_000


def _line(text: str) -> str:
    """Gradio's sentence as the tail of our line: one line, no closing period, lower-case start."""
    text = " ".join(text.split()).removesuffix(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def refusal_line(status: int, method: str, path: str, detail: str) -> str:
    """What Gradio said, as one line that names what was refused (`path: …`, `body: …`)."""
    if status in (404, 405) and detail.lower() in ("not found", "method not allowed"):
        return f"path: {path[:200]} {detail.lower()}"
    if "file not allowed" in detail.lower() or path.startswith(("/gradio_api/file", "/file")):
        return f"path: {_line(detail)}"
    where = "body" if method not in ("GET", "HEAD") and status in (400, 413, 415) else "path"
    if status == 503:
        where = "queue"
    return f"{where}: {_line(detail)}"


def reshaped(status: int, method: str, path: str, body: bytes, content_type: str = "application/json") -> bytes | None:
    """The error body in the API's shape, or None when it is already in it or is not one of Gradio's
    error bodies (JSON, or a line of plain text: "Upload not found", Starlette's "Internal Server Error")."""
    if content_type.startswith("text/plain"):
        try:
            text = body.decode("utf-8").strip()
        except UnicodeDecodeError:
            return None
        if not text or "\n" in text or len(text) > 500:
            return None
        if status >= 500:
            return server_error(path)
        sent: Any = {"detail": text}
    else:
        try:
            sent = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return None
    if not isinstance(sent, dict) or "error" in sent or "detail" not in sent:
        return None
    detail = sent["detail"]
    if isinstance(detail, list):
        line, param = errors_line(detail)
        shaped = error_body(status, line or "body: invalid", param)
        shaped["detail"] = detail  # gradio_client reads a 422's detail as this list
    elif isinstance(detail, str):
        shaped = error_body(status, refusal_line(status, method, path, detail))
    else:
        return None
    return json.dumps(shaped).encode()


def server_error(path: str) -> bytes:
    """The body of a 500 for an exception that escaped the app before it answered."""
    return json.dumps(error_body(500, f"server: internal error while answering {path[:200]} (see the server's log)",
                                 "server")).encode()
