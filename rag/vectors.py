"""The vector store boundary: what reading and writing an index need from a vector engine, no more.

`VectorIndex` is the whole surface (add, delete, get by ids, list ids, count, search, reset); Chroma
stands behind it in `ChromaVectors`. Another engine is one class with these methods, chosen in
`rag.store.open_vectors`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np

_PAGE = 10_000


class VectorIndex(Protocol):
    def add(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict]) -> None:
        """Write vectors under these ids, replacing any stored under the same id."""
        ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def get(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those ids that are present."""
        ...

    def ids(self) -> Iterator[str]:
        """Every stored id (in pages: a large index is not listed in one call)."""
        ...

    def count(self) -> int: ...

    def search(self, vector: np.ndarray, n: int, ids: Sequence[str] | None = None) -> dict[str, float]:
        """Up to `n` nearest ids with their cosine similarity; with `ids`, among those alone."""
        ...

    def readable(self, dimension: int) -> bool:
        """Whether a search (with a vector of `dimension`) runs at all: an empty index's does, a
        damaged one's does not."""
        ...

    def reset(self) -> None:
        """Drop every vector and start an empty index with the same configuration."""
        ...


class ChromaVectors:
    """`VectorIndex` over a Chroma collection (embedded or on a server). Vectors come precomputed:
    the collection has no embedding function and keeps no document text (the catalog holds it)."""

    def __init__(self, client, name: str, configuration: dict) -> None:
        self.client = client
        self.name = name
        self.configuration = configuration
        self.collection = self._open()

    def _open(self):
        # The same call langchain-chroma made when it opened our collections, so an index written
        # before this class reads the same.
        return self.client.get_or_create_collection(
            name=self.name, embedding_function=None, metadata=None, configuration=self.configuration
        )

    def add(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict]) -> None:
        self.collection.upsert(ids=list(ids), embeddings=vectors, metadatas=list(metadatas))

    def delete(self, ids: Sequence[str]) -> None:
        self.collection.delete(ids=list(ids))

    def get(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        return {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"])}

    def ids(self) -> Iterator[str]:
        total = self.collection.count()
        for offset in range(0, total, _PAGE):
            yield from self.collection.get(include=[], limit=_PAGE, offset=offset)["ids"]

    def count(self) -> int:
        return self.collection.count()

    def search(self, vector: np.ndarray, n: int, ids: Sequence[str] | None = None) -> dict[str, float]:
        # No count() first: it cost more than the HNSW search itself on large indexes
        # (docs/performance.md), and Chroma returns what there is when n exceeds it.
        restrict = {} if ids is None else {"ids": list(ids)}
        result = self.collection.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"], **restrict)
        # Cosine distance -> similarity.
        return {cid: 1.0 - float(d) for cid, d in zip(result["ids"][0], result["distances"][0])}

    def readable(self, dimension: int) -> bool:
        from chromadb.errors import ChromaError

        try:
            self.collection.query(query_embeddings=[[0.0] * dimension], n_results=1, include=[])
        except ChromaError:
            return False
        return True

    def reset(self) -> None:
        self.client.delete_collection(self.name)
        self.collection = self._open()
