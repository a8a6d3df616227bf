"""Figures for the web app: seconds from `citeline serve` to the first answer, and `/api/ask`
latency (p50/p95) over N questions, against a real server on a free 127.0.0.1 port.

    python -m bench.web_latency --index .citeline [--questions FILE.jsonl] [-n 50] [--json]

Questions: the `text` of each line of a BEIR queries.jsonl, or by default a fixed set about the
sample corpus, cycled to N. Requests are sequential (one user), bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import httpx

from bench.common import percentile, serving

SAMPLE_QUESTIONS = [
    "Why did operatives relocate their operations?",
    "What do recent initiatives include?",
    "What prompted the Mexican government's crackdown?",
    "How do cartel leaders feel about their safety?",
    "What did a high-ranking member of the Sinaloa Cartel say?",
    "What happened to lab operators who produced fentanyl?",
    "How has fear changed the cartels' production strategies?",
    "What threats did the Trump administration make?",
    "What is the situation in Culiacán?",
    "Who is pressuring Mexico to combat fentanyl?",
]


def measure(index: Path, questions: list[str], n: int) -> dict:
    started = time.perf_counter()
    with serving(index) as (proc, url):
        first = None
        deadline = started + 300
        while first is None and time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("the server exited")
            try:
                r = httpx.post(url + "/api/ask", json={"question": questions[0]}, timeout=30)
                if r.status_code == 200:
                    first = time.perf_counter() - started
            except httpx.HTTPError:
                time.sleep(0.2)
        if first is None:
            raise RuntimeError("no answer within 300 s")
        latencies = []
        with httpx.Client(base_url=url, timeout=60) as client:
            for i in range(n):
                t = time.perf_counter()
                r = client.post("/api/ask", json={"question": questions[i % len(questions)]})
                r.raise_for_status()
                latencies.append((time.perf_counter() - t) * 1000)
        docs = httpx.get(url + "/healthz").json()
        return {
            "index": str(index), "documents": docs["documents"], "chunks": docs["chunks"],
            "serve_to_first_answer_s": round(first, 2), "requests": n,
            "ask_p50_ms": round(statistics.median(latencies), 1), "ask_p95_ms": round(percentile(latencies, 0.95), 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, help="BEIR queries.jsonl (default: sample-corpus questions)")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = SAMPLE_QUESTIONS
    if args.questions:
        with open(args.questions, encoding="utf-8") as f:
            questions = [json.loads(line)["text"] for line, _ in zip(f, range(args.n))]
    result = measure(args.index, questions, args.n)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
