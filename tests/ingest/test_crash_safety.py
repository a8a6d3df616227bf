"""Crash safety: a real `citeline ingest` killed with SIGKILL mid-write, the lock, and queries
answered while an ingest writes to the same index.

Two versions of a 40-document corpus (A and B differ by 4 removals, 4 additions and 12 edits) are
ingested once each for the module, uninterrupted, as references. Then an index is moved back and
forth between them by ingests killed at chosen steps of the write protocol (tests/ingest/
paused_ingest.py stops the process there and the test kills it, or lets it run on and kills it at
once); at the stop, and after each kill, the half-updated index must answer only from whole
documents, and one completing ingest must converge to exactly the reference of the version on disk.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from rag.bm25 import BM25Index
from rag.scope import DEFAULT_COLLECTION
from ui.settings import Settings
from rag.store import IndexPaths, Store, write_lock
from tests.conftest import ROOT, fresh_chroma

DOCS = 40
CHANGED = 4  # documents removed (and as many added) between the versions
EDITED = range(4, 16)  # documents of both versions that B edits
# Small write groups: the 16 documents an ingest writes go in four steps of 4, so that steps exist
# between and inside groups to stop at.
WRITE_CHUNKS = "4"
TOPICS = ["harbor", "glacier", "orchard", "volcano", "library", "railway", "desert", "reef", "comet", "forest"]
# Each is answered by both versions of the corpus: version A has no "survey" (a question about one is
# declined since the key-term coverage rule).
QUESTIONS = ["Who repaired the railway bridge?", "What did the glacier crew log?", "Why was the orchard moved?"]


def _doc_text(i: int, version: str) -> str:
    topic = TOPICS[i % len(TOPICS)]
    edited = version == "B" and i in EDITED
    extra = f" A later survey in version two revised note {i} about the {topic}." if edited else ""
    return (
        f"Report {i} on the {topic}\n\n"
        f"The {topic} crew logged item {i} on day {i % 31 + 1}. "
        f"Volunteers repaired the {topic} station after the storm of year {1900 + i}. "
        f"The {topic} committee moved the archive because record {i * 7} was damaged.{extra}\n"
    )


def _wanted(version: str) -> range:
    """A: documents 0-35; B: documents 4-39, with 4-15 edited."""
    return range(0, DOCS - CHANGED) if version == "A" else range(CHANGED, DOCS)


def _write_version(corpus: Path, version: str) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    names = {f"doc{i:03d}.txt": _doc_text(i, version) for i in _wanted(version)}
    for path in corpus.iterdir():
        if path.name not in names:
            path.unlink()
    for name, text in names.items():
        path = corpus / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def snapshot(index: Path, embedder) -> dict:
    """Everything that must match an uninterrupted run, with the three stores' ids checked equal."""
    fresh_chroma()
    store = Store(index, embedder)
    try:
        catalog_ids = store.catalog.all_chunk_ids()
        vector_ids = set(store.collection.get(include=[])["ids"])
        bm25 = BM25Index.load(store.paths.bm25)
        assert catalog_ids == vector_ids, f"chroma has {len(vector_ids - catalog_ids)} extra, " \
                                          f"{len(catalog_ids - vector_ids)} missing ids"
        assert bm25 is not None and set(bm25.chunk_ids) == catalog_ids and len(bm25.chunk_ids) == len(catalog_ids)
        assert bm25.generation == store.catalog.generation()
        assert store.catalog.get_meta("dirty") == "0"
        docs = sorted((d.path, d.content_hash, d.chunks) for d in store.catalog.documents())
        return {"docs": docs, "chunk_ids": sorted(catalog_ids), "counts": store.catalog.counts()}
    finally:
        store.close()


def _versions() -> dict[str, list[str]]:
    """Each file name's whole text in every version it exists in."""
    out: dict[str, list[str]] = {}
    for version in "AB":
        for i in _wanted(version):
            out.setdefault(f"doc{i:03d}.txt", []).append(_doc_text(i, version))
    return out


