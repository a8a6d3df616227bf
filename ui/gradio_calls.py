"""Which collection a call to one of Gradio's API routes names, read from its JSON body, so that the
Guard (ui/guard.py) refuses one the caller may not read (or write) with a 403 naming it before
Gradio queues the call, as the HTTP API does; the chat's handlers check again.

Where the collection argument stands is read from the Blocks' own config when the app is created:
each dependency's inputs (by fn_index and api_name), the pickers found by their elem_id. Gradio
takes a call's arguments in three shapes: every input in order (the page's /queue/join, /run), only
the inputs its API shows (/call/NAME, which Gradio widens to every input), or by parameter name
(/call/v2/NAME). A call to any handler, the API's or the page's own, must carry what its inputs take
(ui/gradio_handlers.py). No gradio import here: the Guard loads without it.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from rag.errors import BadRequest, NotFound
from rag.scope import DEFAULT_COLLECTION
from ui.api.errors import TOO_MANY_DIGITS
from ui.gradio_handlers import Handler, handler

ALL_READABLE = "(every collection you may read)"
READ_PICKER = "collection"  # the chat's picker: what a question or a lookup reads
WRITE_PICKER = "upload-collection"  # the Documents tab's: where uploaded files go

# Gradio's routes that run a dependency: (route, api name); /queue/join names it by fn_index alone.
_CALL = re.compile(r"^/gradio_api/(call/v2|call|run|api)/([^/]+)/?$")
QUEUE_JOIN = "/gradio_api/queue/join"
# Gradio's event streams: a session's (the page's) and one call's (curl's second step, by event id).
QUEUE_DATA = "/gradio_api/queue/data"
_CALL_STREAM = re.compile(r"^/gradio_api/call/(?:v2/)?[^/]+/([^/]+)/?$")
_FN_INDEX = TypeAdapter(int | None)
log = logging.getLogger(__name__)


def chosen(collection: Any) -> list[str] | None:
    """The collections the chat's picker asks for: None for every one the caller may read."""
    return None if not collection or collection == ALL_READABLE else [collection]


def upload_target(collection: Any) -> str:
    """The collection uploaded files go into (none picked: the default one)."""
    return (chosen(collection) or [DEFAULT_COLLECTION])[0]


@dataclass(frozen=True, slots=True)
class Picker:
    """A collection picker among one dependency's inputs."""

    position: int  # among all its inputs
    api_position: int  # among the inputs its API takes (Gradio's State ones are not)
    parameter: str  # its name in a /call/v2 body
    default: Any  # what /call/v2 uses when the body leaves it out
    inputs: int
    api_inputs: int
    write: bool


