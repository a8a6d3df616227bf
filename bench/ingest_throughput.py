"""Ingest throughput on SciFact next to raw `SentenceTransformer.encode` on the same chunks, and
`ask` latency over the SciFact train queries, measured in one run.

    python -m bench.ingest_throughput [--limit N] [--queries N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL, emit, latency_summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--beir", type=Path, default=SHARED_EVAL / "scifact")
    parser.add_argument("--limit", type=int, default=None, help="Use the first N documents only.")
    parser.add_argument("--queries", type=int, default=None, help="Ask the first N train queries only.")
    args = parser.parse_args()

    from ingest.chunker import ChunkingPolicy, split_into_chunks
    from ingest.datasets import beir_corpus, beir_queries
    from ingest.pipeline import doc_id_for, embedding_input, ingest_documents
    from rag.embeddings import get_embedder
    from rag.engine import Engine
    from rag.settings import Settings

    docs = list(beir_corpus(args.beir))[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index=Path(tmp) / "index")
        embedder = get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
        embedder.encode(["warm up"])
        root = f"beir:{args.beir.resolve()}"
        policy = ChunkingPolicy(settings.chunk_size, settings.chunk_overlap)
        chunks = [
            c
            for name, doc in docs
            for c in split_into_chunks(doc.text, doc_id=doc_id_for(root, name), path=name, title=doc.title, policy=policy)
        ]
        texts = [embedding_input(c, settings.embed_title)[0] for c in chunks]

        started = time.perf_counter()
        # "Raw" is the runtime's own batch encode with no chunking, catalog, Chroma or BM25 around it.
        if settings.embedding_runtime == "torch":
            embedder._model.encode(texts, batch_size=settings.embed_batch_size, normalize_embeddings=True,
                                   show_progress_bar=False)
        else:
            embedder.encode(texts, batch_size=settings.embed_batch_size)
        raw_seconds = time.perf_counter() - started

        report = ingest_documents(docs, root, settings)
        assert report.chunks == len(chunks), (report.chunks, len(chunks))

        again = ingest_documents(docs, root, settings)

        engine = Engine(settings)
        queries = list(beir_queries(args.beir).values())[: args.queries]
        engine.ask("warm up")
        ms = []
        for q in queries:
            t = time.perf_counter()
            engine.ask(q)
            ms.append((time.perf_counter() - t) * 1000)
        engine.store.close()

    emit("ingest_throughput", {
        "runtime": settings.embedding_runtime,
        "documents": len(docs),
        "chunks": len(chunks),
        "raw_encode_chunks_per_s": round(len(chunks) / raw_seconds, 2),
        "ingest_chunks_per_s": round(report.chunks / report.seconds, 2),
        "ratio_ingest_to_raw": round((report.chunks / report.seconds) / (len(chunks) / raw_seconds), 3),
        "ingest_seconds": round(report.seconds, 2),
        "raw_encode_seconds": round(raw_seconds, 2),
        "reingest_unchanged_seconds": round(again.seconds, 2),
        "ask_latency": latency_summary(ms),
    })


if __name__ == "__main__":
    main()
