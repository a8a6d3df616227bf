"""What the engine needs from whoever writes the index: `ingest/` implements it, `ui/` wires it in.

`rag/` reads the index and must not import `ingest/`, yet the faces ingest and remove documents
through the engine. So the engine takes a writer shaped like this protocol (ingest.index_writer
provides one); an engine built without one answers, and refuses to write with a one-line error.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol


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


class IndexWriter(Protocol):
    def ingest(self, paths: Sequence[Path]) -> IngestOutcome:
        """Bring the index in step with these files (unchanged ones skipped). Raises IndexBusy."""
        ...

    def remove(self, doc_id: str) -> bool:
        """Take one document out of the index (vectors, catalog, BM25); False if it was not there."""
        ...

    def locked(self) -> AbstractContextManager[None]:
        """Hold the index's write lock (raises IndexBusy when another writer has it)."""
        ...
