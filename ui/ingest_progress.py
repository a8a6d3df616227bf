"""Drawing an ingest's progress (ingest.progress events) on stderr, where stdout stays the summary.

On a terminal: a live bar for the files and one for the write under way (chunks embedded of how many, the rate,
the time left), so a large file shows it moves. Otherwise (a CI log, `2> log`): plain lines, no redrawing, a line
per file read and, while one write runs long, a line every `LINE_EVERY` seconds saying how far it is.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, Progress as Bars, ProgressColumn, SpinnerColumn, Task, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.text import Text

from ingest.progress import FileDone, FileStarted, Finishing, IngestEvent, Progress, WriteProgress

LINE_EVERY = 10.0
"""Seconds between the lines that say how far a long write (or a long run of unchanged files) is."""

_UNITS = {"embedding": "chunks", "sentences": "sentences", "storing": "chunks"}


def write_label(event: WriteProgress) -> str:
    """What the write under way does, in a few words: 'embedding big.md and 3 more'."""
    name = _short(event.path) + (f" and {event.documents - 1} more" if event.documents > 1 else "")
    if event.step == "sentences":
        return f"embedding {name}: sentences of long chunks"
    return f"{event.step} {name}"


def _short(path: str, most: int = 48) -> str:
    """A path on one line, its control and format characters shown as '?' (a file's name may hold an escape
    sequence), cut from the left to fit: the file's name is what tells files apart."""
    path = "".join(c if c.isprintable() else "?" for c in " ".join(path.split()))
    return path if len(path) <= most else "…" + path[-(most - 1):]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _per_second(rate: float, unit: str) -> str:
    """'45 chunks/s', '2.5 chunks/s': a tenth shown only while the rate is under ten."""
    return f"{rate:,.{0 if rate >= 10 else 1}f} {unit}/s"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@contextmanager
def progress_on_stderr(shown: bool = True) -> Iterator[Progress | None]:
    """The progress callback an ingest is given: a live bar when stderr is a terminal, plain lines when it is
    not, none unless `shown` (--json, --quiet)."""
    if not shown:
        yield None
    elif sys.stderr.isatty():
        with LiveProgress() as live:
            yield live
    else:
        yield LineProgress(sys.stderr)


