"""An ingest's progress events (ingest.progress), heard during a real ingest of a generated large file."""

from __future__ import annotations

import pytest

from ingest.pipeline import ingest
from ingest.progress import FileDone, FileStarted, Finishing, WriteProgress

# The events of the encoder's batches are the subject: every passage goes through the model.
pytestmark = pytest.mark.embeds_afresh


def write_table(path, rows: int) -> None:
    """A Markdown file that is mostly one long table: many chunks, each longer than the model reads at once."""
    # Rows of this file alone: a row another test's table also has may be found already embedded in this
    # process, and would then be heard as no encoder batch.
    shift = abs(hash(str(path.resolve()))) % 997
    lines = ["| id | part | warehouse | stock | remark |", "|---|---|---|---|---|"]
    lines += [f"| {i} | bolt M{i % 40} | depot {i % 17} | {i * 7 % 500} | reordered in week {i % 52} by shift {shift} |"
              for i in range(rows)]
    path.write_text("# Parts stock\n\nThe stock of every part, by warehouse.\n\n" + "\n".join(lines) + "\n")


def test_a_large_file_reports_its_embedding_before_it_is_done(tmp_path, make_settings):
    docs = tmp_path / "docs"
    docs.mkdir()
    write_table(docs / "big.md", 240)
    (docs / "small.md").write_text("# Small\n\nThe kiln fires at cone 6.\n")
    events = []
    # Groups of 8 chunks: the big file's chunks fill a group of their own at once, as a large file's fill the
    # default 256 (a file of fewer chunks is written with the small ones, after the last file).
    settings = make_settings(ingest_write_chunks=8)
    report = ingest([docs], settings, progress=events.append)
    assert report.added == 2 and not report.failed

    started = {e.path: i for i, e in enumerate(events) if isinstance(e, FileStarted)}
    finished = {e.path: i for i, e in enumerate(events) if isinstance(e, FileDone)}
    assert set(started) == set(finished) == {"big.md", "small.md"}
    big = events[finished["big.md"]]
    assert big.outcome == "read" and big.total == 2 and big.chunks > 10
    # Its embedding is heard while the file is still being handled, batch by batch, not once at its end.
    during = [e for e in events[started["big.md"]:finished["big.md"]] if isinstance(e, WriteProgress)]
    assert {e.path for e in during} == {"big.md"}
    embedding = [e for e in during if e.step == "embedding"]
    assert len(embedding) >= big.chunks // 2 and embedding[0].done < embedding[0].total == big.chunks
    assert [e.done for e in embedding] == sorted(e.done for e in embedding) and embedding[-1].done == big.chunks
    # Table chunks run past the model's length limit: each row is then encoded alone, and that is heard too.
    sentences = [e for e in during if e.step == "sentences"]
    assert sentences and sentences[0].done < sentences[0].total and sentences[-1].done == sentences[-1].total
    assert sentences[-1].total >= 240
    assert [e.step for e in during] == sorted((e.step for e in during), key=["embedding", "sentences", "storing"].index)
    assert during[-1].step == "storing" and during[-1].done == during[-1].total == big.chunks
    assert events[-1] == Finishing(report.chunks)

    (docs / "empty.md").write_text("")
    again = []
    ingest([docs], settings, progress=again.append)
    outcomes = {e.path: e.outcome for e in again if isinstance(e, FileDone)}
    assert outcomes == {"big.md": "unchanged", "small.md": "unchanged", "empty.md": "failed"}
    assert not [e for e in again if isinstance(e, WriteProgress)]
