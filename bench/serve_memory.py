"""Memory of `citeline serve`: RSS once it answers /healthz, after the first answer, and its peak
(VmHWM) over N questions through /api/ask and a citation lookup, once its RSS has stopped growing
(the corpus is folded for citation lookup in the background), per index.

    python -m bench.serve_memory [--sizes 10000,100000] [--questions 50] [--source INDEX] [--cache DIR]
    python -m bench.serve_memory --index PATH [--index PATH ...]
    python -m bench.serve_memory --collections 3 [--docs 300] [--questions 12] [--cache DIR]

`--collections N`: one server over an index holding N collections (N slices of the SciFact train
corpus, `--docs` documents each, questions scoped to each collection in turn) against N servers,
one per slice; their memory side by side in one run (bench/results/serve_memory_collections.json).

`--sizes` takes bench.query_latency's grown indexes (built there when missing); `--index` any
index. Questions are SciFact train queries, one at a time. The server runs on a free 127.0.0.1
port and is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import httpx

from bench.common import emit, latency_summary, serving, wait_healthy


def _status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident set) of a process, in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def _mb(kb: int) -> float:
    return round(kb / 1024, 1)


def measure(index: Path, questions: list[str], timeout: float = 900, settle_timeout: float = 300,
            collections: list[str] | None = None, settled_after: float = 20) -> dict:
    """`settled_after`: seconds the RSS must stop growing for to count as settled."""
    with serving(index) as (proc, url):
        started = time.perf_counter()
        health = wait_healthy(proc, url, timeout)
        ready = time.perf_counter() - started
        at_start = _status_kb(proc.pid)
        latencies = []
        with httpx.Client(base_url=url, timeout=300) as client:
            for i, q in enumerate(questions):
                body = {"question": q}
                if collections:  # each collection asked in turn
                    body["collection"] = collections[i % len(collections)]
                t = time.perf_counter()
                client.post("/api/ask", json=body).raise_for_status()
                latencies.append((time.perf_counter() - t) * 1000)
                if i == 0:
                    after_first = _status_kb(proc.pid)
            end = _status_kb(proc.pid)
            # A citation lookup, then wait for the server to stop growing: the folded corpus for
            # exact lookup is built by a background thread that a big index keeps busy for minutes.
            client.post("/api/cite", json={"text": questions[0]}).raise_for_status()
            settle_started, last, stable_since = time.perf_counter(), 0, time.perf_counter()
            while time.perf_counter() - stable_since < settled_after and time.perf_counter() - settle_started < settle_timeout:
                rss = _status_kb(proc.pid)["VmRSS"]
                if rss > last * 1.01:
                    last, stable_since = rss, time.perf_counter()
                time.sleep(2)
            settled = _status_kb(proc.pid)
    return {
        "index": str(index), "chunks": health.get("chunks"), "healthz_s": round(ready, 1),
        "rss_at_healthz_mb": _mb(at_start["VmRSS"]), "rss_after_first_answer_mb": _mb(after_first["VmRSS"]),
        "rss_end_mb": _mb(end["VmRSS"]), "rss_settled_mb": _mb(settled["VmRSS"]),
        "settle_s": round(time.perf_counter() - settle_started, 1), "peak_rss_mb": _mb(settled["VmHWM"]),
        "first_answer_ms": round(latencies[0], 1), "ask": latency_summary(latencies[1:] or latencies),
    }


def collection_indexes(beir: Path, n: int, docs: int, cache: Path) -> tuple[Path, list[Path], list[str]]:
    """N slices of the corpus as files; one index holding each slice as a collection, and one index per
    slice (built when missing, under `cache`)."""
    import json

    from ingest.pipeline import ingest
    from ui.settings import Settings

    names = [f"part{i + 1}" for i in range(n)]
    folder = cache / f"collections-{n}x{docs}"
    combined, singles = folder / "combined", [folder / f"single-{name}" for name in names]
    if (folder / "done").exists():
        return combined, singles, names
    shutil.rmtree(folder, ignore_errors=True)
    with open(beir / "corpus.jsonl", encoding="utf-8") as corpus:
        records = [json.loads(line) for _, line in zip(range(n * docs), corpus)]
    for i, name in enumerate(names):
        files = folder / "files" / name
        files.mkdir(parents=True)
        for record in records[i * docs:(i + 1) * docs]:
            (files / f"{record['_id']}.md").write_text(f"# {record['title']}\n\n{record['text']}\n", encoding="utf-8")
        ingest([files], Settings(index=combined), collection=name)
        ingest([files], Settings(index=singles[i]))
    (folder / "done").write_text("")
    return combined, singles, names


def compare_collections(args: argparse.Namespace, questions: list[str]) -> None:
    combined, singles, names = collection_indexes(args.beir, args.collections, args.docs, args.cache)
    one = {**measure(combined, questions, collections=names), "load_average_1m": round(os.getloadavg()[0], 2)}
    print(one, file=sys.stderr, flush=True)
    each = []
    for index in singles:
        each.append({**measure(index, questions), "load_average_1m": round(os.getloadavg()[0], 2)})
        print(each[-1], file=sys.stderr, flush=True)
    totals = {key: round(sum(r[key] for r in each), 1) for key in ("rss_settled_mb", "peak_rss_mb")}
    emit("serve_memory_collections", {
        "questions": len(questions), "collections": args.collections, "docs_per_collection": args.docs,
        "one_server": one, "separate_servers": each, "separate_total": totals,
        "settled_ratio": round(totals["rss_settled_mb"] / one["rss_settled_mb"], 2),
        "peak_ratio": round(totals["peak_rss_mb"] / one["peak_rss_mb"], 2),
    })


def main() -> None:
    from bench.query_latency import add_index_arguments, benchmark_queries, indexes_from

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_index_arguments(parser)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--collections", type=int, default=0, help="Compare one server with N collections "
                        "against N servers (0: measure indexes as usual).")
    parser.add_argument("--docs", type=int, default=300, help="Documents per collection with --collections.")
    args = parser.parse_args()

    questions = benchmark_queries(args, args.questions)
    if args.collections:
        compare_collections(args, questions)
        return
    results = []
    for index in indexes_from(args):
        load = os.getloadavg()[0]
        results.append({**measure(index, questions), "load_average_1m": round(load, 2)})
        print(results[-1], file=sys.stderr, flush=True)
    emit("serve_memory", {"questions": len(questions), "indexes": results})


if __name__ == "__main__":
    main()