def assert_sources_whole(engine, versions: dict[str, list[str]] | None = None) -> int:
    """Every source of every answer comes from a whole document.

    With no writer running (none, or one stopped at a step), that is the catalog's document now,
    and every question must be answered with a source (an index that answers nothing would pass the
    check vacuously). While an ingest writes, the document may change between the answer and this
    check, so the source must then be exact in one of the whole versions of its file (never a mix
    or a part).
    """
    catalog = engine.store.catalog
    seen = 0
    for question in QUESTIONS:
        answer = engine.ask(question)
        if versions is None:
            assert not answer.abstained and answer.sources, f"{question!r} found nothing: {answer.answer}"
        for source in answer.sources:
            if versions is not None:
                texts = versions[source.path]
                assert any(t[source.start : source.end] == source.text for t in texts), source
                seen += 1
                continue
            record = catalog.document(source.doc_id)
            assert record is not None, f"source {source.n} cites a missing document {source.path}"
            text = catalog.document_text(source.doc_id)
            assert text[source.start : source.end] == source.text
            assert len(catalog.chunk_ids_of(source.doc_id)) == record.chunks, f"{source.path} is half-written"
            seen += 1
    return seen


def _ingest_cmd(corpus: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--index", str(index), "--json"]


@dataclass(frozen=True)
class Kill:
    """Where a trial kills the ingest: stopped at the nth time it reaches `step` (see
    tests/ingest/paused_ingest.py). `read_on`: first let it run on to the next time, with
    questions asked meanwhile; `run_on`: let it run on and kill it at once, while it writes."""

    step: str
    nth: int = 1
    read_on: bool = False
    run_on: bool = False


class PausedIngest:
    """A real `citeline ingest` process (the CLI's code, run by tests/ingest/paused_ingest.py)
    that stops at a step of the write protocol and waits there to be killed."""

    def __init__(self, kill: Kill, paths: list[Path], index: Path, log: Path, env: dict[str, str],
                 collection: str = DEFAULT_COLLECTION) -> None:
        self.kill = kill
        self.log = log
        self._stderr = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.ingest.paused_ingest", kill.step, str(kill.nth),
             *[str(p) for p in paths], "--index", str(index), "--json", "--collection", collection],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
        )
        self.output: list[str] = []

    def stopped(self) -> str:
        """Wait until it stops at its step; the `paused STEP N` line it printed."""
        for line in self.proc.stdout:
            self.output.append(line)
            if line.startswith("paused "):
                return line.strip()
        code = self.proc.wait()
        raise AssertionError(f"the ingest exited ({code}) without reaching {self.kill}: "
                             f"{''.join(self.output)[-500:]}{self.log.read_text()[-2000:]}")

    def run_on(self) -> None:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def sigkill(self) -> int:
        os.kill(self.proc.pid, signal.SIGKILL)
        return self.proc.wait(timeout=60)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout, self._stderr):
            stream.close()


def _dirty(index: Path) -> bool:
    with sqlite3.connect(f"file:{IndexPaths(index).catalog}?mode=ro", uri=True, timeout=5) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'dirty'").fetchone()
    return bool(row and row[0] == "1")


def _kill_mid_write(writer: PausedIngest, index: Path, versions: dict[str, list[str]]) -> int:
    """Kill `writer` where its Kill says, with a reader open across the write (like `citeline
    serve`) that answers at the stop only from whole documents; the number of sources checked."""
    from rag.engine import Engine

    fresh_chroma()
    engine = Engine(Settings(index=index))
    try:
        writer.stopped()
        answered = 0
        if writer.kill.read_on:
            writer.run_on()
            answered += assert_sources_whole(engine, versions)
            writer.stopped()
        assert _dirty(index), f"{writer.kill}: the index is not marked dirty at the stop"
        answered += assert_sources_whole(engine)
        if writer.kill.run_on:
            writer.run_on()
        code = writer.sigkill()
        assert code == -signal.SIGKILL, f"{writer.kill}: the ingest exited {code} before the kill"
        return answered
    finally:
        writer.close()
        engine.store.close()


def _check_after_kill(index: Path, kill: Kill) -> int:
    """The interrupted index is searchable and answers every question, only from whole documents,
    in a freshly started process too."""
    from rag.engine import Engine

    fresh_chroma()
    engine = Engine(Settings(index=index))
    try:
        after_kill = assert_sources_whole(engine)
    finally:
        engine.store.close()
    assert after_kill >= len(QUESTIONS), f"{kill}: {after_kill} sources after the kill"
    return after_kill


EXTRA_DOCS = 4
COLLECTIONS = ("one", "two")


