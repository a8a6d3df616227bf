"""A fused candidate holding a sentence that restates the question is read besides the k
(rag/closest_sentence.py): on HTTPX's own pages (bench/data/docsqa/httpx/corpus), the dependency
list's line "`httpcore` - The underlying transport implementation for `httpx`." (index.md) says what
httpcore is for, yet its chunk speaks of other packages too and ranks below the fused k. Read, it
answers; whether the question is answered at all is still decided on the k alone. Dev item HTTPX a31."""

import numpy as np
import pytest

from rag.closest_sentence import RESTATES, restating_chunk
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

