"""What a call to one of the app's Gradio event handlers must carry, read from the Blocks' dependencies
when the app is created, so that the Guard refuses a malformed one before Gradio queues it: the API's
(/chat, /cite, /clear, /upload) and the page's own (a thumb, an example question, the status refresh,
the handlers that run in the browser). Gradio ran such calls and raised inside the handler or its
preprocessing (a KeyError in LikeData, an IndexError in load_example, `'int' object has no attribute
'strip'`, a pydantic error for a file, "Is a directory" for a folder named as an upload), a traceback
in the log for each, and an error naming its Python objects to the caller. No gradio import here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import BadRequest, NotFound

# What Gradio's FileData must carry to be taken as a file (its validator refuses one without it).
FILE_META = {"_type": "gradio.FileData"}
_SCHEMA_DEPTH = 12  # a component's schema nests a few levels; deeper data is junk


@dataclass(frozen=True, slots=True)
class Refused:
    """Where a value left what its input takes (`[0].path`, inside the value), what was wanted there, and what came."""

    where: str
    wanted: str
    value: Any


@dataclass(frozen=True, slots=True)
class ValueRule:
    """What one input of a handler takes, from its component's API schema (Gradio's `api_info`)."""

    schema: dict[str, Any]
    examples: int | None = None  # a Dataset's: the count of its examples, whose index it takes
    skip_api: bool = False  # a State: the session's value is used, whatever the call sends
    choices: tuple[Any, ...] | None = None  # a picker that takes only these (no handler changes them)
    files: bool = False  # Gradio file data: each a file a client uploaded to this server

    def refusal(self, value: Any, uploads: Path | None) -> Refused | None:
        """Why `value` is not what this input takes, or None."""
        if self.examples is not None:
            # Gradio's load_example unpacks the example at that index: None or one past the end raised.
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < self.examples:
                return None
            return Refused("", f"an example's index (0 to {self.examples - 1})", value)
        if value is None:
            return None
        wrong = _refusal(self.schema, value, self.schema, "", 0)
        if wrong is not None:
            return wrong
        if self.choices is not None and value not in self.choices:
            return Refused("", "one of " + ", ".join(json.dumps(c) for c in self.choices), value)
        if self.files:
            return _file_refusal(value, uploads)
        return None


@dataclass(frozen=True, slots=True)
class Handler:
    """One event handler of the Blocks: a call to it must be what its page or its API sends, or Gradio
    runs it and raises inside the handler or its preprocessing, a traceback in the log for each."""

    fn_index: int
    name: str
    on_server: bool  # False: a handler the page runs in the browser (js) with nothing to run here
    values: tuple[ValueRule, ...]  # one per input, State ones included
    event_keys: tuple[str, ...] | None  # the event data's keys the handler reads; None: it takes none
    public: bool = False  # part of the app's API (/chat), not the page's own
    parameters: tuple[str, ...] = ()  # the API's name for each input it shows (/call/v2 takes them by name)

    @property
    def shown(self) -> tuple[ValueRule, ...]:
        """The inputs its API shows (State inputs are the session's, not the caller's)."""
        return tuple(r for r in self.values if not r.skip_api)

    @property
    def called(self) -> str:
        return f"/{self.name}" if self.public else f"event handler {self.fn_index} ({self.name})"

    def check(self, data: Any, event_data: Any, whole: bool, uploads: Path | None = None) -> None:
        """BadRequest for a call whose values or event data are not what the page sends; `whole`: the
        body gives every input (the page's /queue/join, /run), else those its API shows or every
        input (/call, which Gradio widens). `uploads`: the folder clients' files are uploaded to."""
        if not self.on_server:
            raise NotFound("fn_index", f"{self.called} runs in the browser; this server has nothing to run for it")
        if not isinstance(data, list):
            return  # Gradio's body model refuses it
        shown = self.shown
        shapes = [self.values] if whole else [shown, self.values]
        rules = next((shape for shape in shapes if len(shape) == len(data)), None)
        if rules is None:
            raise BadRequest("data", self._count_said(len(data), whole, len(shown)))
        for i, (rule, value) in enumerate(zip(rules, data)):
            self._check_value(f"data[{i}]", rule, value, uploads)
        if self.event_keys is not None and not (isinstance(event_data, dict)
                                                and all(key in event_data for key in self.event_keys)):
            raise BadRequest("event_data", f"{self.called} takes an object with {', '.join(self.event_keys)}")

    def check_named(self, sent: dict[str, Any], uploads: Path | None = None) -> None:
        """BadRequest for a /call/v2 argument (by parameter name) its input does not take."""
        for name, rule in zip(self.parameters, self.shown):
            if name in sent:
                self._check_value(name, rule, sent[name], uploads)

    def _check_value(self, field: str, rule: ValueRule, value: Any, uploads: Path | None) -> None:
        if rule.skip_api:
            return
        wrong = rule.refusal(value, uploads)
        if wrong is not None:
            raise BadRequest(field + wrong.where, f"{self.called} takes {wrong.wanted} there, not {_shown(wrong.value)}")

    def _count_said(self, count: int, whole: bool, shown: int) -> str:
        every = len(self.values)
        if self.public and not whole:
            return f"{self.called} takes {_values(shown)} ({', '.join(self.parameters) or 'none'}), not {count}"
        said = f"{self.called} takes {_values(every)}"
        if not self.public:
            return f"{said}, not {count} (it is the page's own, outside the API)"
        if every != shown:
            # The State inputs are the session's: null in their places when a call sends every input.
            names = iter(self.parameters)
            order = ", ".join("null" if rule.skip_api else next(names, "?") for rule in self.values)
            said += f" here ({order}: null for its session's state; /call/{self.name} takes the {shown} named alone)"
        return f"{said}, not {count}"


def _values(count: int) -> str:
    return f"{count} value{'' if count == 1 else 's'}"


# The keys Gradio's EventData subclass for an event reads from the event data (gradio/events.py);
# other events' handlers get the data as an object.
_EVENT_KEYS = {"like": ("index", "value"), "select": ("index", "value")}
_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict,
    "null": type(None)}