@dataclass
class Corpus:
    """The module's corpus folders (the same paths for every test: document ids name them) and the
    uninterrupted runs' indexes, per version: one index of the corpus in the default collection,
    one of the corpus in collection "one" and the corpus with a folder of its own in "two"."""

    folder: Path
    extra: Path
    single: dict[str, Path]
    pair: dict[str, Path]

    def sources(self, collection: str) -> list[Path]:
        return [self.folder] if collection == "one" else [self.folder, self.extra]

    def complete_pair(self, index: Path) -> None:
        for name in COLLECTIONS:
            report = ingest(self.sources(name), Settings(index=index), collection=name)
            assert not report.failed

    def start_from(self, reference: Path, index: Path) -> None:
        """`index` becomes a copy of a reference index (version B), as if ingested uninterrupted."""
        fresh_chroma()
        shutil.copytree(reference, index)
        _write_version(self.folder, "B")


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory) -> Corpus:
    root = tmp_path_factory.mktemp("crash")
    corpus = Corpus(root / "corpus", root / "extra", {}, {})
    _write(corpus.extra, {f"extra{i:02d}.txt": _doc_text(DOCS + i, "A") for i in range(EXTRA_DOCS)})
    for version in "AB":
        _write_version(corpus.folder, version)
        corpus.single[version] = root / f"single-{version}"
        report = ingest([corpus.folder], Settings(index=corpus.single[version]))
        assert not report.failed and report.added == DOCS - CHANGED
        corpus.pair[version] = root / f"pair-{version}"
        corpus.complete_pair(corpus.pair[version])
    return corpus


# Each step of the write protocol, moving the corpus both ways between the trials; kills at a
# stop and kills while the ingest runs on from one.
SINGLE_COLLECTION_KILLS = [
    Kill("dirty"),
    Kill("vectors", 2),
    Kill("document", 6),
    Kill("vectors", 1, read_on=True),
    Kill("removal", 2),
    Kill("bm25"),
    Kill("bm25-swap"),
    Kill("document", 3, run_on=True),
    Kill("vectors", 3, run_on=True),
]


def test_sigkill_during_ingest_converges(tmp_path, embedder, crash_corpus):
    references = {version: snapshot(path, embedder) for version, path in crash_corpus.single.items()}
    assert references["A"]["counts"][0] == references["B"]["counts"][0] == DOCS - CHANGED
    assert references["A"]["docs"] != references["B"]["docs"]

    index = tmp_path / "index"
    crash_corpus.start_from(crash_corpus.single["B"], index)
    env = {**os.environ, "CITELINE_INGEST_WRITE_CHUNKS": WRITE_CHUNKS}
    versions = _versions()
    answered = 0
    for trial, kill in enumerate(SINGLE_COLLECTION_KILLS, 1):
        target = "A" if trial % 2 else "B"
        _write_version(crash_corpus.folder, target)
        writer = PausedIngest(kill, [crash_corpus.folder], index, tmp_path / f"ingest{trial}.log", env)
        answered += _kill_mid_write(writer, index, versions)
        answered += _check_after_kill(index, kill)

        fresh_chroma()
        report = ingest([crash_corpus.folder], Settings(index=index))
        assert not report.failed
        assert snapshot(index, embedder) == references[target], f"trial {trial} ({target}, {kill}) diverged"
    print(f"\ncrash trials: {len(SINGLE_COLLECTION_KILLS)} SIGKILLs mid-write, all converged; "
          f"{answered} sources checked whole")


def _collections_snapshot(index: Path, embedder) -> dict:
    """`snapshot` plus which collections hold each document."""
    state = snapshot(index, embedder)
    fresh_chroma()
    store = Store(index, embedder)
    try:
        state["members"] = sorted((Path(d.root).name, d.path, store.catalog.collections_of(d.doc_id))
                                  for d in store.catalog.documents())
        state["collections"] = [(c.name, c.documents, c.chunks) for c in store.catalog.collections()]
    finally:
        store.close()
    return state


# (the collection whose ingest is killed, where): each collection killed moving the corpus both ways.
# When "two" is killed, "one" has written the corpus's new versions already: "two" only joins them
# and lets go of the documents gone from the corpus, which then leave the index.
TWO_COLLECTION_KILLS = [
    ("two", Kill("removal", 2)),
    ("one", Kill("document", 6)),
    ("one", Kill("vectors", 2, run_on=True)),
    ("two", Kill("bm25-swap")),
]


