"""Every error a user can meet, in one place: each says what went wrong in one line.

The faces render them alike (`render`): the CLI prints `error: <message>` and exits with
`exit_code`, the HTTP API answers `status` with `{"detail": <message>}`, the chat shows the message
as text. Anything else that escapes is a bug, and still reaches a user as one line, not a traceback.
"""

from __future__ import annotations


class CitelineError(Exception):
    """Base of the errors a face shows as they are. `str()` is the one-line message."""

    status = 500  # the HTTP status a web face answers with
    exit_code = 1  # the CLI's exit status

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


# -- the index -------------------------------------------------------------------------------
class IndexMissing(CitelineError):
    """No index where one was expected."""

    status = 503


class IndexBusy(CitelineError):
    """Another ingest holds the index's write lock."""

    status = 409


class ChromaUnavailable(CitelineError):
    """The configured Chroma server does not answer."""

    status = 503


# -- models ----------------------------------------------------------------------------------
class ModelNotFound(CitelineError):
    """The embedding model's weights are not where the settings say (hub names are never fetched)."""

    status = 503


class InvalidLLMSpec(CitelineError, ValueError):
    """A `--llm` value that names no known backend or lacks its model."""

    status = 400
    exit_code = 2


class LLMUnavailable(CitelineError, RuntimeError):
    """The chosen LLM backend cannot be used here (missing package, missing model file, server down)."""

    status = 503


# -- requests --------------------------------------------------------------------------------
class RequestError(CitelineError):
    """A request a face refuses, naming the field (or file) at fault: `field: message`."""

    status = 400
    exit_code = 2

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class BadRequest(RequestError):
    status = 400


class Forbidden(RequestError):
    """The caller may not read (or write) a collection the request names."""

    status = 403
    exit_code = 2


class NotFound(RequestError):
    """No indexed document (or other named thing) has that id."""

    status = 404
    exit_code = 1


class Conflict(RequestError):
    """The request collides with the index's state (e.g. an ingest under way)."""

    status = 409
    exit_code = 1


class TooLarge(RequestError):
    status = 413


class Unsupported(RequestError):
    status = 415


class Unprocessable(RequestError):
    status = 422
    exit_code = 1


class Unavailable(RequestError):
    """A part the request needs (an LLM server, a backend) is not answering: not the caller's fault."""

    status = 503
    exit_code = 1


def render(exc: BaseException) -> str:
    """The one line a face shows for `exc`: a CitelineError's own message, else its type and message."""
    if isinstance(exc, CitelineError):
        return str(exc)
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def status_of(exc: BaseException) -> int:
    """The HTTP status for `exc` (500 for anything that is not a CitelineError)."""
    return exc.status if isinstance(exc, CitelineError) else 500
