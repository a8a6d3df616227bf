"""Sites by URL against a real HTTP server on 127.0.0.1: a sitemap (and a sitemap index), links
followed to a depth and a page limit, robots.txt, re-crawls (304, changed, removed, failing pages
kept) and hostile pages, each failing in one line of the report."""

import json

import pytest

from ingest.crawl import CrawlLimits
from ingest.pipeline import ingest
from tests.conftest import document_texts
from tests.web_site import Response, Site, serve

ROBOTS = "User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def site():
    state = Site()
    state.pages["/robots.txt"] = Response(ROBOTS.encode(), "text/plain")
    server = serve(state)
    yield state
    state.released.set()
    server.shutdown()
    server.server_close()


def _sitemap(urls: list[str], tag: str = "urlset", entry: str = "url") -> Response:
    items = "".join(f"<{entry}><loc>{u}</loc></{entry}>" for u in urls)
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    body = f'<?xml version="1.0" encoding="UTF-8"?><{tag} xmlns="{namespace}">{items}</{tag}>'
    return Response(body.encode(), "application/xml")


def test_a_sitemap_and_a_sitemap_index(site, make_settings, embedder):
    site.html("/piers.html", "Piers", "The north pier was rebuilt in stone after the storm of 1881.")
    site.html("/quays.html", "Quays", "The fish quay opens at four in the morning for the auction.")
    site.html("/private/ledger.html", "Ledger", "The ledger is private.")
    b = site.base
    site.pages["/sitemap.xml"] = _sitemap([f"{b}/piers.html", f"{b}/quays.html", f"{b}/private/ledger.html",
                                           "http://elsewhere.example/page.html"])
    site.pages["/sitemap_index.xml"] = _sitemap([f"{b}/sitemap.xml"], "sitemapindex", "sitemap")
    settings = make_settings()

    report = ingest([], settings, urls=[f"{b}/sitemap_index.xml"])
    assert (report.added, report.failed) == (2, [])
    assert [w.warning for w in report.warnings] == ["1 linked page(s) disallowed by robots.txt: not fetched"]
    texts = document_texts(settings, embedder)
    assert set(texts) == {f"{b}/piers.html", f"{b}/quays.html"}
    assert "rebuilt in stone after the storm of 1881" in texts[f"{b}/piers.html"]
    assert site.hits["/private/ledger.html"] == 0

    # The sitemap no longer lists a page: it is removed, like a deleted file of a folder.
    site.pages["/sitemap.xml"] = _sitemap([f"{b}/piers.html"])
    again = ingest([], settings, urls=[f"{b}/sitemap_index.xml"])
    assert (again.unchanged, again.removed) == (1, 1) and set(document_texts(settings, embedder)) == {f"{b}/piers.html"}


def _harbor(site):
    site.html("/", "Harbor", "The harbor has three piers and a lighthouse.",
              ["/one.html", "/two.html#section", "/private/hidden.html", "http://localhost:1/elsewhere.html",
               "/logo.png", "mailto:office@example.org"], etag='"h1"')
    site.html("/one.html", "One", "Pier one serves the ferries to the islands.", ["/three.html", "/"], etag='"o1"')
    site.html("/two.html", "Two", "Pier two is kept for the lifeboat.", etag='"t1"')
    site.html("/three.html", "Three", "The third pier handles coal.", ["/four.html"], etag='"r1"')
    site.html("/four.html", "Four", "Nobody reaches the fourth page at depth two.", etag='"f1"')
    site.html("/private/hidden.html", "Hidden", "Hidden page.")


def test_links_to_a_depth_and_a_page_limit(site, make_settings, embedder):
    _harbor(site)
    b = site.base
    settings = make_settings()
    report = ingest([], settings, urls=[b + "/"], crawl=CrawlLimits(depth=2, max_pages=10))
    assert (report.added, report.failed) == (4, [])
    assert set(document_texts(settings, embedder)) == {f"{b}/", f"{b}/one.html", f"{b}/two.html", f"{b}/three.html"}
    assert site.hits["/four.html"] == 0 and site.hits["/private/hidden.html"] == 0 and site.hits["/logo.png"] == 0
    assert "1 linked page(s) disallowed by robots.txt: not fetched" in [w.warning for w in report.warnings]

    limited = ingest([], settings, urls=[b + "/"], crawl=CrawlLimits(depth=2, max_pages=2))
    assert (limited.unchanged, limited.removed) == (2, 2)
    assert set(document_texts(settings, embedder)) == {f"{b}/", f"{b}/one.html"}
    assert f"page limit 2 reached: 2 more page(s) not fetched (--max-pages)" in [w.warning for w in limited.warnings]


