"""What one question may read: which collections of the index, and which documents in them.

Every face turns its request (CLI `--collection/--where`, API `collection`/`where`, the OpenAI
`model` and extra body, the chat's picker) into a `Scope` and hands it to the engine; retrieval
applies it inside both searches, so a scoped question still gets k passages when k exist.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COLLECTION = "default"
"""The collection a document joins when none is named; an index made before collections holds only it."""


@dataclass(frozen=True, slots=True)
class Scope:
    collections: tuple[str, ...] | None = None
    """The collections read (their union); None: all of them."""
    where: tuple[str, ...] = ()
    """Filters every passage must pass, as written by the user: `type=pdf`, `path=handbook/**`,
    `title=...`, `date>=2024-01-01`, `author=Ann` (any metadata key). Parsed and validated by
    the retrieval side, which names the offending filter in a one-line error."""

    @property
    def everything(self) -> bool:
        return self.collections is None and not self.where


@dataclass(frozen=True, slots=True)
class CollectionInfo:
    """One collection as `citeline collections` lists it."""

    name: str
    documents: int
    chunks: int
    last_ingest: float | None
    """Unix time of the last ingest into it, or of the last change to one of its documents by any
    write (an ingest into another collection that updated a file they share, a removal): when its
    content last changed. None when none has."""
