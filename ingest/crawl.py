"""Web pages and sites by URL: a page, a site from its sitemap, or same-origin links followed to a
depth and a page limit; robots.txt honoured (user agent `citeline`, its Crawl-delay too).

A URL is the document's path. A page named on its own is kept under its origin, as before crawls
existed; a crawled or sitemap page under the URL the crawl started from, and that crawl is swept like
a folder: a page it no longer reaches (gone, 404, no longer linked or listed, disallowed) is removed.
A page that fails for another reason (a timeout, a 5xx) keeps its indexed version. Validators and
links of indexed pages are kept in `INDEX/web_pages.json`.
"""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.robotparser import RobotFileParser

from ingest.discover import Candidate
from ingest.site_links import origin_of
from ingest.web import GONE_STATUSES, USER_AGENT, Page, PageRefused, PageVersion, fetch_page

VERSIONS_FILE = "web_pages.json"
MAX_SITEMAPS = 50
# A site asking for minutes between requests is not crawled at that pace: the delay is capped.
MAX_CRAWL_DELAY = 5.0


@dataclass(frozen=True, slots=True)
class CrawlLimits:
    """How far `citeline ingest URL` goes: `depth` 0 reads the page (or the sitemap's pages) only."""

    depth: int = 0
    max_pages: int = 100


@dataclass(frozen=True, slots=True)
class WebFailure:
    url: str
    error: str


@dataclass(frozen=True, slots=True)
class WebWarning:
    url: str
    warning: str


@dataclass(frozen=True, slots=True)
class KeptPage:
    """A page whose indexed version stays without a download: it answered 304, or failed for a
    reason that says nothing of the page (a timeout, a 5xx)."""

    root: str
    url: str


@dataclass
class WebFetch:
    """What fetching the URLs gave: documents to ingest, pages kept, crawls to sweep, failures."""

    candidates: list[Candidate] = field(default_factory=list)
    unchanged: int = 0
    failed: list[WebFailure] = field(default_factory=list)
    warnings: list[WebWarning] = field(default_factory=list)
    kept: list[KeptPage] = field(default_factory=list)
    # Crawls that reached their start page or sitemap: their pages not seen now are removed.
    swept_roots: list[str] = field(default_factory=list)
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


class _Fetcher:
    """Fetches pages for one ingest: robots.txt read once per origin, its Crawl-delay kept."""

    def __init__(self, index: Path, max_bytes: int, result: WebFetch) -> None:
        self.known = _read_versions(index)
        self.max_bytes = max_bytes
        self.result = result
        self.robots: dict[str, RobotFileParser] = {}
        self.last_request: dict[str, float] = {}

    def allowed(self, url: str) -> bool:
        origin = origin_of(url)
        if origin not in self.robots:
            from ingest.web import robots_for

            self.robots[origin] = robots_for(origin)
        return self.robots[origin].can_fetch(USER_AGENT, url)

    def _wait_turn(self, origin: str) -> None:
        delay = min(float(self.robots[origin].crawl_delay(USER_AGENT) or 0), MAX_CRAWL_DELAY)
        if delay and origin in self.last_request:
            time.sleep(max(0.0, self.last_request[origin] + delay - time.monotonic()))
        self.last_request[origin] = time.monotonic()

    def fetch(self, url: str, root: str, *, origin: str | None, follow: bool) -> Page | None:
        """The page, counted in the result (a document to ingest, unchanged, or failed); None when it
        failed. A page that failed for a reason other than being gone keeps its indexed version."""
        self._wait_turn(origin_of(url))
        try:
            page = fetch_page(url, self.known.get(url), self.max_bytes, origin=origin, follow=follow)
        except PageRefused as exc:
            self.result.failed.append(WebFailure(url, str(exc)))
            if exc.status not in GONE_STATUSES:
                self.result.kept.append(KeptPage(root, url))
            return None
        if page.sitemap is None:
            self.result.versions[url] = page.version
            if page.document is None:
                self.result.unchanged += 1
                self.result.kept.append(KeptPage(root, url))
            else:
                self.result.candidates.append(Candidate(None, root, url, inline=page.document))
        return page


