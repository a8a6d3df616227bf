"""A small web site on 127.0.0.1 (port 0) whose pages the tests change between crawls."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    status: int = 200
    location: str | None = None
    # False: no Content-Length, the body ends when the connection closes (HTTP/1.0).
    declare_length: bool = True
    # Send the body's first half, then hold the rest until the site is released (a stalling server).
    stall: bool = False


def article(title: str, sentence: str, links: list[str] = ()) -> str:
    """A page with enough prose for trafilatura to call it the main text, and its links."""
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return (f"<html><head><title>{title}</title></head><body><nav><ul>{anchors}</ul></nav><article>"
            f"<h1>{title}</h1><p>{sentence}</p><p>The harbor office keeps these notes for the crews "
            f"who work the tides, and updates them whenever the schedule changes.</p></article></body></html>")


@dataclass
class Site:
    pages: dict[str, Response] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)
    not_modified: Counter = field(default_factory=Counter)
    base: str = ""
    released: threading.Event = field(default_factory=threading.Event)

    def html(self, path: str, title: str, sentence: str, links: list[str] = (), etag: str | None = None) -> None:
        self.pages[path] = Response(article(title, sentence, links).encode(), etag=etag)


def serve(site: Site):
    """Start serving `site`; returns the server (set `site.released`, then shut it down)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            site.hits[self.path] += 1
            page = site.pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            if page.etag and self.headers.get("If-None-Match") == page.etag:
                site.not_modified[self.path] += 1
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(page.status)
            if page.location:
                self.send_header("Location", page.location)
            self.send_header("Content-Type", page.content_type)
            if page.declare_length:
                self.send_header("Content-Length", str(len(page.body)))
            if page.etag:
                self.send_header("ETag", page.etag)
            self.end_headers()
            if page.stall:
                half = len(page.body) // 2
                self.wfile.write(page.body[:half])
                self.wfile.flush()
                site.released.wait()
                self.wfile.write(page.body[half:])
                return
            self.wfile.write(page.body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
