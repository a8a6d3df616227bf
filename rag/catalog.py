"""The catalog: an SQLite file that is the source of truth for what is indexed.

Chroma and BM25 are derived from it. A document and its chunks are written in one transaction,
so a crash never leaves half a document visible; vectors without a catalog row are ignored by
the retriever and cleaned up by the next ingest.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from rag.scope import DEFAULT_COLLECTION, CollectionInfo
from rag.types import Chunk, DocumentRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    root TEXT NOT NULL,
    title TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    chunks INTEGER NOT NULL,
    ingested_at REAL NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_root ON documents(root);
-- Pages of the document list and every document's version, in path order, without reading the
-- texts or sorting the whole table (at 486k documents a first page took 0.44 s without it).
CREATE INDEX IF NOT EXISTS documents_path ON documents(path, doc_id, content_hash);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    page INTEGER,
    text TEXT NOT NULL,
    heading TEXT NOT NULL DEFAULT '',
    page_breaks TEXT NOT NULL DEFAULT '',  -- Chunk.page_breaks, space-separated
    heading_breaks TEXT NOT NULL DEFAULT ''  -- Chunk.heading_breaks, a JSON list of [offset, path]; '' for none
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
-- One row per chunk: float16 vectors of its sentences (rag.sentences order), NaN where unknown.
CREATE TABLE IF NOT EXISTS sentence_vectors (
    chunk_id TEXT PRIMARY KEY REFERENCES chunks(chunk_id) ON DELETE CASCADE,
    dim INTEGER NOT NULL,
    data BLOB NOT NULL
);
-- What a document says about itself (front matter, PDF document info, DOCX core properties) and
-- the file's modified time (rag.filters.FILE_MODIFIED_KEY): what a question's filters read. A key
-- may repeat (a front matter list). Keys are lower-case.
CREATE TABLE IF NOT EXISTS document_metadata (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS document_metadata_doc ON document_metadata(doc_id, key);
CREATE INDEX IF NOT EXISTS document_metadata_key ON document_metadata(key, value);
-- Documents read from a file cut short, and those a cut copy was refused in place of; a document without a
-- row was read whole (every document of a catalog made before cut files were read). A table of its own, not
-- columns of `documents`: a column stored after a document's text is reached only through its overflow pages,
-- and every listing of documents would read each text whole.
CREATE TABLE IF NOT EXISTS document_cuts (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    partial_pages INTEGER,  -- DocumentRecord.partial_pages: the pages the indexed version read; NULL when whole
    -- The content hash of a cut copy refused in the indexed version's place: while the file keeps those bytes
    -- it is skipped as unchanged, not read and refused again on every ingest.
    refused_hash TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Chunk ids an edit replaced during the write under way, each with the chunk of the new version that
-- stands for it: a reader's BM25 and vectors return the old ids until the write's `finish` swaps BM25,
-- and a hit on one is read as its successor instead of being lost. Emptied when the next write begins.
CREATE TABLE IF NOT EXISTS retired_chunks (chunk_id TEXT PRIMARY KEY, successor TEXT NOT NULL);
-- Collections: named sets of documents in one index. A document belongs to one or more; one that
-- leaves its last collection leaves the index (the writer sees to it, in the same transaction).
CREATE TABLE IF NOT EXISTS collections (
    name TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    last_ingest_at REAL
);
CREATE TABLE IF NOT EXISTS document_collections (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    collection TEXT NOT NULL,
    PRIMARY KEY (doc_id, collection)
);
CREATE INDEX IF NOT EXISTS document_collections_collection ON document_collections(collection, doc_id);
"""

# Set once a catalog's documents were given their collections (an index made before collections
# existed: every document joins the default one).
_COLLECTIONS_MIGRATED = "collections_schema"

# The pages read of a cut file by a look-up in the result column, not a join: SQLite skips a page's OFFSET
# rows before it computes result columns, where a join would look up every row skipped.
_DOCUMENT_COLUMNS = ("doc_id, path, root, title, content_hash, kind, chunks, ingested_at, "
                     "(SELECT partial_pages FROM document_cuts k WHERE k.doc_id = documents.doc_id)")

_CHUNK_COLUMNS = ("c.chunk_id, c.doc_id, d.path, d.title, c.idx, c.start, c.end, c.text, c.page, c.heading, "
                  "c.page_breaks, c.heading_breaks")


