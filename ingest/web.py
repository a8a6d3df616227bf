"""Web pages by URL: fetched once each, robots.txt honoured, main text by trafilatura.

The URL is the document's path. A re-ingest asks the server with the ETag / Last-Modified it gave
last time (kept in the index folder, `web_pages.json`): a 304 leaves the document as it is without a
download; a 200 whose text is unchanged is skipped by the pipeline's content hash like any file.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ingest.discover import Candidate
from ingest.loaders import LoadedDocument, LoadError, load

USER_AGENT = "citeline"
TIMEOUT_SECONDS = 20
VERSIONS_FILE = "web_pages.json"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Other types a page URL may answer with, read by the file loader of that suffix.
_FILE_TYPES = {"application/pdf": ".pdf", "text/plain": ".txt", "text/markdown": ".md", "text/csv": ".csv"}


def is_url(argument: str) -> bool:
    return argument.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class PageVersion:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class WebFailure:
    url: str
    error: str


@dataclass
class WebFetch:
    """What fetching the URLs gave: documents to ingest, pages unchanged on the server, failures."""

    candidates: list[Candidate] = field(default_factory=list)
    unchanged: int = 0
    failed: list[WebFailure] = field(default_factory=list)
    versions: dict[str, PageVersion] = field(default_factory=dict)

    def save(self, index: Path, failed: set[str]) -> None:
        """Keep the validators of the pages now in the index (not of those that failed to index)."""
        kept = {url: v for url, v in self.versions.items() if url not in failed}
        if kept:
            path = index / VERSIONS_FILE
            known = _read_versions(index)
            known.update(kept)
            path.write_text(json.dumps({url: asdict(v) for url, v in sorted(known.items())}, indent=1))


def _read_versions(index: Path) -> dict[str, PageVersion]:
    try:
        data = json.loads((index / VERSIONS_FILE).read_text())
        return {url: PageVersion(**v) for url, v in data.items()}
    except (OSError, ValueError, TypeError):
        return {}


class _Refused(Exception):
    """The page cannot be ingested; the message is the reason."""


def _open(url: str, headers: dict[str, str]):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    return urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS)


def _robots(origin: str) -> RobotFileParser:
    """The origin's robots.txt; per RFC 9309 a 4xx means no rules, a 5xx or no answer means keep out."""
    parser = RobotFileParser(origin + "/robots.txt")
    try:
        with _open(origin + "/robots.txt", {}) as response:
            parser.parse(response.read(500_000).decode("utf-8", "replace").splitlines())
    except urllib.error.HTTPError as exc:
        if 400 <= exc.code < 500:
            parser.allow_all = True
        else:
            parser.disallow_all = True
    except (urllib.error.URLError, OSError):
        parser.disallow_all = True
    return parser


def _document(url: str, body: bytes, content_type: str, max_bytes: int) -> LoadedDocument:
    import trafilatura

    if content_type in _HTML_TYPES:
        extracted = trafilatura.bare_extraction(body, url=url, with_metadata=True)
        if extracted is not None and extracted.text and extracted.text.strip():
            return LoadedDocument(text=extracted.text, title=(extracted.title or url)[:200], kind="web")
        suffix = ".html"  # no main text found: the HTML loader's whole-page text
    elif content_type in _FILE_TYPES:
        suffix = _FILE_TYPES[content_type]
    else:
        raise _Refused(f"unsupported content type {content_type or '(none)'}")
    with tempfile.TemporaryDirectory(prefix="citeline-web-") as tmp:
        file = Path(tmp) / ("page" + suffix)
        file.write_bytes(body)
        try:
            doc = load(file, max_bytes)
        except LoadError as exc:
            raise _Refused(str(exc)) from None
    return LoadedDocument(text=doc.text, title=doc.title if doc.title != "page" else url, kind=doc.kind,
                          page_starts=doc.page_starts, warnings=doc.warnings)


def _fetch(url: str, previous: PageVersion | None, max_bytes: int) -> tuple[LoadedDocument | None, PageVersion]:
    """The page's document, or None when the server says it has not changed (304)."""
    headers = {}
    if previous is not None and previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous is not None and previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    try:
        with _open(url, headers) as response:
            body = response.read(max_bytes + 1)
            content_type = response.headers.get_content_type()
            version = PageVersion(response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and previous is not None:
            return None, previous
        raise _Refused(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise _Refused(f"cannot fetch: {getattr(exc, 'reason', exc)}") from None
    if len(body) > max_bytes:
        raise _Refused(f"page is over the {max_bytes:,}-byte limit")
    return _document(url, body, content_type, max_bytes), version


def fetch_urls(urls: list[str], index: Path, max_bytes: int) -> WebFetch:
    result = WebFetch()
    known = _read_versions(index)
    robots: dict[str, RobotFileParser] = {}
    for url in dict.fromkeys(urls):
        parts = urlsplit(url)
        if not parts.hostname:
            result.failed.append(WebFailure(url, "not a URL with a host"))
            continue
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in robots:
            robots[origin] = _robots(origin)
        if not robots[origin].can_fetch(USER_AGENT, url):
            result.failed.append(WebFailure(url, "disallowed by robots.txt"))
            continue
        try:
            doc, version = _fetch(url, known.get(url), max_bytes)
        except _Refused as exc:
            result.failed.append(WebFailure(url, str(exc)))
            continue
        result.versions[url] = version
        if doc is None:
            result.unchanged += 1
        else:
            result.candidates.append(Candidate(None, origin, url, inline=doc))
    return result
