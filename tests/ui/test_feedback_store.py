"""The feedback file on disk: ratings by answer id, replaced when given again, hostile comments kept
verbatim, several processes writing at once, a writer killed mid-stream, unrated answers pruned."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

import ui.feedback_store as feedback_store
from tests.conftest import ROOT
from ui.feedback_store import MAX_COMMENT_CHARS, CitedSpan, CommentTooLong, FeedbackStore, ShownAnswer, UnknownAnswer
from rag.types import Message

SPAN = CitedSpan(n=1, doc_id="ab12cd34", path="/docs/a.txt", start=10, end=42, text="The heron nests in the mill.")
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> **bold** [x](http://evil)\n\u202eevil'


def shown(question: str = "Where do herons nest?") -> ShownAnswer:
    return ShownAnswer(question=question, history=[Message(role="user", content="hi"),
                                                   Message(role="assistant", content="Hello.")],
                       answer="The heron nests in the mill. [1]", abstained=False, sources=[SPAN])


def test_a_rating_is_stored_with_the_question_history_answer_and_spans(tmp_path):
    store = FeedbackStore(tmp_path)
    answer_id = store.record(shown())
    assert list(store.rated()) == []  # recorded, not rated
    rated = store.rate(answer_id, "up", HOSTILE)
    assert rated.id == answer_id and rated.rating == "up" and rated.comment == HOSTILE
    assert rated.question == "Where do herons nest?" and rated.history[1].content == "Hello."
    assert rated.answer == "The heron nests in the mill. [1]" and rated.sources == [SPAN]
    # Read back by another store on the same folder (another process would do the same).
    assert list(FeedbackStore(tmp_path).rated()) == [rated]


def test_a_second_rating_replaces_the_first(tmp_path):
    store = FeedbackStore(tmp_path)
    answer_id = store.record(shown())
    store.rate(answer_id, "up")
    store.rate(answer_id, "down", "wrong mill")
    [only] = store.rated()
    assert (only.rating, only.comment) == ("down", "wrong mill")
    assert list(store.rated("up")) == [] and [r.id for r in store.rated("down")] == [answer_id]
    store.unrate(answer_id)
    assert list(store.rated()) == []
    assert store.rate(answer_id, "up").rating == "up"  # still recorded: it can be rated again


def test_unknown_ids_and_huge_comments_are_refused(tmp_path):
    store = FeedbackStore(tmp_path)
    with pytest.raises(UnknownAnswer):
        store.rate("0" * 32, "up")
    answer_id = store.record(shown())
    with pytest.raises(CommentTooLong, match=f"{MAX_COMMENT_CHARS + 1:,} characters"):
        store.rate(answer_id, "down", "x" * (MAX_COMMENT_CHARS + 1))
    assert list(store.rated()) == []
    assert store.rate(answer_id, "down", "x" * MAX_COMMENT_CHARS).comment == "x" * MAX_COMMENT_CHARS


def test_an_unwritable_folder_gives_no_id_and_no_error(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert FeedbackStore(blocked).try_record(shown()) is None


def _write_many(folder: str, worker: int, count: int) -> None:
    store = FeedbackStore(folder)
    for i in range(count):
        store.rate(store.record(shown(f"question {worker}-{i}")), "up" if i % 2 else "down", f"from {worker}")


def test_several_processes_write_at_once_and_nothing_is_lost(tmp_path):
    workers, each = 4, 40
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(str(tmp_path), w, each)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    questions = sorted(r.question for r in FeedbackStore(tmp_path).rated())
    assert questions == sorted(f"question {w}-{i}" for w in range(workers) for i in range(each))


WRITER = """
import sys
from ui.feedback_store import FeedbackStore
from tests.ui.test_feedback_store import shown
store = FeedbackStore(sys.argv[1])
i = 0
while True:
    store.rate(store.record(shown(f"q{i}")), "down", "c" * 1500)
    i += 1
    if i == 20:
        print("writing", flush=True)
"""


def test_a_writer_killed_mid_write_leaves_a_whole_file(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    with sqlite3.connect(tmp_path / feedback_store.FILE_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rated = list(FeedbackStore(tmp_path).rated())
    assert len(rated) >= 20
    # Every committed rating is whole and the numbering has no gap: a kill loses at most the one in flight.
    assert sorted(int(r.question[1:]) for r in rated) == list(range(len(rated)))
    assert all(r.comment == "c" * 1500 and r.sources == [SPAN] for r in rated)


def test_old_unrated_answers_are_pruned_rated_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(feedback_store, "KEEP_ANSWERS", 10)
    monkeypatch.setattr(feedback_store, "_PRUNE_EVERY", 8)
    store = FeedbackStore(tmp_path)
    first = store.record(shown("rated early"))
    store.rate(first, "up")
    unrated = [store.record(shown(f"u{i}")) for i in range(40)]
    with sqlite3.connect(store.path) as conn:
        kept = {row[0] for row in conn.execute("SELECT id FROM answers")}
    assert first in kept
    assert unrated[-1] in kept and unrated[0] not in kept
    assert len(kept) <= 1 + 10 + 8
    with pytest.raises(UnknownAnswer):
        store.rate(unrated[0], "down")
