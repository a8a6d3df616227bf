"""A SIGKILL while Chroma persists its HNSW index can leave a truncated pickle behind (seen in the
crash-safety test): a fresh process must still answer, and the next ingest must repair it."""

import shutil
from pathlib import Path

from ingest.pipeline import ingest
from rag.engine import Engine
from tests.conftest import SAMPLE_CORPUS, fresh_chroma

QUESTION = "Why did operatives relocate their operations?"


def _damage(index: Path) -> list[Path]:
    pickles = list((index / "chroma").rglob("index_metadata.pickle"))
    for p in pickles:
        p.write_bytes(b"")  # what a kill in the middle of writing it leaves
    return pickles


def test_a_truncated_hnsw_file_is_answered_around_and_repaired_by_the_next_ingest(tmp_path, make_settings):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    # Chroma persists its HNSW files only past 100 vectors (our sync_threshold): give it 150 more.
    for i in range(150):
        (corpus / f"note{i:03d}.txt").write_text(f"Harbour note {i}\n\nShip number {i} docked at berth {i % 12}.\n")
    settings = make_settings(index=tmp_path / "index")
    assert ingest([corpus], settings).added == 151
    first = Engine(settings)
    expected = first.ask(QUESTION)
    assert not expected.abstained
    first.store.close()
    assert _damage(settings.index), "no HNSW files to damage: Chroma's layout changed"
    fresh_chroma()  # as a newly started process would, read what is on disk

    # A fresh reader (a server started after the crash) answers from keyword search meanwhile.
    engine = Engine(settings)
    assert engine.retriever.dense(engine.embedder.encode([QUESTION])[0], 3) == {}  # the damage is real
    degraded = engine.ask(QUESTION)
    assert not degraded.abstained and degraded.sources
    assert "relocate" in degraded.answer
    engine.store.close()
    fresh_chroma()

    # The next ingest finds the vectors unreadable, starts them over and re-embeds every document.
    report = ingest([corpus], settings)
    assert not report.failed and report.chunks > 0
    fresh_chroma()
    repaired = Engine(settings)
    assert repaired.retriever.dense(repaired.embedder.encode([QUESTION])[0], 3)  # dense search works again
    assert [s.text for s in repaired.ask(QUESTION).sources] == [s.text for s in expected.sources]
