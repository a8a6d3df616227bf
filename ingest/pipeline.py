"""Incremental, idempotent ingest of files into an index.

A document whose bytes (and the pipeline's settings) are unchanged is skipped before it is even
parsed; a changed one is re-chunked and its old chunks replaced; one that vanished from a walked
folder is removed. Chroma gets the new vectors first, then the catalog commits the document in
one transaction, then stale vectors go: a crash at any point leaves the previous version whole.
"""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.blocks import HEADING_SEPARATOR
from ingest.bm25_writer import update_bm25
from ingest.chunker import ChunkingPolicy, split_into_chunks
from ingest.discover import Candidate, discover
from ingest.mail_parts import MailParts, attachment_candidates, attachments_of
from ingest import page_words
from ingest.ignore import SelectionRules
from ingest.loaders import LoadedDocument, LoadError, load
from ingest.crawl import CrawlLimits, WebFetch, fetch_urls
from ingest.settings import IngestSettings
from rag.bm25 import BM25Index
from rag.sentences import split_sentences
from rag.store import IndexPaths, Store, write_lock
from rag.types import Chunk, DocumentRecord

_CHROMA_BATCH = 1000

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class FileFailure:
    path: str
    error: str


@dataclass(frozen=True, slots=True)
class FileWarning:
    path: str
    warning: str


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[FileFailure] = field(default_factory=list)
    skipped: int = 0
    excluded: int = 0
    chunks: int = 0
    reused: int = 0
    seconds: float = 0.0
    warnings: list[FileWarning] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": [{"path": f.path, "error": f.error} for f in self.failed],
            "skipped": self.skipped,
            "excluded": self.excluded,
            "chunks": self.chunks,
            "reused": self.reused,
            "seconds": round(self.seconds, 3),
            "warnings": [{"path": w.path, "warning": w.warning} for w in self.warnings],
        }


@dataclass
class _Pending:
    record: DocumentRecord
    text: str
    chunks: list[Chunk]
    previous_chunk_ids: list[str]
    is_new: bool


def doc_id_for(root: Path | str, relpath: str) -> str:
    return hashlib.sha256(f"{root}\0{relpath}".encode()).hexdigest()[:20]


def pipeline_fingerprint(settings: IngestSettings) -> str:
    """Anything that changes chunks or vectors; a change re-processes every document."""
    # v3: structure-aware chunks with heading paths (embedded with the chunk), re-flowed PDF text.
    base = f"v3|{settings.embedding_model}|{settings.chunk_size}|{settings.chunk_overlap}|{int(settings.embed_title)}"
    # int8 vectors differ slightly from fp32 ones; torch and fp32 ONNX make the same vectors
    # (cosine 1.000), so they share the old string and their indexes stay valid.
    return f"{base}|onnx-int8" if settings.embedding_runtime == "onnx-int8" else base


def embedding_input(chunk: Chunk, with_title: bool) -> tuple[str, list[tuple[int, int]]]:
    """The text the encoder sees for a chunk, and where each of its sentences sits in that text.

    With the title come the headings above the chunk (flat text has none), less a first heading
    that only repeats the title.
    """
    prefix = ""
    if with_title:
        headings = chunk.heading.split(HEADING_SEPARATOR) if chunk.heading else []
        if headings and headings[0] == chunk.title:
            headings = headings[1:]
        prefix = "".join(f"{line}\n" for line in [chunk.title, HEADING_SEPARATOR.join(headings)] if line)
    spans = [(len(prefix) + s.start, len(prefix) + s.end) for s in split_sentences(chunk.text)]
    return prefix + chunk.text, spans


