"""Shared helpers for benchmarks: timing, percentiles, JSON output, the eval data location."""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = Path(os.environ.get("CITELINE_EVAL_DATA", ROOT.parent / "shared" / "eval"))
RESULTS = ROOT / "bench" / "results"
# The documentation-QA sets, one folder each (a corpus and its question files).
DOCSQA = ROOT / "bench" / "data" / "docsqa"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def latency_summary(ms: list[float]) -> dict:
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 0.5), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def emit(name: str, result: dict) -> None:
    """Print the result as one JSON object and keep a copy under bench/results/, with the
    arguments it ran with (the regression check compares only runs made with the same ones)."""
    result = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(),
              "arguments": sys.argv[1:], **result}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


@contextmanager
def serving(index: Path, env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """A real `citeline serve --index INDEX` on a free 127.0.0.1 port: (process, base URL); stopped after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--index", str(index), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> dict:
    """/healthz's JSON once `citeline serve` answers it; an error if the process exits or time runs out."""
    import httpx

    started = time.perf_counter()
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode})")
        try:
            # A generous per-request timeout: a server loading a 1M index answers slowly at first.
            r = httpx.get(url + "/healthz", timeout=30)
            if r.status_code == 200:
                return r.json()
        except httpx.HTTPError:
            pass
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"no /healthz within {timeout:.0f} s")
        time.sleep(0.2)

