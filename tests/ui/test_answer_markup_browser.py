"""The answer itself reads as its page, in a real Chromium against a real server: in the chat and in the embed's
bubble, a code span as code (no backticks) and the code a lead-in quotes as a code block of its lines as written,
its [n] still a link that opens its source, and a hostile answer's HTML shown as text that runs nothing
(retry20: the answer showed `uv_build` with its backticks and its toml as plain lines)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.conftest import ingested_page
from tests.ui.conftest import ask_in_chat, ask_in_embed, open_index_server

SHOTS = Path("/tmp/ans20")
CODE = '[build-system]\nrequires = ["widget_build>=1.0"]\nbuild-backend = "widget_build"'
HOSTILE = ('The harbour alarm is wired with `<img src=x onerror="window.__xss=1">` and <script>window.__xss=2</script> '
           "by the keeper, and `unbalanced ticks stay.")
PAGE = f"""# The widget build backend

## Using the widget build backend

To use widget as a build backend in an existing project, add `widget_build` to the
[`[build-system]`](../projects/config.md#build-systems) section in your `pyproject.toml`:

```toml title="pyproject.toml"
{CODE}
```

!!! note

    The widget build backend follows the same versioning policy as widget. Including an upper bound on the
    `widget_build` version ensures that your package continues to build correctly as new versions are released.

## The harbour alarm

{HOSTILE}
"""
QUESTION = "How do I use the widget build backend?"
HOSTILE_QUESTION = "How is the harbour alarm wired?"


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    index = ingested_page(tmp_path_factory, "widget", PAGE)
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "answer.log") as url:
        yield url


def _reads_as_the_page(page, scope: str) -> None:
    answer = page.locator(scope)
    codes = answer.locator("code").all_text_contents()
    assert "widget_build" in codes and CODE in codes, codes
    assert answer.locator("pre.answer-code").first.text_content() == CODE
    assert "monospace" in page.evaluate(
        "(s) => getComputedStyle(document.querySelector(s + ' pre.answer-code code')).fontFamily", scope)
    assert "`" not in answer.text_content()


def _runs_nothing(page, scope: str) -> None:
    answer = page.locator(scope)
    text = answer.text_content()
    assert '<img src=x onerror="window.__xss=1">' in answer.locator("code").first.text_content()
    assert "<script>window.__xss=2</script>" in text and "`unbalanced ticks stay." in text
    assert page.locator(f"{scope} script, {scope} img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_the_api_answer_keeps_its_words_and_says_how_its_page_sets_them(served):
    asked = httpx.post(served + "/api/ask", json={"question": QUESTION}, timeout=120).json()
    sentences = asked["sentences"]
    assert asked["answer"].startswith(sentences[0]["text"]) and "`widget_build`" in asked["answer"]
    assert [s["text"][s["code_at"]:].strip("\n") for s in sentences if s["code_at"] is not None] == [CODE]
    spans = [p["text"] for s in sentences for p in s["pieces"] if p["code"]]
    assert "widget_build" in spans and not any("`" in p["text"] for s in sentences for p in s["pieces"])
    # The server's one reading, sent whole: the code as shown and what stands between the sentences.
    assert [s["code"] for s in sentences if s["code"]] == [CODE]
    assert asked["joints"] is not None and len(asked["joints"]) == len(sentences) - 1
    assert asked["answer"] == "".join((asked["joints"][k - 1] if k else "") + s["text"] + "".join(
        f" [{n}]" for n in s["citations"]) for k, s in enumerate(sentences))


def test_the_embed_bubble_shows_code_as_code_and_its_citation_opens_the_source(served, page):
    page.set_viewport_size({"width": 420, "height": 700})
    ask_in_embed(page, served, QUESTION)
    _reads_as_the_page(page, ".msg.bot")
    page.locator(".msg.bot a.cite").first.click()
    assert "widget_build" in page.locator("#panel mark").first.text_content()
    assert page.locator("#panel .src-title").text_content().startswith("[1] ")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-embed-answer.png"))


def test_the_embed_bubble_runs_nothing_of_a_hostile_answer(served, page):
    ask_in_embed(page, served, HOSTILE_QUESTION)
    _runs_nothing(page, ".msg.bot")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-embed-hostile.png"))


def test_the_embed_bubble_runs_nothing_of_a_hostile_server_answer(served, page):
    # A server (or a proxy) that answered with HTML in its pieces and its code: all of it is text.
    hostile = "<img src=x onerror=\"window.__xss=3\"><script>window.__xss=4</script>"
    body = {"answer": f"Run {hostile}:\n{hostile} [1]", "abstained": False, "id": None,
            "sources": [{"n": 1, "doc_id": "d", "path": "p.md", "title": hostile, "start": 0, "end": 1, "text": "x",
                         "url": "/view/d"}],
            "sentences": [{"text": f"Run {hostile}:\n{hostile}", "citations": [1], "supported": True,
                           "code_at": len(f"Run {hostile}:\n"), "code": hostile,
                           "pieces": [{"text": f"Run {hostile}", "marked": False, "code": True,
                                       "href": "javascript:x"}]}],
            "joints": []}
    page.route("**/api/ask", lambda route: route.fulfill(status=200, content_type="application/json",
                                                         body=json.dumps(body)))
    ask_in_embed(page, served, "anything")
    assert page.locator(".msg.bot pre.answer-code").text_content() == hostile
    assert page.locator(".msg.bot code").first.text_content() == f"Run {hostile}"
    assert page.locator(".msg.bot a:not(.cite)").count() == 0
    page.locator(".msg.bot a.cite").click()
    assert page.locator("#panel .src-title").text_content() == f"[1] {hostile}"
    assert page.locator(".msg.bot script, .msg.bot img, #panel script, #panel img").count() == 0
    assert page.evaluate("window.__xss") is None and page.dialogs == []


def _answer_in_embed(page, url: str, body: dict) -> None:
    page.route("**/api/ask", lambda route: route.fulfill(status=200, content_type="application/json",
                                                         body=json.dumps(body)))
    ask_in_embed(page, url, "anything")


def test_the_embed_bubble_shows_the_servers_reading_of_the_answer(served, page):
    # The embed reads nothing again: the server's joints, pieces and code are what it shows (mend21), even where
    # reading the answer's text anew would find other ones.
    sentences = [{"text": "Add it:\nraw code", "citations": [1], "supported": True, "code_at": 8, "code": "as read",
                  "pieces": [{"text": "Add ", "marked": False}, {"text": "it", "marked": False, "code": True}]},
                 {"text": "Then build.", "citations": [1], "supported": True, "code_at": None, "code": "",
                  "pieces": [{"text": "Then build.", "marked": False}]}]
    source = {"n": 1, "doc_id": "d", "path": "p.md", "title": "T", "start": 0, "end": 1, "text": "x", "url": "/view/d"}
    body = {"answer": "Add it:\nraw code [1]  Then build. [1]", "abstained": False, "id": None, "sources": [source],
            "sentences": sentences, "joints": ["\n"]}
    _answer_in_embed(page, served, body)
    bubble = page.locator(".msg.bot").last
    assert bubble.locator("pre.answer-code").text_content() == "as read"
    assert bubble.locator("code").first.text_content() == "it"
    assert bubble.text_content() == "Add itas read [1]\nThen build. [1]"
    assert bubble.locator("a.cite").count() == 2


def test_the_embed_bubble_shows_the_answers_text_when_the_server_found_no_joints(served, page):
    # A generated answer's text, which its sentences do not make up: shown as written, its markers links.
    sentence = {"text": "Add it:\nraw code", "citations": [1], "supported": True, "code_at": 8, "code": "raw code",
                "pieces": [{"text": "Add it:", "marked": False}]}
    source = {"n": 1, "doc_id": "d", "path": "p.md", "title": "T", "start": 0, "end": 1, "text": "x", "url": "/view/d"}
    body = {"answer": "Add it:\nraw code [1]", "abstained": False, "id": None, "sources": [source],
            "sentences": [sentence], "joints": None}
    _answer_in_embed(page, served, body)
    bubble = page.locator(".msg.bot").last
    assert bubble.locator("pre").count() == 0 and bubble.text_content() == "Add it:\nraw code [1]"
    assert bubble.locator("a.cite").count() == 1


def test_the_chat_shows_code_as_code_and_its_citation_opens_the_source(served, page):
    ask_in_chat(page, served, QUESTION)
    _reads_as_the_page(page, "#chatbot div.text")
    page.locator("#chatbot a.cite").first.click()
    page.locator("#source-panel mark").first.wait_for(timeout=10_000)
    assert "widget_build" in page.locator("#source-panel mark").first.text_content()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-chat-answer.png"), full_page=True)


def test_the_chat_runs_nothing_of_a_hostile_answer(served, page):
    ask_in_chat(page, served, HOSTILE_QUESTION)
    _runs_nothing(page, "#chatbot div.text")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "test-chat-hostile.png"), full_page=True)
