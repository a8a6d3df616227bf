"""A scope applied inside retrieval: a filter keeping 1 % of a 10k-chunk index still gets k hits,
in each search (BM25, dense, hybrid), in a follow-up, and in cite.

The index is written through the real catalog, Chroma and BM25 writer. Its passage vectors are the
real model's vectors of a few sentences plus noise (embedding 10k passages would take minutes on
two cores); the query vectors are the real model's.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from rag.scope import Scope
from rag.types import Chunk, DocumentRecord, Message

DOCS = 1000
CHUNKS_PER_DOC = 10
K = 10
TOPICS = [
    "The reactor cooling pumps are inspected every month by the maintenance crew.",
    "Annual leave requests go to the line manager two weeks in advance.",
    "Travel expenses are reimbursed after the receipts reach the finance office.",
    "The library lends laptops to students for up to seven days.",
    "Backups of the customer database run every night at two o'clock.",
]


def _is_kept(d: int) -> bool:
    return d % 100 == 7  # 10 documents of 1000: 1 % of the chunks


@pytest.fixture(scope="module")
def big_engine(tmp_path_factory, embedder):
    from ingest.bm25_writer import update_bm25
    from rag.engine import Engine
    from ui.settings import Settings
    from rag.store import Store

    index = tmp_path_factory.mktemp("scoped") / "index"
    store = Store(index, embedder, create=True)
    base = embedder.encode(TOPICS)
    rng = np.random.default_rng(17)
    # Chroma's vectors written a hundred documents at a time: one upsert per document (a thousand) took most
    # of the set-up; the catalog still gets each document as ingest writes it.
    pending_ids, pending_vectors, pending_metadatas = [], [], []
    for d in range(DOCS):
        kept = _is_kept(d)
        doc_id = f"doc{d:04d}"
        path = f"handbook/policy-{d}.pdf" if kept else f"archive/{d % 7}/note-{d}.md"
        chunks, text, vectors = [], "", []
        for i in range(CHUNKS_PER_DOC):
            topic = (d + i) % len(TOPICS)
            # The kept documents say it at more length and their vectors are further from the
            # topic: unscoped, both searches rank the others' passages first.
            sentence = f"{TOPICS[topic]} Note {d}-{i}{' filed in the handbook' if kept else ''}. "
            chunks.append(Chunk(f"{doc_id}-{i}", doc_id, path, f"Policy {d}", i, len(text),
                                len(text) + len(sentence), sentence))
            text += sentence
            noisy = base[topic] + rng.normal(0, 0.03 if kept else 0.01, base.shape[1]).astype(np.float32)
            vectors.append(noisy / np.linalg.norm(noisy))
        metadata = (("team", "blue" if kept else "grey"), ("date", "2024-05-01" if kept else "2021-02-03"))
        record = DocumentRecord(doc_id, path, "/corpus", f"Policy {d}", f"h{d}", CHUNKS_PER_DOC, time.time(),
                                "pdf" if kept else "markdown", metadata)
        pending_ids += [c.chunk_id for c in chunks]
        pending_vectors += vectors
        pending_metadatas += [{"doc_id": doc_id}] * len(chunks)
        if (d + 1) % 100 == 0 or d + 1 == DOCS:
            store.vectors.add(pending_ids, np.stack(pending_vectors), pending_metadatas)
            pending_ids, pending_vectors, pending_metadatas = [], [], []
        store.catalog.put_document(record, text, chunks)
    update_bm25(store.catalog, store.paths.bm25, store.catalog.generation())
    store.close()
    engine = Engine(Settings(index=index))
    yield engine
    engine.close()


def _kept_ids() -> set[str]:
    return {f"doc{d:04d}" for d in range(DOCS) if _is_kept(d)}


FILTERS = [
    ("type=pdf",),
    ("path=handbook/**",),
    ("team=blue",),
    ("date>=2024-01-01", "date<2025"),
]


@pytest.mark.parametrize("where", FILTERS, ids=lambda w: " & ".join(w))
@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_one_percent_filter_still_returns_k(big_engine, where, mode):
    question = "When are the reactor cooling pumps inspected?"
    scope = Scope(where=where)
    assert len(big_engine.retriever.allowed(scope)) == 100
    hits = big_engine.retrieve(question, K, mode=mode, scope=scope).hits
    assert len(hits) == K
    assert {h.chunk.doc_id for h in hits} <= _kept_ids()
    # Filtering after retrieval would not have got there: unscoped, the kept documents are
    # absent from what the searches return.
    unscoped = big_engine.retrieve(question, 50, mode=mode).hits
    assert not any(h.chunk.doc_id in _kept_ids() for h in unscoped)


def test_scoped_hits_are_the_best_of_the_scope(big_engine):
    """Within the scope, the ranking is that of the searches: the top hits are the topic asked."""
    hits = big_engine.retrieve("reactor cooling pumps inspected monthly", K, scope=Scope(where=("team=blue",))).hits
    assert all("reactor cooling pumps" in h.chunk.text for h in hits[:5])


def test_a_scope_with_fewer_than_k_returns_them_all(big_engine):
    scope = Scope(where=("type=pdf", "title=Policy 107"))
    hits = big_engine.retrieve("pumps", K, scope=scope).hits
    assert {h.chunk.doc_id for h in hits} == {"doc0107"}
    assert len(hits) == CHUNKS_PER_DOC


def test_a_scope_matching_nothing_returns_nothing(big_engine):
    assert big_engine.retrieve("pumps", K, scope=Scope(where=("team=purple",))).hits == []
    answer = big_engine.ask("When are the pumps inspected?", scope=Scope(where=("team=purple",)))
    assert answer.sources == []


def test_ask_and_follow_up_read_the_scope_only(big_engine):
    scope = Scope(where=("path=handbook/**",))
    first = big_engine.ask("When are the reactor cooling pumps inspected?", scope=scope)
    assert first.sources and all(s.path.startswith("handbook/") for s in first.sources)
    history = [Message(role="user", content="When are the reactor cooling pumps inspected?"),
               Message(role="assistant", content=first.answer)]
    second = big_engine.ask("And who does it?", history=history, scope=scope)
    assert second.sources and all(s.path.startswith("handbook/") for s in second.sources)
    context = big_engine.retrieve_in_context("And who does it?", history, scope=scope)
    assert len(context.hits) == big_engine.retriever.k
    assert {h.chunk.doc_id for h in context.hits} <= _kept_ids()


def test_cite_reads_the_scope_only(big_engine):
    assert big_engine.cite("Note 3-0.")[0].kind == "exact"  # it is there, outside the scope
    outside = big_engine.cite("Note 3-0.", scope=Scope(where=("type=pdf",)))
    assert all(m.doc_id in _kept_ids() for m in outside)
    assert not any(m.kind == "exact" for m in outside)
    inside = big_engine.cite("Note 7-0 filed in the handbook.", scope=Scope(where=("type=pdf",)))
    assert inside[0].kind == "exact" and inside[0].doc_id == "doc0007"


def test_scope_is_resolved_again_after_a_change(big_engine):
    """The allowed set is kept per catalog generation: a document leaving the index leaves it."""
    scope = Scope(where=("team=blue",))
    before = big_engine.retriever.allowed(scope)
    assert before is big_engine.retriever.allowed(scope)  # kept
    catalog = big_engine.store.catalog
    record = catalog.document("doc0907")
    text = catalog.document_text("doc0907")
    chunks = list(catalog.chunks_of_documents(["doc0907"])["doc0907"])
    metadata = catalog.document_metadata("doc0907")
    catalog.remove_document("doc0907")
    try:
        after = big_engine.retriever.allowed(scope)
        assert len(after) == 90 and "doc0907" not in after.doc_ids
        hits = big_engine.retrieve("pumps", K, scope=scope).hits
        assert len(hits) == K and "doc0907" not in {h.chunk.doc_id for h in hits}
    finally:
        catalog.put_document(replace(record, metadata=tuple(metadata)), text, chunks)
    assert len(big_engine.retriever.allowed(scope)) == 100


@pytest.mark.parametrize("strategy, extra", [("ids", "type=pdf"), ("oversampled", "path=handbook/**")])
def test_each_dense_strategy_gives_k_from_the_scope(big_engine, monkeypatch, strategy, extra):
    """The dense search of a scope by Chroma's ids, or by oversampling, as a larger index would
    choose (the thresholds lowered so 1 % of this one takes those paths). Where Chroma comes back
    with fewer than the candidates asked, the exact search stands in."""
    retriever_class = type(big_engine.retriever)
    monkeypatch.setattr(retriever_class, "EXACT_UP_TO", 0)
    if strategy == "oversampled":
        monkeypatch.setattr(retriever_class, "OVERSAMPLE_FROM", 0.005)
    scope = Scope(where=("team=blue", extra))  # a scope of its own: no vectors held for it yet
    question = "When are the reactor cooling pumps inspected?"
    hits = big_engine.retrieve(question, K, mode="dense", scope=scope).hits
    assert len(hits) == K and {h.chunk.doc_id for h in hits} <= _kept_ids()
    assert all("reactor cooling pumps" in h.chunk.text for h in hits)
    # Chroma's restricted search itself returns only the scope's passages.
    allowed = big_engine.retriever.allowed(scope)
    found = big_engine.store.vectors.search(big_engine.encode_queries([question])[0], K, ids=sorted(allowed.chunk_ids))
    assert len(found) == K and set(found) <= allowed.chunk_ids
