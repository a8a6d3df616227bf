"""What a call to one of the app's own event handlers outside its API (the page's: a thumb, an example
question, the status refresh, the handlers that run in the browser) must carry, read from the Blocks'
dependencies when the app is created, so that the Guard refuses a malformed one before Gradio queues it:
Gradio ran such calls and raised inside the handler or its preprocessing (a KeyError in LikeData, an
IndexError in load_example), a traceback in the log for each. No gradio import here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rag.errors import BadRequest, NotFound


@dataclass(frozen=True, slots=True)
class ValueRule:
    """What one input of a page handler takes, from its component's API schema (Gradio's `api_info`)."""

    schema: dict[str, Any]
    examples: int | None = None  # a Dataset's: the count of its examples, whose index it takes
    skip_api: bool = False  # a State: the session's value is used, whatever the call sends

    def fits(self, value: Any) -> bool:
        if self.examples is not None:
            # Gradio's load_example unpacks the example at that index: None or one past the end raised.
            return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < self.examples
        return value is None or _fits(self.schema, value)

    def wanted(self) -> str:
        if self.examples is not None:
            return f"an example's index (0 to {self.examples - 1})"
        kind = self.schema.get("type")
        return f"a {kind}" if isinstance(kind, str) else "a value of its component"


@dataclass(frozen=True, slots=True)
class PageHandler:
    """An event handler outside the app's API that its own page calls (a thumb, an example, the status
    refresh): a call to it must be what the page sends, or Gradio runs it and raises inside the
    handler or its preprocessing, a traceback in the log for every malformed call."""

    fn_index: int
    name: str
    on_server: bool  # False: a handler the page runs in the browser (js) with nothing to run here
    values: tuple[ValueRule, ...]  # one per input, State ones included
    event_keys: tuple[str, ...] | None  # the event data's keys the handler reads; None: it takes none

    def check(self, data: Any, event_data: Any, whole: bool) -> None:
        """BadRequest for a call whose values or event data are not what the page sends; `whole`: the
        body gives every input (the page's /queue/join), else those its API would show (/call)."""
        called = f"event handler {self.fn_index} ({self.name})"
        if not self.on_server:
            raise NotFound("fn_index", f"{called} runs in the browser; this server has nothing to run for it")
        if not isinstance(data, list):
            return  # Gradio's body model refuses it
        # /call takes the inputs its API would show, or every input (as Gradio widens them).
        shapes = [self.values] if whole else [tuple(r for r in self.values if not r.skip_api), self.values]
        rules = next((shape for shape in shapes if len(shape) == len(data)), None)
        if rules is None:
            wanted = len(shapes[0])
            raise BadRequest("data", f"{called} takes {wanted} value{'' if wanted == 1 else 's'}, not {len(data)} "
                                     "(it is the page's own, outside the API)")
        for i, (rule, value) in enumerate(zip(rules, data)):
            if not rule.skip_api and not rule.fits(value):
                raise BadRequest(f"data[{i}]", f"{called} takes {rule.wanted()} there, not "
                                               f"{json.dumps(value)[:60]}")
        if self.event_keys is not None and not (isinstance(event_data, dict)
                                                and all(key in event_data for key in self.event_keys)):
            raise BadRequest("event_data", f"{called} takes an object with {', '.join(self.event_keys)}")


# The keys Gradio's EventData subclass for an event reads from the event data (gradio/events.py);
# other events' handlers get the data as an object.
_EVENT_KEYS = {"like": ("index", "value"), "select": ("index", "value")}
_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict,
    "null": type(None)}


def _fits(schema: Any, value: Any) -> bool:
    """Whether `value` has a JSON type `schema` allows (types only; a schema not read here allows it)."""
    if not isinstance(schema, dict):
        return True
    for either in ("anyOf", "oneOf"):
        if isinstance(schema.get(either), list):
            return any(_fits(option, value) for option in schema[either])
    kind = schema.get("type")
    if isinstance(kind, list):
        return any(_fits({"type": k}, value) for k in kind)
    if not isinstance(kind, str) or kind not in _JSON_TYPES:
        return True
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, _JSON_TYPES[kind])


def page_handler(fn_index: int, fn: Any) -> PageHandler:
    events = {event for _, event in getattr(fn, "targets", [])}
    keys = next((_EVENT_KEYS[e] for e in events if e in _EVENT_KEYS), ())
    values = []
    for block in fn.inputs:
        samples = getattr(block, "samples", None) if type(block).__name__ == "Dataset" else None
        try:
            schema = block.api_info()
        except Exception:  # a component whose schema cannot be built: its values go unchecked
            schema = {}
        values.append(ValueRule(schema if isinstance(schema, dict) else {},
                                len(samples) if isinstance(samples, list) else None, bool(block.skip_api)))
    return PageHandler(fn_index, str(fn.api_name or getattr(fn, "name", "") or fn_index), fn.fn is not None,
                       tuple(values),
                       keys if getattr(fn, "collects_event_data", False) else None)
