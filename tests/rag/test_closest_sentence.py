"""A fused candidate holding a sentence that restates the question is read besides the k
(rag/closest_sentence.py): on HTTPX's own pages (bench/data/docsqa/httpx/corpus), the dependency
list's line "`httpcore` - The underlying transport implementation for `httpx`." (index.md) says what
httpcore is for, yet its chunk speaks of other packages too and ranks below the fused k. Read, it
answers; whether the question is answered at all is still decided on the k alone. Dev item HTTPX a31.

The sentence is sought farther down the fused ranking too, held to a closer restatement there: on five
of Poetry's pages "Poetry requires **Python 3.10+**." (_index.md) ranks below the pool the k are cut from
for "Which Python version does Poetry need?", behind chunks on managing Python versions. Dev item
Poetry a62."""

import numpy as np
import pytest

from rag.closest_sentence import RESTATES, RESTATES_FARTHER, restating_chunk
from tests.rag.conftest import pages_of

HTTPCORE = "What is httpcore used for in httpx?"
TRANSPORT = "The underlying transport implementation for `httpx`"


@pytest.fixture(scope="module")
def httpx(tmp_path_factory, embedder):
    pages = ["index.md", "compatibility.md", "logging.md", "advanced/extensions.md", "advanced/transports.md",
             "http2.md", "async.md", "quickstart.md", "contributing.md"]
    with pages_of(tmp_path_factory, "httpx", pages) as engine:
        yield engine


def test_the_restating_line_falls_out_of_the_fused_k_and_is_read_besides(httpx):
    retrieval = httpx.retrieve(HTTPCORE)
    assert not any(TRANSPORT in h.chunk.text for h in retrieval.hits)
    # Not as the dense search's first: as the holder of the sentence that restates the question.
    assert TRANSPORT not in httpx.retrieve(HTTPCORE, mode="dense").hits[0].chunk.text
    assert any(TRANSPORT in h.chunk.text for h in retrieval.leaders), [h.chunk.path for h in retrieval.leaders]


def test_read_besides_the_k_it_answers(httpx):
    answer = httpx.ask(HTTPCORE)
    assert not answer.abstained
    assert TRANSPORT in answer.answer, answer.answer


def test_only_a_restatement_brings_its_chunk_in(httpx):
    # The closest sentence of a question the pages do not answer is only about its subject.
    question = "How do I configure a SOCKS proxy with a username and password?"
    retrieval = httpx.retrieve(question)
    catalog = httpx.retriever.store.catalog
    ids = [h.chunk.chunk_id for h in retrieval.hits]
    stored = catalog.sentence_vectors(ids)
    closest = max(float(np.nan_to_num(v @ retrieval.query_vector, nan=-1.0).max()) for v in stored.values())
    assert closest < RESTATES
    assert restating_chunk(catalog, ids, retrieval.query_vector) is None



PYTHON_NEEDED = "Which Python version does Poetry need?"
REQUIRES = "Poetry requires **Python 3.10+**."


@pytest.fixture(scope="module")
def poetry(tmp_path_factory, embedder):
    pages = ["_index.md", "cli.md", "managing-environments.md", "pyproject.md", "configuration.md"]
    with pages_of(tmp_path_factory, "poetry", pages) as engine:
        yield engine


def _first_holding(engine, question: str, text: str, depth: int = 100) -> int:
    hits = engine.retrieve(question, depth).hits
    return next(n for n, h in enumerate(hits, 1) if text in h.chunk.text)


def test_a_restatement_below_the_pool_is_read_besides(poetry):
    k = poetry.retriever.k
    # Below the 2k + 10 fused candidates the restating sentence used to be sought among.
    assert _first_holding(poetry, PYTHON_NEEDED, REQUIRES) > 2 * k + 10
    retrieval = poetry.retrieve(PYTHON_NEEDED)
    assert not any(REQUIRES in h.chunk.text for h in retrieval.hits)
    assert any(REQUIRES in h.chunk.text for h in retrieval.leaders), [h.chunk.path for h in retrieval.leaders]


def test_read_from_below_the_pool_it_answers(poetry):
    answer = poetry.ask(PYTHON_NEEDED)
    assert not answer.abstained
    assert "Poetry requires Python 3.10+" in answer.answer, answer.answer


def test_farther_down_only_a_closer_restatement_counts(poetry):
    retrieval = poetry.retrieve(PYTHON_NEEDED, 100)
    catalog = poetry.retriever.store.catalog
    ids = [h.chunk.chunk_id for h in retrieval.hits]
    stored = catalog.sentence_vectors(ids)
    cosine = {cid: float(np.nan_to_num(v @ retrieval.query_vector, nan=-1.0).max())
              for cid, v in stored.items() if len(v)}
    # A sentence close enough within the pool, not close enough below it.
    between = next(cid for cid in ids if RESTATES <= cosine.get(cid, 0.0) < RESTATES_FARTHER)
    assert restating_chunk(catalog, [between], retrieval.query_vector) == between
    assert restating_chunk(catalog, [], retrieval.query_vector, farther=[between]) is None