def _crawl(fetcher: _Fetcher, start: Page, limits: CrawlLimits) -> None:
    """Breadth first from the start page's links, same origin only, to `limits`."""
    root = start.url
    origin = origin_of(start.final_url)
    queue = deque((link, 1) for link in start.links)
    seen = {start.url, start.final_url, *start.links}
    fetched, disallowed = 1, 0
    while queue and fetched < limits.max_pages:
        url, depth = queue.popleft()
        if not fetcher.allowed(url):
            disallowed += 1
            continue
        fetched += 1
        page = fetcher.fetch(url, root, origin=origin, follow=depth < limits.depth)
        if page is None or depth >= limits.depth:
            continue
        for link in page.links:
            if link not in seen:
                seen.add(link)
                queue.append((link, depth + 1))
    left = [url for url, _ in queue if fetcher.allowed(url)]
    _crawl_warnings(fetcher.result, root, disallowed + len(queue) - len(left), len(left), limits)


def _crawl_warnings(result: WebFetch, root: str, disallowed: int, left: int, limits: CrawlLimits) -> None:
    if disallowed:
        result.warnings.append(WebWarning(root, f"{disallowed} linked page(s) disallowed by robots.txt: not fetched"))
    if left:
        result.warnings.append(WebWarning(root, f"page limit {limits.max_pages} reached: {left} more page(s) "
                                                f"not fetched (--max-pages)"))


def _sitemap_pages(fetcher: _Fetcher, start: Page) -> list[str]:
    """The pages of a sitemap, or of the sitemaps a sitemap index lists (one level, same origin)."""
    pages = list(start.sitemap.pages)
    origin = origin_of(start.final_url)
    for url in start.sitemap.sitemaps[:MAX_SITEMAPS]:
        if not fetcher.allowed(url):
            continue
        try:
            child = fetch_page(url, None, fetcher.max_bytes, origin=origin)
        except PageRefused as exc:
            fetcher.result.failed.append(WebFailure(url, f"sitemap: {exc}"))
            continue
        if child.sitemap is None:
            fetcher.result.failed.append(WebFailure(url, "sitemap: not a sitemap (urlset)"))
        else:
            pages += child.sitemap.pages
    return list(dict.fromkeys(pages))


def _read_sitemap(fetcher: _Fetcher, start: Page, limits: CrawlLimits) -> None:
    root = start.url
    origin = origin_of(start.final_url)
    pages = _sitemap_pages(fetcher, start)
    fetched = disallowed = 0
    for url in pages:
        if fetched >= limits.max_pages:
            break
        if not fetcher.allowed(url):
            disallowed += 1
            continue
        fetched += 1
        fetcher.fetch(url, root, origin=origin, follow=False)
    _crawl_warnings(fetcher.result, root, disallowed, len(pages) - fetched - disallowed, limits)


def fetch_urls(urls: list[str], index: Path, max_bytes: int, limits: CrawlLimits = CrawlLimits()) -> WebFetch:
    result = WebFetch()
    fetcher = _Fetcher(index, max_bytes, result)
    for url in dict.fromkeys(urls):
        try:
            origin = origin_of(url)
        except ValueError:
            origin = ""
        if not origin.split("://", 1)[-1]:
            result.failed.append(WebFailure(url, "not a URL with a host"))
            continue
        if not fetcher.allowed(url):
            result.failed.append(WebFailure(url, "disallowed by robots.txt"))
            continue
        crawling = limits.depth > 0
        start = fetcher.fetch(url, url if crawling else origin, origin=None, follow=crawling)
        if start is None:
            continue
        if start.sitemap is not None:
            result.swept_roots.append(url)
            _read_sitemap(fetcher, start, limits)
        elif crawling:
            result.swept_roots.append(url)
            _crawl(fetcher, start, limits)
    return result
