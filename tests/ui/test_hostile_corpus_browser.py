"""In real Chromium, against a server whose index was ingested from a hostile folder (as `citeline
ingest` reads one, so file names are kept as written): HTML and script in a Markdown file's name,
front-matter title, headings (the heading path the panels show) and body, and in a PDF's text and
title; hostile questions. The chat, its side panel, the lookup, the Documents tab, /view and the
embed show every one of them as text: no handler runs, no dialog opens, nothing is fetched."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.corpus_files import write_pdf
from tests.ui.conftest import start_server, stop_server
from tests.ui.test_security_browser import Beacon

TOKEN = "hostile-token-77"
MD_NAME = 'beacon <img src=x onerror="window.__xss=11">.md'
PDF_NAME = 'falcon"><img src=x onerror=window.__xss=21>.pdf'
PDF_TITLE = 'Falcon <img src=x onerror="window.__xss=24"> manual'
QUESTIONS = ["How does a beacon load in a page?", "What do lighthouse keepers log?",
             "What must a falcon handler never run?",
             '<img src=x onerror="window.__xss=31"> How does the beacon protocol load?',
             "</textarea><script>window.__xss=32</script> What must a falcon handler never run?"]


def _markdown(beacon: str) -> str:
    return f'''---
title: Beacon <svg onload="window.__xss=12"></svg> protocol
---
# The beacon <script>window.__xss=13</script> guide

## Loading <img src="{beacon}/heading" onerror="window.__xss=14"> images

The beacon protocol says that <img src="{beacon}/body" onerror="window.__xss=15"> is how a beacon loads in a page.
See [the guide](javascript:window.__xss=16) and <a href="javascript:window.__xss=17">this link</a> for details.
A frame <iframe srcdoc="<script>parent.__xss=18</script>"></iframe> and a style <style>body{{display:none}}</style> stay text.

## Lighthouse </h2><script>window.__xss=19</script> keepers

Lighthouse keepers log every beacon they light "</script><script>window.__xss=20</script>" each night.
'''


@dataclass
class HostileServer:
    url: str
    beacon: Beacon
    docs: list[dict]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[HostileServer]:
    from ingest.pipeline import ingest
    from ui.settings import Settings

    beacon = Beacon()
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / MD_NAME).write_text(_markdown(beacon.base), encoding="utf-8")
    write_pdf(corpus / PDF_NAME, [
        "Falcon Manual\n\nThe falcon manual says that <script>window.__xss=22</script> and "
        '<img src=x onerror="window.__xss=23"> are payloads a falcon handler must never run. '
        "Falcons are trained with patience and food rewards."], title=PDF_TITLE)
    index = root / "index"
    assert ingest([corpus], Settings(index=index)).added == 2
    proc, url = start_server(index, root / "serve.log", {"CITELINE_API_TOKEN": TOKEN, "CITELINE_ALLOWED_ORIGINS": ""})
    try:
        docs = httpx.get(url + "/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60).json()
        yield HostileServer(url, beacon, docs["documents"])
    finally:
        stop_server(proc)
        beacon.close()


_LIVE = ("img[src=x], img[src*='127.0.0.1:'], iframe, svg[onload], a[href^='javascript'], "
         "#chatbot script, #source-panel script, #cite-results script, #documents script, .doc-text script, #log script")


def _assert_inert(page, hostile: HostileServer) -> None:
    for frame in page.frames:
        assert frame.evaluate("window.__xss") is None, frame.url
        assert frame.evaluate(f"document.querySelectorAll({json.dumps(_LIVE)}).length") == 0, frame.url
    assert page.dialogs == [] and hostile.beacon.hits == []


def test_a_hostile_corpus_shows_as_text_in_every_face(hostile, page):
    from playwright.sync_api import expect

    page.goto(f"{hostile.url}/?token={TOKEN}")
    page.locator("#index-status").get_by_text("document(s)").wait_for()
    for n, question in enumerate(QUESTIONS, 1):
        box = page.locator("#question textarea")
        box.fill(question)
        box.press("Enter")
        expect(page.locator("#chatbot a.cite")).not_to_have_count(0)
        page.locator("#chatbot .sources").nth(n - 1).wait_for(state="attached", timeout=60_000)
        page.locator("#chatbot a.cite").last.click()
        page.locator("#source-panel mark").wait_for(timeout=10_000)
    chat = page.locator("#chatbot").inner_text()
    for shown in (QUESTIONS[3], QUESTIONS[4], "<script>window.__xss=22</script>"):
        assert shown in chat
    panel = page.locator("#source-panel").inner_text()
    assert PDF_TITLE in panel and PDF_NAME in panel
    page.locator("#chatbot a.cite").first.click()
    panel = page.locator("#source-panel").inner_text()
    assert "Beacon protocol" in panel and MD_NAME in panel  # the title's HTML read as a heading's
    _assert_inert(page, hostile)

    page.get_by_role("tab", name="Citation lookup").click()
    page.locator("#cite-text textarea").fill('says that <img src="' + hostile.beacon.base + '/body" onerror="window.__xss=15">')
    page.locator("#cite-button").click()
    page.locator("#cite-results .cite-exact mark").first.wait_for(timeout=30_000)
    assert 'onerror="window.__xss=15"' in page.locator("#cite-results mark").first.inner_text()
    page.get_by_role("tab", name="Documents").click()
    documents = page.locator("#documents").inner_text()
    assert MD_NAME in documents and PDF_TITLE in documents
    _assert_inert(page, hostile)

    for doc in hostile.docs:
        page.goto(f"{hostile.url}/view/{doc['doc_id']}?start=10&end=90#hl")
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == doc["title"] and doc["path"] in page.locator(".where").inner_text()
        _assert_inert(page, hostile)

    page.goto(f"{hostile.url}/embed#token={TOKEN}")
    # The falcon question last: its citation, the PDF's, is the one the panel shows at the end (each
    # question here is on its own subject, so each is answered as asked, whatever came before).
    for question in (QUESTIONS[0], QUESTIONS[1], QUESTIONS[3], QUESTIONS[2]):
        answered = page.locator(".msg.bot:not(.pending)").count()
        page.fill("#question", question)
        page.press("#question", "Enter")
        page.locator(".msg.bot:not(.pending)").nth(answered).wait_for(timeout=60_000)
        page.locator(".msg.bot").last.locator("a.cite").first.click()
        expect(page.locator("#panel mark")).not_to_have_count(0)
    assert QUESTIONS[3] in page.locator("#log").inner_text()
    assert PDF_NAME in page.locator("#panel").inner_text()
    _assert_inert(page, hostile)


def test_title_and_heading_path_read_html_alike(hostile):
    # A heading's tags went but its <script>'s text stayed ("The beacon window.__xss=13 guide"), while
    # the front matter's title kept its tags as text: both now show what the page shows.
    auth = {"Authorization": f"Bearer {TOKEN}"}
    answer = httpx.post(hostile.url + "/api/ask", json={"question": "How does a beacon load in a page?"},
                        headers=auth, timeout=60).json()
    source = next(s for s in answer["sources"] if s["path"] == MD_NAME)
    assert source["title"] == "Beacon protocol", source["title"]
    assert source["heading"] == "The beacon guide › Loading images", source["heading"]
    listed = {d["path"]: d["title"] for d in hostile.docs}
    assert listed[MD_NAME] == "Beacon protocol"


def test_hostile_routes_are_refused_with_and_without_the_token(hostile):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for path in ("/view/%3Cscript%3E", "/view/..%2f..%2fetc%2fpasswd/page.png?start=0&end=1",
                 "/api/documents/%3Cimg%20src%3Dx%3E", "/?collection=%3Cimg%20src%3Dx%3E",
                 "/embed?collection=%22%3E%3Cscript%3E"):
        bare = httpx.get(hostile.url + path, timeout=60)
        if path.startswith("/embed"):
            assert bare.status_code == 200 and "<script>" not in bare.text.split("</head>")[1]
            continue
        assert bare.status_code == 401 and bare.json()["error"]["param"] == "token"
        signed = httpx.get(hostile.url + path, headers=auth, timeout=60)
        assert signed.status_code in (200, 400, 404, 422), (path, signed.status_code)
        if signed.headers["content-type"].startswith("application/json"):
            assert signed.json()["detail"].split(": ")[0] in ("doc_id", "collection", "path")
        else:
            assert "<img src=x>" not in signed.text


_TAG = re.compile(r"(?<!\\)<(?=[A-Za-z/!?])")


@pytest.mark.parametrize("stream", [False, True])
def test_the_openai_markdown_shows_a_documents_html_as_text(hostile, stream):
    # The answer quotes the PDF's "<script>…</script> and <img onerror>": a client rendering the
    # content's Markdown with its inline HTML would run them; escaped, it shows them as written.
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"model": "citeline", "stream": stream,
            "messages": [{"role": "user", "content": "What must a falcon handler never run?"}]}
    r = httpx.post(hostile.url + "/v1/chat/completions", json=body, headers=auth, timeout=60)
    assert r.status_code == 200, r.text
    if stream:
        chunks = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]
        content = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    else:
        content = r.json()["choices"][0]["message"]["content"]
    assert "script" in content and "payloads" in content, content
    assert not _TAG.search(content), content
    asked = httpx.post(hostile.url + "/api/ask", json={"question": "What must a falcon handler never run?"},
                       headers=auth, timeout=60).json()
    assert "<script>" in asked["answer"]  # the JSON keeps the text as written: a client shows it as text


def test_a_span_outside_the_text_shows_the_document_without_a_page_image(hostile):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    pdf = next(d for d in hostile.docs if d["path"] == PDF_NAME)
    good = httpx.get(f"{hostile.url}/view/{pdf['doc_id']}?start=0&end=10", headers=auth, timeout=60)
    assert good.status_code == 200 and "page.png?" in good.text
    for start, end in ((999_999_999, -5), (10, 5), (-1, 3)):
        bad = httpx.get(f"{hostile.url}/view/{pdf['doc_id']}?start={start}&end={end}", headers=auth, timeout=60)
        assert bad.status_code == 200 and "page.png" not in bad.text, (start, end)
        assert "falcon manual" in bad.text.lower()
