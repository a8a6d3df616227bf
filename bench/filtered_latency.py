"""Query latency with and without a filter, on the grown indexes of bench.query_latency.

    python -m bench.filtered_latency [--sizes 100000] [--queries 100] [--shares 0.01,0.2] [--source INDEX]

A share of the documents (every 1/share-th, by doc id) gets the metadata `bench_group=kept`, so the
filter `bench_group=kept` keeps about that share of the chunks. Per query, side by side in one
run: the whole question (engine.ask: embedding, retrieval, extractive answer) unscoped and scoped,
retrieval alone (hybrid, k=5, the query vector given) unscoped and scoped, and each search alone: BM25 unmasked and masked,
dense unscoped, and the three ways of a scoped dense search: handing Chroma the allowed ids,
oversampling (asking for 2n/share neighbours and dropping the others), and exact over the scope's
own vectors (read once: that read is reported apart). Also the first (cold) resolution of the
scope, which a server pays once per scope and ingest. Every scoped result is checked to hold k
passages of the scope.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import emit, latency_summary
from bench.query_latency import add_index_arguments, benchmark_queries, indexes_from

_KEY = "bench_group"


def tag_share(index: Path, share: float) -> None:
    """Give every 1/share-th document `bench_group=kept` (and take it from the others)."""
    import sqlite3

    step = round(1 / share)
    with sqlite3.connect(index / "catalog.sqlite3") as con:
        from rag.catalog import Catalog

        Catalog(index / "catalog.sqlite3").close()  # the document_metadata table, on an older cache
        con.execute("DELETE FROM document_metadata WHERE key = ?", (_KEY,))
        con.execute(
            "INSERT INTO document_metadata (doc_id, key, value) SELECT doc_id, ?, 'kept' FROM "
            "(SELECT doc_id, ROW_NUMBER() OVER (ORDER BY doc_id) AS n FROM documents) WHERE n % ? = 0",
            (_KEY, step),
        )


def measure(index: Path, queries: list[str], share: float, k: int = 5) -> dict:
    from rag.engine import Engine
    from rag.scope import Scope
    from ui.settings import Settings

    tag_share(index, share)
    engine = Engine(Settings(index=index))
    retriever = engine.retriever
    scope = Scope(where=(f"{_KEY}=kept",))
    t0 = time.perf_counter()
    allowed = retriever.allowed(scope)
    cold_ms = (time.perf_counter() - t0) * 1000
    assert allowed is not None
    engine.retrieve("warm up the caches", k)  # Chroma's first read of the index is not the scope's
    index_bm25 = engine.store.bm25()
    t0 = time.perf_counter()
    allowed.mask(index_bm25)
    mask_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    engine.retrieve("what a first scoped question pays", k, scope=scope)  # the scope's vectors read
    first_ms = (time.perf_counter() - t0) * 1000
    total = engine.store.catalog.counts()[1]
    n = max(engine.settings.retrieval.candidates, k)
    vectors = engine.store.searched_vectors()
    ids = sorted(allowed.chunk_ids)
    from rag.retriever import _read_vectors
    from rag.scoping import ScopeVectors

    t0 = time.perf_counter()
    exact = ScopeVectors(_read_vectors(vectors, ids))
    read_ms = (time.perf_counter() - t0) * 1000
    wider = min(total, math.ceil(2 * n / (len(allowed) / total)))
    stages: dict[str, list[float]] = {name: [] for name in (
        "ask", "ask_scoped", "retrieve", "retrieve_scoped", "bm25", "bm25_masked", "dense", "dense_ids", "dense_oversampled", "dense_exact")}
    # Queries where: oversampling kept fewer than n of the scope; scoped retrieval gave fewer
    # than k or a passage outside; a scoped answer cited outside the scope.
    short = {"oversampled": 0, "scoped": 0, "answer_outside": 0}
    overlap: list[float] = []
    engine.ask("warm up the caches")
    for q in queries:
        vec = engine.encode_queries([q])[0]

        def timed(name, call):
            started = time.perf_counter()
            out = call()
            stages[name].append((time.perf_counter() - started) * 1000)
            return out

        timed("ask", lambda: engine.ask(q, k=k))
        answer = timed("ask_scoped", lambda: engine.ask(q, k=k, scope=scope))
        short["answer_outside"] += any(s.chunk_id not in allowed.chunk_ids for s in answer.sources)
        timed("retrieve", lambda: retriever.retrieve(q, k, query_vector=vec))
        hits = timed("retrieve_scoped", lambda: retriever.retrieve(q, k, query_vector=vec, scope=scope)).hits
        short["scoped"] += len(hits) < k or any(h.chunk.chunk_id not in allowed.chunk_ids for h in hits)
        timed("bm25", lambda: index_bm25.search(q, n))
        timed("bm25_masked", lambda: index_bm25.search(q, n, allowed.mask(index_bm25)))
        timed("dense", lambda: vectors.search(vec, n))
        timed("dense_ids", lambda: vectors.search(vec, n, ids=ids))
        found = timed("dense_oversampled", lambda: vectors.search(vec, wider))
        short["oversampled"] += sum(cid in allowed.chunk_ids for cid in found) < min(n, len(allowed))
        exact_hits = timed("dense_exact", lambda: exact.search(vec, n))
        by_ids = vectors.search(vec, n, ids=ids)
        # How many of Chroma's filtered top n the exact search also has (HNSW is approximate).
        overlap.append(len(set(exact_hits) & set(by_ids)) / max(len(by_ids), 1))
    engine.close()
    return {
        "chunks": total, "share": share, "allowed_chunks": len(allowed), "candidates": n,
        "oversampled_n": wider, "scope_resolution_cold_ms": round(cold_ms, 1), "bm25_mask_cold_ms": round(mask_ms, 1),
        "scope_vectors_read_ms": round(read_ms, 1), "first_scoped_retrieve_ms": round(first_ms, 1), "exact_vs_chroma_ids_overlap": round(sum(overlap) / len(overlap), 4),
        "queries_failing": short,
        **{name: latency_summary(ms) for name, ms in stages.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_index_arguments(parser)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--shares", default="0.01,0.2", help="Shares of the documents the filter keeps.")
    parser.set_defaults(sizes="100000")
    args = parser.parse_args()
    queries = benchmark_queries(args, args.queries)
    results = [measure(index, queries, float(share)) for index in indexes_from(args)
               for share in args.shares.split(",")]
    emit("filtered_latency", {"queries": len(queries), "runs": results})


if __name__ == "__main__":
    main()
