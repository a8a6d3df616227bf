"""The cached evaluation indexes: each benchmark's documents ingested under one root name, so every
command that reads a benchmark (eval qa, eval retrieval, eval abstain) shares its cache. A cache
built by other ingest code, or one asked `fresh`, is built again from nothing (ui.evaluation.index_build)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Iterable

from ingest.datasets import beir_corpus, read_squad
from ingest.loaders import LoadedDocument
from ingest.pipeline import IngestReport, ingest, ingest_documents
from ingest.settings import IngestSettings
from ui.evaluation import index_build


def _cached(settings: IngestSettings, fresh: bool, build: Callable[[], IngestReport]) -> IngestReport:
    index = Path(settings.index)
    made_by = index_build.prepare(index, settings, fresh)
    report = build()
    if not report.failed:
        index_build.record(index, made_by)
    return report


def ingest_squad(path: Path, settings: IngestSettings,
                 documents: Iterable[tuple[str, LoadedDocument]] | None = None, fresh: bool = False) -> IngestReport:
    """The SQuAD file's articles (or the given subset of them) into `settings.index`."""
    if documents is None:
        documents = read_squad(path).documents
    return _cached(settings, fresh, lambda: ingest_documents(documents, f"squad:{path.resolve()}", settings))


def ingest_beir(folder: Path, settings: IngestSettings,
                corpus: Iterable[tuple[str, LoadedDocument]] | None = None, fresh: bool = False) -> IngestReport:
    """The BEIR corpus (or the given slice of it) into `settings.index`."""
    documents = corpus if corpus is not None else beir_corpus(folder)
    return _cached(settings, fresh, lambda: ingest_documents(documents, f"beir:{folder.resolve()}", settings))


def ingest_folder(folder: Path, settings: IngestSettings, fresh: bool = False) -> IngestReport:
    """A folder of documents (a documentation corpus) into `settings.index`."""
    return _cached(settings, fresh, lambda: ingest([folder], settings))
