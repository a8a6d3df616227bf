"""Ingest throughput against raw encoding and a plain LangChain pipeline, interleaved.

    python -m bench.ingest_vs_baseline [--limit 600] [--rounds 3]

On a shared two-core machine the load drifts within minutes, so measuring each pipeline over the
whole corpus one after another compares different machines. Here the SciFact documents are cut
into `--rounds` slices and every slice goes through all four pipelines, in a rotating order,
before the next slice: raw encode with the settings' runtime, raw `SentenceTransformer.encode`
(torch), our ingest (`ingest_documents`, into one index that grows slice by slice) and the
LangChain baseline of `bench.ingest_throughput` (its own Chroma folder per slice). Each pipeline's
seconds are summed over the slices; documents/s is the fair comparison with the baseline, whose
splitter makes a different number of chunks.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL, emit
from bench.ingest_throughput import encoder_inputs, langchain_baseline, raw_torch_seconds
from bench.reingest import load_average


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beir", type=Path, default=SHARED_EVAL / "scifact")
    parser.add_argument("--limit", type=int, default=600, help="SciFact documents (the first N).")
    parser.add_argument("--rounds", type=int, default=3, help="Slices; each goes through every pipeline.")
    args = parser.parse_args()

    from ingest.datasets import beir_corpus
    from ingest.pipeline import ingest_documents
    from rag.embeddings import get_embedder
    from ui.settings import Settings

    import langchain_chroma  # noqa: F401  (imported before any clock starts, as the baseline's are)

    load_start = load_average()
    docs = list(beir_corpus(args.beir))[: args.limit]
    seconds = {"raw": 0.0, "raw_torch": 0.0, "ours": 0.0, "baseline": 0.0}
    our_chunks = baseline_chunks = 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index=Path(tmp) / "index")
        embedder = get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
        embedder.encode(["warm up"])
        size = -(-len(docs) // args.rounds)
        for r in range(args.rounds):
            part = docs[r * size : (r + 1) * size]
            root = f"beir:{args.beir.resolve()}#{r}"  # a root per slice: a slice never sweeps another
            texts = encoder_inputs(part, root, settings)

            def raw() -> None:
                started = time.perf_counter()
                embedder.encode(texts, batch_size=settings.embed_batch_size)
                seconds["raw"] += time.perf_counter() - started

            def raw_torch() -> None:
                seconds["raw_torch"] += raw_torch_seconds(texts, settings)

            def ours() -> None:
                nonlocal our_chunks
                report = ingest_documents(part, root, settings)
                seconds["ours"] += report.seconds
                our_chunks += report.chunks

            def baseline() -> None:
                nonlocal baseline_chunks
                result = langchain_baseline(part, Path(tmp) / f"baseline{r}")
                seconds["baseline"] += result["seconds"]
                baseline_chunks += result["chunks"]

            steps = [raw, raw_torch, ours, baseline]
            for step in steps[r % 4 :] + steps[: r % 4]:
                step()

    n = len(docs)
    emit("ingest_vs_baseline", {
        "runtime": settings.embedding_runtime,
        "documents": n,
        "rounds": args.rounds,
        "chunks_ours": our_chunks,
        "chunks_baseline": baseline_chunks,
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "documents_per_s": {k: round(n / v, 3) for k, v in seconds.items()},
        "ratio_ours_to_raw_same_runtime": round(seconds["raw"] / seconds["ours"], 3),
        "ratio_ours_to_raw_torch": round(seconds["raw_torch"] / seconds["ours"], 3),
        "ratio_ours_to_baseline_documents_per_s": round(seconds["baseline"] / seconds["ours"], 3),
        "load_average_1m_start": load_start,
        "load_average_1m_end": load_average(),
    })


if __name__ == "__main__":
    main()