class _Writer:
    """Buffers loaded documents so that small ones share encoder batches, then writes them."""

    def __init__(self, store: Store, settings: IngestSettings, report: IngestReport) -> None:
        self.store = store
        self.settings = settings
        self.report = report
        self.pending: list[_Pending] = []

    def add(self, item: _Pending) -> None:
        self.pending.append(item)
        if sum(len(p.chunks) for p in self.pending) >= self.settings.ingest_write_chunks:
            self.flush()

    def _previous_vectors(self, items: list[_Pending], texts: tuple[str, ...]) -> tuple[list, list, list]:
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
        previous = self.store.catalog.chunks(previous_ids)
        by_input = {embedding_input(c, self.settings.embed_title)[0]: cid for cid, c in previous.items()}
        wanted = {i: by_input[t] for i, t in enumerate(texts) if t in by_input}
        if not wanted:
            return vectors, sentences, sources
        ids = sorted(set(wanted.values()))
        stored_sentences = self.store.catalog.sentence_vectors(ids)
        # Only what both stores still hold (an interrupted ingest may have left either short).
        stored = {cid: v for cid, v in self.store.vectors.get(ids).items() if cid in stored_sentences}
        for i, cid in wanted.items():
            if cid in stored:
                vectors[i], sentences[i], sources[i] = stored[cid], stored_sentences[cid], previous[cid]
        return vectors, sentences, sources

    def flush(self) -> None:
        if not self.pending:
            return
        items, self.pending = self.pending, []
        chunks = [c for p in items for c in p.chunks]
        texts, spans = zip(*(embedding_input(c, self.settings.embed_title) for c in chunks))
        vectors, sentence_vectors, sources = self._previous_vectors(items, texts)
        fresh = [i for i, v in enumerate(vectors) if v is None]
        self.report.reused += len(chunks) - len(fresh)
        if fresh:
            encoded, encoded_sentences = self.store.embedder.encode_passages(
                [texts[i] for i in fresh], [spans[i] for i in fresh], batch_size=self.settings.embed_batch_size
            )
            for j, i in enumerate(fresh):
                vectors[i], sentence_vectors[i] = encoded[j], encoded_sentences[j]
        vectors = np.stack(vectors)
        by_chunk = {c.chunk_id: v for c, v in zip(chunks, sentence_vectors)}
        # A chunk an edit left where it was keeps its id, and its reused vector and metadata are
        # already in Chroma under that id: writing them again would only redo the HNSW update.
        kept = {c.chunk_id for c, source in zip(chunks, sources)
                if source is not None and source.chunk_id == c.chunk_id and _metadata(source) == _metadata(c)}
        written = [i for i, c in enumerate(chunks) if c.chunk_id not in kept]
        for b in range(0, len(written), _CHROMA_BATCH):
            part = written[b : b + _CHROMA_BATCH]
            # No `documents=`: the catalog holds the text. Chroma would keep a second copy and
            # full-text index it, which made its writes much slower (docs/performance.md).
            self.store.vectors.add([chunks[i].chunk_id for i in part], vectors[part], [_metadata(chunks[i]) for i in part])
        stale: list[str] = []
        for item in items:
            self.store.catalog.put_document(
                item.record, item.text, item.chunks, {c.chunk_id: by_chunk[c.chunk_id] for c in item.chunks}
            )
            stale += sorted(set(item.previous_chunk_ids) - {c.chunk_id for c in item.chunks})
            self.report.chunks += len(item.chunks)
            if item.is_new:
                self.report.added += 1
            else:
                self.report.updated += 1
        # After the catalog, as before, but one call for the whole group: a delete per document
        # was a noticeable share of a re-ingest (docs/performance.md, "Figures behind the defaults").
        for b in range(0, len(stale), _CHROMA_BATCH):
            self.store.vectors.delete(stale[b : b + _CHROMA_BATCH])


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


class _LoadTimeout(BaseException):
    """Raised inside a loader by the alarm; a BaseException so the loaders' broad handlers let it pass."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    # Signals reach only the main thread; elsewhere (an upload in the server) the size limit is the guard.
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _LoadTimeout

    deadline = time.monotonic() + seconds
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # The alarm's exception is lost when it lands in a __del__ or a GC callback (Python prints
    # and drops it there), so a parse that ran past the limit is refused by the clock as well.
    if time.monotonic() > deadline:
        raise _LoadTimeout


def _hash_file(path: Path, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hash_inline(doc: LoadedDocument, fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{doc.title}\0{doc.text}".encode()).hexdigest()


def _reconcile(store: Store) -> None:
    """After an interrupted ingest: drop vectors the catalog doesn't know, re-flag docs missing vectors."""
    known = store.catalog.all_chunk_ids()
    present = set(store.vectors.ids())
    orphans = sorted(present - known)
    for i in range(0, len(orphans), _CHROMA_BATCH):
        store.vectors.delete(orphans[i : i + _CHROMA_BATCH])
    missing = known - present
    if missing:
        # Forget those documents' hashes so they are re-embedded in this run.
        docs = {c.doc_id for c in store.catalog.chunks(missing).values()}
        with store.catalog.transaction() as tx:
            tx.executemany("UPDATE documents SET content_hash = '' WHERE doc_id = ?", [(d,) for d in docs])


