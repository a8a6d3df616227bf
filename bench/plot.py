"""Draw query latency against corpus size, per stage, from bench/results/query_latency.json.

    python -m bench.plot [--out docs/performance-latency.png]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.common import RESULTS, ROOT

STAGES = ("embed", "dense", "bm25", "fusion", "answer", "total")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS / "query_latency.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance-latency.png")
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = json.loads(args.results.read_text())
    sizes = [r["chunks"] for r in data["sizes"]]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, q in zip(axes, ("p50_ms", "p95_ms")):
        for stage in STAGES:
            ax.plot(sizes, [r[stage][q] for r in data["sizes"]], marker="o", label=stage,
                    linewidth=2.5 if stage == "total" else 1.2)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("chunks in the index")
        ax.set_title(f"query latency {q[:3]} (warm, {data['runtime']})")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("ms")
    axes[1].legend(fontsize=8)
    fig.suptitle("Citeline: retrieve + extractive answer vs corpus size (sizes above ~10k: perturbed copies)",
                 fontsize=9)
    fig.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(args.out)


if __name__ == "__main__":
    main()
