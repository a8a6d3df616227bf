"""What a site crawl costs, and what a re-crawl saves: a local site of `--pages` pages (SciFact
abstracts, each page linking to the next three) crawled by links, then re-crawled unchanged (every
page answers 304), then re-crawled with one page changed. Server and crawler share this machine.

    python -m bench.web_crawl [--pages 100] [--depth 40]
"""

from __future__ import annotations

import argparse
import html
import tempfile
import time
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import emit
from bench.pdf_readability import _abstracts
from ingest import pipeline
from ingest.crawl import CrawlLimits, fetch_urls
from ingest.pipeline import ingest
from ui.settings import Settings
from tests.web_site import Response, Site, serve


def _site(abstracts: list[str]) -> Site:
    site = Site()
    site.pages["/robots.txt"] = Response(b"User-agent: *\n", "text/plain")
    for i, text in enumerate(abstracts):
        links = [f"/p{j}.html" for j in range(i + 1, min(i + 4, len(abstracts)))]
        path = "/" if i == 0 else f"/p{i}.html"
        site.html(path, f"Abstract {i}", html.escape(text), links, etag=f'"v{i}"')
    return site


FETCHING = [0.0]


def _timed_fetch(*args, **kwargs):
    """The pipeline's fetch_urls, timed: fetching and extracting the pages (the rest is indexing)."""
    started = time.perf_counter()
    try:
        return fetch_urls(*args, **kwargs)
    finally:
        FETCHING[0] += time.perf_counter() - started


def _run(settings: Settings, site: Site, limits: CrawlLimits) -> dict:
    requests_before = sum(site.hits.values())
    FETCHING[0] = 0.0
    started = time.perf_counter()
    report = ingest([], settings, urls=[site.base + "/"], crawl=limits)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "fetch_and_extract_seconds": round(FETCHING[0], 3), "added": report.added, "updated": report.updated,
            "unchanged": report.unchanged, "removed": report.removed, "failed": len(report.failed),
            "requests": sum(site.hits.values()) - requests_before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--depth", type=int, default=40)
    args = parser.parse_args()
    pipeline.fetch_urls = _timed_fetch
    site = _site(_abstracts(args.pages))
    server = serve(site)
    limits = CrawlLimits(depth=args.depth, max_pages=args.pages)
    try:
        with tempfile.TemporaryDirectory(prefix="citeline-bench-crawl-") as tmp:
            settings = Settings(index=Path(tmp) / "index")
            from rag.embeddings import get_embedder

            # Loaded before the clock starts: the first crawl is not charged the model's start-up.
            get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
            first = _run(settings, site, limits)
            unchanged = _run(settings, site, limits)
            site.html("/p1.html", "Abstract 1", "A changed abstract about tides.", ["/p2.html", "/p3.html",
                                                                                  "/p4.html"], etag='"changed"')
            one_changed = _run(settings, site, limits)
    finally:
        site.released.set()
        server.shutdown()
        server.server_close()
    emit("web_crawl", {
        "pages": args.pages,
        "first_crawl": first,
        "recrawl_unchanged": unchanged,
        "recrawl_one_changed": one_changed,
        "first_pages_per_s": round(first["added"] / first["seconds"], 1),
        "recrawl_vs_first": round(unchanged["seconds"] / first["seconds"], 3),
    })


if __name__ == "__main__":
    main()
