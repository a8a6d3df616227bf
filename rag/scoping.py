"""A `Scope` resolved against the catalog: the documents and passages a question may read.

Collections come from the catalog's `document_collections` table (an index without it holds only
the default collection); filters from `rag.filters`. The answer is kept per scope until the
catalog's generation moves, so a server pays the SQL once per scope and ingest.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

from rag.bm25 import BM25Index
from rag.catalog import Catalog
from rag.errors import NotFound
from rag.filters import Condition, condition, parse_filters
from rag.scope import DEFAULT_COLLECTION, Scope

_KEPT_SCOPES = 32
# Scopes whose passage vectors are held for an exact search (rag.retriever): at most this many at
# once, so memory stays bounded (8 x 10k vectors x 384 x 4 bytes: ~120 MB at the very most).
_KEPT_VECTORS = 8


class Allowed:
    """The documents and chunks one scope lets a question read, at one catalog generation."""

    __slots__ = ("doc_ids", "chunk_ids", "generation", "_mask", "vectors")

    def __init__(self, doc_ids: frozenset[str], chunk_ids: frozenset[str], generation: int) -> None:
        self.doc_ids = doc_ids
        self.chunk_ids = chunk_ids
        self.generation = generation
        self._mask: tuple[int, np.ndarray] | None = None
        self.vectors: ScopeVectors | None = None
        """The scope's passage vectors, once read (`ScopeResolver.vectors`)."""

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def mask(self, index: BM25Index) -> np.ndarray:
        """Which of `index`'s chunks are allowed, by position (kept for that BM25 generation)."""
        kept = self._mask
        if kept is None or kept[0] != index.generation:
            kept = self._mask = (index.generation, index.mask(self.chunk_ids))
        return kept[1]


class ScopeVectors:
    """A scope's passage vectors, unit length, one row per id: searched exactly with one product."""

    __slots__ = ("ids", "matrix")

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.ids = list(vectors)
        matrix = np.stack(list(vectors.values())) if vectors else np.zeros((0, 1), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = (matrix / np.where(norms > 0, norms, 1)).astype(np.float32)

    def search(self, vector: np.ndarray, n: int) -> dict[str, float]:
        """The `n` ids of highest cosine similarity, as Chroma's search gives them."""
        if not self.ids:
            return {}
        query = vector / (np.linalg.norm(vector) or 1.0)
        scores = self.matrix @ query.astype(np.float32)
        best = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        return {self.ids[int(i)]: float(scores[i]) for i in best}


def _key(scope: Scope) -> tuple:
    collections = None if scope.collections is None else tuple(sorted(set(scope.collections)))
    return collections, tuple(scope.where)


class ScopeResolver:
    """Turns scopes into `Allowed` sets over one catalog; safe to share between threads."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._kept: OrderedDict[tuple, Allowed] = OrderedDict()
        self._with_vectors: OrderedDict[int, Allowed] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, allowed: Allowed, read: Callable[[list[str]], dict[str, np.ndarray]]) -> ScopeVectors:
        """`allowed`'s passage vectors, read with `read` the first time (the vector store's `get`)."""
        held = allowed.vectors
        if held is None:
            held = ScopeVectors(read(sorted(allowed.chunk_ids)))
            with self._lock:
                allowed.vectors = held
                self._with_vectors[id(allowed)] = allowed
                while len(self._with_vectors) > _KEPT_VECTORS:
                    self._with_vectors.popitem(last=False)[1].vectors = None
        return held

    def allowed(self, scope: Scope | None) -> Allowed | None:
        """What `scope` lets a question read; None when it reads everything. Raises BadRequest
        for a filter that does not parse, NotFound for a collection the index does not have."""
        if scope is None or scope.everything:
            return None
        conditions = [condition(f) for f in parse_filters(scope.where)]
        if scope.collections is not None:
            conditions.append(self._in_collections(scope.collections))
        key = _key(scope)
        generation = self.catalog.generation()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept.generation == generation:
                self._kept.move_to_end(key)
                return kept
        where = " AND ".join(f"({c.sql})" for c in conditions) or "1"
        args = [a for c in conditions for a in c.args]
        documents = f"SELECT d.doc_id FROM documents d WHERE {where}"
        doc_ids = frozenset(self.catalog.column(documents, args))
        chunk_ids = frozenset(self.catalog.column(f"SELECT chunk_id FROM chunks WHERE doc_id IN ({documents})", args))
        allowed = Allowed(doc_ids, chunk_ids, generation)
        with self._lock:
            self._kept[key] = allowed
            while len(self._kept) > _KEPT_SCOPES:
                self._kept.popitem(last=False)
        return allowed

    def collection_names(self) -> set[str]:
        """The collections the index knows (the default one always)."""
        names = {DEFAULT_COLLECTION}
        if self.catalog.has_table("collections"):
            names |= set(self.catalog.column("SELECT name FROM collections"))
        if self.catalog.has_table("document_collections"):
            names |= set(self.catalog.column("SELECT DISTINCT collection FROM document_collections"))
        return names

    def _in_collections(self, names: Sequence[str]) -> Condition:
        names = list(dict.fromkeys(names))
        unknown = [n for n in names if n not in self.collection_names()]
        if unknown:
            raise NotFound("collection", f"no collection named {unknown[0]!r} in this index")
        if not names:
            return Condition("0", ())
        if not self.catalog.has_table("document_collections"):
            return Condition("1", ())  # an index made before collections: all of it is the default one
        sql = f"d.doc_id IN (SELECT doc_id FROM document_collections WHERE collection IN ({','.join('?' * len(names))}))"
        if DEFAULT_COLLECTION in names:
            # A document written before collections existed belongs to the default one.
            sql += " OR NOT EXISTS (SELECT 1 FROM document_collections dc WHERE dc.doc_id = d.doc_id)"
        return Condition(sql, tuple(names))
