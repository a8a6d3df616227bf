"""What the engine needs from whoever writes the index: `ingest/` implements it, `ui/` wires it in.

`rag/` reads the index and must not import `ingest/`, yet the faces ingest and remove documents
through the engine. So the engine takes a writer shaped like this protocol (ingest.index_writer
provides one); an engine built without one answers, and refuses to write with a one-line error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rag.scope import DEFAULT_COLLECTION


class FileFailureLike(Protocol):
    path: str
    error: str


class IngestOutcome(Protocol):
    """What an ingest reports: counts, and the files that failed with why."""

    added: int
    updated: int
    unchanged: int
    removed: int
    chunks: int
    seconds: float
    failed: Sequence[FileFailureLike]

    def as_json(self) -> dict: ...


@dataclass(frozen=True, slots=True)
class CollectionRemoval:
    """What removing a collection did."""

    name: str
    removed: int
    """Documents only it held, taken out of the index."""
    kept: int
    """Documents other collections hold too: they stay, in those."""


class IndexWriter(Protocol):
    def ingest(self, paths: Sequence[Path], progress: Callable[[object], None] | None = None, *,
               collection: str = DEFAULT_COLLECTION, names: Mapping[Path, str] | None = None) -> IngestOutcome:
        """Bring `collection` in step with these files (unchanged ones skipped; a file indexed by
        another collection joins this one without being read again). Raises IndexBusy, and
        BadRequest for an invalid collection name. `names`: a file's name as sent (a title made
        from the file's name is made from it). `progress` hears the writer's progress events while
        it runs (ingest.progress: a face draws them)."""
        ...

    def remove(self, doc_id: str) -> bool:
        """Take one document out of the index (every collection; vectors, catalog, BM25); False if it was not there."""
        ...

    def remove_collection(self, name: str) -> CollectionRemoval:
        """Take a collection out: documents only it holds leave the index, the others stay in
        theirs. Raises NotFound for an unknown collection."""
        ...

    def locked(self) -> AbstractContextManager[None]:
        """Hold the index's write lock (raises IndexBusy when another writer has it)."""
        ...