def _in_collections(collections: tuple[str, ...] | None) -> tuple[list[str], list]:
    """The WHERE terms (and their arguments) keeping documents in any of `collections` (None: all)."""
    if collections is None:
        return [], []
    marks = ",".join("?" * len(collections))
    return [f"doc_id IN (SELECT doc_id FROM document_collections WHERE collection IN ({marks}))"], list(collections)


def _add_members(tx: sqlite3.Connection, collection: str, doc_ids: list[str]) -> int:
    """Put those of these documents the catalog holds in `collection` (created if need be); how
    many were not in it yet."""
    tx.execute("INSERT OR IGNORE INTO collections (name, created_at) VALUES (?, ?)", (collection, time.time()))
    marks = ",".join("?" * len(doc_ids))
    return tx.execute(f"INSERT OR IGNORE INTO document_collections SELECT doc_id, ? FROM documents "
                      f"WHERE doc_id IN ({marks})", [collection, *doc_ids]).rowcount


def _touch_holders(tx: sqlite3.Connection, doc_id: str) -> None:
    """Move the last ingest of every collection holding the document to now: its content changes,
    whichever collection's ingest (or removal) changes it, so a collection's last ingest always says
    when its content last changed (docs/ingest.md, *Collections*)."""
    now = time.time()
    tx.execute("UPDATE collections SET last_ingest_at = MAX(COALESCE(last_ingest_at, ?), ?) WHERE name IN "
               "(SELECT collection FROM document_collections WHERE doc_id = ?)", (now, now, doc_id))


def _retire(tx: sqlite3.Connection, doc_id: str, chunks: list[Chunk]) -> None:
    """Record a successor for each chunk of the document's indexed version that `chunks` replace: the
    new chunk of the same text (an edit moves the chunks after it, changing their ids), else the one
    at the same position."""
    if not chunks:
        return
    new_ids = {c.chunk_id for c in chunks}
    by_text = {c.text: c.chunk_id for c in chunks}
    by_index = [c.chunk_id for c in sorted(chunks, key=lambda c: c.index)]
    old = tx.execute("SELECT chunk_id, idx, text FROM chunks WHERE doc_id = ?", (doc_id,)).fetchall()
    tx.executemany("INSERT OR REPLACE INTO retired_chunks VALUES (?, ?)",
                   [(cid, by_text.get(text) or by_index[min(idx, len(by_index) - 1)])
                    for cid, idx, text in old if cid not in new_ids])


def _chunk(row: tuple) -> Chunk:
    return Chunk(
        chunk_id=row[0], doc_id=row[1], path=row[2], title=row[3], index=row[4],
        start=row[5], end=row[6], text=row[7], page=row[8], heading=row[9],
        page_breaks=tuple(int(b) for b in row[10].split()),
        heading_breaks=tuple((int(at), str(path)) for at, path in json.loads(row[11])) if row[11] else (),
    )


