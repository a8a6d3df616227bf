"""The gate every request passes, the API's and Gradio's alike: token, origin, body size, file
serving and the headers every response carries.

It is a plain ASGI middleware wrapped around the whole app (the mounted Gradio app included), so no
route can be added that escapes it. Policy, in order:

- A write (any method but GET/HEAD/OPTIONS) that carries an `Origin` other than the server's own or
  a configured one is refused: a page on another site must not drive the server through a
  visitor's browser (Gradio's endpoints take simple requests that need no preflight).
- With `api_token` set, every path needs the token except /healthz (and, unless `protect_pages`,
  the pages that carry no index data). With an access settings file (ui/access.py) any token it
  lists opens the door, and so does no token at all when some collection is public: which
  collections a request may then read is decided per route from the same token and origin.
  A token nobody configured is always 401. It comes as `Authorization: Bearer`, `X-Citeline-Token`,
  or the browser cookie that `GET ...?token=TOKEN` sets once (HttpOnly, SameSite=Strict; honoured
  only on same-origin requests, so another site on the same host cannot ride on it).
- Gradio's `/gradio_api/file=` (and `/file/`) serves only what clients uploaded into this process's upload folder
  (not other server files, not URLs it would fetch); `/gradio_api/proxy=` is closed.
- A call to Gradio's API (/gradio_api/call/NAME, call/v2, run, api, queue/join) whose body picks a
  collection the caller may not read (or, for an upload, write) is a 403 naming it before Gradio
  queues it: the body is read here (within its limit) and handed on as it came (ui/gradio_calls.py).
  A call to any handler, the API's (/chat, /upload...) or the page's own, that carries what its inputs
  do not take (a value of the wrong type or count, a choice not offered, a file not uploaded here, an
  example's index past the end, a thumb's event with no index) is a 400 before Gradio runs it and
  raises (ui/gradio_handlers.py).
- A Gradio session belongs to the caller that first names it (ui/session_owners.py): another caller
  naming it (its answers' stream, also by one call's event id, heartbeat, cancel, a component's call) is a
  403, and Gradio's deep link, which copies a session's values into a file, is not served, nor its
  streamed inputs, which replace a queued call's inputs by its event id.
- Bodies: a declared length over the route's limit is 413 before a byte is read; a chunked body is
  counted as it arrives and cut off at the limit. /api and /v1 writes must declare a length.
- Responses: CSP frame-ancestors, nosniff, and no CORS grant to an origin that is not allowed
  (Gradio's own CORS middleware reflects any origin with credentials for a non-local Host).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.errors import RequestError
from ui.settings import ServerSettings
from ui.access import COOKIE, Access, Caller, session_value
from ui.api.errors import error_body
from ui.gradio_calls import QUEUE_JOIN, GradioCalls
from ui.gradio_errors import MAX_ERROR_BYTES, reshaped, server_error
from ui.gradio_handlers import in_folder
from ui.session_owners import BODY_ROUTES, SessionOwners, caller_key, session_in_body, session_in_request

log = logging.getLogger(__name__)
ALWAYS_PUBLIC = ("/healthz",)
# Pages and scripts that hold no index data: open unless `protect_pages`.
PAGES = ("/embed", "/embed.js", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json")
PAGE_PREFIXES = ("/citeline-static/",)
UPLOAD_PATHS = ("/api/ingest", "/gradio_api/upload")
FILE_ROUTES = ("/gradio_api/file=", "/gradio_api/file/")  # Gradio's current and deprecated spelling
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DEV_RELOAD = "/gradio_api/dev/reload"  # Gradio's source-reload stream
SIGN_OUT = "/logout"  # Gradio's name for it: its own cookies are not the ones Citeline's pages use
# Gradio's deep link copies a session's every component value (the conversation) into a file under the
# upload folder for whoever names the session; no page of Citeline offers one.
DEEP_LINK = "/gradio_api/deep_link"
# Gradio's streamed inputs: a POST here puts its body in place of a queued call's inputs (or ends the call),
# by event id alone, after the door checked the call's join; no page of Citeline streams an input.
STREAM_INPUT = "/gradio_api/stream/"
_MULTIPART_SLACK = 64_000  # multipart framing on top of the files themselves


def folder_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass  # deleted while we walked
    return total


@dataclass
class Refusal:
    """An answer the Guard gives instead of running the app: a status and a one-line detail."""

    status: int
    detail: str
    headers: dict[str, str] = field(default_factory=dict)

    def start(self) -> Message:
        body = self.body()
        raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        raw += [(k.lower().encode(), v.encode()) for k, v in self.headers.items()]
        return {"type": "http.response.start", "status": self.status, "headers": raw}

    def body(self) -> bytes:
        if self.status < 400:
            return json.dumps({"detail": self.detail}).encode()
        return json.dumps(error_body(self.status, self.detail)).encode()  # the API's one error shape


class Guard:
    def __init__(self, app: ASGIApp, settings: ServerSettings, upload_dir: Path, access: Access | None = None,
                 gradio_calls: GradioCalls | None = None) -> None:
        self.app = app
        self.gradio_calls = gradio_calls
        self.settings = settings
        self.access = access if access is not None else Access.from_settings(settings)
        self.upload_dir = upload_dir.resolve()
        self.ancestors = self.access.frame_ancestors()
        self.origins = frozenset(self.access.origins())
        self.any_origin = "*" in self.origins
        self.sessions = SessionOwners()

    # -- policy -----------------------------------------------------------------------------
    def _origin_allowed(self, origin: str) -> bool:
        return self.any_origin or origin in self.origins

    @staticmethod
    def _same_origin(origin: str, headers: Headers) -> bool:
        return bool(origin) and urlsplit(origin).netloc.lower() == headers.get("host", "").lower()

    def _public(self, path: str) -> bool:
        if path in ALWAYS_PUBLIC:
            return True
        if self.settings.protect_pages:
            return False
        return path in PAGES or path.startswith(PAGE_PREFIXES)

    def _authorized(self, headers: Headers) -> bool:
        """A configured token in a header, or a session cookie this server set (honoured only for its
        own pages); with no token at all, whether this server lets anonymous callers in."""
        auth = headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else headers.get("x-citeline-token")
        if given is not None:
            return self.access.known_token(given)
        if self.access.cookie_token(headers) is not None:
            return True
        return not self.access.needs_token

    def _body_limit(self, path: str) -> int:
        if path in UPLOAD_PATHS:
            return self.settings.max_upload_files * self.settings.max_upload_bytes + _MULTIPART_SLACK
        return self.settings.max_request_bytes

    def _refusal(self, scope: Scope, headers: Headers) -> Refusal | None:
        """A response to send instead of running the app, or None to let the request through."""
        method, path = scope["method"], scope["path"]
        query = QueryParams(scope.get("query_string", b""))
        origin = headers.get("origin")
        if method not in _SAFE_METHODS and origin and not (
                self._same_origin(origin, headers) or self._origin_allowed(origin)):
            where = ("CITELINE_ALLOWED_ORIGINS" if self.access.open
                     else "the allowed_origins of a collection in the access file")
            return Refusal(403, f"origin: {origin[:200]} may not send requests to this server (add it to {where})")
        if method == "GET" and path.rstrip("/") == SIGN_OUT:
            # Before the token check: a browser whose token was changed may still drop its cookie.
            return Refusal(303, "signed out", {"Location": "/", "Set-Cookie": self._cookie("", scope, 0),
                                               "Cache-Control": "no-store"})
        if self.access.checks_tokens and method != "OPTIONS" and not self._public(path):
            if method == "GET" and "token" in query:
                return self._sign_in(_as_sent(scope), query, scope)
            if not self._authorized(headers):
                return Refusal(401, "token: missing or wrong API token (send Authorization: Bearer TOKEN; "
                                  "in a browser open /?token=TOKEN once)", {"WWW-Authenticate": "Bearer"})
        if path.rstrip("/") == DEEP_LINK:
            return Refusal(404, f"path: {DEEP_LINK} not found (this server makes no deep links)")
        if method == "POST" and path.startswith(STREAM_INPUT):
            return Refusal(404, "path: this server takes no streamed inputs")
        try:
            if self.gradio_calls is not None:
                self.gradio_calls.check_stream(method, path, query)
            session = session_in_request(method, path, query.get("session_hash"))
            if session is None and self.gradio_calls is not None:
                session = self.gradio_calls.stream_session(method, path)
            if session is not None:
                self.sessions.admit(session, self._caller(headers))
        except RequestError as exc:
            return Refusal(exc.status, str(exc))
        if path.startswith("/gradio_api/proxy="):
            return Refusal(403, "path: this server fetches no URLs for its clients")
        if path.rstrip("/") == DEV_RELOAD:
            # Gradio serves it in every mode: a stream per connection that keeps polling for changes only
            # its reload mode makes, so held-open connections cost CPU, and no page whose config says
            # dev_mode false reads it.
            return Refusal(404, f"path: {DEV_RELOAD} not found (this server runs no reload mode)")
        if path.startswith(FILE_ROUTES):
            target = Path("/" + path.split("file", 1)[1][1:].lstrip("/"))
            if not in_folder(target, self.upload_dir):
                return Refusal(403, "path: only files uploaded to this server are served")
        declared = headers.get("content-length")
        size = int(declared) if declared and declared.isdigit() else 0
        limit = self._body_limit(path)
        if size > limit:
            named = "files" if path in UPLOAD_PATHS else "body"
            return Refusal(413, f"{named}: request is {size:,} bytes, over the {limit:,}-byte limit")
        if path.startswith(("/api/", "/v1/")) and method == "POST" and not declared:
            # A chunked body could stream without end: the API's bodies are small, ask for a length.
            return Refusal(411, "body: send a Content-Length header")
        if path == "/gradio_api/upload" and method == "POST":
            # Gradio keeps what is sent here before any handler asks where it goes: a caller who may add to no
            # collection would fill the cache the writers' uploads need (try35).
            if not self.access.writes_somewhere(Caller.from_headers(headers, self.access)):
                return Refusal(403, "files: this caller may add documents to no collection (a token in some "
                                    "collection's write_tokens may)")
            held = folder_bytes(self.upload_dir)
            if held + size > self.settings.upload_cache_bytes:
                return Refusal(507, f"files: the upload cache holds {held:,} bytes; this upload would pass its "
                                  f"{self.settings.upload_cache_bytes:,}-byte limit, try again later")
        return None

    def _sign_in(self, path: str, query: QueryParams, scope: Scope) -> Refusal:
        """`?token=` once in a browser: a cookie instead, and the same URL without the token."""
        if not self.access.known_token(query["token"]):
            return Refusal(401, "token: wrong API token", {"WWW-Authenticate": "Bearer"})
        rest = urlencode([(k, v) for k, v in query.multi_items() if k != "token"])
        return Refusal(303, "signed in", {"Location": path + (f"?{rest}" if rest else ""),
                                          "Set-Cookie": self._cookie(session_value(query["token"]), scope),
                                          "Cache-Control": "no-store"})

    @staticmethod
    def _cookie(value: str, scope: Scope, max_age: int | None = None) -> str:
        """The sign-in cookie; `Secure` when the request came over HTTPS (as the server saw it: behind a
        proxy, uvicorn's forwarded headers decide), so the cookie is never sent back in clear text."""
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        age = f"; Max-Age={max_age}" if max_age is not None else ""
        return f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"

    # -- ASGI -------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # nothing here speaks websockets
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await self._send_headers(send, refusal.start(), origin)
            await send({"type": "http.response.body", "body": refusal.body()})
            return

        limit, received = self._body_limit(scope["path"]), 0
        if self._looks_into(scope):
            body = await self._whole_body(receive, limit)
            if body is None:
                return  # the client left before its body ended
            refusal = body if isinstance(body, Refusal) else self._call_refusal(scope["path"], body, headers)
            if refusal is not None:
                await self._send_headers(send, refusal.start(), origin)
                await send({"type": "http.response.body", "body": refusal.body()})
                return
            receive = _replay(body, receive)

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # An HTTPException, so that Gradio's and FastAPI's handlers turn it into a 413.
                    raise HTTPException(413, f"body: request passed the {limit:,}-byte limit")
            return message

        started = False
        held: Message | None = None  # an error's start, held until its body is seen (Gradio's shape)
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal started, held
            if message["type"] == "http.response.start":
                started = True
                if message["status"] >= 400 and _json_or_short(message):
                    held = message
                    return
                await self._send_headers(send, message, origin)
            elif held is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False) and sum(map(len, chunks)) <= MAX_ERROR_BYTES:
                    return
                body = b"".join(chunks)
                start, held = held, None
                shaped = None if message.get("more_body", False) else reshaped(
                    start["status"], scope["method"], scope["path"], body,
                    Headers(raw=start.get("headers", [])).get("content-type", ""))
                if shaped is not None:
                    headers = MutableHeaders(scope=start)
                    headers["content-type"] = "application/json"
                    headers["content-length"] = str(len(shaped))
                    body = shaped
                await self._send_headers(send, start, origin)
                await send({**message, "body": body})
            else:
                await send(message)

        try:
            await self.app(scope, counted, send_with_headers)
        except Exception:
            if started:
                raise
            # Gradio lets some malformed calls raise; the client gets the API's shape, the log the traceback.
            log.exception("unhandled error answering %s %s", scope["method"], scope["path"])
            body = server_error(scope["path"])
            await self._send_headers(send, {"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}, origin)
            await send({"type": "http.response.body", "body": body})

    # -- Gradio's API calls ----------------------------------------------------------------------
    def _looks_into(self, scope: Scope) -> bool:
        if self.gradio_calls is None:
            return False
        method, path = scope["method"], scope["path"]
        return self.gradio_calls.reads_body(method, path) or (method == "POST" and path.rstrip("/") in BODY_ROUTES)

    def _caller(self, headers: Headers) -> str:
        """The session owner a request speaks for: a made-up token would be a new caller per request, each
        with sessions of its own to remember (ui/session_owners.py)."""
        token = Caller.from_headers(headers, self.access).token
        return caller_key(token if token is not None and self.access.known_token(token) else None)

    def _call_refusal(self, path: str, body: bytes, headers: Headers) -> Refusal | None:
        """A 404 for a call to no event handler, a 400 for /call/v2 arguments the endpoint does not
        take (Gradio answers both with a 500) or for a call to a page handler that its page would not
        send, and a 403 naming the collection a Gradio call picks
        that its caller may not read (or write)."""
        assert self.gradio_calls is not None
        try:
            if self.gradio_calls.reads_body("POST", path):
                self.gradio_calls.check_target(path, body)
                named = None if self.access.open else self.gradio_calls.named(path, body)
                if named is not None and named.names:
                    self.access.scope(Caller.from_headers(headers, self.access), named.names, write=named.write)
            # Every call may name a session (its state: the conversation), not only the page's join. Gradio's
            # own model refuses a join without one; a cancel or a component's call without one would name
            # nobody's session, so it is refused here.
            required = path.rstrip("/") in BODY_ROUTES and path.rstrip("/") != QUEUE_JOIN
            session = session_in_body(body, required=required)
            if session is not None:
                self.sessions.admit(session, self._caller(headers))
        except RequestError as exc:
            return Refusal(exc.status, str(exc))
        return None

    @staticmethod
    async def _whole_body(receive: Receive, limit: int) -> bytes | Refusal | None:
        """The request's body, read to its end; a 413 once it passes `limit`, None when the client left."""
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return Refusal(413, f"body: request passed the {limit:,}-byte limit")
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    async def _send_headers(self, send: Send, message: Message, origin: str | None) -> None:
        headers = MutableHeaders(scope=message)
        csp = headers.get("content-security-policy")
        directive = f"frame-ancestors {self.ancestors}"
        if not csp:
            headers["content-security-policy"] = directive
        elif "frame-ancestors" not in csp:  # the embed sets its collection's own
            headers["content-security-policy"] = f"{csp}; {directive}"
        headers.setdefault("x-content-type-options", "nosniff")
        if origin and not self._origin_allowed(origin):
            # No grant to an origin nobody allowed, whoever added it (Gradio reflects any origin).
            if headers.get("access-control-allow-origin", "*") != "*":
                del headers["access-control-allow-origin"]
            if "access-control-allow-credentials" in headers:
                del headers["access-control-allow-credentials"]
        await send(message)


def _as_sent(scope: Scope) -> str:
    """The request's path as the client sent it (percent-encoded): the decoded one may hold a line
    break (`%0d%0a`), which no header can carry (uvicorn dropped the connection on the redirect)."""
    raw = scope.get("raw_path")
    if raw:
        return quote(raw.decode("latin-1"), safe="/%:@!$&'()*+,;=-._~")
    return quote(scope["path"])


def _json_or_short(start: Message) -> bool:
    """An error response whose body may be one of Gradio's JSON messages (or a bare text line)."""
    headers = Headers(raw=start.get("headers", []))
    kind = headers.get("content-type", "")
    return kind.startswith(("application/json", "text/plain")) and not headers.get("content-encoding")


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body already read, then whatever comes next (a disconnect)."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
