"""What the ingest benchmarks share: picking and editing 1% of a corpus, and timing where an
ingest spends its time.

`ingest_phases()` wraps the steps of `ingest.pipeline` (the code the CLI runs, unchanged) with
timers for as long as the `with` block lasts, so a re-ingest that is not tiny can be explained.
"""

from __future__ import annotations

import functools
import importlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Step name -> "module:attribute" of what is timed as that step (looked up in the namespace of the
# module that calls them: ingest.pipeline's for reading, ingest.write_session's for writing). What is left of the total is "other": the
# write lock, sweeping removed documents, the catalog's bookkeeping, closing the store.
_PHASES = {
    "open_store": ["ingest.write_session:_open_store"],
    "discover": ["ingest.pipeline:discover"],
    "catalog_lookup": ["rag.catalog:Catalog.document_versions", "rag.catalog:Catalog.chunk_ids_of"],
    "hash": ["ingest.pipeline:_hash_file", "ingest.pipeline:_hash_inline"],
    "load": ["ingest.pipeline:load"],
    "chunk": ["ingest.pipeline:split_into_chunks"],
    # The parts of writing a group of documents (`WriteSession.flush`): encoding, Chroma's calls
    # (reads of reusable vectors, upserts, deletes) and the catalog's transactions.
    "encode": ["rag.embeddings:_BatchEncoder.encode_passages"],
    "chroma": ["chromadb.api.models.Collection:Collection.get", "chromadb.api.models.Collection:Collection.upsert",
               "chromadb.api.models.Collection:Collection.delete"],
    "catalog_write": ["rag.catalog:Catalog.put_document", "rag.catalog:Catalog.remove_document"],
    "bm25_update": ["ingest.write_session:update_bm25"],
}


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def one_percent(count: int, offset: int = 0) -> list[int]:
    """Indexes of 1% of `count` items (at least one), spread evenly; `offset` picks another such set."""
    n = max(1, round(count / 100))
    return sorted({(i * count // n + offset) % count for i in range(n)})


def edited(text: str, number: int) -> str:
    """The same text with one sentence appended: a deterministic, visible change."""
    return f"{text.rstrip()} This passage was revised in edit number {number}."


def _timed(function: Callable, phase: str, seconds: dict[str, float]) -> Callable:
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[phase] = seconds.get(phase, 0.0) + time.perf_counter() - started

    return wrapper


@contextmanager
def ingest_phases() -> Iterator[dict[str, float]]:
    """Seconds per ingest step, summed over every ingest run inside the block."""
    seconds: dict[str, float] = {}
    patched: list[tuple[object, str, object]] = []
    for phase, names in _PHASES.items():
        for name in names:
            module, qualname = name.split(":")
            owner: object = importlib.import_module(module)
            *outer, attr = qualname.split(".")
            for part in outer:
                owner = getattr(owner, part)
            original = getattr(owner, attr)
            patched.append((owner, attr, original))
            setattr(owner, attr, _timed(original, phase, seconds))
    try:
        yield seconds
    finally:
        for owner, attr, original in reversed(patched):
            setattr(owner, attr, original)


def breakdown(total: float, seconds: dict[str, float]) -> dict[str, float]:
    """The phases of one ingest in seconds, with what they don't cover as `other`.

    (Keyed `phases_s`, not `*_seconds`, so `bench.run_all` does not flag millisecond noise in them.)
    """
    out = {phase: round(s, 3) for phase, s in seconds.items()}
    out["other"] = round(max(0.0, total - sum(seconds.values())), 3)
    return out


def timed_ingest(run: Callable[[], object], full_seconds: float | None = None) -> tuple[object, dict]:
    """Run one ingest (`run()` returns its IngestReport); its seconds, % of the full ingest and phases."""
    with ingest_phases() as seconds:
        report = run()
    result: dict = {"seconds": round(report.seconds, 3)}
    if full_seconds:
        result["percent_of_full"] = round(100 * report.seconds / full_seconds, 2)
    result["counts"] = {k: getattr(report, k) for k in ("added", "updated", "unchanged", "removed", "chunks")}
    result["phases_s"] = breakdown(report.seconds, seconds)
    return report, result
