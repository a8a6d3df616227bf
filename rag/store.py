"""The index on disk: catalog (SQLite), vectors (Chroma) and BM25, opened together.

Layout of an index folder:
    catalog.sqlite3   documents, chunks, meta (source of truth)
    chroma/           Chroma PersistentClient data (cosine space); absent when a Chroma server
                      (settings.chroma_url) holds the vectors
    bm25/             bm25s index + chunk ids + the catalog generation it matches
    ingest.lock       held by the one ingest allowed to write at a time
"""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlparse

from rag import env  # noqa: F401  (offline switches before chromadb is imported)
from rag.bm25 import BM25Index
from rag.catalog import Catalog
from rag.embeddings import AnyEmbedder, get_embedder
from rag.errors import ChromaUnavailable, IndexBusy, IndexMissing  # noqa: F401  (raised here; importable from here too)
from rag.settings import StoreSettings
from rag.vectors import ChromaVectors

COLLECTION = "citeline"
# Chroma's HNSW: cosine space to match normalised MiniLM vectors. ef_search 256 raises recall@100 on
# large indexes for little time a query (bench.hnsw_sweep, docs/performance.md); below 100 it does
# nothing for our 100 candidates (hnswlib searches with max(ef, k)). M and ef_construction hold for
# a collection's life; ef_search of an existing one changes with
# collection.modify(configuration={"hnsw": {"ef_search": N}}).
# sync_threshold: Chroma persists its HNSW index each time this many vectors were written; the rest
# waits in its log for the next session that writes, which replays it. Chroma's 1,000 made a small
# edit after a large ingest slow to replay; 100 halves that share and costs a little on bulk adds
# (docs/performance.md, "Figures behind the defaults").
HNSW = {"space": "cosine", "ef_construction": 200, "ef_search": 256, "max_neighbors": 32, "sync_threshold": 100}


@dataclass(frozen=True)
class IndexPaths:
    root: Path

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite3"

    @property
    def chroma(self) -> Path:
        return self.root / "chroma"

    @property
    def bm25(self) -> Path:
        return self.root / "bm25"

    @property
    def lock(self) -> Path:
        return self.root / "ingest.lock"

    def exists(self) -> bool:
        return self.catalog.exists()


def chroma_client(paths: IndexPaths, url: str | None = None, *, fresh: bool = False):
    """An embedded PersistentClient in the index folder, or an HttpClient to a Chroma server; telemetry off.

    `fresh`: a new embedded client that reads the folder again. chromadb keeps one System per path
    for the whole process, and with it the HNSW index it loaded: vectors another process wrote since
    are not in it. Clients made before keep theirs (queries under way finish on it) until dropped.
    """
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if not url:
        if fresh:
            # Its key is the path as given to PersistentClient; there is no public way to forget one
            # System (clear_system_cache forgets every index's).
            forgotten = SharedSystemClient._identifier_to_system.pop(str(paths.chroma), None)
            if forgotten is not None:
                _stop_when_unused(forgotten)
        return chromadb.PersistentClient(path=str(paths.chroma), settings=chroma_settings)
    parsed = urlparse(url)  # validated by Settings: http(s)://HOST[:PORT]
    return chromadb.HttpClient(
        host=parsed.hostname,
        port=parsed.port or (443 if parsed.scheme == "https" else 8000),
        ssl=parsed.scheme == "https",
        settings=chroma_settings,
    )


# Live `ChromaVectors` on each embedded Chroma System, by id(System) (a finalizer holds the System,
# so the id is not reused while counted). A System forgotten by `chroma_client(fresh=True)` holds its
# SQLite, HNSW and Rust runtime descriptors until stopped: it is stopped when the last of these goes,
# so a server reloading after each ingest by another process does not gather one set per reload, and
# a search under way (it holds its ChromaVectors) still finishes on it.
_users: dict[int, int] = {}
_forgotten: set[int] = set()
_users_lock = threading.Lock()
# Releases not yet counted. A finalizer runs wherever the GC does, also inside a critical section below on
# its own thread, where taking the lock would wait for itself: it only queues its release, counted by
# whoever next takes the lock.
_released: deque[object] = deque()


def _hold(vectors: ChromaVectors) -> ChromaVectors:
    system = getattr(vectors.client, "_system", None)
    if system is None:
        return vectors
    with _users_lock:
        _users[id(system)] = _users.get(id(system), 0) + 1
    weakref.finalize(vectors, _release, system)
    _count_releases()
    return vectors


def _release(system) -> None:
    _released.append(system)
    _count_releases()


def _count_releases() -> None:
    """Count the queued releases, and stop each forgotten System whose last user went. Left to the lock's
    holder when it is taken: it counts them once it has let go of the lock."""
    while _released and _users_lock.acquire(blocking=False):
        unused = []
        try:
            while _released:
                system = _released.popleft()
                left = _users.pop(id(system)) - 1
                if left:
                    _users[id(system)] = left
                elif id(system) in _forgotten:
                    _forgotten.discard(id(system))
                    unused.append(system)
        finally:
            _users_lock.release()
        for system in unused:
            system.stop()