def ingest(paths: list[Path], settings: IngestSettings, progress: Progress | None = None,
           rules: SelectionRules = SelectionRules(), urls: list[str] = (),
           crawl: CrawlLimits = CrawlLimits()) -> IngestReport:
    """Bring the index at `settings.index` in step with the given files, folders and web pages.

    `rules` (--include/--exclude, plus each folder's .citelineignore) leave files out; an indexed
    file that is now left out is removed like a deleted one. Raises `SelectionError` on a bad rule.
    `crawl` says how far a URL's site is followed (a crawled site is swept like a folder).
    """
    found = discover(paths, rules)
    report = IngestReport(skipped=found.skipped, excluded=found.excluded)
    report.failed.extend(FileFailure(p, "path does not exist") for p in found.missing)
    web = fetch_urls(urls, Path(settings.index), settings.max_file_bytes, crawl) if urls else WebFetch()
    report.failed.extend(FileFailure(f.url, f.error) for f in web.failed)
    report.warnings.extend(FileWarning(w.url, w.warning) for w in web.warnings)
    report.unchanged += web.unchanged
    swept = [*found.swept_roots, *web.swept_roots]
    if not found.candidates and not swept and not web.candidates:
        # Nothing to read and no folder to sweep: a mistyped path must not create an empty index.
        return report
    kept = {doc_id_for(page.root, page.url) for page in web.kept}
    _run(found.candidates + web.candidates, swept, settings, report, progress, kept)
    web.save(Path(settings.index), {f.path for f in report.failed})
    return report