def _document(row: tuple) -> DocumentRecord:
    return DocumentRecord(
        doc_id=row[0], path=row[1], root=row[2], title=row[3], content_hash=row[4],
        kind=row[5], chunks=row[6], ingested_at=row[7], partial_pages=row[8],
    )


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Readers (serve) and the writer (ingest) may be different processes: WAL lets readers
        # keep answering from the last committed state while a write is under way.
        self._conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        # Path and title globs of a question's filters (rag.filters) run inside the SQL.
        from rag.filters import regexp

        self._conn.create_function("regexp", 2, regexp, deterministic=True)
        self._conn.executescript(_SCHEMA)
        self._migrate()
        self._counts: tuple[int, tuple[int, int]] | None = None

    def _migrate(self) -> None:
        """Bring a catalog made by an earlier version up to this schema; its data stays as it was."""
        columns = {row[1] for row in self._conn.execute("PRAGMA table_info(chunks)")}
        # Chunks indexed before headings existed have none; the next ingest re-chunks them
        # (the pipeline fingerprint changed with the chunker). Chunks without page breaks cite the
        # page their passage starts on, as they did before; without heading breaks, their first heading.
        for column in ("heading", "page_breaks", "heading_breaks"):
            if column in columns:
                continue
            try:
                self._conn.execute(f"ALTER TABLE chunks ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
            except sqlite3.OperationalError as exc:
                if "duplicate column" not in str(exc):  # another process migrated it first
                    raise
        if self.get_meta(_COLLECTIONS_MIGRATED) is None:
            with self.transaction() as tx:
                # Again inside the transaction: another process may have migrated meanwhile.
                if tx.execute("SELECT 1 FROM meta WHERE key = ?", (_COLLECTIONS_MIGRATED,)).fetchone() is None:
                    created = tx.execute("SELECT MIN(ingested_at) FROM documents").fetchone()[0]
                    if created is not None:
                        last = tx.execute("SELECT value FROM meta WHERE key = 'last_ingest'").fetchone()
                        tx.execute("INSERT OR IGNORE INTO collections VALUES (?, ?, ?)",
                                   (DEFAULT_COLLECTION, created, float(last[0]) if last else None))
                        tx.execute("INSERT OR IGNORE INTO document_collections SELECT doc_id, ? FROM documents",
                                   (DEFAULT_COLLECTION,))
                    tx.execute("INSERT INTO meta VALUES (?, '1')", (_COLLECTIONS_MIGRATED,))

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- documents -------------------------------------------------------------------------
    def documents(self, root: str | None = None, limit: int | None = None, offset: int = 0,
                  collections: tuple[str, ...] | None = None) -> list[DocumentRecord]:
        """Documents by path; `limit`/`offset` take one page (a large corpus has hundreds of thousands).

        `root` keeps those ingested from it, `collections` those in any of these collections."""
        sql = f"SELECT {_DOCUMENT_COLUMNS} FROM documents"
        where, args = _in_collections(collections)
        if root is not None:
            where.append("root = ?")
            args.append(root)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY path, doc_id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [_document(r) for r in self._conn.execute(sql, args)]

    def document_versions(self) -> list[tuple[str, str]]:
        """(doc_id, content_hash) of every document, in `iter_chunks` order: what changed shows here."""
        return self._conn.execute("SELECT doc_id, content_hash FROM documents ORDER BY path, doc_id").fetchall()

    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self._conn.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return _document(row) if row else None

    def refused_hash(self, doc_id: str) -> str:
        """The content hash of the cut copy last refused in the indexed version's place ('' for none)."""
        row = self._conn.execute("SELECT refused_hash FROM document_cuts WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def refuse(self, doc_id: str, content_hash: str) -> None:
        """Remember that the copy whose content hash this is was refused: the indexed version stays
        (nothing a reader sees changes, so the generation stays too)."""
        with self.transaction() as tx:
            tx.execute("INSERT INTO document_cuts (doc_id, refused_hash) SELECT doc_id, ? FROM documents "
                       "WHERE doc_id = ? ON CONFLICT(doc_id) DO UPDATE SET refused_hash = excluded.refused_hash",
                       (content_hash, doc_id))

    def document_text(self, doc_id: str) -> str | None:
        row = self._conn.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def document_slice(self, doc_id: str, start: int, length: int) -> str:
        """`document_text(doc_id)[start : start + length]` without reading the whole text into
        Python (answering looks past most passages' ends); empty for an unknown document."""
        row = self._conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE doc_id = ?",
                                 (start + 1, length, doc_id)).fetchone()
        return row[0] if row and row[0] else ""

    def document_metadata(self, doc_id: str) -> list[tuple[str, str]]:
        """(key, value) pairs of a document, in the order they were written."""
        return self._conn.execute(
            "SELECT key, value FROM document_metadata WHERE doc_id = ? ORDER BY rowid", (doc_id,)
        ).fetchall()

    def has_table(self, name: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone() is not None

    def column(self, sql: str, args: Iterable = ()) -> list:
        """The first column of a read-only query's rows (rag.scoping builds the SQL of a scope)."""
        return [row[0] for row in self._conn.execute(sql, tuple(args))]

    def chunk_ids_of(self, doc_id: str) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))]

    def put_document(
        self,
        record: DocumentRecord,
        text: str,
        chunks: list[Chunk],
        sentence_vectors: dict[str, np.ndarray] | None = None,
        collection: str = DEFAULT_COLLECTION,
    ) -> None:
        """Replace a document, its chunks and their sentence vectors atomically, and add it to
        `collection` in the same transaction (the collections it was in already stay)."""
        with self.transaction() as tx:
            # An upsert, not a delete: deleting the row would take its collections with it.
            tx.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(doc_id) DO UPDATE SET "
                "path = excluded.path, root = excluded.root, title = excluded.title, "
                "content_hash = excluded.content_hash, kind = excluded.kind, chunks = excluded.chunks, "
                "ingested_at = excluded.ingested_at, text = excluded.text",
                (record.doc_id, record.path, record.root, record.title, record.content_hash,
                 record.kind, record.chunks, record.ingested_at, text),
            )
            # A new version forgets the copy refused in the old one's place.
            tx.execute("DELETE FROM document_cuts WHERE doc_id = ?", (record.doc_id,))
            if record.partial_pages is not None:
                tx.execute("INSERT INTO document_cuts (doc_id, partial_pages) VALUES (?, ?)",
                           (record.doc_id, record.partial_pages))
            _retire(tx, record.doc_id, chunks)
            tx.execute("DELETE FROM chunks WHERE doc_id = ?", (record.doc_id,))
            _add_members(tx, collection, [record.doc_id])
            _touch_holders(tx, record.doc_id)
            tx.executemany(
                "INSERT INTO chunks (chunk_id, doc_id, idx, start, end, page, text, heading, page_breaks, "
                "heading_breaks) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(c.chunk_id, c.doc_id, c.index, c.start, c.end, c.page, c.text, c.heading,
                  " ".join(map(str, c.page_breaks)), json.dumps(c.heading_breaks) if c.heading_breaks else "")
                 for c in chunks],
            )
            if sentence_vectors:
                tx.executemany(
                    "INSERT INTO sentence_vectors VALUES (?,?,?)",
                    [(cid, v.shape[1], v.astype(np.float16).tobytes()) for cid, v in sentence_vectors.items()],
                )
            # Its metadata (record.metadata) replaced with it, whether the row was replaced or updated.
            tx.execute("DELETE FROM document_metadata WHERE doc_id = ?", (record.doc_id,))
            tx.executemany("INSERT INTO document_metadata VALUES (?,?,?)",
                           [(record.doc_id, key, value) for key, value in record.metadata])
            self._bump(tx)

    def remove_document(self, doc_id: str) -> None:
        """Take a document out of the index (and so out of every collection)."""
        with self.transaction() as tx:
            _touch_holders(tx, doc_id)  # before the delete takes its memberships with it
            tx.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self._bump(tx)

    # -- collections -----------------------------------------------------------------------
    def collections(self) -> list[CollectionInfo]:
        """Every collection by name, with its documents, their chunks and its last ingest."""
        rows = self._conn.execute(
            "SELECT c.name, COUNT(d.doc_id), COALESCE(SUM(d.chunks), 0), c.last_ingest_at FROM collections c "
            "LEFT JOIN document_collections m ON m.collection = c.name "
            "LEFT JOIN documents d ON d.doc_id = m.doc_id GROUP BY c.name ORDER BY c.name"
        )
        return [CollectionInfo(name, documents, chunks, last) for name, documents, chunks, last in rows]

    def collection_names(self) -> set[str]:
        """The collections' names alone (no counting: cheap at any size)."""
        return {r[0] for r in self._conn.execute("SELECT name FROM collections")}

    def collections_of(self, doc_id: str) -> tuple[str, ...]:
        """The collections a document belongs to, by name."""
        rows = self._conn.execute(
            "SELECT collection FROM document_collections WHERE doc_id = ? ORDER BY collection", (doc_id,))
        return tuple(r[0] for r in rows)

    def join(self, collection: str, doc_ids: Iterable[str]) -> int:
        """Add these documents (those the catalog holds) to `collection`, creating it if need be;
        how many were not in it yet. No vector or chunk changes: membership is the catalog's alone."""
        unique = list(dict.fromkeys(doc_ids))
        with self.transaction() as tx:
            added = 0
            for i in range(0, len(unique), 500):
                batch = unique[i : i + 500]
                added += _add_members(tx, collection, batch)
            if added:
                self._bump(tx)
        return added

    def leave(self, collection: str, doc_id: str) -> bool:
        """Take a document out of `collection`; when no collection holds it any more it leaves the
        index in the same transaction. True when it left the index (its vectors and page words are
        then the caller's to drop)."""
        with self.transaction() as tx:
            tx.execute("DELETE FROM document_collections WHERE doc_id = ? AND collection = ?", (doc_id, collection))
            orphan = tx.execute("SELECT 1 FROM document_collections WHERE doc_id = ? LIMIT 1", (doc_id,)).fetchone() is None
            if orphan:
                tx.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self._bump(tx)
        return orphan

    def touch_collection(self, collection: str, at: float) -> None:
        """Record an ingest into `collection` (creating it: an ingest that found nothing still makes it)."""
        with self.transaction() as tx:
            tx.execute("INSERT INTO collections VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                       "last_ingest_at = excluded.last_ingest_at", (collection, at, at))

    def drop_collection(self, collection: str) -> None:
        """Forget an emptied collection's name (its documents are the caller's to take out first)."""
        with self.transaction() as tx:
            tx.execute("DELETE FROM document_collections WHERE collection = ?", (collection,))
            tx.execute("DELETE FROM collections WHERE name = ?", (collection,))
            self._bump(tx)

    # -- chunks ----------------------------------------------------------------------------
    def _rows_in(self, sql: str, values: Iterable[str]) -> Iterator[tuple]:
        """Rows of `sql`, whose `{marks}` is an IN list, for each distinct value, 500 at a time
        (SQLite caps the number of parameters)."""
        unique = list(dict.fromkeys(values))
        for i in range(0, len(unique), 500):
            batch = unique[i : i + 500]
            yield from self._conn.execute(sql.format(marks=",".join("?" * len(batch))), batch)

    def chunks(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        sql = f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d USING (doc_id) WHERE c.chunk_id IN ({{marks}})"
        return {row[0]: _chunk(row) for row in self._rows_in(sql, chunk_ids)}

    def chunks_of_documents(self, doc_ids: Iterable[str]) -> dict[str, list[Chunk]]:
        """Each document's chunks by position."""
        sql = (f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d USING (doc_id) "
               "WHERE c.doc_id IN ({marks}) ORDER BY c.doc_id, c.idx")
        out: dict[str, list[Chunk]] = {}
        for chunk in map(_chunk, self._rows_in(sql, doc_ids)):
            out.setdefault(chunk.doc_id, []).append(chunk)
        return out

    def successors(self, chunk_ids: Iterable[str]) -> dict[str, str]:
        """The chunk standing for each of these ids an edit replaced in the write under way."""
        return dict(self._rows_in("SELECT chunk_id, successor FROM retired_chunks WHERE chunk_id IN ({marks})",
                                  chunk_ids))

    def clear_retired(self) -> None:
        """Forget the replaced ids, once the BM25 that no longer returns them is in place."""
        self._conn.execute("DELETE FROM retired_chunks")

    def sentence_vectors(self, chunk_ids: Iterable[str]) -> dict[str, np.ndarray]:
        sql = "SELECT chunk_id, dim, data FROM sentence_vectors WHERE chunk_id IN ({marks})"
        return {
            cid: np.frombuffer(data, dtype=np.float16).reshape(-1, dim).astype(np.float32)
            for cid, dim, data in self._rows_in(sql, chunk_ids)
        }

    def iter_chunks(self) -> Iterator[Chunk]:
        """Every chunk in a stable order (document path, then position)."""
        cursor = self._conn.execute(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d USING (doc_id) ORDER BY d.path, d.doc_id, c.idx"
        )
        for row in cursor:
            yield _chunk(row)

    def all_chunk_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT chunk_id FROM chunks")}

    def counts(self, collections: tuple[str, ...] | None = None) -> tuple[int, int]:
        """(documents, chunks), of the whole index or of the documents in any of `collections`.
        Counting a million chunks takes ~30 ms and the status line and every page of
        /api/documents ask, so the whole index's answer is kept until the generation moves (any
        process's committed change moves it)."""
        if collections is not None:
            where, args = _in_collections(collections)
            docs, chunks = self._conn.execute(
                f"SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM documents WHERE {where[0]}", args).fetchone()
            return docs, chunks
        generation = self.generation()
        if self._counts is None or self._counts[0] != generation:
            docs = self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            chunks = self._conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
            self._counts = (generation, (docs, chunks))
        return self._counts[1]

    # -- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """Bumped by every committed change; derived indexes record the generation they match."""
        return int(self.get_meta("generation") or 0)

    def _bump(self, tx: sqlite3.Connection) -> None:
        tx.execute(
            "INSERT INTO meta VALUES ('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        tx.execute("INSERT OR REPLACE INTO meta VALUES ('last_change', ?)", (str(time.time()),))
