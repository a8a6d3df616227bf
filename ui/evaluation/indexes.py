"""The cached evaluation indexes: each benchmark's documents ingested under one root name, so every
command that reads a benchmark (eval qa, eval retrieval, eval abstain) shares its cache."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ingest.datasets import beir_corpus, read_squad
from ingest.loaders import LoadedDocument
from ingest.pipeline import IngestReport, ingest_documents
from ingest.settings import IngestSettings


def ingest_squad(path: Path, settings: IngestSettings,
                 documents: Iterable[tuple[str, LoadedDocument]] | None = None) -> IngestReport:
    """The SQuAD file's articles (or the given subset of them) into `settings.index`."""
    if documents is None:
        documents = read_squad(path).documents
    return ingest_documents(documents, f"squad:{path.resolve()}", settings)


def ingest_beir(folder: Path, settings: IngestSettings,
                corpus: Iterable[tuple[str, LoadedDocument]] | None = None) -> IngestReport:
    """The BEIR corpus (or the given slice of it) into `settings.index`."""
    return ingest_documents(corpus if corpus is not None else beir_corpus(folder), f"beir:{folder.resolve()}", settings)

