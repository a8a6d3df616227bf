"""Re-ingest cost on a large folder of small generated documents, through `ingest.pipeline.ingest()`
(the path `citeline ingest FOLDER` takes): a full ingest, then re-ingests with nothing changed,
with 1% of the files edited, and with 1% of the files deleted, each timed step by step.

Documents are built deterministically from sentences of the XQuAD contexts and SciFact abstracts,
200-1,200 characters each (one or two chunks), and written as .txt files to a temp folder.
The BM25 update that follows any ingest that changed something is also timed on its own for
`--bm25-docs` documents (20,000 by default), with no encoding: from scratch, after a 1% edit, and
beside a plain bm25s rebuild of the same chunks.

    python -m bench.reingest_generated [--docs N] [--bm25-docs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL, emit
from bench.reingest import edited, load_average, one_percent, timed_ingest

SEED = 20_000


def sentence_pool(eval_data: Path) -> list[str]:
    """Every sentence of the XQuAD contexts and the SciFact abstracts, in file order."""
    from ingest.datasets import beir_corpus
    from rag.sentences import split_sentences

    texts = [
        p["context"]
        for article in json.loads((eval_data / "xquad-en" / "xquad.en.json").read_text(encoding="utf-8"))["data"]
        for p in article["paragraphs"]
    ]
    texts += [doc.text for _, doc in beir_corpus(eval_data / "scifact")]
    return [t[s.start : s.end].strip() for t in texts for s in split_sentences(t) if 20 <= s.end - s.start <= 600]


def generated_documents(count: int, pool: list[str]) -> list[tuple[str, str]]:
    """(file name, text) pairs: a title line, then random sentences (fixed seed) up to 200-1,200 chars."""
    rng = random.Random(SEED)
    docs = []
    for i in range(count):
        target = rng.randint(200, 1200)
        parts: list[str] = []
        size = 0
        while size < target:
            sentence = pool[rng.randrange(len(pool))]
            parts.append(sentence)
            size += len(sentence) + 1
        docs.append((f"doc_{i:05d}.txt", f"Document {i}\n\n" + " ".join(parts)))
    return docs


def bm25_update_seconds(docs: list[tuple[str, str]], folder: Path, settings) -> dict:
    """The BM25 index alone, no encoding: built from scratch, then updated after 1% of the
    documents were edited, beside what a plain bm25s rebuild (tokenize everything, `index()`)
    costs on the same chunks."""
    import bm25s

    from ingest.bm25_writer import update_bm25
    from ingest.chunker import ChunkingPolicy, split_into_chunks
    from rag.bm25 import indexed_text, tokenize
    from rag.catalog import Catalog
    from rag.types import DocumentRecord

    policy = ChunkingPolicy(settings.chunk_size, settings.chunk_overlap)
    catalog = Catalog(folder / "catalog.sqlite3")

    def put(name: str, text: str) -> list:
        chunks = split_into_chunks(text, doc_id=name, path=name, title=text.split("\n", 1)[0], policy=policy)
        record = DocumentRecord(doc_id=name, path=name, root="bench", title=text.split("\n", 1)[0],
                                content_hash=hashlib.sha256(text.encode()).hexdigest(), chunks=len(chunks), ingested_at=0.0, kind="txt")
        catalog.put_document(record, text, chunks)
        return chunks

    chunks = [c for name, text in docs for c in put(name, text)]
    started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(tokenize([indexed_text(c) for c in chunks]), show_progress=False)
    retriever.save(str(folder / "plain"), show_progress=False)
    plain = time.perf_counter() - started

    started = time.perf_counter()
    update_bm25(catalog, folder / "bm25", catalog.generation())
    full = time.perf_counter() - started
    changed = one_percent(len(docs))
    for i in changed:
        put(docs[i][0], edited(docs[i][1], i))
    started = time.perf_counter()
    update = update_bm25(catalog, folder / "bm25", catalog.generation())
    after_edit = time.perf_counter() - started
    catalog.close()
    return {
        "documents": len(docs),
        "chunks": len(chunks),
        "plain_bm25s_rebuild_seconds": round(plain, 3),
        "full_build_seconds": round(full, 3),
        "update_after_1pct_edit_seconds": round(after_edit, 3),
        "update_after_1pct_edit": {"documents": len(changed), "tokenized_chunks": update.tokenized_chunks},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000, help="Generated documents to ingest.")
    parser.add_argument("--bm25-docs", type=int, default=20_000,
                        help="Generated documents for the separate BM25 timing (no encoding).")
    parser.add_argument("--eval-data", type=Path, default=SHARED_EVAL)
    args = parser.parse_args()

    from ingest.pipeline import ingest
    from rag.embeddings import get_embedder
    from ui.settings import Settings

    load_start = load_average()
    pool = sentence_pool(args.eval_data)
    docs = generated_documents(max(args.docs, args.bm25_docs), pool)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        settings = Settings(index=Path(tmp) / "index")
        started = time.perf_counter()
        for name, text in docs[: args.docs]:
            (folder / name).write_text(text, encoding="utf-8")
        write_seconds = time.perf_counter() - started
        get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache).encode(["warm up"])

        def run():
            return ingest([folder], settings)

        full, first = timed_ingest(run)
        assert full.added == args.docs and not full.failed, full.as_json()

        _, unchanged = timed_ingest(run, full.seconds)

        changed = one_percent(args.docs)
        for i in changed:
            name, text = docs[i]
            (folder / name).write_text(edited(text, i), encoding="utf-8")
        _, after_change = timed_ingest(run, full.seconds)

        # Another 1%, halfway between the edited ones.
        deleted = [i for i in one_percent(args.docs, offset=max(1, args.docs // (2 * len(changed))))
                   if i not in set(changed)]
        for i in deleted:
            (folder / docs[i][0]).unlink()
        _, after_delete = timed_ingest(run, full.seconds)

        (Path(tmp) / "bm25").mkdir()
        bm25 = bm25_update_seconds(docs[: args.bm25_docs], Path(tmp) / "bm25", settings)

    emit("reingest_generated", {
        "runtime": settings.embedding_runtime,
        "documents": args.docs,
        "chunks": full.chunks,
        "write_files_seconds": round(write_seconds, 2),
        "ingest_seconds": first["seconds"],
        "ingest_chunks_per_s": round(full.chunks / full.seconds, 2),
        "ingest_documents_per_s": round(args.docs / full.seconds, 2),
        "ingest": first,
        "reingest_unchanged_seconds": unchanged["seconds"],
        "reingest_unchanged": unchanged,
        "reingest_changed_1pct_seconds": after_change["seconds"],
        "reingest_changed_1pct": {"documents": len(changed), **after_change},
        "reingest_deleted_1pct_seconds": after_delete["seconds"],
        "reingest_deleted_1pct": {"documents": len(deleted), **after_delete},
        "bm25_alone": bm25,
        "load_average_1m_start": load_start,
        "load_average_1m_end": load_average(),
    })


if __name__ == "__main__":
    main()
