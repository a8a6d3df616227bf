"""How many passages the answerer reads: a gold passage ranked sixth or seventh is still read."""

from __future__ import annotations

import pytest

from tests.rag.conftest import pages_of

GOLD = "underlying transport implementation"


@pytest.fixture(scope="module")
def httpx_pages(tmp_path_factory, embedder):
    """Six HTTPX pages (docs-QA set): the logging, extensions and compatibility pages name httpcore
    more often than the index page's dependency list, which says what it is."""
    names = ["index.md", "http2.md", "advanced/extensions.md", "contributing.md", "compatibility.md", "logging.md"]
    with pages_of(tmp_path_factory, "httpx", names) as engine:
        yield engine


def test_the_passage_that_answers_ranks_past_the_fifth(httpx_pages):
    hits = httpx_pages.retriever.retrieve("What is httpcore used for in httpx?", 10).hits
    rank = next(n for n, hit in enumerate(hits, 1) if GOLD in hit.chunk.text)
    assert 5 < rank <= httpx_pages.retriever.k, rank


def test_a_passage_ranked_past_the_fifth_is_read(httpx_pages):
    # HTTPX a31: with five passages read, "HTTPX uses HTTPCore as its core HTTP networking layer"
    # (compatibility.md) answered alone; the list item that says what httpcore is ranked seventh.
    answer = httpx_pages.ask("What is httpcore used for in httpx?")
    assert GOLD in answer.answer, answer.answer