def ingest_documents(
    documents: Iterable[tuple[str, LoadedDocument]],
    root: str,
    settings: IngestSettings,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest documents already in memory (e.g. a benchmark's corpus), keyed by (root, name).

    `root` names the collection: documents under it that are not given again are removed.
    """
    candidates = [Candidate(None, root, name, inline=doc) for name, doc in documents]
    return _run(candidates, [root], settings, IngestReport(), progress)


def _run(
    candidates: list[Candidate],
    swept_roots: list,
    settings: IngestSettings,
    report: IngestReport,
    progress: Progress | None,
    kept: set[str] = frozenset(),
) -> IngestReport:
    """`kept`: documents that stay as they are though no candidate names them (pages that answered 304)."""
    started = time.perf_counter()
    # The lock comes first: a refused ingest must not even create the catalog or the collection.
    with write_lock(IndexPaths(Path(settings.index))):
        store = _open_store(settings, create=True)
        try:
            fingerprint = pipeline_fingerprint(settings)
            catalog = store.catalog
            damaged = not store.vectors.readable(store.embedder.dimension)
            if damaged:
                # A kill while Chroma persisted its HNSW index can leave it unreadable: start the
                # vectors over; reconciling then re-embeds every document the catalog holds.
                store.vectors.reset()
            if damaged or catalog.get_meta("dirty") == "1":
                _reconcile(store)
            catalog.set_meta("dirty", "1")
            if catalog.get_meta("embedding_model") not in (None, settings.embedding_model):
                # Vectors of two models can't share a space: start the vectors over.
                for doc in catalog.documents():
                    catalog.remove_document(doc.doc_id)
                store.vectors.reset()
            catalog.set_meta("embedding_model", settings.embedding_model)
            store.align_write_settings()

            writer = _Writer(store, settings, report)
            policy = ChunkingPolicy(settings.chunk_size, settings.chunk_overlap)
            seen_ids: set[str] = set(kept)
            # One query for every document's version instead of one per file.
            known = dict(catalog.document_versions())
            total = len(candidates)
            parts = MailParts(catalog)
            gone: list[str] = []
            for done, candidate in enumerate(candidates, 1):
                doc_id = doc_id_for(candidate.root, candidate.relpath)
                seen_ids.add(doc_id)
                loaded = _ingest_one(candidate, doc_id, known.get(doc_id), store, writer, policy, fingerprint,
                                     settings, report)
                if parts.holds(candidate):
                    before = parts.previous(candidate)
                    if loaded is None:  # unchanged or failed: its attachments stay as they are
                        seen_ids.update(before)
                        continue
                    for attachment in attachment_candidates(candidate, loaded):
                        part_id = doc_id_for(attachment.root, attachment.relpath)
                        seen_ids.add(part_id)
                        _ingest_one(attachment, part_id, known.get(part_id), store, writer, policy, fingerprint,
                                    settings, report)
                    for stale in sorted(set(before) - seen_ids):  # a named file's root is not swept
                        gone += _forget(store, stale)
                        report.removed += 1
                if progress:
                    progress(done, total)
            writer.flush()

            for root in swept_roots:
                for doc in catalog.documents(root=str(root)):
                    if doc.doc_id not in seen_ids:
                        gone += _forget(store, doc.doc_id)
                        report.removed += 1
            _delete_vectors(store, gone)
            _finish(store)
        finally:
            store.close()
    report.seconds = time.perf_counter() - started
    return report


def _forget(store: Store, doc_id: str) -> list[str]:
    """Take a document out of the catalog and its page words; its chunk ids, whose vectors the
    caller deletes afterwards with `_delete_vectors` (for a whole group at once)."""
    chunk_ids = store.catalog.chunk_ids_of(doc_id)
    store.catalog.remove_document(doc_id)
    page_words.remove(store.paths.root, doc_id)
    return chunk_ids


def _delete_vectors(store: Store, chunk_ids: list[str]) -> None:
    """In batches, after the catalog: one Chroma call per document was a large share of a re-ingest
    that deletes a few documents (docs/performance.md). Vectors without a catalog row are never
    returned, and the `dirty` flag (set by the caller) makes the next ingest sweep them if this is
    interrupted here."""
    for i in range(0, len(chunk_ids), _CHROMA_BATCH):
        store.vectors.delete(chunk_ids[i : i + _CHROMA_BATCH])


def _finish(store: Store) -> None:
    """BM25 brought up to the catalog, the write recorded and the index marked clean."""
    generation = store.catalog.generation()
    if BM25Index.stored_generation(store.paths.bm25) != generation:
        update_bm25(store.catalog, store.paths.bm25, generation)
    store.catalog.set_meta("last_ingest", str(time.time()))
    store.catalog.set_meta("dirty", "0")


def remove_document(doc_id: str, settings: IngestSettings) -> bool:
    """Take one document out of the index at `settings.index`; False when it holds no such document.

    Under the write lock, like an ingest (raises IndexBusy while one runs); raises IndexMissing
    when there is no index.
    """
    with write_lock(IndexPaths(Path(settings.index))):
        store = _open_store(settings, create=False)
        try:
            record = store.catalog.document(doc_id)
            if record is None:
                return False
            store.catalog.set_meta("dirty", "1")
            # An e-mail's attachments are documents of their own that exist only through it.
            for gone in [doc_id, *attachments_of(store.catalog, record)]:
                _delete_vectors(store, _forget(store, gone))
            _finish(store)
            return True
        finally:
            store.close()


def _open_store(settings: IngestSettings, create: bool) -> Store:
    return Store.from_settings(settings.store, create=create)


def _ingest_one(
    candidate: Candidate,
    doc_id: str,
    known_hash: str | None,
    store: Store,
    writer: _Writer,
    policy: ChunkingPolicy,
    fingerprint: str,
    settings: IngestSettings,
    report: IngestReport,
) -> LoadedDocument | None:
    """Index one candidate unless unchanged; the document when it was read, else None."""
    shown = str(candidate.file) if candidate.file is not None else candidate.shown or candidate.relpath
    if candidate.refused:
        report.failed.append(FileFailure(shown, candidate.refused))
        return None
    try:
        if candidate.inline is not None:
            content_hash = _hash_inline(candidate.inline, fingerprint)
        else:
            content_hash = _hash_file(candidate.file, fingerprint)
    except FileNotFoundError:
        report.failed.append(FileFailure(shown, "file does not exist (or is a broken link)"))
        return None
    except OSError as exc:
        report.failed.append(FileFailure(shown, f"cannot read: {exc.strerror or exc}"))
        return None
    if known_hash == content_hash:
        report.unchanged += 1
        return None
    try:
        if candidate.inline is not None:
            loaded = candidate.inline
        else:
            with _time_limit(settings.max_load_seconds):
                loaded = load(candidate.file, settings.max_file_bytes, settings.max_extracted_chars)
        if not loaded.text.strip():
            raise LoadError("no text: the document is empty")
    except LoadError as exc:
        report.failed.append(FileFailure(shown, str(exc)))
        return None
    except _LoadTimeout:
        report.failed.append(FileFailure(shown, f"took over {settings.max_load_seconds:g} s to parse: refused"))
        return None
    report.warnings.extend(FileWarning(shown, w) for w in loaded.warnings)
    chunks = split_into_chunks(
        loaded.text, doc_id=doc_id, path=candidate.relpath, title=loaded.title, policy=policy,
        page_starts=loaded.page_starts or None, blocks=loaded.blocks or None,
    )
    record = DocumentRecord(
        doc_id=doc_id, path=candidate.relpath, root=str(candidate.root), title=loaded.title,
        content_hash=content_hash, chunks=len(chunks), ingested_at=time.time(), kind=loaded.kind,
    )
    previous = store.catalog.chunk_ids_of(doc_id) if known_hash is not None else []
    # A page image is drawn from the file only while it is the version indexed (its bytes' digest).
    digest = _hash_file(candidate.file, "") if loaded.page_starts and candidate.file is not None else ""
    page_words.save(Path(settings.index), doc_id, loaded.ocr_words, loaded.page_starts, digest)
    writer.add(_Pending(record, loaded.text, chunks, previous, is_new=known_hash is None))
    return loaded
