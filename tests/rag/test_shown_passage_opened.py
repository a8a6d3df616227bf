"""A passage its chunk started inside a code block (the block longer than a chunk) is shown as its page
reads: the block's last lines as code, no stray fence, the prose and the next block as on the page. The
chunks are the real pipeline's, the source built as an answer builds it (rag/passage.py)."""

from __future__ import annotations

import re

import pytest

from rag.catalog import Catalog
from rag.evidence import gather
from rag.ref_titles import RefTargets
from rag.passage import read_passages, source
from rag.retriever import Hit
from rag.shown_passage import shown_source
from rag.units import open_fence
from tests.conftest import ingested_page

CODE = "\n".join(f"    total_{i} = compute(step={i}, label='step number {i}')" for i in range(40))
SENTENCE = "The function returns the first total once every step has run."
PAGE = (f"# Batches\n\nThe loader reads a batch like this:\n\n```python\ndef load():\n{CODE}\n    return total_0\n```\n\n"
        f"{SENTENCE}\n\nRun it from a shell:\n\n```bash\npython load.py\n```\n\nThat is all.\n")
# A block longer than two chunks: a chunk lies inside it with no fence of its own.
ROWS = "\n".join(f'<div class="row-{i}">\n  <span>item number {i} of the long listing</span>\n</div>' for i in range(90))
HTML_PAGE = f"# Markup\n\nThe template writes one row per item:\n\n```html\n{ROWS}\n```\n\nEach row is a div.\n"


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory, embedder):
    opened = {name: Catalog(ingested_page(tmp_path_factory, name, page) / "catalog.sqlite3")
              for name, page in (("batches", PAGE), ("markup", HTML_PAGE))}
    yield opened
    for catalog in opened.values():
        catalog.close()


@pytest.fixture(scope="module")
def catalog(catalogs):
    return catalogs["batches"]


def test_a_passage_starting_inside_a_code_block_shows_no_stray_fence(catalog):
    chunk = next(c for c in catalog.iter_chunks() if SENTENCE in c.text)
    assert open_fence(PAGE[: chunk.start]) == "```"  # the chunk starts inside the block: what is tested
    start = PAGE.index(SENTENCE)
    cited = source(1, chunk, SENTENCE, start, start + len(SENTENCE), 1.0, catalog)
    assert cited.passage_opened == "```"

    quote = shown_source(cited)
    assert not re.search(r"^\s*(```|~~~)", quote.text, re.MULTILINE), quote.text
    assert quote.text[quote.start : quote.end] == SENTENCE
    assert "    total_39 = compute(step=39, label='step number 39')\n    return total_0\n\n" + SENTENCE in quote.text
    assert quote.text.endswith("Run it from a shell:\n\npython load.py\n\nThat is all.")


def test_a_passage_starting_outside_any_block_has_none_opened(catalog):
    chunk = min(catalog.iter_chunks(), key=lambda c: c.start)
    cited = source(1, chunk, "The loader reads a batch like this:", PAGE.index("The loader"),
                   PAGE.index("The loader") + 35, 1.0, catalog)
    assert cited.passage_opened == ""


def test_a_passage_inside_a_code_block_with_no_fence_of_its_own_shows_every_line_of_its_code(catalogs):
    # Read as Markdown, its lines of one HTML tag would be framing lines and left out: they are code.
    chunk = next(c for c in catalogs["markup"].iter_chunks()
                 if c.start and "```" not in c.text and open_fence(HTML_PAGE[: c.start]))
    line = next(m for m in re.finditer(r"  <span>item number \d+ of the long listing</span>", chunk.text))
    start = chunk.start + line.start()
    cited = source(1, chunk, line.group(0), start, start + len(line.group(0)), 1.0, catalogs["markup"])
    quote = shown_source(cited)
    assert quote.text[quote.start : quote.end] == line.group(0)
    assert quote.text.count("</div>") == chunk.text.count("</div>"), quote.text


def test_the_fence_the_evidence_read_is_the_sources_own(catalogs, embedder):
    # The answer hands its source the fence rag/evidence.py read: the source shows what reading it anew shows.
    for name, catalog in catalogs.items():
        chunks = list(catalog.iter_chunks())
        passages = read_passages([Hit(c, 1.0, None, None) for c in chunks], catalog, embedder)
        for e in gather(passages, catalog, embedder, RefTargets(catalog)):
            chunk = e.hit.chunk
            given = source(1, chunk, e.unit.text, e.unit.start, e.unit.end, 1.0, catalog, e.opened)
            read = source(1, chunk, e.unit.text, e.unit.start, e.unit.end, 1.0, catalog)
            assert given.passage_opened == read.passage_opened, (name, chunk.start)
        assert any(e.opened for e in gather(passages, catalog, embedder, RefTargets(catalog))), name
