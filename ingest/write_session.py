"""One write to an index, under its lock: the write protocol every change goes through.

The catalog is the source of truth; the vectors (behind `rag.vectors.VectorIndex`) and BM25 are
derived from it. A document's new vectors are written first, then the catalog commits the document
in one transaction, then its stale vectors go; removed documents leave the catalog first and their
vectors after. The catalog's `dirty` flag is set for the whole write and cleared by `finish`, once
BM25 matches the catalog: a write killed at any point leaves the previous version of each document
whole, and the next write that finds the flag set reconciles the vectors with the catalog first.
An edited document's commit records a successor for each chunk id it replaces (`retired_chunks`),
which readers still on the previous BM25 and vectors read in its place; the next write forgets them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest import page_words
from ingest.bm25_writer import update_bm25
from ingest.passage_input import embedding_input
from ingest.progress import Progress, Step, WriteProgress
from rag.bm25 import BM25Index
from rag.embeddings import PassageProgress
from rag.scope import DEFAULT_COLLECTION
from ingest.settings import IngestSettings
from rag.store import IndexPaths, Store, write_lock
from rag.types import Chunk, DocumentRecord

_VECTOR_BATCH = 1000


@dataclass
class PendingDocument:
    """A loaded document waiting to be written: its record, text and chunks, and the chunk ids
    its indexed version (if any) had."""

    record: DocumentRecord
    text: str
    chunks: list[Chunk]
    previous_chunk_ids: list[str]
    is_new: bool


@dataclass
class WriteCounts:
    added: int = 0
    updated: int = 0
    chunks: int = 0
    reused: int = 0


def _open_store(settings: IngestSettings, create: bool) -> Store:
    return Store.from_settings(settings.store, create=create)


class WriteSession:
    """The index at `settings.index` open for writing into one collection; made by
    `WriteSession.open` (which holds the lock).

    Loaded documents are buffered (`add`) so that small ones share encoder batches, and written
    together (`flush`), each joining the collection in its own catalog transaction. Documents
    already indexed join it with `join` (no vectors move). Documents taken out (`forget` from the
    index, `leave` from the collection, which takes them out of the index when no other collection
    holds them) leave the catalog at once; their vectors go in one batch at `finish`.
    """

    def __init__(self, store: Store, settings: IngestSettings, collection: str = DEFAULT_COLLECTION,
                 progress: Progress | None = None) -> None:
        self.store = store
        self.collection = collection
        self.catalog = store.catalog
        self.settings = settings
        self.counts = WriteCounts()
        self.queued_chunks = 0
        """Chunks of the documents `add`ed so far (written or still buffered)."""
        self._progress = progress
        self._pending: list[PendingDocument] = []
        self._gone_chunks: list[str] = []

    @classmethod
    @contextmanager
    def open(cls, settings: IngestSettings, *, create: bool, collection: str = DEFAULT_COLLECTION,
             progress: Progress | None = None) -> Iterator["WriteSession"]:
        """Hold the write lock (raises IndexBusy) and open the store (raises IndexMissing unless
        `create`) to write into `collection`; `progress` hears how far each write of a group is. The
        lock comes first: a refused write must not even create the catalog."""
        with write_lock(IndexPaths(Path(settings.index))):
            store = _open_store(settings, create)
            try:
                yield cls(store, settings, collection, progress)
            finally:
                store.close()

    # -- starting ----------------------------------------------------------------------------
    def begin(self) -> None:
        """Reconcile after an interrupted write, then mark the index dirty until `finish`."""
        damaged = not self.store.vectors.readable(self.store.embedder.dimension)
        if damaged:
            # A kill while Chroma persisted its HNSW index can leave it unreadable: start the
            # vectors over; reconciling then re-embeds every document the catalog holds.
            self.store.vectors.reset()
        if damaged or self.catalog.get_meta("dirty") == "1":
            self._reconcile()
        # The ids the last write's edits replaced: not at that write's `finish`, where a reader that
        # read the BM25 generation just before the swap may still look its old ids up; by now every
        # reader's next question loads the BM25 that write left.
        self.catalog.clear_retired()
        self.catalog.set_meta("dirty", "1")

    def adopt_embedding_model(self) -> None:
        """Vectors of two models can't share a space: when the model changed, start the vectors over."""
        model = self.settings.embedding_model
        if self.catalog.get_meta("embedding_model") not in (None, model):
            for doc in self.catalog.documents():
                self.catalog.remove_document(doc.doc_id)
            self.store.vectors.reset()
        self.catalog.set_meta("embedding_model", model)
        self.store.align_write_settings()

    def _reconcile(self) -> None:
        """Drop vectors the catalog doesn't know; re-flag documents missing vectors."""
        known = self.catalog.all_chunk_ids()
        present = set(self.store.vectors.ids())
        self._delete_vectors(sorted(present - known))
        missing = known - present
        if missing:
            # Forget those documents' hashes so they are re-embedded by this (or the next) ingest; a
            # refused cut copy's too, or the file keeping its bytes would be skipped as unchanged.
            docs = {c.doc_id for c in self.catalog.chunks(missing).values()}
            with self.catalog.transaction() as tx:
                tx.executemany("UPDATE documents SET content_hash = '' WHERE doc_id = ?", [(d,) for d in docs])
                tx.executemany("UPDATE document_cuts SET refused_hash = '' WHERE doc_id = ?", [(d,) for d in docs])

    # -- writing documents -------------------------------------------------------------------
    def add(self, item: PendingDocument) -> None:
        self._pending.append(item)
        self.queued_chunks += len(item.chunks)
        if sum(len(p.chunks) for p in self._pending) >= self.settings.ingest_write_chunks:
            self.flush()

    def _previous_vectors(self, items: list[PendingDocument], texts: tuple[str, ...]) -> tuple[list, list, list]:
        """Vectors an edited document's earlier version already has for the same encoder input.

        An edit moves the chunks after it (new offsets, new ids) without changing their text, so
        they keep their passage and sentence vectors instead of being encoded again; None where
        there is nothing to reuse. The third list holds the earlier chunk each vector came from.
        """
        vectors: list = [None] * len(texts)
        sentences: list = [None] * len(texts)
        sources: list = [None] * len(texts)
        previous_ids = [cid for p in items for cid in p.previous_chunk_ids]
        if not previous_ids:
            return vectors, sentences, sources
        previous = self.catalog.chunks(previous_ids)
        by_input = {embedding_input(c, self.settings.embed_title)[0]: cid for cid, c in previous.items()}
        wanted = {i: by_input[t] for i, t in enumerate(texts) if t in by_input}
        if not wanted:
            return vectors, sentences, sources
        ids = sorted(set(wanted.values()))
        stored_sentences = self.catalog.sentence_vectors(ids)
        # Only what both stores still hold (an interrupted ingest may have left either short).
        stored = {cid: v for cid, v in self.store.vectors.get(ids).items() if cid in stored_sentences}
        for i, cid in wanted.items():
            if cid in stored:
                vectors[i], sentences[i], sources[i] = stored[cid], stored_sentences[cid], previous[cid]
        return vectors, sentences, sources

    def flush(self) -> None:
        """Write the buffered documents: vectors, then each document's catalog transaction, then
        the vectors their earlier versions no longer use."""
        if not self._pending:
            return
        items, self._pending = self._pending, []
        chunks = [c for p in items for c in p.chunks]
        texts, spans = zip(*(embedding_input(c, self.settings.embed_title) for c in chunks))
        vectors, sentence_vectors, sources = self._previous_vectors(items, texts)
        fresh = [i for i, v in enumerate(vectors) if v is None]
        self.counts.reused += len(chunks) - len(fresh)
        told = _GroupProgress(self._progress, items)
        if fresh:
            encoded, encoded_sentences = self.store.embedder.encode_passages(
                [texts[i] for i in fresh], [spans[i] for i in fresh], batch_size=self.settings.embed_batch_size,
                report=told.encoding if self._progress else None,
            )
            for j, i in enumerate(fresh):
                vectors[i], sentence_vectors[i] = encoded[j], encoded_sentences[j]
        vectors = np.stack(vectors)
        by_chunk = {c.chunk_id: v for c, v in zip(chunks, sentence_vectors)}
        # A chunk an edit left where it was keeps its id, and its reused vector and metadata are
        # already stored under that id: writing them again would only redo the HNSW update.
        kept = {c.chunk_id for c, source in zip(chunks, sources)
                if source is not None and source.chunk_id == c.chunk_id and _metadata(source) == _metadata(c)}
        written = [i for i, c in enumerate(chunks) if c.chunk_id not in kept]
        for b in range(0, len(written), _VECTOR_BATCH):
            part = written[b : b + _VECTOR_BATCH]
            # No document text: the catalog holds it. Chroma would keep a second copy and
            # full-text index it, which made its writes much slower (docs/performance.md).
            self.store.vectors.add([chunks[i].chunk_id for i in part], vectors[part], [_metadata(chunks[i]) for i in part])
            told("storing", b + len(part), len(written))
        stale: list[str] = []
        for item in items:
            self.catalog.put_document(
                item.record, item.text, item.chunks, {c.chunk_id: by_chunk[c.chunk_id] for c in item.chunks},
                self.collection,
            )
            stale += sorted(set(item.previous_chunk_ids) - {c.chunk_id for c in item.chunks})
            self.counts.chunks += len(item.chunks)
            if item.is_new:
                self.counts.added += 1
            else:
                self.counts.updated += 1
        # After the catalog, but one call for the whole group: a delete per document was a
        # noticeable share of a re-ingest (docs/performance.md, "Figures behind the defaults").
        self._delete_vectors(stale)

    def refuse(self, doc_id: str, content_hash: str) -> None:
        """Keep the indexed version of a document in place of the copy with this content hash (a cut
        copy), until the file's bytes change."""
        self.catalog.refuse(doc_id, content_hash)

    def join(self, doc_ids: list[str]) -> int:
        """Put documents the index holds already in this collection (how many were not in it)."""
        return self.catalog.join(self.collection, doc_ids)

    # -- taking documents out ----------------------------------------------------------------
    def forget(self, doc_id: str) -> None:
        """Take a document out of the index (every collection) and its page words; its vectors go at `finish`."""
        self._gone_chunks += self.catalog.chunk_ids_of(doc_id)
        self.catalog.remove_document(doc_id)
        page_words.remove(self.store.paths.root, doc_id)

    def leave(self, doc_id: str) -> bool:
        """Take a document out of this collection, and out of the index when no other collection
        holds it (True then; its vectors go at `finish`)."""
        chunk_ids = self.catalog.chunk_ids_of(doc_id)
        if not self.catalog.leave(self.collection, doc_id):
            return False
        self._gone_chunks += chunk_ids
        page_words.remove(self.store.paths.root, doc_id)
        return True

    def _delete_vectors(self, chunk_ids: list[str]) -> None:
        """In batches: one vector-store call per document was a large share of a re-ingest that
        deletes a few documents (docs/performance.md). Vectors without a catalog row are never
        returned, and the `dirty` flag makes the next write sweep them if this is interrupted."""
        for i in range(0, len(chunk_ids), _VECTOR_BATCH):
            self.store.vectors.delete(chunk_ids[i : i + _VECTOR_BATCH])

    # -- finishing ---------------------------------------------------------------------------
    def finish(self, ingested: bool = False) -> None:
        """Flush, drop the forgotten documents' vectors, bring BM25 up to the catalog, record the
        write (`ingested`: as an ingest into this collection) and mark the index clean."""
        self.flush()
        if ingested:
            self.catalog.touch_collection(self.collection, time.time())
        gone, self._gone_chunks = self._gone_chunks, []
        self._delete_vectors(gone)
        generation = self.catalog.generation()
        if not BM25Index.current(self.store.paths.bm25, generation):
            update_bm25(self.catalog, self.store.paths.bm25, generation)
        self.catalog.set_meta("last_ingest", str(time.time()))
        self.catalog.set_meta("dirty", "0")


class _GroupProgress:
    """Tells `progress` (when there is one) how far the write of one group of documents is."""

    def __init__(self, progress: Progress | None, items: list[PendingDocument]) -> None:
        self._progress = progress
        self._path = max(items, key=lambda item: len(item.chunks)).record.path
        self._documents = len(items)

    def __call__(self, step: Step, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(WriteProgress(self._path, self._documents, step, done, total))

    def encoding(self, at: PassageProgress) -> None:
        if at.sentences_total:
            self("sentences", at.sentences, at.sentences_total)
        else:
            self("embedding", at.passages, at.passages_total)


def _metadata(chunk: Chunk) -> dict:
    meta = {
        "doc_id": chunk.doc_id,
        "path": chunk.path,
        "title": chunk.title,
        "chunk_index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
    }
    if chunk.page is not None:
        meta["page"] = chunk.page
    if chunk.heading:
        meta["heading"] = chunk.heading
    return meta
