"""The embed, when a question is not answered: the reason in one line of the chat (the server's own, or what
a proxy in front of it or the network did, never a JSON parser's complaint), the question back in the box
unless the reader has typed since, and the conversation as it was (the failed turn is no history). Real
server, real Chromium; the proxy's refusals are played by the browser's request routing."""

from __future__ import annotations

import json

import pytest

QUESTION = "Why did operatives relocate their operations?"
FOLLOW_UP = "And what about their families?"


def _open_embed(page, server) -> None:
    page.goto(f"{server.url}/embed#token={server.token}")
    page.locator("#question:not([disabled])").wait_for()


def _ask(page, question: str) -> None:
    page.locator("#question").fill(question)
    page.locator("#question").press("Enter")


@pytest.mark.parametrize("refuse,line", [
    (lambda route: route.fulfill(status=429, body="<html><h1>429 Too Many Requests</h1></html>",
                                 content_type="text/html"),
     "Error: too many questions at once (HTTP 429): wait a moment and try again"),
    (lambda route: route.fulfill(status=502, body="<html><h1>502 Bad Gateway</h1></html>", content_type="text/html"),
     "Error: the server could not answer (HTTP 502): try again"),
    (lambda route: route.abort("connectionreset"),
     "Error: the server could not be reached (a network failure, or it is restarting): try again"),
    (lambda route: route.fulfill(status=429, body=json.dumps({"detail": "rate limit: 10 questions a minute"}),
                                 content_type="application/json"),
     "Error: rate limit: 10 questions a minute"),
], ids=["proxy-429-page", "proxy-502-page", "network-failure", "429-with-detail"])
def test_a_refused_question_comes_back_with_one_clear_line(server, page, refuse, line):
    from playwright.sync_api import expect

    asks = []
    page.on("request", lambda r: asks.append(r.post_data_json) if r.url.endswith("/api/ask") else None)
    _open_embed(page, server)
    _ask(page, "What do recent initiatives include?")
    expect(page.locator(".msg.bot a.cite").first).to_be_visible(timeout=60_000)
    page.route("**/api/ask", refuse)
    _ask(page, QUESTION)
    expect(page.locator(".msg.error")).to_have_text(line)
    box = page.locator("#question")
    expect(box).to_have_value(QUESTION)
    # Sent again once the server answers: answered, with the history of the answered turn alone.
    page.unroute("**/api/ask")
    box.press("Enter")
    expect(page.locator(".msg.bot a.cite")).to_have_count(2, timeout=60_000)
    assert [m["content"] for m in asks[-1]["history"] if m["role"] == "user"] == ["What do recent initiatives include?"]
    expect(box).to_have_value("")


def _wait_held(page, held: list, count: int) -> None:
    for _ in range(600):
        if len(held) >= count:
            return
        page.wait_for_timeout(50)  # the browser's events, the route's among them, run meanwhile
    raise AssertionError("the question never reached the server")


def test_a_failure_never_replaces_what_the_reader_typed_since(server, page):
    from playwright.sync_api import expect

    held = []
    _open_embed(page, server)
    page.route("**/api/ask", lambda route: held.append(route))  # answered when the test says
    _ask(page, QUESTION)
    box = page.locator("#question")
    expect(box).to_have_value("")
    _wait_held(page, held, 1)
    box.fill(FOLLOW_UP)  # typed while the question waits
    held[0].fulfill(status=503, body=json.dumps({"detail": "server: busy"}), content_type="application/json")
    expect(page.locator(".msg.error")).to_have_text("Error: server: busy")
    expect(box).to_have_value(FOLLOW_UP)
    # Failing while the box is empty, the question comes back.
    box.fill("")
    _ask(page, QUESTION)
    _wait_held(page, held, 2)
    held[1].fulfill(status=503, body=json.dumps({"detail": "server: busy"}), content_type="application/json")
    expect(page.locator(".msg.error")).to_have_count(2)
    expect(box).to_have_value(QUESTION)
