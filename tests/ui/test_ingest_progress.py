"""How an ingest's progress is drawn off a terminal: plain lines, few of them, each saying how far it is."""

from __future__ import annotations

import io

from ingest.progress import FileDone, FileStarted, Finishing, WriteProgress
from ui.ingest_progress import LineProgress, write_label


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lines_name_each_file_read_and_sum_up_the_unchanged_ones():
    out, clock = io.StringIO(), Clock()
    lines = LineProgress(out, every=10, clock=clock)
    for n in range(1, 301):
        clock.now += 0.125
        lines(FileStarted(n, 302, f"page{n}.md"))
        lines(FileDone(n, 302, f"page{n}.md", "unchanged"))
    lines(FileDone(301, 302, "guide/intro.md", "read", 1))
    lines(FileDone(302, 302, "broken.pdf", "failed"))
    lines(Finishing(1))
    # 37.5 s of unchanged files: a line every 10 s, not one per file.
    assert out.getvalue().splitlines() == [
        "[80/302] files looked at, 80 unchanged",
        "[160/302] files looked at, 160 unchanged",
        "[240/302] files looked at, 240 unchanged",
        "[301/302] guide/intro.md: 1 chunk",
        "[302/302] broken.pdf: failed",
        "1 chunk written; updating the keyword index",
    ]


def test_a_long_write_says_how_far_it_is_with_its_rate_and_time_left():
    out, clock = io.StringIO(), Clock()
    lines = LineProgress(out, every=10, clock=clock)
    lines(FileStarted(1, 2, "big.md"))
    for done in range(0, 1001, 25):  # 25 chunks a second
        lines(WriteProgress("big.md", 1, "embedding", done, 1000))
        clock.now += 1
    for done in range(0, 4001, 400):  # 400 sentences a second
        lines(WriteProgress("big.md", 1, "sentences", done, 4000))
        clock.now += 1
    lines(WriteProgress("big.md", 1, "storing", 1000, 1000))
    lines(FileDone(1, 2, "big.md", "read", 1000))
    assert out.getvalue().splitlines() == [
        "[1/2] embedding big.md: 250/1,000 chunks, 25 chunks/s, about 30 s left",
        "[1/2] embedding big.md: 500/1,000 chunks, 25 chunks/s, about 20 s left",
        "[1/2] embedding big.md: 750/1,000 chunks, 25 chunks/s, about 10 s left",
        # Its rate is the step's own; a finished step says nothing (the next one, or the file's line, follows).
        "[1/2] embedding big.md: sentences of long chunks: 400/4,000 sentences, 400 sentences/s, about 9 s left",
        "[1/2] big.md: 1,000 chunks",
    ]


def test_a_write_of_several_documents_is_named_by_its_largest():
    assert write_label(WriteProgress("guide/big.md", 4, "embedding", 0, 10)) == "embedding guide/big.md and 3 more"
    assert write_label(WriteProgress("a.md", 1, "storing", 0, 10)) == "storing a.md"
    long = "docs/" + "deep/" * 20 + "file.md"
    assert write_label(WriteProgress(long, 1, "embedding", 0, 10)).endswith("/deep/file.md")
    assert len(write_label(WriteProgress(long, 1, "embedding", 0, 10))) <= len("embedding ") + 48


def test_the_live_bar_shows_the_write_under_way_with_its_rate_and_hides_it_after():
    from rich.console import Console

    from ui.ingest_progress import LiveProgress

    shown = io.StringIO()
    console = Console(file=shown, force_terminal=True, width=160, color_system=None)
    live = LiveProgress(console)

    def drawn() -> str:
        shown.truncate(0)
        shown.seek(0)
        console.print(live.bars)
        return shown.getvalue()

    live(FileStarted(1, 3, "big.md"))
    for done in range(0, 41, 10):
        live(WriteProgress("big.md", 1, "embedding", done, 400))
    screen = drawn()
    assert "ingesting big.md" in screen and "0/3 files" in screen
    assert "embedding big.md" in screen and "40/400 chunks" in screen and " chunks/s" in screen
    live(WriteProgress("big.md", 1, "sentences", 5, 900))
    assert "embedding big.md: sentences of long chunks" in drawn() and "5/900 sentences" in drawn()
    live(FileDone(1, 3, "big.md", "read", 400))
    live(FileStarted(2, 3, "small.md"))
    screen = drawn()
    assert "ingesting small.md" in screen and "1/3 files" in screen and "embedding" not in screen


def test_an_upload_tells_gradio_which_file_it_reads_and_how_far_its_write_is():
    from ui.ingest_progress import upload_progress

    calls = []
    heard = upload_progress(lambda at, desc, unit="steps": calls.append((at, desc, unit)))
    heard(FileStarted(1, 2, "notes.md"))
    heard(FileDone(1, 2, "notes.md", "read", 300))
    heard(WriteProgress("notes.md", 1, "embedding", 120, 300))
    heard(WriteProgress("notes.md", 1, "sentences", 7, 90))
    heard(Finishing(300))
    assert calls == [((0, 2), "reading notes.md", "files"), ((120, 300), "embedding notes.md", "chunks"),
                     ((7, 90), "embedding notes.md: sentences of long chunks", "sentences"),
                     (None, "updating the keyword index", "steps")]


def test_a_file_name_with_markup_or_an_escape_sequence_is_shown_as_plain_text():
    from rich.console import Console

    from ui.ingest_progress import LiveProgress

    name = "notes [/bold] \x1b[2J\nplan.md"
    shown = io.StringIO()
    live = LiveProgress(Console(file=shown, force_terminal=True, width=160, color_system=None))
    live(FileStarted(1, 1, name))
    live(WriteProgress(name, 1, "embedding", 1, 9))
    Console(file=shown, force_terminal=True, width=160, color_system=None).print(live.bars)
    assert "ingesting notes [/bold] ?[2J plan.md" in shown.getvalue()
    assert "embedding notes [/bold] ?[2J plan.md" in shown.getvalue()
    lines = io.StringIO()
    LineProgress(lines)(FileDone(1, 1, name, "read", 3))
    assert lines.getvalue() == "[1/1] notes [/bold] ?[2J plan.md: 3 chunks\n"
