"""The first caller to name a Gradio session owns it (ui/session_owners.py)."""

from __future__ import annotations

import pytest

from rag.errors import BadRequest, Forbidden
from ui.session_owners import ANONYMOUS, SessionOwners, caller_key, session_in_body, session_in_request


def test_the_first_caller_owns_a_session_and_nobody_else_may_use_it() -> None:
    owners = SessionOwners()
    reader, writer = caller_key("reader-token"), caller_key("writer-token")
    owners.admit("s1", reader)
    owners.admit("s1", reader)
    for other in (writer, ANONYMOUS):
        with pytest.raises(Forbidden, match="^session_hash: session s1 was opened by another caller$"):
            owners.admit("s1", other)
    owners.admit("s2", ANONYMOUS)
    with pytest.raises(Forbidden):
        owners.admit("s2", reader)


def test_a_caller_is_its_token_and_the_token_is_not_kept() -> None:
    assert caller_key(None) == ANONYMOUS
    assert caller_key("t") == caller_key("t") != caller_key("u")
    assert "t" not in caller_key("token-value") and "token-value" not in caller_key("token-value")


def test_the_oldest_session_is_forgotten_first_and_a_used_one_is_kept() -> None:
    owners = SessionOwners(most=2)
    a, b = caller_key("a"), caller_key("b")
    owners.admit("old", a)
    owners.admit("used", a)
    owners.admit("used", a)  # used again: now the newest
    owners.admit("old", a)
    owners.admit("third", a)  # forgets "used", the least recently named
    with pytest.raises(Forbidden):
        owners.admit("old", b)
    owners.admit("used", b)


@pytest.mark.parametrize("method,path,query,named", [
    ("GET", "/gradio_api/queue/data", "s1", "s1"),
    ("GET", "/gradio_api/queue/data/", "s1", "s1"),
    ("GET", "/gradio_api/queue/data", None, None),
    ("GET", "/gradio_api/heartbeat/s2", None, "s2"),
    ("GET", "/gradio_api/stream/s3/run/4/playlist.m3u8", None, "s3"),
    ("GET", "/gradio_api/call/chat/s4", "s1", None),
    ("POST", "/gradio_api/queue/data", "s1", None),
])
def test_the_session_a_get_names(method, path, query, named) -> None:
    assert session_in_request(method, path, query) == named


def test_the_session_a_body_names() -> None:
    assert session_in_body(b'{"session_hash": "s1", "fn_index": 0}', required=True) == "s1"
    assert session_in_body(b'{"session_hash": 5}', required=False) is None
    assert session_in_body(b"[" * 5000 + b"]" * 5000, required=False) is None
    for body in (b"{", b'{"fn_index": 0}', b'["s1"]'):
        with pytest.raises(BadRequest, match="^session_hash: "):
            session_in_body(body, required=True)


def test_one_calls_stream_names_the_session_gradio_reads_for_it() -> None:
    """A GET of one call's stream (by its event id) reads its session's whole stream: the check names that
    session, as Gradio finds it (the event's, the one awaiting its delivery, else the event id itself)."""
    from types import SimpleNamespace

    from ui.gradio_calls import GradioCalls, Streams

    queue = SimpleNamespace(pending_messages_per_session={"page": object()},
                            event_ids_to_events={"e1": SimpleNamespace(session_hash="page")},
                            pending_event_ids_session={"other-page": {"e2"}})
    calls = GradioCalls({}, {}, streams=Streams(lambda: queue))
    assert calls.stream_session("GET", "/gradio_api/call/chat/e1") == "page"
    assert calls.stream_session("GET", "/gradio_api/call/v2/chat/e2/") == "other-page"
    assert calls.stream_session("GET", "/gradio_api/call/chat/e3") == "e3"
    assert calls.stream_session("POST", "/gradio_api/call/chat") is None
    assert calls.stream_session("GET", "/gradio_api/queue/data") is None
    assert GradioCalls({}, {}, streams=Streams(lambda: None)).stream_session("GET", "/gradio_api/call/chat/e1") is None


def test_a_long_session_name_is_not_kept_whole() -> None:
    """A session hash is what its caller sends (a JSON body up to its limit): each remembered one costs the
    same few bytes, or a caller naming many long ones would fill the server's memory."""
    import tracemalloc

    owners, caller = SessionOwners(), caller_key("t")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(20):
            owners.admit(f"{i}-" + "x" * 100_000, caller)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 100_000, grown
    owners.admit("3-" + "x" * 100_000, caller)
    with pytest.raises(Forbidden, match="^session_hash: session 3-x"):
        owners.admit("3-" + "x" * 100_000, caller_key("u"))
    owners.admit("\ud800", caller)  # a lone surrogate, as JSON may send one
    with pytest.raises(Forbidden):
        owners.admit("\ud800", caller_key("u"))


def test_no_caller_makes_another_callers_session_forgotten() -> None:
    """Each caller's sessions are forgotten by its own use alone: a caller naming many made-up sessions (a
    heartbeat each) pushed out every other caller's, which it could then claim with a hash seen in a log."""
    owners = SessionOwners(most=2)
    reader, flooder = caller_key("reader-token"), ANONYMOUS
    owners.admit("reader's", reader)
    for i in range(10):
        owners.admit(f"made-up-{i}", flooder)
    with pytest.raises(Forbidden):
        owners.admit("reader's", flooder)
    owners.admit("reader's", reader)
    owners.admit("made-up-0", reader)  # the flooder's oldest were its own to forget


def test_a_token_nobody_configured_is_no_caller_of_its_own(tmp_path) -> None:
    """On an open server any token passes the door: a made-up one per request would be a caller per request,
    each with sessions of its own to remember. It says nobody, as no token does."""
    from starlette.datastructures import Headers

    from ui.access import Access
    from ui.guard import Guard
    from ui.settings import Settings

    settings = Settings(index=tmp_path / "index")
    guard = Guard(lambda *a: None, settings.server, tmp_path, access=Access(None, ()))
    assert guard._caller(Headers({"authorization": "Bearer made-up"})) == ANONYMOUS
    known = Guard(lambda *a: None, settings.server, tmp_path, access=Access("admin-token", ()))
    assert known._caller(Headers({"authorization": "Bearer admin-token"})) == caller_key("admin-token")
