"""Gradio's own refusals in the API's one error shape (ui/gradio_errors.py, ui/guard.py), on a real
server, with and without the token: one line in `detail` naming what was refused, OpenAI's `error`
beside it, and no 500 for a malformed call (Gradio raised on an unknown fn_index, api name or
/call/v2 argument)."""

from __future__ import annotations

import json
import re
from contextlib import closing

import httpx
import pytest
from gradio_client import Client

from tests.ui.conftest import indexed_paths
from tests.ui.security_http import gradio_call

# (method, path, JSON body): each one Gradio itself refuses once the token lets the request in.
GRADIO_REFUSED = [
    ("GET", "/gradio_api/file=UPLOADS/never-uploaded.txt", None),
    ("GET", "/gradio_api/file=UPLOADS", None),
    ("GET", "/gradio_api/no-such-route", None),
    ("GET", "/file=/etc/passwd", None),
    ("GET", "/assets/no-such-file.js", None),
    ("GET", "/gradio_api/queue/data", None),
    ("GET", "/gradio_api/queue/data?session_hash=no-such-session", None),  # was a 200 stream that broke off
    ("GET", "/gradio_api/call/chat/no-such-event", None),
    ("GET", "/gradio_api/call/v2/chat/no-such-event", None),
    ("GET", "/gradio_api/upload_progress", None),
    ("GET", "/gradio_api/upload_progress?upload_id=nope", None),  # Gradio's plain-text "Upload not found"
    ("POST", "/gradio_api/queue/join", {"data": [], "fn_index": 99999, "session_hash": "abc"}),
    ("POST", "/gradio_api/queue/join", {"data": [], "session_hash": "abc"}),
    ("POST", "/gradio_api/run/chat", {"data": [], "fn_index": 99999}),
    ("POST", "/gradio_api/api/chat", {"data": [], "fn_index": 99999}),
    ("POST", "/gradio_api/call/no-such-endpoint", {"data": []}),
    ("POST", "/gradio_api/call/v2/chat", {"data": ["hi"]}),
    ("POST", "/gradio_api/call/chat", {"data": ["hi", "none"]}),  # was queued, then an error naming Python objects
    ("POST", "/gradio_api/call/v2/chat", {"llm": "none"}),
    ("POST", "/gradio_api/cancel", {"session_hash": "abc"}),
    ("POST", "/gradio_api/upload", {"files": []}),
    ("POST", "/gradio_api/component_server", None),
    ("GET", "/login", None),
    ("GET", "/monitoring", None),
    ("GET", "/monitoring/summary", None),  # was a 200 with every handler's name and timings
    ("GET", "/monitoring/some-key", None),
    ("GET", "/gradio_api/dev/reload", None),  # was a stream held open, polling 20 times a second
    ("GET", "/gradio_api/deep_link?session_hash=abc", None),  # copied a session's values into a file
]


def _uploads(server) -> str:
    return re.search(r"held in (\S+) until", server.log.read_text()).group(1)


def _send(server, method: str, path: str, body, headers: dict) -> httpx.Response:
    path = path.replace("UPLOADS", _uploads(server))
    return httpx.request(method, server.url + path, headers=headers, timeout=60,
                         **({"json": body} if body is not None else {"content": b"{" if method == "POST" else None}))


