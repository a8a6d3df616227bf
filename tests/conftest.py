"""Shared fixtures: the real embedding model (loaded once), real Chroma indexes on temp dirs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rag import env  # noqa: F401  (offline switches before anything heavy loads)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = ROOT / "sample_corpus"
SAMPLE_FILE = SAMPLE_CORPUS / "culiacan_fentanyl_crackdown.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def embedder():
    from rag.embeddings import get_embedder
    from rag.settings import Settings

    # The runtime the engines of the suite use by default: one model in memory, not two.
    s = Settings()
    return get_embedder(s.embedding_model, s.embedding_runtime, s.model_cache)


@pytest.fixture
def make_settings(tmp_path):
    from rag.settings import Settings

    def make(**overrides):
        overrides.setdefault("index", tmp_path / "index")
        return Settings(**overrides)

    return make


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embedder) -> Path:
    """The sample corpus ingested once for the session; tests must not write to it."""
    from ingest.pipeline import ingest
    from rag.settings import Settings

    index = tmp_path_factory.mktemp("sample") / "index"
    report = ingest([SAMPLE_CORPUS], Settings(index=index))
    assert report.added == 1 and not report.failed
    return index


@pytest.fixture(scope="session")
def sample_engine(sample_index):
    from rag.engine import Engine
    from rag.settings import Settings

    return Engine(Settings(index=sample_index))


@pytest.fixture
def output_dir() -> Path:
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def free_port() -> int:
    """A port nothing listens on (bound, read, released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
