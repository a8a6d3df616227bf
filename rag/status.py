"""What an index holds, read from the catalog alone (no model load, so it is instant)."""

from __future__ import annotations

from pydantic import BaseModel

from rag.catalog import Catalog
from rag.scope import CollectionInfo
from rag.settings import StoreSettings
from rag.store import IndexMissing, IndexPaths


class IndexStatus(BaseModel):
    index: str
    documents: int
    chunks: int
    embedding_model: str
    last_ingest: float | None


def read_status(settings: StoreSettings) -> IndexStatus:
    paths = IndexPaths(settings.index)
    if not paths.exists():
        raise IndexMissing(f"no index at {paths.root}: run `citeline ingest PATH --index {paths.root}` first")
    catalog = Catalog(paths.catalog)
    try:
        return status_of(catalog, str(paths.root), settings)
    finally:
        catalog.close()


def read_collections(settings: StoreSettings) -> list[CollectionInfo]:
    """The index's collections without loading a model (`citeline collections`)."""
    paths = IndexPaths(settings.index)
    if not paths.exists():
        raise IndexMissing(f"no index at {paths.root}: run `citeline ingest PATH --index {paths.root}` first")
    catalog = Catalog(paths.catalog)
    try:
        return catalog.collections()
    finally:
        catalog.close()


def status_of(catalog: Catalog, index: str, settings: StoreSettings) -> IndexStatus:
    docs, chunks = catalog.counts()
    last = catalog.get_meta("last_ingest")
    return IndexStatus(
        index=index,
        documents=docs,
        chunks=chunks,
        embedding_model=catalog.get_meta("embedding_model") or settings.embedding_model,
        last_ingest=float(last) if last else None,
    )