class LineProgress:
    """Progress as lines of plain text: nothing is redrawn, so a log keeps every line it is sent."""

    def __init__(self, out: TextIO, every: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._out = out
        self._every = LINE_EVERY if every is None else every
        self._clock = clock
        self._said_at = clock()
        self._unchanged = 0
        self._file = ""  # "[3/12]": the file being read, whose add may start a write
        self._step: tuple[str, int, str, int] | None = None
        self._step_start = (0.0, 0)  # when the write's step was first heard of, and how far it was then

    def __call__(self, event: IngestEvent) -> None:
        now = self._clock()
        if isinstance(event, FileStarted):
            self._file = f"[{event.number}/{event.total}]"
        elif isinstance(event, FileDone):
            self._file_done(event, now)
        elif isinstance(event, WriteProgress):
            self._write(event, now)
        elif isinstance(event, Finishing) and event.chunks:
            self._say(f"{_count(event.chunks, 'chunk')} written; updating the keyword index", now)

    def _say(self, line: str, now: float) -> None:
        print(line, file=self._out, flush=True)
        self._said_at = now

    def _file_done(self, event: FileDone, now: float) -> None:
        where = f"[{event.number}/{event.total}] {_short(event.path, 200)}"
        if event.outcome == "read":
            self._say(f"{where}: {_count(event.chunks, 'chunk')}", now)
        elif event.outcome == "unchanged":
            self._unchanged += 1
            if now - self._said_at >= self._every:
                self._say(f"[{event.number}/{event.total}] files looked at, {self._unchanged:,} unchanged", now)
        else:
            self._say(f"{where}: {event.outcome}", now)

    def _write(self, event: WriteProgress, now: float) -> None:
        step = (event.path, event.documents, event.step, event.total)
        if step != self._step:
            self._step, self._step_start = step, (now, event.done)
            return
        if now - self._said_at < self._every or event.done >= event.total:
            return
        began, done_then = self._step_start
        rate = (event.done - done_then) / max(now - began, 1e-9)
        unit = _UNITS[event.step]
        line = f"{self._file} {write_label(event)}: {event.done:,}/{event.total:,} {unit}".lstrip()
        if rate > 0:
            line += f", {_per_second(rate, unit)}, about {_duration((event.total - event.done) / rate)} left"
        self._say(line, now)


class LiveProgress:
    """Progress drawn live on a terminal's stderr (rich): the files, and the write under way with its rate and
    time left. Transient: the summary line replaces it."""

    def __init__(self, console: Console | None = None) -> None:
        # On stderr, the terminal checked: rich's own console is stdout's, so `citeline ingest docs | tee log`
        # showed no bar for minutes. The spinner and the elapsed time move even while the counts wait. Redrawn
        # less often than rich's default: two bars cost twice one to draw, and drawing takes the GIL from ingest.
        self.bars = Bars(SpinnerColumn(), "[progress.description]{task.description}", BarColumn(), _Count(),
                             _Rate(), TimeElapsedColumn(), TimeRemainingColumn(),
                             console=console or Console(stderr=True), transient=True, refresh_per_second=5)
        self._files = self.bars.add_task("ingesting", total=None, unit="files", rated=False)
        self._write = self.bars.add_task("", total=None, visible=False)  # its fields are set by each reset
        self._step: tuple[str, int, str, int] | None = None

    def __enter__(self) -> "LiveProgress":
        self.bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bars.stop()

    def __call__(self, event: IngestEvent) -> None:
        if isinstance(event, FileStarted):
            self._hide_write()
            self.bars.update(self._files, completed=event.number - 1, total=event.total,
                             description=escape(f"ingesting {_short(event.path, 32)}"))
        elif isinstance(event, FileDone):
            self.bars.update(self._files, completed=event.number)
        elif isinstance(event, WriteProgress):
            step = (event.path, event.documents, event.step, event.total)
            if step != self._step:
                self._step = step
                self.bars.reset(self._write, total=event.total, description=escape(write_label(event)), visible=True,
                                unit=_UNITS[event.step], rated=True)
            self.bars.update(self._write, completed=event.done)
        elif isinstance(event, Finishing):
            self._hide_write()
            self.bars.update(self._files, description="ingesting: updating the keyword index")

    def _hide_write(self) -> None:
        if self._step is not None:
            self._step = None
            self.bars.update(self._write, visible=False)


class _Count(ProgressColumn):
    """'1,200/20,000 chunks'; the count alone while the total is unknown."""

    def render(self, task: Task) -> Text:
        total = f"/{int(task.total):,}" if task.total is not None else ""
        return Text(f"{int(task.completed):,}{total} {task.fields.get('unit', '')}", style="progress.download")


class _Rate(ProgressColumn):
    """'45 chunks/s' for the write under way (the files' rate says little: their sizes differ)."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        if not task.fields.get("rated") or not speed:
            return Text("")
        return Text(_per_second(speed, task.fields.get("unit", "")), style="progress.data.speed")


def upload_progress(show: Callable[..., object]) -> Progress:
    """An ingest's events told to a Gradio `gr.Progress` (called as `show((done, total), desc=..., unit=...)`):
    the upload's status shows which file is read and how far the write under way is, with Gradio's own rate
    and time left."""

    def heard(event: IngestEvent) -> None:
        if isinstance(event, FileStarted):
            show((event.number - 1, event.total), desc=f"reading {_short(event.path)}", unit="files")
        elif isinstance(event, WriteProgress):
            show((event.done, event.total), desc=write_label(event), unit=_UNITS[event.step])
        elif isinstance(event, Finishing):
            show(None, desc="updating the keyword index")

    return heard
