"""Brings the BM25 index in step with the catalog, tokenizing only documents that changed.

Beside the scores bm25s searches, the index folder keeps every chunk's term counts and which
version (content hash) of each document they came from. An update keeps the rows of unchanged
documents, tokenizes the chunks of new and edited ones, drops the rest, and recomputes the
scores from the counts with numpy: the corpus-wide statistics (document frequencies, average
length) move with every change, so the scores are recomputed, but the tokenizing, which was most
of a rebuild (8 of ~15 s at 100k chunks), is done once per chunk version. The result is the same
index a build from scratch makes (tested against bm25s's own `index()`).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from rag.bm25 import FORMAT, IDS_FILE, META_FILE, indexed_text, tokenize
from rag.catalog import Catalog
from rag.types import Chunk

_DOCS_FILE = "documents.json"
_COUNTS = ("counts.data.npy", "counts.indices.npy", "counts.indptr.npy")

# bm25s's defaults (method "lucene"), which its searching side assumes.
_K1 = 1.5
_B = 0.75
_SLICE_DOCUMENTS = 20_000


@dataclass(frozen=True, slots=True)
class BM25Update:
    """What an update did: documents whose rows were kept, and chunks tokenized anew."""

    kept_documents: int
    tokenized_chunks: int
    chunks: int


@dataclass
class _Indexed:
    """Term counts per chunk (CSR, one row per chunk, columns = `terms`) and where they came from."""

    counts: sp.csr_matrix
    terms: list[str]
    chunk_ids: list[str]
    # Per document, in row order: its id, the version (content hash) its rows were counted from,
    # and how many rows (chunks) it has.
    doc_ids: list[str]
    hashes: list[str]
    rows: np.ndarray

    @classmethod
    def empty(cls) -> "_Indexed":
        return cls(sp.csr_matrix((0, 0), dtype=np.int32), [], [], [], [], np.zeros(0, dtype=np.int64))

    @classmethod
    def load(cls, folder: Path) -> "_Indexed | None":
        """The counts a previous update saved; None if there are none or they don't add up."""
        try:
            meta = json.loads((folder / META_FILE).read_text())
            if meta.get("format") != FORMAT:
                return None
            chunk_ids = json.loads((folder / IDS_FILE).read_text())
            documents = json.loads((folder / _DOCS_FILE).read_text())
            doc_ids, hashes = documents["doc_ids"], documents["hashes"]
            rows = np.asarray(documents["rows"], dtype=np.int64)
            if not (len(doc_ids) == len(hashes) == len(rows)) or int(rows.sum()) != len(chunk_ids):
                return None
            if not chunk_ids:
                return cls.empty()
            terms = _terms_of(json.loads((folder / "vocab.index.json").read_text()))
            data, indices, indptr = (np.load(folder / name) for name in _COUNTS)
            counts = sp.csr_matrix((data, indices, indptr), shape=(len(chunk_ids), len(terms)))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(counts, terms, chunk_ids, doc_ids, hashes, rows)


def _terms_of(vocab: dict[str, int]) -> list[str]:
    terms = [""] * len(vocab)
    for term, column in vocab.items():
        terms[column] = term
    return terms


def update_bm25(catalog: Catalog, folder: Path, generation: int) -> BM25Update:
    """Make the BM25 index at `folder` match the catalog (at `generation`) and swap it in."""
    previous = _Indexed.load(folder) or _Indexed.empty()
    position = {doc_id: i for i, doc_id in enumerate(previous.doc_ids)}
    current = catalog.document_versions()
    # Each current document's place in the previous index, or -1 where its rows are stale or missing.
    was = np.array([
        position[doc_id] if doc_id in position and previous.hashes[position[doc_id]] == content_hash else -1
        for doc_id, content_hash in current
    ], dtype=np.int64)
    kept = was >= 0
    changed = [doc_id for (doc_id, _), w in zip(current, was) if w < 0]
    terms = list(previous.terms)
    # Read and tokenized a slice of documents at a time: a build from scratch held every chunk
    # and its tokens at once (GBs at a million chunks: docs/performance.md).
    pieces: list[sp.csr_matrix] = []
    new_ids: list[str] = []
    new_rows: list[int] = []
    for i in range(0, len(changed), _SLICE_DOCUMENTS):
        part = changed[i : i + _SLICE_DOCUMENTS]
        fresh = catalog.chunks_of_documents(part)
        chunks = [c for doc_id in part for c in fresh.get(doc_id, [])]
        pieces.append(_count_terms(chunks, terms))
        new_ids += [c.chunk_id for c in chunks]
        new_rows += [len(fresh.get(doc_id, [])) for doc_id in part]

    # Rows of `stacked` are the previous rows, then the new ones; each document takes its block
    # from one or the other, in the order a build from scratch has (documents by path).
    rows = np.zeros(len(current), dtype=np.int64)
    starts = np.zeros(len(current), dtype=np.int64)
    rows[kept] = previous.rows[was[kept]]
    starts[kept] = _offsets(previous.rows)[was[kept]]
    rows[~kept] = new_rows
    starts[~kept] = previous.counts.shape[0] + _offsets(rows[~kept])
    order = _blocks(starts, rows)
    every_id = previous.chunk_ids + new_ids
    chunk_ids = [every_id[i] for i in order.tolist()]

    parts = [previous.counts, *pieces]
    for part in parts:
        part.resize((part.shape[0], len(terms)))  # terms met in later slices
    stacked = sp.vstack(parts, format="csr")
    counts, terms = _drop_unused_terms(stacked[order], terms)
    doc_ids = [doc_id for doc_id, _ in current]
    hashes = [content_hash for _, content_hash in current]
    _save(folder, _Indexed(counts, terms, chunk_ids, doc_ids, hashes, rows), generation)
    return BM25Update(int(kept.sum()), len(new_ids), len(chunk_ids))