def assert_error_shape(r: httpx.Response) -> dict:
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.text[:300]
    body = r.json()
    error = body["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["param"]
    assert "\n" not in error["message"] and error["message"].startswith(error["param"] + ": ")
    if r.status_code == 422 and isinstance(body["detail"], list):
        pass  # Gradio's list, which gradio_client walks; the one line is error.message
    else:
        assert body["detail"] == error["message"]
    return body


@pytest.mark.parametrize("method,path,body", GRADIO_REFUSED)
def test_gradio_refusals_have_the_api_error_shape(server, method, path, body):
    without = _send(server, method, path, body, {})
    assert without.status_code == 401 and assert_error_shape(without)["error"]["param"] == "token"
    assert_error_shape(_send(server, method, path, body, server.auth))


def test_each_refusal_names_what_was_refused(server):
    uploads = _uploads(server)
    detail = {(m, p, json.dumps(b)): _send(server, m, p, b, server.auth).json()["error"]["message"]
              for m, p, b in GRADIO_REFUSED}
    assert detail[("GET", "/gradio_api/file=UPLOADS/never-uploaded.txt", "null")] == \
        f"path: file not allowed: {uploads}/never-uploaded.txt"
    assert detail[("GET", "/gradio_api/no-such-route", "null")] == "path: /gradio_api/no-such-route not found"
    assert detail[("POST", "/gradio_api/queue/join", json.dumps({"data": [], "fn_index": 99999, "session_hash": "abc"}))] \
        == "fn_index: this app has no event handler 99999"
    assert detail[("POST", "/gradio_api/call/no-such-endpoint", json.dumps({"data": []}))] == \
        "api_name: this app has no endpoint /no-such-endpoint (its API has /chat, /cite, /clear, /upload)"
    assert detail[("POST", "/gradio_api/call/v2/chat", json.dumps({"data": ["hi"]}))] == \
        "data: is not a parameter of /chat (it takes message, llm, collection, where)"
    assert detail[("POST", "/gradio_api/call/v2/chat", json.dumps({"llm": "none"}))] == "message: is required by /chat"
    assert detail[("POST", "/gradio_api/call/chat", json.dumps({"data": ["hi", "none"]}))] == \
        "data: /chat takes 4 values (message, llm, collection, where), not 2"
    assert detail[("GET", "/gradio_api/queue/data", "null")] == "session_hash: Field required"
    assert detail[("GET", "/monitoring/summary", "null")] == "path: monitoring is not enabled"
    assert detail[("GET", "/gradio_api/queue/data?session_hash=no-such-session", "null")] == \
        "session_hash: this app has no queued or running call for session no-such-session"
    assert detail[("GET", "/gradio_api/call/chat/no-such-event", "null")] == \
        "event_id: this app has no queued or running call no-such-event"


def test_a_join_without_a_session_is_refused_alike_with_or_without_a_trailing_slash(server):
    # review35: with the slash the guard asked for a session (a 400 of its own) where Gradio sends the call on to
    # the path without it, whose checks then apply as to any join.
    body = {"data": [], "fn_index": 0}
    plain = _send(server, "POST", "/gradio_api/queue/join", body, server.auth)
    slashed = _send(server, "POST", "/gradio_api/queue/join/", body, server.auth)
    assert slashed.status_code == 307 and slashed.headers["location"].endswith("/gradio_api/queue/join")
    followed = httpx.post(slashed.headers["location"], json=body, headers=server.auth, timeout=60)
    assert_error_shape(plain)
    assert (followed.status_code, followed.json()) == (plain.status_code, plain.json())


def test_an_error_inside_gradio_is_a_500_in_the_shape_too(server):
    # A static file name over the file system's limit raises inside Gradio (OSError): Starlette's
    # plain-text "Internal Server Error" came back.
    r = httpx.get(server.url + "/assets/" + "a" * 5000 + ".js", headers=server.auth, timeout=60)
    assert r.status_code == 500 and r.json()["error"]["param"] == "server"
    assert r.json()["detail"].startswith("server: internal error while answering /assets/")


@pytest.mark.parametrize("path", ["/gradio_api/queue/join", "/gradio_api/call/chat", "/gradio_api/call/v2/chat",
                                  "/gradio_api/run/chat", "/gradio_api/api/chat"])
def test_a_deeply_nested_body_is_a_400_not_a_500(server, path):
    # 10 KB of JSON nested 5,000 deep: the Guard's json.loads raised RecursionError, a plain-text 500.
    deep = b'{"data": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    r = httpx.post(server.url + path, content=deep, headers={**server.auth, "Content-Type": "application/json"},
                   timeout=60)
    assert r.status_code == 400 and assert_error_shape(r)["error"]["message"] == "body: JSON nested too deeply"


@pytest.mark.parametrize("path", ["/gradio_api/queue/join", "/gradio_api/call/chat", "/gradio_api/run/chat"])
def test_a_number_past_pythons_digit_limit_is_named(server, path):
    # Valid JSON Python will not read: it was "body: there was an error parsing the body".
    body = b'{"data": ["x"], "fn_index": ' + b"9" * 5000 + b', "session_hash": "digits"}'
    r = httpx.post(server.url + path, content=body, headers={**server.auth, "Content-Type": "application/json"},
                   timeout=60)
    assert r.status_code == 400 and assert_error_shape(r)["error"]["message"] == "body: a number of more than 4,300 digits"


