"""In real Chromium at 1280 px: the Documents tab's table fits the window when a document's path is 300
characters long (folders and a file name without a space), its title and path wrapping in their cells, and
the whole name still readable (the cell's text, and its tooltip)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.ui.conftest import start_server, stop_server

WIDTH = 1280


@dataclass
class LongNameServer:
    url: str
    path: str  # the long document's path as the index lists it
    title: str


@pytest.fixture(scope="module")
def long_name(tmp_path_factory) -> Iterator[LongNameServer]:
    from ingest.pipeline import ingest
    from ui.settings import Settings

    root = tmp_path_factory.mktemp("long-name")
    corpus = root / "corpus"
    folder = corpus / ("quarterly-reports-" + "q" * 60) / ("archive-" + "a" * 40)
    folder.mkdir(parents=True)
    name = "maintenance-log-of-the-harbour-cranes-" + "x" * 150 + ".md"
    (folder / name).write_text("The harbour cranes are inspected every spring by the port engineer.\n",
                               encoding="utf-8")
    (corpus / "short.md").write_text("# Short\n\nA short note about the tides.\n", encoding="utf-8")
    index = root / "index"
    assert ingest([corpus], Settings(index=index)).added == 2
    proc, url = start_server(index, root / "serve.log", {"CITELINE_API_TOKEN": "", "CITELINE_ALLOWED_ORIGINS": ""})
    try:
        documents = httpx.get(url + "/api/documents", timeout=60).json()["documents"]
        long_doc = max(documents, key=lambda d: len(d["path"]))
        assert len(long_doc["path"]) >= 300, long_doc["path"]
        yield LongNameServer(url, long_doc["path"], long_doc["title"])
    finally:
        stop_server(proc)


def test_a_300_character_path_wraps_inside_a_1280_px_window(long_name, page, screenshots):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(long_name.url + "/")
    page.get_by_role("tab", name="Documents").click()
    table = page.locator("#documents table.doc-table")
    table.wait_for()
    page.screenshot(path=str(screenshots / "documents-long-path.png"), full_page=True)
    widths = page.evaluate("""() => {
        const table = document.querySelector('#documents table.doc-table');
        const box = document.querySelector('#documents');
        return {page: document.documentElement.scrollWidth, table: table.getBoundingClientRect().right,
                box: box.getBoundingClientRect().right, tableScroll: table.scrollWidth, tableClient: table.clientWidth};
    }""")
    assert widths["page"] <= WIDTH, widths  # no horizontal scroll bar on the page
    assert widths["table"] <= widths["box"] + 1 and widths["tableScroll"] <= widths["tableClient"] + 1, widths
    cell = table.locator("td.doc-name", has_text=long_name.path[-40:])
    # The whole path is there to read: its text (wrapped over lines) and its tooltip.
    assert cell.inner_text().replace("\n", "") == long_name.path
    assert cell.get_attribute("title") == long_name.path
    short = table.locator("tr", has_text="short.md").locator("td.doc-name").first
    assert cell.bounding_box()["height"] > 2 * short.bounding_box()["height"]
