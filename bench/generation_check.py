"""What keeping a running server in step with other processes' ingests costs per question.

    python -m bench.generation_check [--sizes 10000,100000 | --index DIR ...] [--questions 40] [--moves 5]

On each index (a working copy: it is written to), one in-process engine as `citeline serve` holds it:
- `steady`: `ask` latency while nothing changes (every question still reads BM25's generation to see
  whether an ingest finished), and that check alone (`searched_collection()` with no move);
- `after_move`: `citeline ingest` of one new file in another process (the generation moves), then the
  first `ask` (which reopens the embedded Chroma and loads its HNSW index) and the next one;
- the process's resident memory after the first and the last move (reopened clients are let go).
Sizes, `--sizes` and the synthetic grown indexes are those of bench.query_latency.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import ROOT, emit, latency_summary
from bench.query_latency import add_index_arguments, benchmark_queries, indexes_from


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _timed_ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(index: Path, questions: list[str], moves: int, scratch: Path) -> dict:
    from rag.engine import Engine
    from ui.settings import Settings

    work = scratch / "index"
    shutil.copytree(index, work)
    engine = Engine(Settings(index=work))
    engine.ask(questions[0])  # loads the vectors, BM25 and the answerer's caches
    steady = [_timed_ms(lambda: engine.ask(q)) for q in questions]
    check_us = [_timed_ms(engine.store.searched_collection) * 1000 for _ in range(2000)]

    first, second, ingest_s, rss = [], [], [], []
    for move in range(moves):
        added = scratch / f"added-{move}.txt"
        added.write_text(f"Tide Log {move}\n\nThe harbor master recorded tide number {move} at dawn, "
                         f"and the ferry waited {move + 3} minutes.\n")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ui.cli", "ingest", str(added), "--index", str(work)],
                       cwd=ROOT, check=True, capture_output=True)
        ingest_s.append(time.perf_counter() - started)
        q1, q2 = questions[(2 * move) % len(questions)], questions[(2 * move + 1) % len(questions)]
        first.append(_timed_ms(lambda: engine.ask(q1)))
        second.append(_timed_ms(lambda: engine.ask(q2)))
        rss.append(_rss_mb())
    chunks = engine.store.catalog.counts()[1]
    engine.store.close()
    return {
        "chunks": chunks,
        "steady_ask": latency_summary(steady),
        "generation_check_us": {k.replace("_ms", "_us"): v for k, v in latency_summary(check_us).items()},
        "first_ask_after_move": latency_summary(first),
        "next_ask_after_move": latency_summary(second),
        "other_process_ingest_s": round(sum(ingest_s) / len(ingest_s), 2),
        "rss_mb_after_each_move": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_index_arguments(parser)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--moves", type=int, default=5)
    args = parser.parse_args()
    questions = benchmark_queries(args, args.questions)
    results = []
    for index in indexes_from(args):
        with tempfile.TemporaryDirectory(prefix="generation-check-") as scratch:
            results.append({"index": str(index), **measure(index, questions, args.moves, Path(scratch))})
    emit("generation_check", {"questions": len(questions), "moves": args.moves, "indexes": results})


if __name__ == "__main__":
    main()
