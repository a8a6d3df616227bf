"""The embed's source panel and /view show a Markdown passage as its page reads, in a real Chromium against a
real server: a heading as a heading, a link as its text (only a web address linked, and then with
rel="noopener noreferrer nofollow"), code as code, and a hostile passage's HTML and `javascript:` link as
text that runs nothing. The embed's renderer (ui/static/passage-pieces.js) builds the table's HTML too."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from rag.engine import ShownSource, quote_pieces
from tests.conftest import ingested_page
from tests.ui.conftest import open_embed_source, open_index_server
from tests.ui.passage_pieces_cases import CASES
from ui.api.service import _shown

SHOTS = Path("/tmp/panel20")
SENTENCE = ('Run `pip install widget` to get **the widget <img src=x onerror="window.__xss=1">** on your machine, '
            "as [the install guide](https://example.org/guide) says and [not this](javascript:window.__xss=2) "
            "<script>window.__xss=3</script> either.")
PAGE = f"""# Widget handbook

## Installing the widget

{SENTENCE}

## Colours

The widget comes in red, green and blue; the colour is set with `widget paint`.
"""
QUESTION = "How do I install the widget?"
RAW = ("## ", "**", "`", "](", "<img", "<script")


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    index = ingested_page(tmp_path_factory, "widget", PAGE)
    with open_index_server(index, tmp_path_factory.mktemp("logs") / "pieces.log") as url:
        yield url


def test_the_embed_renderer_builds_the_table_as_the_server_does(served, page):
    page.goto(f"{served}/embed")
    page.locator("#question:not([disabled])").wait_for()
    for case in CASES:
        quote = case.quote()
        pieces = _shown(ShownSource(quote, quote_pieces(quote))).model_dump()["pieces"]
        built, expected = page.evaluate(
            """([pieces, html]) => {
                 const d = document.createElement("div"); d.appendChild(window.citelinePieces(pieces));
                 const t = document.createElement("template"); t.innerHTML = html;
                 return [d.innerHTML, t.innerHTML]; }""", [pieces, case.html])
        assert built == expected, case.name


def _shows_the_page_reading(page, scope: str) -> None:
    quote = page.locator(scope)
    headings = page.locator(f"{scope} b.passage-heading").all_text_contents()
    assert "Installing the widget" in headings, headings
    text = quote.text_content()
    assert not [raw for raw in RAW if raw in text.replace('<img src=x onerror="window.__xss=1">', "")
                .replace("<script>window.__xss=3</script>", "")], text
    assert '<img src=x onerror="window.__xss=1">' in text and "<script>window.__xss=3</script>" in text
    assert page.locator(f"{scope} code").first.text_content() == "pip install widget"
    links = quote.locator("a")
    assert links.count() == 1
    assert links.first.text_content() == "the install guide"
    assert links.first.get_attribute("href") == "https://example.org/guide"
    assert links.first.get_attribute("rel") == "noopener noreferrer nofollow"
    assert "not this" in text and "javascript:" not in text
    assert page.locator(f"{scope} script, {scope} img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_the_embed_panel_reads_the_markdown_and_runs_nothing(served, page):
    open_embed_source(page, served, QUESTION, "pip install widget")
    mark = page.locator("#panel mark").text_content()
    assert mark.startswith("Run pip install widget") and mark.endswith("either."), mark
    _shows_the_page_reading(page, "#panel blockquote.passage")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "embed-panel.png"))


def test_the_document_view_reads_the_markdown_and_runs_nothing(served, page):
    asked = httpx.post(served + "/api/ask", json={"question": QUESTION}, timeout=120).json()
    cited = next(s for s in asked["sources"] if "pip install widget" in s["text"])
    page.goto(served + cited["url"])
    assert page.locator("mark#hl").text_content().startswith("Run pip install widget")
    _shows_the_page_reading(page, "pre.doc-text")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "view.png"), full_page=True)


def test_the_chat_and_cite_panels_read_the_markdown_and_run_nothing(served, page):
    page.goto(served + "/")
    page.locator("#index-status").get_by_text("document(s)").wait_for(timeout=60_000)
    box = page.locator("#question textarea")
    box.fill(QUESTION)
    box.press("Enter")
    page.locator("#chatbot a.cite").first.wait_for(timeout=60_000)
    page.locator("#chatbot a.cite").first.click()
    page.locator("#source-panel mark").wait_for(timeout=10_000)
    assert page.locator("#source-panel mark").count() == 1
    _shows_the_page_reading(page, "#source-panel blockquote.passage")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "chat-panel.png"), full_page=True)

    page.get_by_role("tab", name="Citation lookup").click()
    page.locator("#cite-text textarea").fill("Run pip install widget to get the widget on your machine")
    page.locator("#cite-button").click()
    page.locator("#cite-results mark").first.wait_for(timeout=30_000)
    quote = page.locator("#cite-results blockquote.passage").first
    assert "**" not in quote.text_content() and "`" not in quote.text_content()
    assert quote.locator("code").first.text_content() == "pip install widget"
    assert page.locator("#cite-results script, #cite-results img").count() == 0
    assert page.evaluate("window.__xss") is None
    page.screenshot(path=str(SHOTS / "cite-panel.png"), full_page=True)


@pytest.mark.parametrize("withheld", ["pieces", "renderer"])
def test_the_embed_shows_an_answer_without_its_pieces_as_plain_text(served, page, withheld):
    # An older server's answer has no pieces; a page whose passage-pieces.js did not load has no renderer. The
    # answer is its words all the same, as text: its Markdown and HTML shown as written, run never.
    from playwright.sync_api import expect

    answers = []
    if withheld == "renderer":
        page.route("**/citeline-static/passage-pieces.js", lambda route: route.fulfill(status=404, body=""))

    def answered(route):
        answer = route.fetch().json()
        if withheld == "pieces":
            for sentence in answer["sentences"]:
                del sentence["pieces"]
        answers.append(answer)
        route.fulfill(status=200, body=json.dumps(answer), content_type="application/json")

    page.route("**/api/ask", answered)
    page.goto(f"{served}/embed")
    page.locator("#question:not([disabled])").wait_for()
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    answer = page.locator(".msg.bot").last
    expect(answer.locator("a.cite").first).to_be_visible(timeout=60_000)
    assert answers[0]["joints"] is not None  # shown sentence by sentence, as the pieces would be
    text = answer.text_content()
    assert "pip install widget" in text and "either." in text, text
    assert answer.locator("code, b, img, script, a:not(.cite)").count() == 0
    assert page.evaluate("window.__xss") is None