def _offsets(lengths: np.ndarray) -> np.ndarray:
    """Where each of consecutive blocks of these lengths starts."""
    return np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64) if len(lengths) else lengths


def _blocks(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """starts[0], starts[0]+1, ... (lengths[0] of them), then the same for block 1, and so on."""
    return np.repeat(starts - _offsets(lengths), lengths) + np.arange(int(lengths.sum()))


def _count_terms(chunks: list[Chunk], terms: list[str]) -> sp.csr_matrix:
    """Term counts of the chunks' indexed text; terms not yet in `terms` are appended to it."""
    if not chunks:
        return sp.csr_matrix((0, len(terms)), dtype=np.int32)
    tokenized = tokenize([indexed_text(c) for c in chunks])
    column = {t: i for i, t in enumerate(terms)}
    to_global = np.empty(len(tokenized.vocab), dtype=np.int64)
    for term, local in tokenized.vocab.items():
        if term not in column:
            column[term] = len(terms)
            terms.append(term)
        to_global[local] = column[term]
    lengths = np.fromiter((len(ids) for ids in tokenized.ids), dtype=np.int64, count=len(chunks))
    flat = np.fromiter((i for ids in tokenized.ids for i in ids), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(chunks)), lengths)
    ones = np.ones(len(flat), dtype=np.int32)
    # COO -> CSR adds up repeated (chunk, term) pairs: the term counts.
    return sp.coo_matrix((ones, (rows, to_global[flat])), shape=(len(chunks), len(terms))).tocsr()


def _drop_unused_terms(counts: sp.csr_matrix, terms: list[str]) -> tuple[sp.csr_matrix, list[str]]:
    """Without the columns of terms no chunk has any more (deleted or edited away)."""
    used = np.bincount(counts.indices, minlength=len(terms)) > 0
    if used.all():
        return counts, terms
    column = np.cumsum(used) - 1
    kept = sp.csr_matrix((counts.data, column[counts.indices], counts.indptr),
                         shape=(counts.shape[0], int(used.sum())))
    return kept, [t for t, u in zip(terms, used) if u]


def _scores(counts: sp.csr_matrix) -> sp.csc_matrix:
    """bm25s's "lucene" BM25 score of every (chunk, term) pair, computed as bm25s computes it."""
    n_docs = counts.shape[0]
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    doc_freq = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(1 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5)).astype(np.float32)
    tf = counts.data.astype(np.float64)
    doc_len = np.repeat(lengths, np.diff(counts.indptr))
    # The same operations, in the same precision, as bm25s's index(): float32 idf times a
    # float64 term-frequency part, stored as float32.
    tfc = tf / (_K1 * ((1 - _B) + _B * doc_len / lengths.mean()) + tf)
    data = (idf[counts.indices].astype(np.float64) * tfc).astype(np.float32)
    return sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape).tocsc()


def _save(folder: Path, indexed: _Indexed, generation: int) -> None:
    """Write to a sibling folder, then swap it in with renames, so a reader never sees half of one."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(folder.name + ".tmp")
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    if indexed.chunk_ids:
        import bm25s

        retriever = bm25s.BM25()
        scores = _scores(indexed.counts)
        retriever.scores = {"data": scores.data, "indices": scores.indices.astype(np.int32),
                            "indptr": scores.indptr, "num_docs": scores.shape[0]}
        retriever.vocab_dict = {t: i for i, t in enumerate(indexed.terms)}
        retriever.nonoccurrence_array = None
        retriever.save(str(tmp), show_progress=False)
        counts = indexed.counts
        for name, array in zip(_COUNTS, (counts.data.astype(np.int32), counts.indices.astype(np.int32),
                                         counts.indptr.astype(np.int64))):
            np.save(tmp / name, array)
    (tmp / IDS_FILE).write_text(json.dumps(indexed.chunk_ids))
    (tmp / _DOCS_FILE).write_text(json.dumps(
        {"doc_ids": indexed.doc_ids, "hashes": indexed.hashes, "rows": indexed.rows.tolist()}))
    (tmp / META_FILE).write_text(json.dumps(
        {"generation": generation, "chunks": len(indexed.chunk_ids), "format": FORMAT}))
    for f in tmp.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    tmp.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
