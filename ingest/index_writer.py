"""The index writer the engine is given (rag.index_writing.IndexWriter): ingest, remove, lock."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from ingest.crawl import CrawlLimits
from ingest.ignore import SelectionRules
from ingest.pipeline import IngestReport, Progress, ingest, remove_document
from ingest.settings import IngestSettings
from rag.store import IndexPaths, write_lock


class IndexWriter:
    """Writes the index at `settings.index`; one ingest at a time across processes (the write lock)."""

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings

    def ingest(self, paths: Sequence[Path], progress: Progress | None = None,
               rules: SelectionRules = SelectionRules(), urls: Sequence[str] = (),
               crawl: CrawlLimits = CrawlLimits()) -> IngestReport:
        return ingest(list(paths), self.settings, progress, rules, urls=list(urls), crawl=crawl)

    def remove(self, doc_id: str) -> bool:
        return remove_document(doc_id, self.settings)

    def locked(self) -> AbstractContextManager[None]:
        return write_lock(IndexPaths(Path(self.settings.index)))
