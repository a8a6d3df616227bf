"""One web page by URL: fetched with urllib (robots.txt is the crawl's business), main text by
trafilatura, a PDF or text response through that type's loader.

A fetch sends the ETag / Last-Modified the page gave last time: a 304 leaves the document as it is
without a download. Every fetch is bounded: a socket timeout, a total download time, the file size
limit (checked on Content-Length and on the bytes read), at most five redirects, none of them to a
scheme other than http(s) (urllib alone would follow ftp://) and, inside a crawl, none to another
origin.
"""

from __future__ import annotations

import http.client
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ingest.loaders import LoadedDocument, LoadError, check_html_depth, load
from ingest.site_links import Sitemap, origin_of, page_links, read_sitemap

USER_AGENT = "citeline"
TIMEOUT_SECONDS = 20
# A server that sends a byte every few seconds never trips the socket timeout; this bounds the page.
PAGE_SECONDS = 60
ROBOTS_SECONDS = 20
MAX_REDIRECTS = 5
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_XML_TYPES = ("application/xml", "text/xml")
# Other types a page URL may answer with, read by the file loader of that suffix.
_FILE_TYPES = {"application/pdf": ".pdf", "text/plain": ".txt", "text/markdown": ".md", "text/csv": ".csv"}
# The page is no more: on a re-crawl its document is removed.
GONE_STATUSES = (404, 410)


def is_url(argument: str) -> bool:
    return argument.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class PageVersion:
    etag: str | None = None
    last_modified: str | None = None
    # The page's same-origin links, so a crawl goes on past a page that answered 304; None when not
    # recorded (a page fetched on its own).
    links: list[str] | None = None


class PageRefused(Exception):
    """The page cannot be ingested; the message is the reason (one line)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


@dataclass
class Page:
    url: str
    # None: the server said it has not changed (304), or the URL is a sitemap.
    document: LoadedDocument | None
    version: PageVersion
    links: list[str] = field(default_factory=list)
    sitemap: Sitemap | None = None
    # Where redirects led (the URL itself when none, or on a 304).
    final_url: str = ""


class _RedirectRefused(urllib.error.HTTPError):
    pass


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urlsplit(newurl)
        if target.scheme and target.scheme not in ("http", "https"):
            raise _RedirectRefused(newurl, code, f"redirected to a {target.scheme}: URL: refused", headers, fp)
        origin = getattr(req, "citeline_origin", None)
        if origin is not None and target.scheme and origin_of(newurl) != origin:
            raise _RedirectRefused(newurl, code, f"redirected to another site ({origin_of(newurl)}): not followed",
                                   headers, fp)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.citeline_origin = origin
        return new


_OPENER = urllib.request.build_opener(_Redirects)


def _open(url: str, headers: dict[str, str], origin: str | None = None):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    request.citeline_origin = origin
    return _OPENER.open(request, timeout=TIMEOUT_SECONDS)


def robots_for(origin: str) -> RobotFileParser:
    """The origin's robots.txt; per RFC 9309 a 4xx means no rules, a 5xx or no answer means keep out."""
    parser = RobotFileParser(origin + "/robots.txt")
    try:
        with _open(origin + "/robots.txt", {}, origin) as response:
            text = _read(response, 500_000, ROBOTS_SECONDS, truncate=True).decode("utf-8", "replace")
            parser.parse(text.splitlines())
    except urllib.error.HTTPError as exc:
        if 400 <= exc.code < 500:
            parser.allow_all = True
        else:
            parser.disallow_all = True
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError, PageRefused):
        parser.disallow_all = True
    return parser


