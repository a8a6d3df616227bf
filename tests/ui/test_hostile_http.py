"""Hostile HTTP against the running server: oversized and malformed bodies, unicode oddities,
traversal, bad tokens, long histories. Each is a 4xx with one line; the server keeps serving and
never reflects what was sent into a page unescaped."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.ui.test_api import api, assert_error, assert_still_serving  # noqa: F401  (fixture)

QUESTION = "Why did operatives relocate their operations?"


def test_oversized_json_body_is_413_before_it_is_read(api):  # noqa: F811
    body = json.dumps({"question": "x" * 3_000_000})
    r = api.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert_error(r, 413, "body", "limit")
    r = api.post("/v1/chat/completions", content=body, headers={"content-type": "application/json"})
    assert_error(r, 413, "body")
    assert_still_serving(api)


@pytest.mark.parametrize("raw", [b"{", b"not json", b"[1, 2]", b'{"question": 5}', b"\xff\xfe\x00", b"null"])
def test_malformed_json_is_4xx_naming_the_problem(api, raw):  # noqa: F811
    r = api.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422), r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail
    assert detail.startswith(("body:", "question:")), detail


def test_a_number_past_pythons_digit_limit_is_named_not_called_invalid_json(api):  # noqa: F811
    """Valid JSON that Python will not read (an integer of more than 4,300 digits) was "body: is not valid JSON in UTF-8"."""
    r = api.post("/api/ask", content=b'{"question": "x", "k": ' + b"9" * 5000 + b"}",
                 headers={"content-type": "application/json"})
    assert_error(r, 400, "body", "a number of more than 4,300 digits")
    assert_still_serving(api)


@pytest.mark.parametrize("question, status", [
    ("\ud800 lone surrogate", 400),            # not encodable as UTF-8
    ("\u202eRTL override \u200b\u200b zero width", 200),
    ("\x00 NUL and \x07 bell", 200),
    ("é" * 400 + " 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂", 200),
    ("<script>alert('x')</script> relocate?", 200),
])
def test_unicode_oddities_are_answered_or_refused_cleanly(api, question, status):  # noqa: F811
    body = json.dumps({"question": question})  # ensure_ascii: the lone surrogate travels as \\ud800
    r = api.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    if status == 400:
        assert r.json()["detail"].startswith("question: ") and "\n" not in r.json()["detail"]
    else:
        data = r.json()
        assert set(data) >= {"answer", "sources", "abstained"}
    # Nothing of the question comes back: an answer quotes documents (one of which, uploaded by
    # another test, holds a <script> of its own), an error names the field.
    assert "alert(" not in r.text and "RTL override" not in r.text and "lone surrogate" not in r.text
    assert_still_serving(api)


def test_lone_surrogates_are_400_naming_the_field(api):  # noqa: F811
    r = api.post("/api/ask", content=json.dumps({"question": "a \ud800 b"}), headers={"content-type": "application/json"})
    assert_error(r, 400, "question", "surrogate")
    body = {"question": QUESTION, "history": [{"role": "user", "content": "x\udfff"}]}
    r = api.post("/api/ask", content=json.dumps(body), headers={"content-type": "application/json"})
    assert_error(r, 400, "history[0].content", "surrogate")
    body = {"model": "citeline", "messages": [{"role": "user", "content": "\ud83d relocate?"}]}
    r = api.post("/v1/chat/completions", content=json.dumps(body), headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500 and "surrogate" in r.text, r.text
    assert_still_serving(api)


def test_very_long_histories_are_refused_or_trimmed(api):  # noqa: F811
    turn = {"role": "user", "content": "And then?"}
    many = api.post("/api/ask", json={"question": QUESTION, "history": [turn] * 5000})
    assert_error(many, 413, "history")
    short_many = api.post("/api/ask", json={"question": QUESTION, "history": [{"role": "user", "content": "a"}] * 900})
    assert short_many.status_code == 200  # only the last max_history_messages turns are used
    bad_role = api.post("/api/ask", json={"question": QUESTION, "history": [{"role": "system", "content": "x"}]})
    assert_error(bad_role, 422, "history")
    assert_still_serving(api)


@pytest.mark.parametrize("path", [
    "/view/..%2F..%2Fetc%2Fpasswd", "/view/%2e%2e/%2e%2e/etc/passwd", "/api/documents/..%2F..%2Fcatalog.sqlite3",
    "/view/<script>alert(1)</script>", "/api/documents/%00",
])
def test_traversal_and_markup_in_paths_are_4xx_and_not_reflected(api, path):  # noqa: F811
    r = api.get(path)
    assert 400 <= r.status_code < 500, r.text
    assert "<script>" not in r.text
    assert not r.headers.get("content-type", "").startswith("text/html") or "alert(1)" not in r.text


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="}, {"X-Citeline-Token": ""},
    {"Authorization": "Bearer " + "x" * 8000},
])
def test_missing_or_wrong_token_is_401(server, headers):
    r = httpx.post(server.url + "/api/ask", json={"question": QUESTION}, headers=headers, timeout=30)
    assert r.status_code == 401, r.text
    assert "\n" not in r.json()["detail"]
