"""Load test: N concurrent clients asking `/api/ask` of a real `citeline serve` on a free
127.0.0.1 port, at several client counts; throughput, p50/p95/p99 latency and errors for each.

    python -m bench.load_test --index INDEX [--questions queries.jsonl] [--clients 1,4,16,32] [--seconds 120] [--via api,chat]
    python -m bench.load_test --index DIR --build-scifact [--scifact-docs N] ...   # ingest shared/eval/scifact first

`--via chat` asks through the Gradio chat's queue (Gradio's HTTP protocol for `/chat`) instead of the API.
Loopback only; every level is bounded in time (--seconds) and in requests (--max-requests), and
the server is stopped at the end. Each client is a thread with its own connection, sending its
next question as soon as the last answer arrives (a closed loop, like users who wait).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

import httpx

from bench.common import ROOT, emit, percentile, serving, wait_healthy
from bench.web_latency import SAMPLE_QUESTIONS

SCIFACT = ROOT.parent / "shared" / "eval" / "scifact"


def build_scifact(index: Path, limit: int | None = None) -> None:
    """SciFact's corpus (or its first `limit` documents: the full 5,183 take long on two busy cores)."""
    from itertools import islice

    from ingest.datasets import beir_corpus
    from ingest.pipeline import ingest_documents
    from ui.settings import Settings

    report = ingest_documents(islice(beir_corpus(SCIFACT), limit), "beir:scifact", Settings(index=index))
    print(f"built {index}: {report.added} added, {report.unchanged} unchanged in {report.seconds:.0f} s", flush=True)


class HttpAsker:
    """One user of `/api/ask`, on its own connection."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=120)

    def ask(self, question: str) -> None:
        r = self.http.post("/api/ask", json={"question": question})
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code}: {r.text[:120]}")

    def close(self) -> None:
        self.http.close()


# The chat's own inputs after the question: the LLM, the collection picker's "every collection I may
# read" and an empty "Search in" filter (ui/chat.py).
ALL_COLLECTIONS = "(every collection you may read)"


class ChatAsker:
    """One user of the Gradio chat (`/chat`), through Gradio's queue like a browser tab.

    It speaks Gradio's documented HTTP protocol (POST /gradio_api/call/chat, then read the
    event stream) with httpx: gradio_client's threads took more CPU than the server they measured.
    """

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=120)

    def ask(self, question: str) -> None:
        r = self.http.post("/gradio_api/call/chat", json={"data": [question, "none", ALL_COLLECTIONS, ""]})
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code}: {r.text[:120]}")
        event, last = "", ""
        with self.http.stream("GET", f"/gradio_api/call/chat/{r.json()['event_id']}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    last = line[5:].strip()
                    if event in ("complete", "error"):
                        break
        if event != "complete":
            raise RuntimeError(f"chat event {event or 'none'}: {last[:120]}")
        chat = json.loads(last)[0]
        html = json.dumps(chat[-1]["content"]) if chat else ""
        if not chat or chat[-1]["role"] != "assistant" or 'class=\\"error' in html:
            raise RuntimeError(f"no answer in the chat: {html[:120]}")

    def close(self) -> None:
        self.http.close()


ASKERS = {"api": HttpAsker, "chat": ChatAsker}


def _level(url: str, questions: list[str], clients: int, seconds: float, max_requests: int,
           via: str = "api") -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    # Every client connects first; the clock starts when all are ready.
    ready = threading.Barrier(clients + 1)
    stop_at = [0.0]
    sent = [0]

    def client(offset: int) -> None:
        asker = ASKERS[via](url)
        ready.wait()
        try:
            i = offset
            while time.perf_counter() < stop_at[0]:
                with lock:
                    if sent[0] >= max_requests:
                        return
                    sent[0] += 1
                t = time.perf_counter()
                try:
                    asker.ask(questions[i % len(questions)])
                    error = ""
                except Exception as exc:  # noqa: BLE001  (any failure is an error of this level)
                    error = f"{type(exc).__name__}: {exc}"[:200]
                elapsed = (time.perf_counter() - t) * 1000
                with lock:
                    (errors.append(error) if error else latencies.append(elapsed))
                i += clients
        finally:
            asker.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    ready.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "via": via,
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
        env: dict[str, str], vias: list[str] = ("api",)) -> list[dict]:
    with serving(index, env) as (proc, url):
        wait_healthy(proc, url, 300)
        results = []
        for via in vias:
            _level(url, questions, 2, 5, 20, via)  # warm caches and the thread pool before measuring
            for clients in levels:
                result = _level(url, questions, clients, seconds, max_requests, via)
                print(json.dumps(result), flush=True)
                results.append(result)
        return results


def table(results: list[dict]) -> str:
    lines = ["| via | clients | requests | errors | req/s | % of best | p50 ms | p95 ms | p99 ms |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        best = max(o["throughput_rps"] for o in results if o["via"] == r["via"]) or 1
        lines.append(f"| {r['via']} | {r['clients']} | {r['requests']} | {r['errors']} | {r['throughput_rps']} | "
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
    parser.add_argument("--via", default="api", help="api (POST /api/ask), chat (the Gradio queue) or api,chat")
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
                  args.max_requests, env, args.via.split(","))
    emit("load_test", {"index": str(args.index), "seconds_per_level": args.seconds, "env": env, "levels": results})
    print(table(results))


if __name__ == "__main__":
    main()