@dataclass(frozen=True, slots=True)
class NamedCollections:
    """What one call asks for: `names` (None: every collection the caller may read), to read or to write."""

    names: list[str] | None
    write: bool


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of a named endpoint, as /call/v2 takes it by name."""

    name: str
    required: bool


class GradioCalls:
    def __init__(self, by_fn: dict[int, Picker], by_api: dict[str, Picker], fn_ids: frozenset[int] = frozenset(),
                 endpoints: dict[str, list[Parameter]] | None = None, public: list[str] | None = None,
                 streams: "Streams | None" = None,
                 handlers: dict[int, Handler] | None = None, uploads: Path | None = None) -> None:
        self.by_fn = by_fn
        self.by_api = by_api
        self.fn_ids = fn_ids  # every dependency Gradio can run, by fn_index
        self.endpoints = endpoints or {}  # every api name, with its parameters
        self.public = public or []  # the api names Gradio's API page shows
        self.streams = streams  # which sessions and events Gradio's queue holds now
        self.handlers = handlers or {}  # every dependency, by fn_index: what a call to it must carry
        self.by_name = {h.name: h for h in self.handlers.values()}
        self.uploads = uploads.resolve() if uploads is not None else None  # where clients' files are uploaded

    @classmethod
    def from_blocks(cls, blocks: Any, uploads: Path | None = None) -> "GradioCalls":
        """The pickers and input rules of every dependency of `blocks` (a gradio.Blocks, its context
        closed); `uploads`: Gradio's upload folder, the only place a call's files may be."""
        names = _parameter_names(blocks)
        # Every api name Gradio would run (the page's private ones too), and those its API shows.
        endpoints = {fn.api_name: names.get(fn.api_name, []) for fn in blocks.fns.values() if fn.api_name}
        public = [fn.api_name for fn in blocks.fns.values()
                  if fn.api_name and getattr(fn, "api_visibility", "public") == "public"]
        by_fn: dict[int, Picker] = {}
        by_api: dict[str, Picker] = {}
        for fn_id, fn in blocks.fns.items():
            api_inputs = [block for block in fn.inputs if not block.skip_api]
            for position, block in enumerate(fn.inputs):
                if block.elem_id not in (READ_PICKER, WRITE_PICKER) or block.skip_api:
                    continue
                api_position = api_inputs.index(block)
                parameters = names.get(fn.api_name or "", [])
                picker = Picker(position, api_position,
                                parameters[api_position].name if api_position < len(parameters) else "",
                                getattr(block, "value", None), len(fn.inputs), len(api_inputs),
                                block.elem_id == WRITE_PICKER)
                by_fn[fn_id] = picker
                if fn.api_name:
                    by_api[fn.api_name] = picker
        updated = frozenset(block._id for fn in blocks.fns.values() for block in fn.outputs)
        handlers = {fn_id: handler(fn_id, fn, updated, tuple(p.name for p in names.get(fn.api_name or "", [])))
                    for fn_id, fn in blocks.fns.items()}
        return cls(by_fn, by_api, frozenset(blocks.fns), endpoints, sorted(public),
                   Streams(lambda: getattr(blocks, "_queue", None)), handlers, uploads)

    def check_stream(self, method: str, path: str, query: Mapping[str, str]) -> None:
        """NotFound for a GET of an event stream Gradio's queue does not hold (a session or event id
        nobody started, or one long finished): Gradio answers 200, then raises its 404 inside the stream
        and the connection breaks off."""
        if method != "GET" or self.streams is None:
            return
        if path.rstrip("/") == QUEUE_DATA:
            session = query.get("session_hash")
            if session is not None and not self.streams.has_session(session):
                raise NotFound("session_hash", f"this app has no queued or running call for session {session[:100]}")
            return
        call = _CALL_STREAM.match(path)
        if call is not None and not self.streams.has_event(call.group(1)):
            raise NotFound("event_id", f"this app has no queued or running call {call.group(1)[:100]}")

    def stream_session(self, method: str, path: str) -> str | None:
        """The session whose stream a GET of one call's stream reads (by its event id), None for any other
        request or when the queue cannot be asked: Gradio reads the event's session's stream, every answer
        given in that session, not the call's alone."""
        call = _CALL_STREAM.match(path) if method in ("GET", "HEAD") and self.streams is not None else None
        return None if call is None else self.streams.session_of(call.group(1))  # type: ignore[union-attr]

    def reads_body(self, method: str, path: str) -> bool:
        """Whether a request is a call the Guard must look into."""
        return method == "POST" and (path == QUEUE_JOIN or _CALL.match(path) is not None)

    def check_target(self, path: str, body: bytes) -> None:
        """NotFound for a call to no dependency (an unknown fn_index or api name), BadRequest for a call
        whose values its handler's inputs do not take (a count, a type, a choice, a file not uploaded
        here) or a /call/v2 body naming a parameter the endpoint lacks or leaving out one it needs.
        Gradio answered each with a 500 or an error inside the stream, and a traceback in the log; the
        Guard refuses them first, in the API's error shape. Bodies that are not JSON objects are
        Gradio's to refuse."""
        sent = _json_object(body)
        if sent is None:
            return
        call = _CALL.match(path)
        route, api_name = (call.group(1), call.group(2)) if call else ("queue", None)
        if route in ("queue", "run", "api"):
            try:
                fn_index = _FN_INDEX.validate_python(sent.get("fn_index"))
            except ValidationError:
                return  # Gradio's body model refuses it (422)
            if fn_index is not None:
                if fn_index not in self.fn_ids:
                    raise NotFound("fn_index", f"this app has no event handler {fn_index}")
                if fn_index in self.handlers:
                    self.handlers[fn_index].check(sent.get("data"), sent.get("event_data"), True, self.uploads)
                return
        if api_name is None:
            return
        if api_name not in self.endpoints:
            raise NotFound("api_name", f"this app has no endpoint /{api_name[:100]} (its API has "
                                       f"{', '.join('/' + name for name in self.public)})")
        called = self.by_name.get(api_name)
        if route != "call/v2":
            if called is not None:
                # /run and /api take every input, as the page does; /call the API's too.
                called.check(sent.get("data"), sent.get("event_data"), route != "call", self.uploads)
            return
        parameters = self.endpoints[api_name]
        known = {p.name for p in parameters}
        for name in sent:
            if name not in known and name != "oauth_token":
                raise BadRequest(str(name)[:100], f"is not a parameter of /{api_name} (it takes "
                                                  f"{', '.join(p.name for p in parameters) or 'none'})")
        for p in parameters:
            if p.required and p.name not in sent:
                raise BadRequest(p.name, f"is required by /{api_name}")
        if called is not None:
            called.check_named(sent, self.uploads)

    def named(self, path: str, body: bytes) -> NamedCollections | None:
        """The collections a call's body asks for; None when it names no dependency with a picker, or
        is no body Gradio would run (Gradio then answers it, and the handler checks what it runs).
        BadRequest for a picker's value that is not a string."""
        sent = _json_object(body)
        if sent is None:
            return None
        call = _CALL.match(path)
        route, api_name = (call.group(1), call.group(2)) if call else ("queue", None)
        try:
            # As Gradio's body model reads it (pydantic, lax: "0" and 0.0 are 0 too).
            fn_index = _FN_INDEX.validate_python(sent.get("fn_index")) if route in ("queue", "run", "api") else None
        except ValidationError:
            return None
        if fn_index is not None:
            picker = self.by_fn.get(fn_index)  # Gradio too prefers the fn_index to the api name
        elif api_name is not None:
            picker = self.by_api.get(api_name)
        else:
            return None
        if picker is None:
            return None
        if route == "call/v2":
            value = sent.get(picker.parameter, picker.default)
        else:
            data = sent.get("data")
            if not isinstance(data, list):
                return None
            if len(data) == picker.inputs:
                value = data[picker.position]
            elif len(data) == picker.api_inputs:
                value = data[picker.api_position]
            else:
                return None
        if value is not None and not isinstance(value, str):
            raise BadRequest("collection", f"must be a collection name, not {type(value).__name__}")
        if picker.write:
            return NamedCollections([upload_target(value)], True)
        return NamedCollections(chosen(value), False)


