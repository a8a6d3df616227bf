"""Hybrid retrieval: dense (Chroma) and BM25 fused, as a LangChain `BaseRetriever`."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field, PrivateAttr

from rag.closest_sentence import FARTHER_POOL, restating_chunk
from rag.defining_section import defining_chunk
from rag.fusion import convex_fusion, reciprocal_rank_fusion, top
from rag.leaders import Deferred
from rag.page_role import about_project, asks_about_project, room_for_user_pages
from rag.reference_lists import reference_list
from rag.settings import EngineSettings, RetrievalSettings
from rag.store import Store
from rag.types import Chunk
from rag.vectors import ChromaVectors
from rag.scope import Scope
from rag.scoping import Allowed, ScopeResolver

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True, slots=True)
class Hit:
    chunk: Chunk
    score: float
    dense: float | None
    bm25: float | None


@dataclass(frozen=True, slots=True)
class Retrieval:
    """Hits plus the query vector, which the answerer reuses instead of encoding the question again."""

    query: str
    query_vector: np.ndarray
    hits: list[Hit]
    # Other wordings of the same request (a follow-up with the conversation's terms), for when
    # `query` alone finds nothing relevant enough: the answerer then keeps each sentence's best score.
    alternatives: tuple[tuple[str, np.ndarray], ...] = ()
    # The dense search's first passage, whatever its fused rank: one BM25 misses ("requires Python
    # 3.9+" shares no keyword with "which version ... need") can fall out of the k, and the answerer
    # then reads it besides them (rag/leaders.py). Then the fused candidate holding a sentence that
    # restates the question, if any (rag/closest_sentence.py). It holds for any cut of `hits`, and is
    # found when first read: only answering a question asked alone reads it.
    leaders: Sequence[Hit] = ()
    # The doc ids the search's scope reads (None: every document). What an answer looks up beyond the hits (a
    # `{ref}` target's title, rag/ref_titles.py) stays within them: the rest is the caller's to not see.
    readable: frozenset[str] | None = None


_log = logging.getLogger(__name__)

def to_document(hit: Hit) -> Document:
    c = hit.chunk
    return Document(
        id=c.chunk_id,
        page_content=c.text,
        metadata={
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "path": c.path,
            "title": c.title,
            "chunk_index": c.index,
            "start": c.start,
            "end": c.end,
            "page": c.page,
            "score": hit.score,
            "dense_score": hit.dense,
            "bm25_score": hit.bm25,
        },
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _checked_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k: must be a whole number of documents, 1 or more, not {k!r}")
    return k


def _read_vectors(vectors: ChromaVectors, ids: list[str]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(ids), 5_000):
        out.update(vectors.get(ids[i : i + 5_000]))
    return out


def _successors(catalog, ranked: list[tuple[str, float]], chunks: dict[str, Chunk]) -> dict[str, Chunk]:
    """The chunks standing for ranked ids without a catalog row that an edit replaced in a write
    still under way (this process's BM25 and vectors are the previous version's until it finishes)."""
    missing = [cid for cid, _ in ranked if cid not in chunks]
    if not missing:
        return {}
    successors = catalog.successors(missing)
    found = catalog.chunks(successors.values()) if successors else {}
    return {cid: found[s] for cid, s in successors.items() if s in found}


def _hits(ranked: list[tuple[str, float]], chunks: dict[str, Chunk], successors: dict[str, Chunk],
          dense: dict[str, float], sparse: dict[str, float]) -> list[Hit]:
    """The ranked ids the catalog holds (or their successors), each chunk once at its best rank. The
    catalog is the source of truth: vectors of a half-written document have no row yet."""
    hits: list[Hit] = []
    seen: set[str] = set()
    for cid, score in ranked:
        chunk = chunks.get(cid) or successors.get(cid)
        if chunk is None or chunk.chunk_id in seen:
            continue
        seen.add(chunk.chunk_id)
        hits.append(Hit(chunk, score, dense.get(cid), sparse.get(cid)))
    return hits


class HybridRetriever(BaseRetriever):
    """Returns LangChain `Document`s carrying chunk metadata and their fused scores.

    Build one over an index folder with `HybridRetriever.from_index(path)` (vectors embedded in
    the folder) or `from_chroma_server(url, index=path)`. How many documents: `k` (constructor),
    `search_kwargs={"k": n}`, or per call `invoke(query, k=n)`; with LangChain's
    `configurable_fields(k=ConfigurableField(id="k"))` also from a run's config. It holds open
    SQLite and Chroma handles, so it is not picklable: send the index path and call `from_index`.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Store
    settings: RetrievalSettings
    mode: Mode = "hybrid"
    k: int = Field(5, ge=1, strict=True)
    search_kwargs: dict[str, Any] = Field(default_factory=dict, description="`k` here overrides the field `k`.")
    scope: Scope | None = Field(None, description="What every search reads (collections, filters); None: all.")
    _scopes: ScopeResolver = PrivateAttr()

    # The dense search of a scope (docs/performance.md, "Filtered questions"): up to EXACT_UP_TO
    # passages, exactly over the scope's own vectors (read once per scope and ingest, which is
    # the cost that bounds it); from OVERSAMPLE_FROM of the index, by asking Chroma for more
    # neighbours and dropping the others; between the two, by handing Chroma the scope's ids.
    EXACT_UP_TO: ClassVar[int] = 5_000
    OVERSAMPLE_FROM: ClassVar[float] = 0.2

    def model_post_init(self, context: Any) -> None:
        # Shared by `scoped` copies, so a scope is resolved once per catalog generation.
        self._scopes = ScopeResolver(self.store.catalog)

    def scoped(self, scope: Scope | None) -> "HybridRetriever":
        """This retriever reading `scope` only (the same store and caches); itself when None."""
        return self if scope is None else self.model_copy(update={"scope": scope})

    def allowed(self, scope: Scope | None = None) -> Allowed | None:
        """What `scope` (else this retriever's) lets a search read; None: everything."""
        return self._scopes.allowed(scope if scope is not None else self.scope)

    @classmethod
    def from_index(cls, index: str | Path, **options: Any) -> "HybridRetriever":
        """A retriever over the index at `index`; `options` are this class's fields (`k`, `mode`,
        `search_kwargs`) and any `EngineSettings` field (`fusion`, `candidates`, `chroma_url`, ...).
        Raises IndexMissing when there is no index there."""
        scope = options.pop("scope", None)
        own = {name: options.pop(name) for name in ("k", "mode", "search_kwargs") if name in options}
        settings = EngineSettings(index=Path(index), **options)
        store = Store.from_settings(settings.store)
        own.setdefault("k", settings.k)
        return cls(store=store, settings=settings.retrieval, scope=scope, **own)

    @classmethod
    def from_chroma_server(cls, url: str, index: str | Path, collection: str = "citeline", **options: Any
                           ) -> "HybridRetriever":
        """`from_index` with the vectors on a Chroma server (`url`); the catalog and BM25 stay in `index`."""
        return cls.from_index(index, chroma_url=url, chroma_collection=collection, **options)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun | None = None, k: int | None = None,
        **search_kwargs: Any,
    ) -> list[Document]:
        if k is None:
            k = {**self.search_kwargs, **search_kwargs}.get("k", self.k)
        return [to_document(h) for h in self.retrieve(query, _checked_k(k)).hits]

    # -- the work ---------------------------------------------------------------------------
    def dense(self, query_vector: np.ndarray, n: int, allowed: Allowed | None = None) -> dict[str, float]:
        from chromadb.errors import ChromaError

        try:
            if allowed is None:
                return self.store.searched_vectors().search(query_vector, n)
            return self._dense_within(query_vector, n, allowed)
        except ChromaError as exc:
            # An index file left unreadable by a killed ingest (the next ingest rebuilds it): answer
            # from keyword search meanwhile rather than fail every question.
            _log.warning("vector search failed (%s); answering from keyword search until the next ingest",
                         " ".join(str(exc).split())[:200])
            return {}

    def _dense_within(self, query_vector: np.ndarray, n: int, allowed: Allowed) -> dict[str, float]:
        if not allowed.chunk_ids:
            return {}
        vectors = self.store.searched_vectors()
        total = max(self.store.catalog.counts()[1], 1)
        share = len(allowed) / total
        exact = lambda: self._scopes.vectors(allowed, lambda ids: _read_vectors(vectors, ids))  # noqa: E731
        if allowed.vectors is not None or (len(allowed) <= self.EXACT_UP_TO and share < self.OVERSAMPLE_FROM):
            return exact().search(query_vector, n)
        wanted = min(n, len(allowed))
        if share >= self.OVERSAMPLE_FROM:
            wider = vectors.search(query_vector, min(total, math.ceil(2 * n / share)))
            kept = {cid: score for cid, score in wider.items() if cid in allowed.chunk_ids}
            if len(kept) >= wanted:
                return dict(top(kept, n))
        found = vectors.search(query_vector, n, ids=sorted(allowed.chunk_ids))
        # Chroma's filtered HNSW search can come back short (seen with 10 allowed of 10k: 8):
        # the exact search never does.
        return found if len(found) >= wanted else exact().search(query_vector, n)

    def sparse(self, query: str, n: int, allowed: Allowed | None = None) -> dict[str, float]:
        index = self.store.bm25()
        if index is None:
            return {}
        return dict(index.search(query, n, None if allowed is None else allowed.mask(index)))

    def retrieve(self, query: str, k: int, *, mode: Mode | None = None, query_vector: np.ndarray | None = None,
                 scope: Scope | None = None, references_last: bool = True, users_first: bool = True) -> Retrieval:
        """The k best passages for `query`, within `scope` (else this retriever's own). `references_last`:
        a chunk that is only a list of works cited ranks after the others (an answer quotes nothing
        from it); False for a lookup of where a text is (rag/cite.py), which may be such an entry.
        `users_first`: pages about the project (release notes) leave room for user pages in the k, for
        a question not about the project; False for that lookup too."""
        mode = mode or self.mode
        k = _checked_k(k)
        allowed = self.allowed(scope)
        s = self.settings
        # A lone surrogate (JSON's "\ud800") is text no tokenizer takes: it stands for nothing, so
        # it becomes U+FFFD like any undecodable character.
        query = _SURROGATE.sub("\ufffd", query)
        if query_vector is None:
            query_vector = self.store.embedder.encode([query])[0]
        n = max(s.candidates, k)
        dense = self.dense(query_vector, n, allowed) if mode in ("hybrid", "dense") else {}
        sparse = self.sparse(query, n, allowed) if mode in ("hybrid", "bm25") else {}
        if mode == "dense":
            fused = dense
        elif mode == "bm25":
            fused = sparse
        elif s.fusion == "rrf":
            fused = reciprocal_rank_fusion(
                [sorted(dense, key=dense.__getitem__, reverse=True), sorted(sparse, key=sparse.__getitem__, reverse=True)],
                k=s.rrf_k,
            )
        else:
            fused = convex_fusion([dense, sparse], [s.dense_weight, 1.0 - s.dense_weight])
        ranked = top(fused, k * 2 + 10)
        chunks = self.store.catalog.chunks(cid for cid, _ in ranked)
        hits = _hits(ranked, chunks, _successors(self.store.catalog, ranked, chunks), dense, sparse)
        # A list of works cited has nothing to quote: it is read only when nothing else ranks (stable
        # sort: the order otherwise stays the fused one).
        if references_last:
            hits.sort(key=lambda h: reference_list(h.chunk))
        # A question on using the product is read from user pages whenever some rank (rag/page_role.py).
        users = users_first and not asks_about_project(query)
        chosen = room_for_user_pages(hits, k) if users else hits[:k]
        leaders = Deferred(lambda: self._leaders(query, chunks, fused, dense, sparse, users, query_vector))
        return Retrieval(query, query_vector, chosen, leaders=leaders,
                         readable=allowed.doc_ids if allowed is not None else None)

    def _leaders(self, query: str, chunks: dict[str, Chunk], fused: dict[str, float], dense: dict[str, float],
                 sparse: dict[str, float], users: bool, query_vector: np.ndarray) -> tuple[Hit, ...]:
        """The dense search's first, whatever its fused rank, and the candidate of the fused ranking
        holding a sentence that restates the question (rag/closest_sentence.py): among as many as an
        answer's retrieval ranks (this retriever's k), whatever the k of the call, so a conversation
        ranking twice the k first reads the same leaders as the question asked alone; below them, down
        to `FARTHER_POOL`, held to a closer restatement. Of those that are neither a list of works cited
        nor, for a question on using the product (`users`), a page about the project: those the fused
        k pass over on purpose (`chunks`: those already read from the catalog). Only the dense first:
        BM25's first, where the dense search misses it, is a keyword match at best, and the dense second
        is one more close neighbour among many, which displaced right answers when read. Last, for a
        what-is question, the first candidate of the section its subject names (rag/defining_section.py)."""
        pool = self.k * 2 + 10
        ranked = [cid for cid, _ in top(fused, max(FARTHER_POOL, pool))]
        first = next(iter(top(dense, 1)), None)
        known: dict[str, Chunk | None] = dict(chunks)

        def eligible(cid: str) -> bool:
            # Read from the catalog only for a chunk that would lead: most candidates restate nothing.
            if cid not in known:
                known[cid] = self.store.catalog.chunks([cid]).get(cid)
            chunk = known[cid]
            return chunk is not None and not reference_list(chunk) and not (users and about_project(chunk.path))

        cids = [first[0]] if first is not None and eligible(first[0]) else []
        closest = restating_chunk(self.store.catalog, ranked[:pool], query_vector, ranked[pool:], eligible)
        if closest is not None and closest not in cids:
            cids.append(closest)

        def read(ids: Sequence[str]) -> dict[str, Chunk]:
            unknown = [cid for cid in ids if cid not in known]
            known.update(dict.fromkeys(unknown, None) | self.store.catalog.chunks(unknown))
            return {cid: chunk for cid in ids if (chunk := known[cid]) is not None}

        defining = defining_chunk(query, ranked, read)
        if defining is not None and defining not in cids and eligible(defining):
            cids.append(defining)
        return tuple(Hit(known[cid], fused.get(cid, 0.0), dense.get(cid), sparse.get(cid)) for cid in cids)
