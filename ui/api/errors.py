"""Every error the HTTP API gives, in one shape: `ErrorBody`.

`detail` is the one line a person reads (`field: what is wrong`); `error` carries the same in
OpenAI's error format, so the official `openai` client raises a typed exception with `param` and
`message` filled. The route handlers, FastAPI's validation, the 404/405 of unknown routes and the
Guard in front of everything (ui/guard.py) all build it here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.errors import CitelineError

# OpenAI's `error.type` names where one exists for the status.
_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error",
    405: "invalid_request_error", 409: "conflict_error", 411: "invalid_request_error", 413: "invalid_request_error",
    415: "invalid_request_error", 422: "invalid_request_error", 503: "service_unavailable_error",
    507: "insufficient_storage_error",
}

# What each status means on this server: the description every route's OpenAPI entry carries.
MEANINGS = {
    400: "A field is invalid (named first in `detail` and in `error.param`; a boolean sent as anything but true "
         "or false too), or the body is not JSON (or nests too deeply to read).",
    401: "An API token is configured and the request carries none, or a wrong one.",
    403: "A write sent by a page on an origin that is not allowed (CITELINE_ALLOWED_ORIGINS), or a "
         "collection the caller's token or page may not read (or change): `detail` names it.",
    404: "No such document, model or collection.",
    409: "The index is being written by another process, or two uploads share a name.",
    411: "A POST without a Content-Length header.",
    413: "The body, a file, a question or the history is over its limit.",
    415: "A file type Citeline does not read.",
    422: "The body or a query parameter does not fit the schema, or an uploaded file could not be indexed.",
    503: "The answer generator (LLM) named by the request or the settings is unavailable.",
}


NESTED_TOO_DEEPLY = "body: JSON nested too deeply"  # as the Guard says it of a Gradio call
# Valid JSON Python will not read: json.loads refuses an integer past sys.get_int_max_str_digits() (a ValueError).
TOO_MANY_DIGITS = f"body: a number of more than {sys.get_int_max_str_digits():,} digits"


class ErrorInfo(BaseModel):
    """OpenAI's `error` object."""

    message: str = Field(description="The same line as `detail`.")
    type: str = Field(description="OpenAI's error class, e.g. `invalid_request_error`.")
    param: str | None = Field(None, description="The field or parameter at fault, when there is one.")
    code: str | None = Field(None, description="A machine-readable reason, e.g. `unsupported_parameter`.")


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer of the API."""

    detail: str = Field(description="One line: the field at fault, a colon, what is wrong with it.")
    error: ErrorInfo


def error_body(status: int, detail: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    """The JSON of an error; `param` defaults to what `detail` names before its first colon."""
    if param is None and ": " in detail:
        param = detail.split(": ", 1)[0]
    info = ErrorInfo(message=detail, type=_TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error"),
                     param=param, code=code)
    return ErrorBody(detail=detail, error=info).model_dump()


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` entries of these statuses, all with `ErrorBody`."""
    return {status: {"model": ErrorBody, "description": MEANINGS[status]} for status in statuses}


class ApiError(StarletteHTTPException):
    """An HTTPException that names its parameter and a code (OpenAI's `param`, `code`)."""

    def __init__(self, status: int, detail: str, param: str | None = None, code: str | None = None) -> None:
        super().__init__(status_code=status, detail=detail)
        self.param = param
        self.code = code


def validation_message(exc: RequestValidationError, content_type: str = "application/json") -> tuple[str, str | None]:
    """Pydantic's errors as one line naming the field, e.g. `question: Field required`, and that field."""
    errors = exc.errors()[:3]
    for error in errors:
        if tuple(error.get("loc", ())) == ("body",) and "json" not in content_type.lower():
            # FastAPI reads a JSON body only when it is declared so: `curl -d '{"question": …}'` (sent as
            # a form) was "body: Input should be a valid dictionary or object to extract fields from".
            return (f"body: send a JSON object with Content-Type: application/json (this request's is "
                    f"{content_type.split(';')[0].strip()[:100] or 'missing'})"), "body"
        if error.get("type") == "json_invalid":
            position = error.get("loc", ("body", "?"))[-1]
            return (f"body: is not valid JSON ({error.get('ctx', {}).get('error', 'decode error')} "
                    f"at character {position})"), "body"
    return errors_line(errors)


def validation_status(exc: RequestValidationError) -> int:
    """400 when the field at fault is a boolean sent as something else (`"stream": "yes"`), as OpenAI
    answers it; 422 for every other misfit of the schema."""
    errors = exc.errors()
    return 400 if errors and errors[0].get("type") == "bool_type" else 422


def multipart_message(exc: BaseException) -> str:
    """Starlette's "Invalid multipart data." (no field, no cause) as one line naming both: the parser's
    reason is the cause of the exception this one was raised while handling."""
    cause = getattr(exc.__context__, "__cause__", None)
    why = str(cause).strip().rstrip(".")[:200] if cause is not None else ""
    if "header size" in why.lower():
        why += ": a part's header, its file name included, may be up to 4,224 bytes"
    return f"files: the multipart body could not be read ({why or 'malformed'})"


def errors_line(errors: Sequence[Any]) -> tuple[str, str | None]:
    """Validation errors (FastAPI's list, ours or Gradio's) as `field: message; …` for the first three,
    and the first field; entries that are no error object are skipped."""
    parts, first = [], None
    for error in errors[:3]:
        if not isinstance(error, dict):
            continue
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        name = ".".join(loc) or "body"
        first = first or name
        parts.append(f"{name}: {error.get('msg', 'invalid')}")
    return "; ".join(parts), first


def _without_fastapi_422(app: FastAPI) -> None:
    """FastAPI documents a 422 with its own body (an array) on every route that has parameters and no
    422 of its own: here validation errors are `ErrorBody`, and a route whose only parameter is a
    free string never answers 422, so those entries would be untrue."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()  # cached by FastAPI in app.openapi_schema: edited in place, once
            for methods in spec["paths"].values():
                for operation in methods.values():
                    if "HTTPValidationError" in json.dumps(operation.get("responses", {}).get("422", {})):
                        del operation["responses"]["422"]
            for name in ("HTTPValidationError", "ValidationError"):
                spec.get("components", {}).get("schemas", {}).pop(name, None)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    _without_fastapi_422(app)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, param = validation_message(exc, request.headers.get("content-type", ""))
        status = validation_status(exc)
        return JSONResponse(status_code=status, content=error_body(status, detail, param))

    @app.exception_handler(CitelineError)
    async def citeline_error(request: Request, exc: CitelineError) -> JSONResponse:
        # Whatever a route let through (a model gone missing, an index removed): its status and one line.
        return JSONResponse(status_code=exc.status, content=error_body(exc.status, str(exc), getattr(exc, "field", None)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 400 and detail == "There was an error parsing the body":
            # FastAPI's words name neither field nor cause; json.loads' RecursionError comes here too.
            detail = (NESTED_TOO_DEEPLY if isinstance(exc.__cause__, RecursionError)
                      else TOO_MANY_DIGITS if "integer string conversion" in str(exc.__cause__)
                      else "body: is not valid JSON in UTF-8")
        elif exc.status_code == 400 and detail == "Invalid multipart data.":
            detail = multipart_message(exc)
        elif exc.status_code in (404, 405) and ": " not in detail:
            detail = f"path: {request.url.path[:200]} {detail.lower()}"  # Starlette's bare "Not Found"
        content = error_body(exc.status_code, detail, getattr(exc, "param", None), getattr(exc, "code", None))
        return JSONResponse(status_code=exc.status_code, content=content, headers=exc.headers)