def _shown(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else json.dumps(value[:60])
    return text[:60] + ("…" if len(text) > 60 else "")


def _wanted(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, str) and kind in _JSON_TYPES:
        return "null" if kind == "null" else f"an {kind}" if kind[0] in "aeio" else f"a {kind}"
    return "a value of its component"


def _refusal(schema: Any, value: Any, root: dict[str, Any], where: str, depth: int) -> Refused | None:
    """Where `value` leaves the JSON schema and what is wanted there (types, required keys, constants,
    array items and object properties; what the schema does not say is allowed), or None when it fits."""
    if depth > _SCHEMA_DEPTH:
        return Refused(where, "data nested less deeply", value)
    if not isinstance(schema, dict):
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        schema = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
    for either in ("anyOf", "oneOf"):
        options = schema.get(either)
        if isinstance(options, list) and options:
            refusals = [_refusal(o, value, root, where, depth + 1) for o in options]
            if all(refusals):
                return max(refusals, key=lambda r: len(r.where) if r else 0)  # the one that went deepest
            return None
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []
    known = [k for k in kinds if k in _JSON_TYPES]
    if known and not any(_is(k, value) for k in known):
        return Refused(where, " or ".join(_wanted({"type": k}) for k in known), value)
    if "const" in schema and value != schema["const"]:
        return Refused(where, json.dumps(schema["const"]), value)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            wrong = _refusal(schema["items"], item, root, f"{where}[{i}]", depth + 1)
            if wrong is not None:
                return wrong
    if isinstance(value, dict):
        for key in schema.get("required", []) if isinstance(schema.get("required"), list) else []:
            if key not in value:
                return Refused(where, f"an object with a {key}", value)
        properties = schema.get("properties")
        for key, inner in (properties.items() if isinstance(properties, dict) else []):
            if key in value:
                wrong = _refusal(inner, value[key], root, f"{where}.{key}", depth + 1)
                if wrong is not None:
                    return wrong
    return None


def _is(kind: str, value: Any) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, _JSON_TYPES[kind])


def in_folder(path: Path, folder: Path, is_file: bool = False) -> bool:
    """Whether `path`, absolute, resolves (links followed) to a place inside `folder` (a resolved path), and with
    `is_file` is a regular file there; False for a path the system cannot resolve (a NUL byte, a loop)."""
    try:
        return path.is_absolute() and path.resolve().is_relative_to(folder) and (not is_file or path.is_file())
    except (OSError, ValueError):
        return False


def _file_refusal(value: Any, uploads: Path | None) -> Refused | None:
    """A file's data must name a file a client uploaded to this server (`POST /gradio_api/upload`):
    Gradio refused any other path with a traceback (not uploaded by a user, no such file, is a
    directory), and fetched a URL given as the path."""
    files = value if isinstance(value, list) else [value]
    for i, file in enumerate(files):
        where = f"[{i}]" if isinstance(value, list) else ""
        if not isinstance(file, dict):
            return Refused(where, "a file's data (an object)", file)
        if file.get("meta") != FILE_META:
            return Refused(f"{where}.meta", json.dumps(FILE_META), file.get("meta"))
        path = file.get("path")
        if uploads is None or not isinstance(path, str):
            continue
        if not in_folder(Path(path), uploads, is_file=True):
            return Refused(f"{where}.path", "a file uploaded to this server (POST /gradio_api/upload gives its path)",
                           path)
    return None


def handler(fn_index: int, fn: Any, updated: frozenset[int], parameters: tuple[str, ...] = ()) -> Handler:
    """The rules of one of the Blocks' dependencies (`fn`, a gradio BlockFunction); `updated`: the ids of
    the components some handler changes (a picker's choices filled per visitor are not its first ones)."""
    events = {event for _, event in getattr(fn, "targets", [])}
    keys = next((_EVENT_KEYS[e] for e in events if e in _EVENT_KEYS), ())
    values = []
    for block in fn.inputs:
        samples = getattr(block, "samples", None) if type(block).__name__ == "Dataset" else None
        try:
            schema = block.api_info()
        except Exception:  # a component whose schema cannot be built: its values go unchecked
            schema = {}
        choices = getattr(block, "choices", None)
        fixed = (isinstance(choices, list) and getattr(block, "allow_custom_value", True) is False
                 and not getattr(block, "multiselect", False) and block._id not in updated)
        data_model = getattr(getattr(block, "data_model", None), "__name__", "")
        values.append(ValueRule(schema if isinstance(schema, dict) else {},
                                len(samples) if isinstance(samples, list) else None, bool(block.skip_api),
                                tuple(_choice_value(c) for c in choices) if fixed else None,
                                data_model in ("FileData", "ListFiles")))
    public = getattr(fn, "api_visibility", "public") == "public"
    return Handler(fn_index, str(fn.api_name or getattr(fn, "name", "") or fn_index), fn.fn is not None,
                   tuple(values), keys if getattr(fn, "collects_event_data", False) else None, public, parameters)


def _choice_value(choice: Any) -> Any:
    """Gradio keeps a picker's choices as (label, value) pairs."""
    return choice[1] if isinstance(choice, (list, tuple)) and len(choice) == 2 else choice