def _fn_index(server, api_name: str) -> int:
    config = httpx.get(server.url + "/config", headers=server.auth, timeout=60).json()
    return next(d["id"] for d in config["dependencies"] if d.get("api_name") == api_name)


@pytest.mark.parametrize("api_name,data,event_data,said", [
    ("rate", [None], {"x": 1}, "event_data: event handler {n} (rate) takes an object with index, value"),
    ("rate", [], None, "data: event handler {n} (rate) takes 1 value, not 0"),
    ("load_example", [5], None, "data[0]: event handler {n} (load_example) takes an example's index"),
    ("load_example", [None], None, "data[0]: event handler {n} (load_example) takes an example's index"),
    ("lambda", [1, 2, 3], None, "data: event handler {n} (lambda) takes 0 values, not 3"),
    ("lookup", [5, None, ""], None, "data[0]: event handler {n} (lookup) takes a string there, not 5"),
    ("js_fn", [None], None, "fn_index: event handler {n} (js_fn) runs in the browser"),
])
def test_a_malformed_call_to_a_handler_outside_the_api_is_refused_before_it_runs(server, api_name, data, event_data,
                                                                                   said):
    # The page's own handlers ran malformed calls: a KeyError in Gradio's LikeData (data["index"]), an
    # IndexError in load_example, a traceback in the log for each.
    n = _fn_index(server, api_name)
    logged = server.log.read_text().count("Traceback")
    r = httpx.post(server.url + "/gradio_api/queue/join", headers=server.auth, timeout=60,
                   json={"data": data, "fn_index": n, "session_hash": f"bad{n}", "event_data": event_data})
    assert assert_error_shape(r)["detail"].startswith(said.format(n=n)), r.text
    if api_name == "load_example":
        r = httpx.post(server.url + "/gradio_api/call/load_example", headers=server.auth, timeout=60, json={"data": data})
        assert assert_error_shape(r)["detail"].startswith(said.format(n=n)), r.text
    assert server.log.read_text().count("Traceback") == logged


def test_the_page_s_own_calls_still_run(server):
    # What the page sends: every input (a State as null), the like event's index and value.
    for api_name, data, event_data in (("rate", [None], {"index": [0, 1], "value": "x", "liked": True}),
                                       ("load_example", [0], None), ("lambda", [], None)):
        n = _fn_index(server, api_name)
        r = httpx.post(server.url + "/gradio_api/queue/join", headers=server.auth, timeout=60,
                       json={"data": data, "fn_index": n, "session_hash": f"page{n}", "event_data": event_data})
        assert r.status_code == 200, r.text
        stream = httpx.get(server.url + "/gradio_api/queue/data", params={"session_hash": f"page{n}"},
                           headers=server.auth, timeout=60)
        assert '"success":true' in stream.text.replace(" ", ""), stream.text[-500:]


def test_a_call_s_stream_is_still_served_for_its_event_id(server):
    # The Guard's 404 for a stream nobody started must not refuse one that was (curl's two steps).
    for route in ("call", "call/v2"):
        body = ({"data": ["Why did operatives relocate their operations?", "none", None, ""]} if route == "call"
                else {"message": "Why did operatives relocate their operations?", "llm": "none"})
        posted = httpx.post(f"{server.url}/gradio_api/{route}/chat", json=body, headers=server.auth, timeout=60)
        assert posted.status_code == 200, posted.text
        stream = httpx.get(f"{server.url}/gradio_api/{route}/chat/{posted.json()['event_id']}",
                           headers=server.auth, timeout=120)
        assert stream.status_code == 200 and "event: complete" in stream.text, stream.text[:500]


def test_gradio_clients_still_work_beside_the_reshaped_errors(server):
    with closing(Client(server.url + "/", headers=server.auth, verbose=False)) as client:
        _, _, raw = client.predict("Why did operatives relocate their operations?", "none", api_name="/chat")
        assert json.loads(raw)["sources"]
        with pytest.raises(Exception):
            client.predict("x", api_name="/no-such-endpoint")
    page = httpx.get(server.url + "/", headers=server.auth, timeout=60)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]


