"""The index writer the engine is given (rag.index_writing.IndexWriter): ingest, remove, lock.

Every change goes through a `WriteSession` (ingest.write_session), which owns the write protocol;
an ingest is the pipeline's (discovery, loading, chunking) driving one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from ingest.crawl import CrawlLimits
from ingest.ignore import SelectionRules
from ingest.mail_parts import attachments_of
from ingest.pipeline import IngestReport, ingest
from ingest.progress import Progress
from ingest.settings import IngestSettings
from ingest.write_session import WriteSession
from rag.collection_names import check_collection_name
from rag.errors import NotFound
from rag.index_writing import CollectionRemoval
from rag.scope import DEFAULT_COLLECTION
from rag.store import IndexPaths, write_lock


class IndexWriter:
    """Writes the index at `settings.index`; one write at a time across processes (the write lock)."""

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings

    def ingest(self, paths: Sequence[Path], progress: Progress | None = None,
               rules: SelectionRules = SelectionRules(), urls: Sequence[str] = (),
               crawl: CrawlLimits = CrawlLimits(), collection: str = DEFAULT_COLLECTION,
               names: Mapping[Path, str] | None = None) -> IngestReport:
        return ingest(list(paths), self.settings, progress, rules, urls=list(urls), crawl=crawl, collection=collection,
                      names=names)

    def remove(self, doc_id: str) -> bool:
        """Take one document out of the index (vectors, catalog, BM25); False when it holds no such
        document. Raises IndexBusy while another write runs, IndexMissing when there is no index."""
        with WriteSession.open(self.settings, create=False) as session:
            record = session.catalog.document(doc_id)
            if record is None:
                return False
            session.begin()
            # An e-mail's attachments are documents of their own that exist only through it.
            for gone in [doc_id, *attachments_of(session.catalog, record)]:
                session.forget(gone)
            session.finish()
            return True

    def remove_collection(self, name: str) -> CollectionRemoval:
        """Take a collection out of the index: its documents that no other collection holds leave the
        index (vectors, catalog, BM25), the others only leave it. Raises NotFound for an unknown name.

        Interrupted, it leaves each document whole (in or out); running it again finishes it."""
        check_collection_name(name)
        with WriteSession.open(self.settings, create=False, collection=name) as session:
            if name not in session.catalog.collection_names():
                raise NotFound("collection", f"no collection is named {name!r}")
            session.begin()
            removed = kept = 0
            for doc in session.catalog.documents(collections=(name,)):
                if session.leave(doc.doc_id):
                    removed += 1
                else:
                    kept += 1
            session.catalog.drop_collection(name)
            session.finish()
            return CollectionRemoval(name, removed, kept)

    def locked(self) -> AbstractContextManager[None]:
        return write_lock(IndexPaths(Path(self.settings.index)))
