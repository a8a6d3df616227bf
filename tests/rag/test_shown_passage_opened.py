"""A passage its chunk started inside a code block (the block longer than a chunk) is shown as its page
reads: the block's last lines as code, no stray fence, the prose and the next block as on the page. The
chunks are the real pipeline's, the source built as an answer builds it (rag/passage.py)."""

from __future__ import annotations

import re

import pytest

from rag.catalog import Catalog
from rag.passage import source
from rag.shown_passage import shown_source
from rag.units import open_fence
from tests.conftest import ingested_page

CODE = "\n".join(f"    total_{i} = compute(step={i}, label='step number {i}')" for i in range(40))
SENTENCE = "The function returns the first total once every step has run."
PAGE = (f"# Batches\n\nThe loader reads a batch like this:\n\n```python\ndef load():\n{CODE}\n    return total_0\n```\n\n"
        f"{SENTENCE}\n\nRun it from a shell:\n\n```bash\npython load.py\n```\n\nThat is all.\n")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory, embedder):
    index = ingested_page(tmp_path_factory, "batches", PAGE)
    catalog = Catalog(index / "catalog.sqlite3")
    yield catalog
    catalog.close()


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