def test_sigkill_during_ingests_of_two_collections_in_turn_converges(tmp_path, embedder, crash_corpus):
    """Collection "one" holds the corpus, "two" the corpus and a folder of its own; they are
    ingested in turn, one of the two killed mid-write each trial. After both complete, the index
    is exactly the reference: files gone from the corpus leave "one" while "two" still holds them,
    and the index once "two" is ingested too."""
    references = {version: _collections_snapshot(path, embedder) for version, path in crash_corpus.pair.items()}
    assert [(name, docs) for name, docs, _ in references["B"]["collections"]] == \
        [("one", DOCS - CHANGED), ("two", DOCS - CHANGED + EXTRA_DOCS)]

    index = tmp_path / "index"
    crash_corpus.start_from(crash_corpus.pair["B"], index)
    env = {**os.environ, "CITELINE_INGEST_WRITE_CHUNKS": WRITE_CHUNKS}
    versions = {**_versions(), **{p.name: [p.read_text()] for p in crash_corpus.extra.iterdir()}}
    for trial, (victim, kill) in enumerate(TWO_COLLECTION_KILLS, 1):
        target = "A" if trial % 2 else "B"
        _write_version(crash_corpus.folder, target)
        # The other collection's ingest runs first, whole, when "two" is the one killed.
        if victim == "two":
            assert not ingest(crash_corpus.sources("one"), Settings(index=index), collection="one").failed
        writer = PausedIngest(kill, crash_corpus.sources(victim), index, tmp_path / f"ingest{trial}.log", env,
                              collection=victim)
        _kill_mid_write(writer, index, versions)
        _check_after_kill(index, kill)

        fresh_chroma()
        crash_corpus.complete_pair(index)
        assert _collections_snapshot(index, embedder) == references[target], \
            f"trial {trial} ({target}, {victim}, {kill}) diverged"


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)


def test_second_ingest_refuses_while_one_writes(tmp_path):
    corpus = tmp_path / "corpus"
    _write_version(corpus, "A")
    index = tmp_path / "index"
    with write_lock(IndexPaths(index)):
        result = subprocess.run(_ingest_cmd(corpus, index), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: another ingest is writing to {index}; try again when it has finished"
    )
    assert not IndexPaths(index).exists()  # the refused ingest wrote nothing, not even an empty catalog
    # Once the first writer is gone the same command succeeds.
    result = subprocess.run(_ingest_cmd(corpus, index), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["added"] == DOCS - CHANGED


def test_a_reader_open_across_an_edit_cites_the_edited_file_until_bm25_is_swapped(tmp_path):
    """Chunk ids hash the text, so an edit gives the file new ids: from the edited document's catalog
    commit until `finish` swaps BM25, a reader's BM25 and vectors return its old ids. Each must be
    read as its successor in the new version, or the reader abstains on the edited file."""
    from rag.engine import Engine

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    _write(corpus, {f"doc{i:03d}.txt": _doc_text(i, "A") for i in range(6)})
    assert not ingest([corpus], Settings(index=index)).failed
    fresh_chroma()
    engine = Engine(Settings(index=index))
    writer = None
    try:
        question, edited = "Why was the orchard moved?", "doc002.txt"
        assert [s.path for s in engine.ask(question).sources][:1] == [edited]
        old_ids = engine.store.catalog.all_chunk_ids()
        (corpus / edited).write_text("Foreword: this report was revised.\n\n" + _doc_text(2, "B"))
        env = {**os.environ, "CITELINE_INGEST_WRITE_CHUNKS": WRITE_CHUNKS}
        writer = PausedIngest(Kill("bm25"), [corpus], index, tmp_path / "ingest.log", env)
        writer.stopped()
        answer = engine.ask(question)
        assert not answer.abstained and [s.path for s in answer.sources][:1] == [edited], answer.answer
        text = engine.store.catalog.document_text(answer.sources[0].doc_id)
        assert text[answer.sources[0].start : answer.sources[0].end] == answer.sources[0].text
        writer.run_on()
        assert writer.proc.wait(timeout=120) == 0
        assert [s.path for s in engine.ask(question).sources][:1] == [edited]
        assert engine.store.catalog.successors(old_ids), "the replaced ids went before every reader swapped BM25"
        assert not ingest([corpus], Settings(index=index)).failed
        assert engine.store.catalog.successors(old_ids) == {}, "the replaced ids outlive the next write"
    finally:
        if writer is not None:
            writer.close()
        engine.store.close()