def _json_object(body: bytes) -> dict | None:
    """The body as a JSON object; None when it is no JSON object (Gradio's to refuse); BadRequest when it
    nests too deeply to parse (json.loads' RecursionError escaped as a plain-text 500)."""
    try:
        sent = json.loads(body)
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # valid JSON Python will not read; Gradio said "error parsing"
            raise BadRequest("body", TOO_MANY_DIGITS.removeprefix("body: ")) from None
        return None
    except RecursionError:
        raise BadRequest("body", "JSON nested too deeply") from None
    return sent if isinstance(sent, dict) else None


class Streams:
    """What Gradio's queue holds, looked up as its stream routes look it up (gradio/routes.py
    `simple_predict_get`, `queue_data_helper`): a session has a message queue until its stream ends; an
    event id is found among the events, then among the ids awaiting delivery, and is else taken for a
    session of its own.

    These are the queue's private attributes: Gradio (5 and 6) offers no public way to ask whether a
    session or event is held, and its own routes read the same three. Holding the stream's response
    until its first message instead would delay a live stream's headers until Gradio's first message
    or heartbeat. So a Gradio whose queue lacks any of them (the range pyproject allows is wide), or an
    app with no queue at all, makes the check step aside, with one warning in the log naming which: Gradio
    then answers as it does, instead of every stream failing with an AttributeError (a 500)."""

    _HELD = ("pending_messages_per_session", "event_ids_to_events", "pending_event_ids_session")

    def __init__(self, queue: Callable[[], Any]) -> None:
        self.queue = queue  # read per request: None while the app has no queue
        self.warned: set[str] = set()

    def _step_aside(self, lacking: str) -> None:
        if lacking not in self.warned:
            self.warned.add(lacking)
            log.warning("%s: unknown sessions and events go to Gradio unchecked", lacking)

    def _held(self) -> tuple[Any, Any, Any] | None:
        queue = self.queue()
        if queue is None:
            # No queue to ask (Gradio makes it with the Blocks; one that has none is no Gradio this
            # check knows): said as such, not as a queue lacking its fields.
            self._step_aside("Gradio's app has no queue")
            return None
        missing = [name for name in self._HELD if not hasattr(queue, name)]
        if missing:
            self._step_aside(f"Gradio's queue has no {', '.join(missing)}")
            return None
        return tuple(getattr(queue, name) for name in self._HELD)  # type: ignore[return-value]

    def has_session(self, session: str) -> bool:
        held = self._held()
        return held is None or session in held[0]

    def session_of(self, event_id: str) -> str | None:
        """The session whose stream Gradio reads for `event_id` (None when the queue cannot be asked): the
        event's, else the one awaiting its delivery, else the event id itself (a call sent with no session)."""
        held = self._held()
        if held is None:
            return None
        _, events, awaiting = held
        event = events.get(event_id)
        session = getattr(event, "session_hash", None) if event is not None else None
        if isinstance(session, str):
            return session
        return next((s for s, ids in list(awaiting.items()) if event_id in ids), event_id)

    def has_event(self, event_id: str) -> bool:
        held = self._held()
        if held is None:
            return True
        sessions, events, awaiting = held
        return (event_id in events or event_id in sessions
                or any(event_id in ids for ids in list(awaiting.values())))


def _parameter_names(blocks: Any) -> dict[str, list[Parameter]]:
    """Each named endpoint's parameters, as Gradio's API info (and so /call/v2) gives them."""
    info = blocks.get_api_info(all_endpoints=True) or {}
    return {name.lstrip("/"): [Parameter(p["parameter_name"], not p.get("parameter_has_default", False))
                               for p in endpoint.get("parameters", [])]
            for name, endpoint in info.get("named_endpoints", {}).items()}
