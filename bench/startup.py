"""Start-up: `citeline --help`, and a cold `citeline ask` on the sample corpus (new process each time).

    python -m bench.startup [--repeat 3] [--runtime torch|onnx|onnx-int8]

Cold here means a new Python process (imports, model load, index open); the OS file cache is warm,
as it is for a user's second command.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, emit

CLI = [sys.executable, "-m", "ui.cli"]


def _time(cmd: list[str], env: dict, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runtimes", default="torch,onnx,onnx-int8")
    args = parser.parse_args()

    result: dict = {"load_average_1m": round(os.getloadavg()[0], 2)}
    env = dict(os.environ)
    help_s = _time([*CLI, "--help"], env, args.repeat)
    result["help_seconds"] = {"median": round(statistics.median(help_s), 3), "max": round(max(help_s), 3)}
    with tempfile.TemporaryDirectory() as tmp:
        for runtime in args.runtimes.split(","):
            run_env = {**env, "CITELINE_EMBEDDING_RUNTIME": runtime, "CITELINE_INDEX": str(Path(tmp) / runtime)}
            subprocess.run([*CLI, "ingest", str(ROOT / "sample_corpus")], cwd=ROOT, env=run_env, check=True,
                           stdout=subprocess.DEVNULL)
            ask_s = _time([*CLI, "ask", "Why did operatives relocate their operations?"], run_env, args.repeat)
            result[f"ask_cold_seconds_{runtime}"] = {"median": round(statistics.median(ask_s), 3),
                                                     "max": round(max(ask_s), 3)}
    emit("startup", result)


if __name__ == "__main__":
    main()