def _stop_when_unused(system) -> None:
    """Stop a System chromadb no longer hands out, now if none of our vectors use it, else when the
    last does. One no `ChromaVectors` was counted on (a bare client's) is left as it was: its users
    are unknown."""
    with _users_lock:
        if id(system) in _users:
            _forgotten.add(id(system))
    _count_releases()


def open_vectors(paths: IndexPaths, url: str | None = None, collection: str = COLLECTION, *,
                 fresh: bool = False) -> ChromaVectors:
    """The index's vectors, on the chosen Chroma client."""
    try:
        vectors = ChromaVectors(chroma_client(paths, url, fresh=fresh), collection, {"hnsw": HNSW})
        return vectors if url else _hold(vectors)
    except Exception as exc:
        if not url:
            raise
        # chromadb reports a server that is down as a bare ValueError or httpx.ConnectError.
        reason = " ".join(str(exc).split())[:200]
        raise ChromaUnavailable(f"chroma_url: no Chroma server answers at {url} ({reason})") from None


class Store:
    """Read access to an index, shared by every request in a process.

    A server keeps up with ingests made by another process without a restart: when an ingest has
    finished (the generation BM25 records moves on), BM25 is reloaded and an embedded Chroma is
    opened afresh (a Chroma server already holds every process's writes).
    """

    @classmethod
    def from_settings(cls, settings: StoreSettings, *, create: bool = False) -> "Store":
        """The index `settings` name, with the embedder they name (loaded once per process)."""
        embedder = get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
        return cls(settings.index, embedder, create=create, chroma_url=settings.chroma_url,
                   collection=settings.chroma_collection)

    def __init__(
        self,
        index: Path,
        embedder: AnyEmbedder,
        *,
        create: bool = False,
        chroma_url: str | None = None,
        collection: str = COLLECTION,
    ) -> None:
        self.paths = IndexPaths(Path(index))
        if not create and not self.paths.exists():
            raise IndexMissing(f"no index at {self.paths.root}: run `citeline ingest PATH --index {self.paths.root}` first")
        self.paths.root.mkdir(parents=True, exist_ok=True)
        self.embedder = embedder
        self.catalog = Catalog(self.paths.catalog)
        self._chroma_url = chroma_url
        self._collection_name = collection
        # Read before opening: the vectors hold at least what that ingest wrote.
        self._vectors_generation = BM25Index.stored_generation(self.paths.bm25)
        self.vectors = open_vectors(self.paths, chroma_url, collection)
        self._vectors_lock = threading.Lock()
        self._bm25: BM25Index | None = None
        self._bm25_lock = threading.Lock()

    @property
    def collection(self):
        """The raw Chroma collection (tests and bench/ look at it; the code goes through `vectors`)."""
        return self.vectors.collection

    def searched_collection(self):
        return self.searched_vectors().collection

    def searched_vectors(self) -> ChromaVectors:
        """The collection for a search: on an embedded Chroma, reopened first when an ingest (of any
        process) has finished since it was opened. Costs a read of BM25's small meta file per call,
        and one reopen per finished ingest (docs/deploy.md)."""
        if self._chroma_url:
            return self.vectors
        stored = BM25Index.stored_generation(self.paths.bm25)
        if stored is not None and stored != self._vectors_generation:
            with self._vectors_lock:
                # Again under the lock, and before opening: another thread may have reopened already.
                stored = BM25Index.stored_generation(self.paths.bm25)
                if stored is not None and stored != self._vectors_generation:
                    self.vectors = open_vectors(self.paths, None, self._collection_name, fresh=True)
                    self._vectors_generation = stored
        return self.vectors

    def align_write_settings(self) -> None:
        """Give a collection made before `HNSW` changed its current sync_threshold (the one
        setting of those a writer needs that Chroma lets an existing collection change)."""
        hnsw = (self.collection.configuration_json or {}).get("hnsw") or {}
        if hnsw.get("sync_threshold") != HNSW["sync_threshold"]:
            self.collection.modify(configuration={"hnsw": {"sync_threshold": HNSW["sync_threshold"]}})

    def bm25(self) -> BM25Index | None:
        stored = BM25Index.stored_generation(self.paths.bm25)
        with self._bm25_lock:
            if self._bm25 is None or (stored is not None and stored != self._bm25.generation):
                self._bm25 = BM25Index.load(self.paths.bm25)
            return self._bm25

    def document_frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """Chunks indexed, and how many contain each term (BM25's counts); (0, {}) without BM25."""
        index = self.bm25()
        return index.document_frequencies(terms) if index is not None else (0, {})

    def close(self) -> None:
        self.catalog.close()


@contextmanager
def write_lock(paths: IndexPaths, wait: bool = False) -> Iterator[None]:
    """One writer per index. Readers need no lock (SQLite WAL, atomic BM25 swap)."""
    paths.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise IndexBusy(f"another ingest is writing to {paths.root}; try again when it has finished") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)