def test_the_stream_check_steps_aside_for_a_queue_without_gradio_s_private_fields(caplog):
    # Gradio offers no public lookup of held sessions: the check reads its queue's private fields. A Gradio
    # (pyproject allows 5 and 6) whose queue lacks them made every stream request an AttributeError (a 500);
    # the check now lets the request through to Gradio, with one warning.
    from ui.gradio_calls import GradioCalls, Streams

    class OtherQueue:
        pending_messages_per_session: dict = {}

    calls = GradioCalls({}, {}, streams=Streams(OtherQueue))
    with caplog.at_level("WARNING"):
        calls.check_stream("GET", "/gradio_api/queue/data", {"session_hash": "abc"})
        calls.check_stream("GET", "/gradio_api/call/chat/some-event", {})
    assert [r.getMessage() for r in caplog.records if "unchecked" in r.getMessage()] == [
        "Gradio's queue has no event_ids_to_events, pending_event_ids_session: unknown sessions and events go to "
        "Gradio unchecked"]


def test_an_app_without_a_queue_is_said_to_have_none(caplog):
    # A missing queue was read as a queue lacking its first private field (and a Blocks without the
    # attribute raised AttributeError on every stream request): each case now says what it is, once.
    from types import SimpleNamespace

    from rag.errors import NotFound
    from ui.gradio_calls import GradioCalls, Streams

    blocks = SimpleNamespace()
    calls = GradioCalls({}, {}, streams=Streams(lambda: getattr(blocks, "_queue", None)))
    with caplog.at_level("WARNING"):
        calls.check_stream("GET", "/gradio_api/queue/data", {"session_hash": "abc"})
        blocks._queue = None
        calls.check_stream("GET", "/gradio_api/call/chat/some-event", {})
        blocks._queue = SimpleNamespace(pending_messages_per_session={}, event_ids_to_events={})
        calls.check_stream("GET", "/gradio_api/queue/data", {"session_hash": "abc"})
    assert [r.getMessage().partition(":")[0] for r in caplog.records if "unchecked" in r.getMessage()] == [
        "Gradio's app has no queue", "Gradio's queue has no pending_event_ids_session"]
    # A whole queue is asked: a session it does not hold is refused.
    blocks._queue.pending_event_ids_session = {}
    with pytest.raises(NotFound):
        calls.check_stream("GET", "/gradio_api/queue/data", {"session_hash": "abc"})


def test_gradio_s_reload_stream_is_not_served(server):
    # Gradio serves its source-reload stream whatever its mode: each connection held it open and woke
    # 20 times a second for changes that never come (200 of them cost 0.2 of a core), and the page
    # (dev_mode false) never opens it.
    with httpx.stream("GET", server.url + "/gradio_api/dev/reload", headers=server.auth, timeout=30) as r:
        assert r.status_code == 404, r.status_code
        r.read()
    assert assert_error_shape(r)["error"]["message"] == \
        "path: /gradio_api/dev/reload not found (this server runs no reload mode)"


def _join(server, api_name: str, data, **extra) -> httpx.Response:
    return httpx.post(server.url + "/gradio_api/queue/join", headers=server.auth, timeout=60,
                      json={"data": data, "fn_index": _fn_index(server, api_name), "session_hash": "malformed",
                            "event_data": None, **extra})


def _file(path: str, **more) -> dict:
    return {"path": path, "meta": {"_type": "gradio.FileData"}, **more}


