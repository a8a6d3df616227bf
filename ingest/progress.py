"""What an ingest tells whoever watches it while it runs: typed events, which a face draws (ui/cli.py's bar or
lines, the upload's status). Ingest prints nothing itself.

Files are read one after the other, and their chunks are embedded and written in groups: small documents are
buffered so they share encoder batches, a large one fills a group of its own. So a file's `FileDone` says how
many chunks it was cut into, and the `WriteProgress` of the group it lands in says how far their embedding is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Outcome = Literal["read", "unchanged", "failed", "skipped"]
Step = Literal["embedding", "sentences", "storing"]


@dataclass(frozen=True, slots=True)
class FileStarted:
    """File `number` of `total` is being looked at: hashed, and read and chunked unless unchanged."""

    number: int
    total: int
    path: str


@dataclass(frozen=True, slots=True)
class FileDone:
    """File `number` of `total` was handled: read into `chunks` chunks (embedded with its write group), left as
    indexed (unchanged), failed (the report says why) or skipped (a template, no document)."""

    number: int
    total: int
    path: str
    outcome: Outcome
    chunks: int = 0


@dataclass(frozen=True, slots=True)
class WriteProgress:
    """How far the write of one group of documents has come; `path` is the group's largest document,
    `documents` how many it holds. Steps, in order: 'embedding' (`done` of `total` chunks encoded), 'sentences'
    (the sentences of chunks longer than the model reads at once, each encoded alone: `done` of `total`), then
    'storing' (`done` of `total` chunk vectors written)."""

    path: str
    documents: int
    step: Step
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Finishing:
    """Every file is written: removed documents' vectors are dropped and the keyword index brought up to date."""

    chunks: int
    """Chunks written by this ingest."""


IngestEvent = FileStarted | FileDone | WriteProgress | Finishing
Progress = Callable[[IngestEvent], None]
