"""What a call to a page's own handler must carry (ui/gradio_page_handlers.py), without a server."""

import pytest

from rag.errors import BadRequest, NotFound
from ui.gradio_page_handlers import PageHandler, ValueRule

TEXT = ValueRule({"type": "string"})
STATE = ValueRule({"type": {}}, skip_api=True)
EXAMPLE = ValueRule({"type": "integer"}, examples=2)
RATE = PageHandler(4, "rate", True, (STATE,), ("index", "value"))
LOOKUP = PageHandler(11, "lookup", True, (TEXT, TEXT, TEXT), None)
LOAD_EXAMPLE = PageHandler(0, "load_example", True, (EXAMPLE,), None)


@pytest.mark.parametrize("handler,data,event_data", [
    (RATE, [None], {"index": [0, 1], "value": "x", "liked": True}),
    (RATE, [{"any": "state"}], {"index": 0, "value": "x"}),  # a State's value is the session's, whatever is sent
    (LOOKUP, ["a quote", None, ""], None),
    (LOAD_EXAMPLE, [1], None),
])
def test_what_the_page_sends_passes(handler, data, event_data):
    handler.check(data, event_data, whole=True)


@pytest.mark.parametrize("handler,data,event_data,field", [
    (RATE, [None], {"x": 1}, "event_data"),
    (RATE, [None], None, "event_data"),
    (RATE, [], {"index": 0, "value": "x"}, "data"),
    (LOOKUP, [5, None, ""], None, "data[0]"),
    (LOOKUP, ["a", True, ""], None, "data[1]"),
    (LOAD_EXAMPLE, [2], None, "data[0]"),
    (LOAD_EXAMPLE, [None], None, "data[0]"),
    (LOAD_EXAMPLE, [True], None, "data[0]"),
])
def test_a_malformed_call_is_refused_naming_the_field(handler, data, event_data, field):
    with pytest.raises(BadRequest) as refused:
        handler.check(data, event_data, whole=True)
    assert str(refused.value).startswith(f"{field}: event handler {handler.fn_index} ({handler.name}) ")


def test_a_call_by_name_may_leave_out_the_state_inputs():
    RATE.check([], {"index": 0, "value": "x"}, whole=False)  # /call/rate: its API shows no State
    with pytest.raises(BadRequest):
        RATE.check([], {"index": 0, "value": "x"}, whole=True)


def test_a_handler_run_in_the_browser_has_nothing_to_run_here():
    with pytest.raises(NotFound):
        PageHandler(2, "js_fn", False, (), None).check([None], None, whole=True)