def test_a_recrawl_asks_for_changes_only(site, make_settings, embedder):
    _harbor(site)
    b = site.base
    settings = make_settings()
    limits = CrawlLimits(depth=1)
    assert ingest([], settings, urls=[b + "/"], crawl=limits).added == 3

    # Every page answers 304; the start page's links come from the record, so nothing is lost.
    same = ingest([], settings, urls=[b + "/"], crawl=limits)
    assert (same.unchanged, same.added, same.updated, same.removed) == (3, 0, 0, 0)
    assert site.not_modified["/"] == 1 and site.not_modified["/one.html"] == 1

    # A changed page is read again; a page that fails with a server error keeps its indexed version;
    # a page the site drops (404) is removed.
    site.html("/one.html", "One", "Pier one now serves the night ferry as well.", ["/three.html"], etag='"o2"')
    site.pages["/two.html"] = Response(b"busy", "text/plain", status=503)
    changed = ingest([], settings, urls=[b + "/"], crawl=limits)
    assert (changed.updated, changed.unchanged, changed.removed) == (1, 1, 0)
    assert [(f.path, f.error) for f in changed.failed] == [(f"{b}/two.html", "HTTP 503 Service Unavailable")]
    texts = document_texts(settings, embedder)
    assert "night ferry" in texts[f"{b}/one.html"] and "lifeboat" in texts[f"{b}/two.html"]

    del site.pages["/two.html"]
    gone = ingest([], settings, urls=[b + "/"], crawl=limits)
    assert gone.removed == 1 and [(f.path, f.error) for f in gone.failed] == [(f"{b}/two.html", "HTTP 404 Not Found")]
    assert set(document_texts(settings, embedder)) == {f"{b}/", f"{b}/one.html"}

    # The start page failing says nothing of the site: nothing is removed.
    site.pages["/"] = Response(b"down", "text/plain", status=500)
    down = ingest([], settings, urls=[b + "/"], crawl=limits)
    assert down.removed == 0 and len(document_texts(settings, embedder)) == 2


def test_hostile_pages_fail_one_line_each(site, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from ui.cli import app

    b = site.base
    hostile = ["/huge.html", "/endless.html", "/loop", "/away", "/ftp", "/picture", "/binary.html", "/deep.html"]
    site.html("/", "Harbor", "The harbor has three piers and a lighthouse.", hostile)
    site.pages["/huge.html"] = Response(b"<p>" + b"tide " * 60_000 + b"</p>")
    site.pages["/endless.html"] = Response(b"<p>" + b"tide " * 60_000 + b"</p>", declare_length=False)
    site.pages["/loop"] = Response(status=302, location="/loop2")
    site.pages["/loop2"] = Response(status=302, location="/loop")
    site.pages["/away"] = Response(status=301, location="http://localhost:9/elsewhere.html")
    site.pages["/ftp"] = Response(status=301, location="ftp://127.0.0.1/file.txt")
    site.pages["/picture"] = Response(b"\x89PNG\r\n\x1a\n", "image/png")
    site.pages["/binary.html"] = Response(b"\x00\x01\x02" * 100, "text/plain")
    site.pages["/deep.html"] = Response(b"<div>" * 5_000 + b"tide" + b"</div>" * 5_000)

    index = tmp_path / "ix"
    monkeypatch.setenv("CITELINE_MAX_FILE_BYTES", "100000")
    result = CliRunner().invoke(app, ["ingest", b + "/", "--index", str(index), "--depth", "1", "--max-pages", "20",
                                      "--json"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    failed = {f["path"]: f["error"] for f in json.loads(result.stdout)["failed"]}
    assert failed == {
        f"{b}/huge.html": f"page is {len(site.pages['/huge.html'].body):,} bytes, over the 100,000-byte limit",
        f"{b}/endless.html": "page is over the 100,000-byte limit",
        f"{b}/loop": "too many redirects or a redirect loop (HTTP 302)",
        f"{b}/away": "redirected to another site (http://localhost:9): not followed",
        f"{b}/ftp": "redirected to a ftp: URL: refused",
        f"{b}/picture": "unsupported content type image/png",
        f"{b}/binary.html": "binary content in a text file (NUL bytes)",
        f"{b}/deep.html": "HTML nested 5,000 elements deep (limit 2,000): refused",
    }
    assert json.loads(result.stdout)["added"] == 1


def test_a_page_past_its_download_time_fails(site, make_settings, monkeypatch):
    from ingest import web

    # The clock is checked after each block read: with no time allowed, the first block is too late.
    monkeypatch.setattr(web, "PAGE_SECONDS", 0)
    site.pages["/stalling.html"] = Response(b"<p>" + b"tide " * 50_000 + b"</p>", stall=True)
    report = ingest([], make_settings(), urls=[site.base + "/stalling.html"])
    assert [(f.path, f.error) for f in report.failed] == [
        (site.base + "/stalling.html", "page took over 0 s to download: refused")]
