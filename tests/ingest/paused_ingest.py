"""`citeline ingest` that stops at a chosen step of the write protocol, for the crash-safety tests.

    python -m tests.ingest.paused_ingest STEP N <citeline ingest arguments>

Runs the real CLI in this process with one hook: from the N-th time the ingest reaches STEP on,
each time, it prints `paused STEP N` (N counting on) on stdout and waits for a line on stdin. The test then has a writer stopped
at a known point of a write, asks questions of the half-written index, and kills the process with
SIGKILL there, or sends a line and kills it at once, while it runs on from that point.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable


def _pause_at(owner, name: str, step: str, nth: int, when: str = "after",
              applies: Callable[..., bool] = lambda *args, **kwargs: True) -> None:
    """Wrap `owner.name` so that its nth applicable call and every later one pause, before or after it runs."""
    original = getattr(owner, name)
    calls = 0

    @functools.wraps(original)
    def hooked(*args, **kwargs):
        nonlocal calls
        hit = False
        if applies(*args, **kwargs):
            calls += 1
            hit = calls >= nth
        if hit and when == "before":
            _wait(step, calls)
        result = original(*args, **kwargs)
        if hit and when == "after":
            _wait(step, calls)
        return result

    setattr(owner, name, hooked)


def _wait(step: str, nth: int) -> None:
    print(f"paused {step} {nth}", flush=True)
    sys.stdin.readline()


def _install(step: str, nth: int) -> None:
    import ingest.write_session as write_session
    from rag.catalog import Catalog
    from rag.vectors import ChromaVectors

    hooks = {
        # The index is marked dirty; nothing of this write is stored yet.
        "dirty": lambda: _pause_at(Catalog, "set_meta", step, nth,
                                   applies=lambda self, key, value: (key, value) == ("dirty", "1")),
        # A group's vectors are stored, none of its documents is in the catalog yet.
        "vectors": lambda: _pause_at(ChromaVectors, "add", step, nth),
        # Part of a group's documents are committed to the catalog, the rest not.
        "document": lambda: _pause_at(Catalog, "put_document", step, nth),
        # Documents gone from the folder (or the collection) have left the catalog; their vectors not yet.
        "removal": lambda: _pause_at(Catalog, "leave", step, nth),
        # Every document is in the catalog and the vectors store; BM25 is the previous version's.
        "bm25": lambda: _pause_at(write_session, "update_bm25", step, nth, when="before"),
        # Half-way through swapping the new BM25 folder in: the old one moved aside, the new one not yet in place.
        "bm25-swap": lambda: _pause_at(Path, "rename", step, nth,
                                       applies=lambda self, target: str(target).endswith(".old")),
    }
    hooks[step]()


def main(argv: list[str]) -> None:
    step, nth, *rest = argv
    _install(step, int(nth))
    from ui.cli import app

    app(["ingest", *rest], prog_name="citeline")


if __name__ == "__main__":
    main(sys.argv[1:])
