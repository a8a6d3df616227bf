"""In real Chromium: a document that carries Markdown (an image beacon, links, math) is shown as
text in the chat, its sources and the side panel, and makes the browser fetch nothing."""

from __future__ import annotations

import http.server
import threading

import httpx
import pytest



class Beacon:
    """A local HTTP server that counts every request a page makes to it."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                self.send_response(200)
                self.send_header("content-type", "image/png")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.hits = hits
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


@pytest.fixture
def beacon():
    b = Beacon()
    yield b
    b.close()


def _document(base: str) -> str:
    return (
        "The Quillfeather ledger records that the granary tax was doubled in 1741. "
        f"![x]({base}/beacon.png) and <{base}/autolink> and {base}/bare and [a link]({base}/link).\n"
        "Its clauses:\n- one: grain\n- two: salt\n"
        "The formula $$\\href{" + base + "/math}{x}$$ and `code span` stay as written.\n"
    )


def test_markdown_in_a_cited_document_loads_nothing_and_shows_as_text(upload_open_server, page, beacon):  # noqa: F811
    body = _document(beacon.base)
    r = httpx.post(upload_open_server.url + "/api/ingest", files={"files": ("quillfeather.txt", body.encode())}, timeout=60)
    assert r.status_code == 200, r.text
    page.goto(upload_open_server.url + "/")
    box = page.locator("#question textarea")
    box.fill("What does the Quillfeather ledger record about the granary tax? <b>bold</b> & more")
    box.press("Enter")
    cite = page.locator("#chatbot a.cite").first
    cite.wait_for(timeout=60_000)
    page.locator("#chatbot details.sources summary").first.click()
    cite.click()
    page.locator("#source-panel mark").wait_for(timeout=10_000)

    page.get_by_role("tab", name="Citation lookup").click()
    page.locator("#cite-text textarea").fill("the granary tax was doubled in 1741")
    page.locator("#cite-button").click()
    page.locator("#cite-results mark").first.wait_for(timeout=30_000)
    page.get_by_role("tab", name="Chat").click()

    chat = page.locator("#chatbot")
    text = chat.inner_text()
    assert f"![x]({beacon.base}/beacon.png)" in text
    assert "- one: grain\n- two: salt" in text  # line breaks and list markers kept, as text
    assert "`code span`" in text and "$$\\href{" in text
    # The user's message shows as typed: neither markup nor escaped twice.
    assert "<b>bold</b> & more" in text and "&lt;" not in text and "&amp;" not in text
    for root in ("#chatbot", "#source-panel", "#cite-results"):
        assert page.locator(f"{root} img").count() == 0, root
        assert page.locator(f"{root} a[href*='{beacon.base}']").count() == 0, root
        assert page.locator(f"{root} .katex").count() == 0, root
    assert page.locator("#chatbot b", has_text="bold").count() == 0
    panel = page.locator("#source-panel").inner_text()
    assert f"![x]({beacon.base}/beacon.png)" in panel
    assert httpx.get(upload_open_server.url + "/healthz", timeout=30).json()["status"] == "ok"
    # The proof is the DOM above (no image, link or math element a fetch could come from); the
    # beacon's own count, read last, would show a fetch from anywhere else on the page.
    assert beacon.hits == []