# (route, api name, data or /call/v2 body, the field named): each one Gradio ran and raised inside the
# handler or its preprocessing (a traceback in the log; a 500 for /run, an error naming Python objects in
# the stream for /call), or, for a path, tried to read (a folder, a URL it fetched, a file nobody uploaded).
MALFORMED = [
    ("call", "chat", [5, "none", None, ""], "data[0]"),
    ("call", "chat", [{"a": {"b": [1, 2]}}, "none", None, ""], "data[0]"),
    ("call", "chat", ["hi", "no-such-llm", None, ""], "data[1]"),
    ("call", "chat", ["hi", ["none"], None, ""], "data[1]"),
    ("call", "chat", ["hi", "none", 7, ""], "data[2]"),
    ("call", "chat", ["hi", "none", None, {"x": 1}], "data[3]"),
    ("run", "chat", ["hi", "none", None, ""], "data"),  # /run takes every input, the session's too
    ("join", "chat", ["hi", None, None, "none"], "data"),
    ("join", "chat", [None, None, None, 5, None, None, "", None], "data[3]"),
    ("v2", "chat", {"message": ["hi"], "llm": "none"}, "message"),
    ("v2", "chat", {"message": "hi", "where": 7}, "where"),
    ("call", "cite", ["q", 5, ""], "data[1]"),
    ("run", "cite", [None, None, ["x"]], "data[2]"),
    ("join", "clear", [], "data"),
    ("call", "clear", [1, 2, 3], "data"),
    ("call", "upload", ["not a list", None], "data[0]"),
    ("call", "upload", [[5], None], "data[0][0]"),
    ("call", "upload", [[{"path": "/etc/passwd"}], None], "data[0][0].meta"),
    ("call", "upload", [[_file("/etc/passwd", orig_name="p.txt")], None], "data[0][0].path"),
    ("run", "upload", [[_file("UPLOADS")], None], "data[0][0].path"),  # a folder: "Is a directory"
    ("call", "upload", [[_file("UPLOADS/../outside.txt")], None], "data[0][0].path"),
    ("call", "upload", [[_file("UPLOADS/never-uploaded.txt")], None], "data[0][0].path"),
    ("call", "upload", [[_file("https://example.com/a.txt")], None], "data[0][0].path"),  # Gradio fetched it
    ("call", "upload", [[_file("relative.txt")], None], "data[0][0].path"),
    ("call", "upload", [[_file("UPLOADS/x.txt", orig_name=5)], None], "data[0][0].orig_name"),
    ("join", "upload", [[_file(None)], None], "data[0][0].path"),
    ("v2", "upload", {"files": [_file("/etc/passwd")]}, "files[0].path"),
    ("v2", "upload", {"files": None, "collection": 5}, "collection"),
]


@pytest.mark.parametrize("route,api_name,data,field", MALFORMED)
def test_a_malformed_call_to_the_api_is_refused_naming_the_field(server, route, api_name, data, field):
    uploads = _uploads(server)
    data = json.loads(json.dumps(data).replace("UPLOADS", uploads))
    before, logged = indexed_paths(server.url, server.auth), server.log.read_text().count("Traceback")
    if route == "join":
        r = _join(server, api_name, data)
    else:
        path = {"call": "call", "run": "run", "v2": "call/v2"}[route]
        r = httpx.post(f"{server.url}/gradio_api/{path}/{api_name}", headers=server.auth, timeout=60,
                       json=data if route == "v2" else {"data": data})
    body = assert_error_shape(r)
    assert r.status_code == 400 and body["error"]["param"] == field, r.text
    assert body["detail"].startswith(f"{field}: /{api_name} takes "), body["detail"]
    assert server.log.read_text().count("Traceback") == logged
    assert indexed_paths(server.url, server.auth) == before


def test_what_the_api_s_clients_send_still_runs(server):
    # The chat's session values (its history among them) are the session's: whatever a call sends in their
    # places is not read, so no history a client sends is refused, or used.
    history = [{"role": "user", "content": [{"type": "file", "file": _file("/etc/passwd")}]}]
    r = _join(server, "chat", ["Why did operatives relocate their operations?", history, "not a list", "none",
                               {"x": 1}, None, "", None])
    assert r.status_code == 200, r.text
    stream = httpx.get(server.url + "/gradio_api/queue/data", params={"session_hash": "malformed"},
                       headers=server.auth, timeout=120)
    assert '"success":true' in stream.text.replace(" ", "") and "root:" not in stream.text, stream.text[-500:]
    for api_name, data in (("cite", [None, None, None]), ("clear", []), ("upload", [None, None])):
        r = httpx.post(f"{server.url}/gradio_api/call/{api_name}", headers=server.auth, timeout=60, json={"data": data})
        assert r.status_code == 200, r.text


@pytest.mark.parametrize("api_name,data,said", [
    ("chat", ["x" * 100_000, "none", None, ""], "question: is 100,000 characters, over the 500 limit"),
    ("cite", ["x" * 100_000, None, ""], "text: is 100,000 characters, over the 500 limit"),
])
def test_a_huge_string_is_refused_by_its_handler_naming_the_field(server, api_name, data, said):
    # A string is what the box takes, so the call runs: the handler refuses it in its answer (an API client
    # still gets its turn), with no traceback.
    logged = server.log.read_text().count("Traceback")
    call = gradio_call(server.url, api_name, data, server.auth)
    assert call.status == 200 and said in call.stream, call.stream[-500:]
    assert server.log.read_text().count("Traceback") == logged
