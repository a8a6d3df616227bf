"""What a call to one of the app's Gradio handlers must carry (ui/gradio_handlers.py), without a server."""

import pytest

from rag.errors import BadRequest, NotFound
from ui.gradio_handlers import Handler, ValueRule

TEXT = ValueRule({"type": "string"})
STATE = ValueRule({"type": {}}, skip_api=True)
EXAMPLE = ValueRule({"type": "integer"}, examples=2)
RATE = Handler(4, "rate", True, (STATE,), ("index", "value"))
LOOKUP = Handler(11, "lookup", True, (TEXT, TEXT, TEXT), None)
LOAD_EXAMPLE = Handler(0, "load_example", True, (EXAMPLE,), None)


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
        Handler(2, "js_fn", False, (), None).check([None], None, whole=True)


FILE_SCHEMA = {"$defs": {"FileData": {"properties": {"path": {"type": "string"},
                                                     "orig_name": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                                                     "meta": {"$ref": "#/$defs/FileDataMeta"}},
                                      "required": ["path"], "type": "object"},
                         "FileDataMeta": {"properties": {"_type": {"const": "gradio.FileData"}}, "required": ["_type"],
                                          "type": "object"}},
               "items": {"$ref": "#/$defs/FileData"}, "type": "array"}
FILES = ValueRule(FILE_SCHEMA, files=True)
LLM = ValueRule({"type": "string", "enum": ["none"]}, choices=("none",))
UPLOAD = Handler(12, "upload", True, (FILES, TEXT), None, public=True, parameters=("files", "collection"))
CHAT = Handler(1, "chat", True, (TEXT, STATE, LLM, STATE), None, public=True, parameters=("message", "llm"))


def _file(path, **more):
    return {"path": str(path), "meta": {"_type": "gradio.FileData"}, **more}


def test_a_file_must_be_one_uploaded_here(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "sub").mkdir(parents=True)
    (uploads / "sub" / "a.txt").write_text("a")
    (tmp_path / "outside.txt").write_text("b")
    UPLOAD.check([[_file(uploads / "sub" / "a.txt", orig_name="a.txt")], "default"], None, True, uploads)
    UPLOAD.check([None, None], None, True, uploads)
    for files, field in (([_file(uploads / "sub")], "data[0][0].path"),  # a folder
                         ([_file(uploads / "sub" / ".." / ".." / "outside.txt")], "data[0][0].path"),
                         ([_file(uploads / "nothing.txt")], "data[0][0].path"),
                         ([_file("https://example.com/a.txt")], "data[0][0].path"),
                         ([{"path": str(uploads / "sub" / "a.txt")}], "data[0][0].meta"),
                         ([_file(uploads / "sub" / "a.txt", orig_name=5)], "data[0][0].orig_name"),
                         ([{"orig_name": "a.txt"}], "data[0][0]"),
                         (["a.txt"], "data[0][0]"),
                         ("a.txt", "data[0]")):
        with pytest.raises(BadRequest) as refused:
            UPLOAD.check([files, None], None, True, uploads)
        assert str(refused.value).startswith(f"{field}: /upload takes "), (files, str(refused.value))


def test_a_picker_takes_only_its_choices_and_the_api_its_own_count():
    CHAT.check(["hi", "none"], None, whole=False)
    CHAT.check(["hi", [1], "none", {"junk": 1}], None, whole=True)  # the session's State: whatever is sent
    with pytest.raises(BadRequest, match=r'^data\[1\]: /chat takes one of "none" there, not "gpt"$'):
        CHAT.check(["hi", "gpt"], None, whole=False)
    with pytest.raises(BadRequest, match=r"^data: /chat takes 2 values \(message, llm\), not 3$"):
        CHAT.check(["hi", "none", None], None, whole=False)
    with pytest.raises(BadRequest, match=r"^data: /chat takes 4 values here \(message, null, llm, null: "):
        CHAT.check(["hi", "none"], None, whole=True)  # /run and /queue/join send every input
    with pytest.raises(BadRequest, match=r"^llm: /chat takes one of "):
        CHAT.check_named({"message": "hi", "llm": "gpt"})
