"""Load test: N concurrent clients asking `/api/ask` of a real `citeline serve` on a free
127.0.0.1 port, at several client counts; throughput, p50/p95/p99 latency and errors for each.

    python -m bench.load_test --index INDEX [--questions queries.jsonl] [--clients 1,4,16,32] [--seconds 120]
    python -m bench.load_test --index DIR --build-scifact [--scifact-docs N] ...   # ingest shared/eval/scifact first

Loopback only; every level is bounded in time (--seconds) and in requests (--max-requests), and
the server is stopped at the end. Each client is a thread with its own connection, sending its
next question as soon as the last answer arrives (a closed loop, like users who wait).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from bench.common import percentile
from bench.web_latency import ROOT, SAMPLE_QUESTIONS, _free_port

SCIFACT = ROOT.parent / "shared" / "eval" / "scifact"


def build_scifact(index: Path, limit: int | None = None) -> None:
    """SciFact's corpus (or its first `limit` documents: the full 5,183 take long on two busy cores)."""
    from itertools import islice

    from ingest.datasets import beir_corpus
    from ingest.pipeline import ingest_documents
    from rag.settings import Settings

    report = ingest_documents(islice(beir_corpus(SCIFACT), limit), "beir:scifact", Settings(index=index))
    print(f"built {index}: {report.added} added, {report.unchanged} unchanged in {report.seconds:.0f} s", flush=True)


def _level(url: str, questions: list[str], clients: int, seconds: float, max_requests: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    sent = [0]

    def client(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            i = offset
            while time.perf_counter() < stop_at:
                with lock:
                    if sent[0] >= max_requests:
                        return
                    sent[0] += 1
                t = time.perf_counter()
                try:
                    r = http.post("/api/ask", json={"question": questions[i % len(questions)]})
                    ok = r.status_code == 200
                    error = "" if ok else f"HTTP {r.status_code}: {r.text[:120]}"
                except httpx.HTTPError as exc:
                    ok, error = False, f"{type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - t) * 1000
                with lock:
                    (latencies.append(elapsed) if ok else errors.append(error))
                i += clients

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "throughput_rps": round(len(latencies) / wall, 2),
        "p50_ms": round(percentile(latencies, 0.50), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "seconds": round(wall, 1),
    }


def run(index: Path, questions: list[str], levels: list[int], seconds: float, max_requests: int,
        env: dict[str, str]) -> list[dict]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--index", str(index), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env={**os.environ, **env},
    )
    try:
        deadline = time.time() + 300
        while True:
            if proc.poll() is not None:
                raise RuntimeError("the server exited")
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline:
                raise RuntimeError("the server did not answer within 300 s")
            time.sleep(0.5)
        _level(url, questions, 2, 5, 20)  # warm caches and the thread pool before measuring
        results = []
        for clients in levels:
            result = _level(url, questions, clients, seconds, max_requests)
            print(json.dumps(result), flush=True)
            results.append(result)
        return results
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def table(results: list[dict]) -> str:
    best = max(r["throughput_rps"] for r in results) or 1
    lines = ["| clients | requests | errors | req/s | % of best | p50 ms | p95 ms | p99 ms |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['clients']} | {r['requests']} | {r['errors']} | {r['throughput_rps']} | "
                     f"{100 * r['throughput_rps'] / best:.0f} % | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--build-scifact", action="store_true", help="ingest shared/eval/scifact into --index first")
    parser.add_argument("--scifact-docs", type=int, help="with --build-scifact: only the first N documents")
    parser.add_argument("--questions", type=Path, help="BEIR queries.jsonl (default: sample-corpus questions)")
    parser.add_argument("--clients", default="1,4,16,32")
    parser.add_argument("--seconds", type=float, default=120.0, help="duration of each level")
    parser.add_argument("--max-requests", type=int, default=20_000, help="cap per level")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server (e.g. CITELINE_*)")
    args = parser.parse_args()
    if args.build_scifact:
        build_scifact(args.index, args.scifact_docs)
    questions = SAMPLE_QUESTIONS
    if args.questions:
        with open(args.questions, encoding="utf-8") as f:
            questions = [json.loads(line)["text"] for line in f][:500]
    env = dict(item.split("=", 1) for item in args.env)
    results = run(args.index, questions, [int(c) for c in args.clients.split(",")], args.seconds,
                  args.max_requests, env)
    print(table(results))


if __name__ == "__main__":
    main()
