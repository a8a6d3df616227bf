"""Catalog reads behind the document list and the status line, per index size: a page of
/api/documents (first and deep), the document and chunk counts, and every document's version
(what an ingest reads first), each beside the same read done the old way in the same run (the
table scanned with `NOT INDEXED`, the counts counted every time).

    python -m bench.catalog_reads [--sizes 10000,100000] [--source INDEX] [--cache DIR] [--repeat 5]
    python -m bench.catalog_reads --index PATH [--index PATH ...]

`--sizes` takes bench.query_latency's grown indexes (built there when missing). Reads are warm:
each is done once before it is timed.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import emit
from rag.catalog import Catalog
from rag.store import IndexPaths

_PAGE = ("SELECT doc_id, path, root, title, content_hash, kind, chunks, ingested_at FROM documents NOT INDEXED "
         "ORDER BY path, doc_id LIMIT 100 OFFSET ?")


def _best_ms(read: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` warm reads: the read's own cost, with the least of the machine's noise."""
    read()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read()
        times.append((time.perf_counter() - started) * 1000)
    # To 0.1 us: a cached read of a small index takes microseconds, which 0.01 ms would round to 0.
    return round(min(times), 4)


def _counted(connection: sqlite3.Connection) -> tuple[int, int]:
    return (connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            connection.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])


def measure(index: Path, repeat: int) -> dict:
    catalog = Catalog(IndexPaths(index).catalog)
    plain = sqlite3.connect(IndexPaths(index).catalog)
    try:
        documents, chunks = catalog.counts()
        deep = max(0, documents - 100)
        return {
            "index": str(index), "documents": documents, "chunks": chunks,
            "first_page_ms": _best_ms(lambda: catalog.documents(limit=100), repeat),
            "first_page_unindexed_ms": _best_ms(lambda: plain.execute(_PAGE, (0,)).fetchall(), repeat),
            "last_page_ms": _best_ms(lambda: catalog.documents(limit=100, offset=deep), repeat),
            "last_page_unindexed_ms": _best_ms(lambda: plain.execute(_PAGE, (deep,)).fetchall(), repeat),
            "counts_ms": _best_ms(catalog.counts, repeat),
            "counts_uncached_ms": _best_ms(lambda: _counted(plain), repeat),
            "document_versions_ms": _best_ms(catalog.document_versions, repeat),
        }
    finally:
        plain.close()
        catalog.close()


def main() -> None:
    from bench.query_latency import add_index_arguments, indexes_from

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_index_arguments(parser)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    results = []
    for index in indexes_from(args):
        load = os.getloadavg()[0]
        results.append({**measure(index, args.repeat), "load_average_1m": round(load, 2)})
        print(results[-1], file=sys.stderr, flush=True)
    emit("catalog_reads", {"repeat": args.repeat, "indexes": results})


if __name__ == "__main__":
    main()
