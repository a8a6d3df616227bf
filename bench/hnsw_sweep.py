"""Chroma HNSW parameters: dense recall@k against exact cosine search, and dense query latency.

    python -m bench.hnsw_sweep [--sizes 100000] [--ef 32,64,128,256] [--build-size 50000]
                               [--builds 32:200,16:200,32:100] [--queries 100] [--source INDEX] [--cache DIR]

Two parts:
- `ef_search` on the grown indexes of bench.query_latency (`--sizes`, built there when missing,
  cached in `--cache`): the collection's search ef is changed in place
  (`collection.modify(configuration={"hnsw": {"ef_search": N}})`, then a fresh client so the
  loaded index picks it up), and put back to rag.store.HNSW's value at the end.
- `max_neighbors` (M) and `ef_construction`: bare Chroma collections of the first `--build-size`
  vectors of the smallest grown index, built once per `M:ef_construction` pair in `--builds`
  (build time, disk, then recall and latency at rag.store.HNSW's ef_search).

Recall@k: the share of the exact top-k (numpy cosine over the stored vectors, vectors.npy beside
the grown index) that Chroma returns in its top-k, averaged over SciFact train queries (never the
test split), embedded by the configured runtime. Latency: `collection.query` alone, warm.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import emit, latency_summary
from bench.query_latency import add_source_arguments, benchmark_queries, grown_indexes, source_from


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int, block: int = 200_000) -> np.ndarray:
    """Row numbers of the k most cosine-similar stored vectors per query (vectors are unit length)."""
    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_rows = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(vectors), block):
        scores = queries @ np.asarray(vectors[start : start + block]).T
        part = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
        best_scores = np.concatenate([best_scores, np.take_along_axis(scores, part, 1)], axis=1)
        best_rows = np.concatenate([best_rows, part + start], axis=1)
        keep = np.argsort(-best_scores, axis=1)[:, :k]
        best_scores = np.take_along_axis(best_scores, keep, 1)
        best_rows = np.take_along_axis(best_rows, keep, 1)
    return best_rows


def _release() -> None:
    """Drop every cached Chroma system, so the next client loads its HNSW index (and config) again."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    gc.collect()