def _read(response, max_bytes: int, seconds: float, truncate: bool = False) -> bytes:
    """The body, refused past `max_bytes` (or cut there, `truncate`) or past `seconds`."""
    declared = response.headers.get("Content-Length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise PageRefused(f"page is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
    deadline = time.monotonic() + seconds
    body = bytearray()
    while block := response.read1(min(1 << 16, max_bytes + 1 - len(body))):
        body += block
        if len(body) > max_bytes:
            if truncate:
                return bytes(body[:max_bytes])
            raise PageRefused(f"page is over the {max_bytes:,}-byte limit")
        if time.monotonic() > deadline:
            raise PageRefused(f"page took over {seconds:g} s to download: refused")
    return bytes(body)


def _document(url: str, body: bytes, content_type: str, max_bytes: int) -> LoadedDocument:
    import trafilatura

    if content_type in _HTML_TYPES:
        try:
            extracted = trafilatura.bare_extraction(body, url=url, with_metadata=True)
        except Exception as exc:  # a page trafilatura chokes on is that page's failure, in one line
            raise PageRefused(f"unreadable page ({type(exc).__name__})") from None
        if extracted is not None and extracted.text and extracted.text.strip():
            return LoadedDocument(text=extracted.text, title=(extracted.title or url)[:200], kind="web")
        suffix = ".html"  # no main text found: the HTML loader's whole-page text
    elif content_type in _FILE_TYPES:
        suffix = _FILE_TYPES[content_type]
    else:
        raise PageRefused(f"unsupported content type {content_type or '(none)'}")
    with tempfile.TemporaryDirectory(prefix="citeline-web-") as tmp:
        file = Path(tmp) / ("page" + suffix)
        file.write_bytes(body)
        try:
            doc = load(file, max_bytes)
        except LoadError as exc:
            raise PageRefused(str(exc)) from None
    return LoadedDocument(text=doc.text, title=doc.title if doc.title != "page" else url, kind=doc.kind,
                          page_starts=doc.page_starts, warnings=doc.warnings, blocks=doc.blocks)


def fetch_page(url: str, previous: PageVersion | None, max_bytes: int, *, origin: str | None = None,
               follow: bool = False) -> Page:
    """The page at `url`; raises PageRefused with the reason.

    `origin`: redirects must stay on it (a crawl). `follow`: the page's links are wanted, so a 304
    is asked for only when the links are on record. An XML answer that is a sitemap comes back as
    `sitemap` (a sitemap is always fetched in full: its list is needed).
    """
    headers = {}
    if previous is not None and (previous.links is not None or not follow):
        if previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified
    try:
        with _open(url, headers, origin) as response:
            body = _read(response, max_bytes, PAGE_SECONDS)
            content_type = response.headers.get_content_type()
            final = response.geturl()
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except _RedirectRefused as exc:
        raise PageRefused(str(exc.reason), exc.code) from None
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and previous is not None:
            return Page(url, None, previous, list(previous.links or []), final_url=url)
        if 300 <= exc.code < 400 and "infinite loop" in str(exc.reason):
            raise PageRefused(f"too many redirects or a redirect loop (HTTP {exc.code})", exc.code) from None
        raise PageRefused(f"HTTP {exc.code} {' '.join(str(exc.reason).split())}", exc.code) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        reason = " ".join(str(getattr(exc, "reason", exc) or type(exc).__name__).split())
        raise PageRefused(f"cannot fetch: {reason}") from None
    if content_type in _XML_TYPES:
        sitemap = read_sitemap(body, final, origin_of(final))
        if sitemap is not None:
            return Page(url, None, PageVersion(), sitemap=sitemap, final_url=final)
    if content_type in _HTML_TYPES:
        # Parsers take minutes on deep nesting (and C code ignores the parse-time alarm): refused
        # before trafilatura or the link parser sees it, at the HTML loader's limit.
        try:
            check_html_depth(body)
        except LoadError as exc:
            raise PageRefused(str(exc)) from None
    document = _document(url, body, content_type, max_bytes)
    links = page_links(body, final, origin or origin_of(final)) if follow and content_type in _HTML_TYPES else []
    return Page(url, document, PageVersion(etag, modified, links if follow else None), links, final_url=final)
