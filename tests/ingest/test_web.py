"""`ingest` of page URLs against a real HTTP server on 127.0.0.1: main text by trafilatura, the URL
as the path, robots.txt honoured, re-ingest by ETag (304), by content hash, and updates."""

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingest.pipeline import ingest
from tests.conftest import document_texts

ARTICLE = ("<html><head><title>Tide Tables</title></head><body><nav>Home | Shop | Login</nav><article>"
           "<h1>Tide Tables of Harwich</h1><p>High tide at Harwich comes at six in the morning on Mondays, "
           "and the harbor master rings the bell twice.</p><p>Low tide follows six hours later, when the mud "
           "flats appear and the wading birds arrive to feed.</p></article><footer>Copyright footer</footer>"
           "</body></html>")


class Site:
    def __init__(self):
        self.pages = {"/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private/\n", None),
                      "/tides.html": ("text/html; charset=utf-8", ARTICLE, '"v1"'),
                      "/private/secret.html": ("text/html", "<p>secret</p>", None)}
        self.hits = Counter()
        self.conditional = Counter()


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.hits[self.path] += 1
            if self.path not in state.pages:
                self.send_error(404)
                return
            content_type, body, etag = state.pages[self.path]
            if etag and self.headers.get("If-None-Match") == etag:
                state.conditional[self.path] += 1
                self.send_response(304)
                self.end_headers()
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def test_pages_by_url(site, make_settings, embedder):
    settings = make_settings()
    tides, secret, missing = (site.base + p for p in ("/tides.html", "/private/secret.html", "/gone.html"))

    first = ingest([], settings, urls=[tides, secret, missing])
    assert first.added == 1
    assert {(f.path, f.error) for f in first.failed} == {(secret, "disallowed by robots.txt"),
                                                        (missing, "HTTP 404 Not Found")}
    assert site.hits["/private/secret.html"] == 0
    text = document_texts(settings, embedder)[tides]
    assert "High tide at Harwich comes at six in the morning on Mondays" in text
    assert "Login" not in text and "Copyright footer" not in text

    again = ingest([], settings, urls=[tides])
    assert (again.unchanged, again.updated, again.added) == (1, 0, 0) and site.conditional["/tides.html"] == 1

    site.pages["/tides.html"] = ("text/html", ARTICLE, '"v2"')  # new validator, same text: hash says unchanged
    assert ingest([], settings, urls=[tides]).unchanged == 1 and site.conditional["/tides.html"] == 1

    site.pages["/tides.html"] = ("text/html", ARTICLE.replace("twice", "three times"), '"v3"')
    changed = ingest([], settings, urls=[tides])
    assert changed.updated == 1
    assert "rings the bell three times" in document_texts(settings, embedder)[tides]


def test_cli_takes_a_url(site, tmp_path):
    import json

    from typer.testing import CliRunner

    from ui.cli import app

    result = CliRunner().invoke(app, ["ingest", site.base + "/tides.html", "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 1