def _client(path: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    _release()
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def source_chunk(chunk_id: str) -> str:
    """The real chunk a grown index's copy was made from (itself for a real chunk)."""
    return chunk_id.split("~", 1)[0]


def measure_collection(collection, queries: np.ndarray, truth: list[set[str]], k: int) -> dict:
    """Recall@k against `truth` and per-query latency of `collection.query`, after a warm-up pass."""
    for q in queries[:10]:
        collection.query(query_embeddings=[q.tolist()], n_results=k, include=["distances"])
    recalls, distinct, ms = [], [], []
    for q, exact in zip(queries, truth):
        t = time.perf_counter()
        got = collection.query(query_embeddings=[q.tolist()], n_results=k, include=["distances"])
        ms.append((time.perf_counter() - t) * 1000)
        recalls.append(len(exact & set(got["ids"][0])) / len(exact))
        # A grown index holds perturbed copies of each real chunk ("id~copy"): finding another copy
        # of the same text serves the reader as well, so count distinct source chunks too.
        wanted = {source_chunk(i) for i in exact}
        distinct.append(len(wanted & {source_chunk(i) for i in got["ids"][0]}) / len(wanted))
    return {"recall": round(float(np.mean(recalls)), 4), "recall_min": round(float(np.min(recalls)), 4),
            "recall_distinct_source": round(float(np.mean(distinct)), 4),
            **{f"query_{k2}": v for k2, v in latency_summary(ms).items() if k2 != "n"}}


def sweep_ef(index: Path, queries: np.ndarray, k: int, efs: list[int]) -> dict:
    from rag.store import COLLECTION, HNSW

    vectors = np.load(index / "vectors.npy", mmap_mode="r")
    ids = json.loads((index / "vector_ids.json").read_text())
    t = time.perf_counter()
    truth = [{ids[r] for r in row} for row in exact_top(vectors, queries, k)]
    exact_s = time.perf_counter() - t
    rows = []
    try:
        for ef in efs:
            collection = _client(index / "chroma").get_collection(COLLECTION)
            collection.modify(configuration={"hnsw": {"ef_search": ef}})
            collection = _client(index / "chroma").get_collection(COLLECTION)
            shown = collection.configuration_json["hnsw"]["ef_search"]
            t = time.perf_counter()
            collection.query(query_embeddings=[queries[0].tolist()], n_results=k, include=["distances"])
            first = time.perf_counter() - t
            row = {"ef_search": ef, "configured": shown, "first_query_s": round(first, 2),
                   **measure_collection(collection, queries, truth, k)}
            _log(f"{index.name} {row}")
            rows.append(row)
    finally:
        _client(index / "chroma").get_collection(COLLECTION).modify(configuration={"hnsw": {"ef_search": HNSW["ef_search"]}})
        _release()
    return {"chunks": len(ids), "exact_search_s": round(exact_s, 2), "ef_search": rows}


def _disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def sweep_build(index: Path, size: int, queries: np.ndarray, k: int, builds: list[tuple[int, int]], scratch: Path) -> dict:
    from rag.store import HNSW

    vectors = np.asarray(np.load(index / "vectors.npy", mmap_mode="r")[:size])
    ids = json.loads((index / "vector_ids.json").read_text())[:size]
    truth = [{ids[r] for r in row} for row in exact_top(vectors, queries, k)]
    rows = []
    for m, efc in builds:
        folder = Path(tempfile.mkdtemp(prefix=f"hnsw-m{m}-efc{efc}-", dir=scratch))
        try:
            client = _client(folder)
            batch = client.get_max_batch_size()
            collection = client.create_collection(
                "sweep", configuration={"hnsw": {**HNSW, "max_neighbors": m, "ef_construction": efc}})
            t = time.perf_counter()
            for i in range(0, size, batch):
                collection.add(ids=ids[i : i + batch], embeddings=vectors[i : i + batch])
            build = time.perf_counter() - t
            collection = _client(folder).get_collection("sweep")
            row = {"max_neighbors": m, "ef_construction": efc, "ef_search": HNSW["ef_search"],
                   "build_s": round(build, 1), "vectors_per_s": round(size / build, 1), "disk_mb": _disk_mb(folder),
                   **measure_collection(collection, queries, truth, k)}
            _log(f"build {row}")
            rows.append(row)
        finally:
            _release()  # let go of the folder's files
            shutil.rmtree(folder, ignore_errors=True)
    return {"chunks": size, "builds": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(parser)
    parser.add_argument("--sizes", default="100000", help="Grown index sizes for the ef_search sweep.")
    parser.add_argument("--ef", default="32,64,128,256", help="ef_search values.")
    parser.add_argument("--build-size", type=int, default=50000, help="Vectors per M/ef_construction build (0: skip).")
    parser.add_argument("--builds", default="32:200,16:200,32:100", help="M:ef_construction pairs to build.")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("-k", type=int, default=100, help="Recall@k (and n_results).")
    parser.add_argument("--runtime", default=None, help="Embedding runtime for the queries (default: the settings').")
    args = parser.parse_args()

    from rag.embeddings import get_embedder
    from ui.settings import Settings
    from rag.store import HNSW

    settings = Settings(**({"embedding_runtime": args.runtime} if args.runtime else {}))
    embedder = get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
    texts = benchmark_queries(args, args.queries)
    queries = np.asarray(embedder.encode(texts), dtype=np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)

    source = source_from(args)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    indexes = grown_indexes(source, sizes, args.cache, log=_log)
    result = {
        "queries": len(texts), "k": args.k, "current": HNSW,
        "synthetic": "indexes above the source's chunk count are bench.query_latency's perturbed copies",
        "ef_search_sweep": [sweep_ef(indexes[size], queries, args.k, [int(e) for e in args.ef.split(",")])
                            for size in sizes],
    }
    if args.build_size:
        builds = [tuple(int(x) for x in pair.split(":")) for pair in args.builds.split(",")]
        smallest = indexes[sizes[0]]
        result["build_sweep"] = sweep_build(smallest, min(args.build_size, sizes[0]), queries, args.k, builds,  # type: ignore[arg-type]
                                            args.cache)
    emit("hnsw_sweep", result)


if __name__ == "__main__":
    main()
