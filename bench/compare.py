"""Two sets of benchmark results side by side: each timing or rate both hold, before, after, and
after/before, with a verdict (`better`, `worse`, or `same` within `--tolerance`), and each side's
lowest and highest value over its runs (when the two sides' spans overlap, the ratio is within
the noise between rounds).

    python -m bench.compare BEFORE AFTER [--tolerance 0.10] [--all] [--strict]

BEFORE and AFTER are a benchmark's JSON (what bench/results/NAME.json holds) or folders of them
(searched recursively). Several files of one benchmark on a side (rounds of `bench.side_by_side`)
count as one run whose figures are their medians. Only timings and rates are compared (the same
rule as `make bench`'s regression check: latencies and durations up or rates down are worse);
`--all` lists every other number too (counts, sizes), with no verdict. `--strict` exits 1 when a
figure got worse.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.run_all import _direction, _flatten

_NOT_FIGURES = ("when", "machine", "arguments", "benchmark")


@dataclass(frozen=True)
class Row:
    benchmark: str
    figure: str
    before: float
    after: float
    direction: int  # +1 bigger is worse, -1 smaller is worse, 0 not a timing
    before_range: tuple[float, float] | None = None  # lowest, highest over the runs
    after_range: tuple[float, float] | None = None

    @property
    def ratio(self) -> float | None:
        return self.after / self.before if self.before else None

    def verdict(self, tolerance: float) -> str:
        if not self.direction or self.ratio is None:
            return ""
        change = self.direction * (self.ratio - 1)
        return "worse" if change > tolerance else "better" if change < -tolerance else "same"


def load(path: Path) -> dict[str, list[dict]]:
    """Each benchmark's runs in `path` (a JSON file or a folder of them), by benchmark name."""
    files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
    runs: dict[str, list[dict]] = {}
    for file in files:
        result = json.loads(file.read_text())
        runs.setdefault(result.get("benchmark") or file.stem.split(".")[0], []).append(result)
    return runs


def _values(runs: list[dict]) -> dict[str, list[float]]:
    """Each number of a benchmark's runs: its value in every run that holds it."""
    flat = [_flatten({k: v for k, v in run.items() if k not in _NOT_FIGURES}) for run in runs]
    keys = dict.fromkeys(key for one in flat for key in one)
    return {key: [one[key] for one in flat if key in one] for key in keys}


def figures(runs: list[dict]) -> dict[str, float]:
    """The numbers of a benchmark's runs, each the median over the runs that hold it."""
    return {key: statistics.median(values) for key, values in _values(runs).items()}


def compare(before: dict[str, list[dict]], after: dict[str, list[dict]], everything: bool = False) -> list[Row]:
    rows = []
    for name in (n for n in before if n in after):
        old, new = _values(before[name]), _values(after[name])
        for key in (k for k in new if k in old):
            direction = _direction(key)
            if direction or everything:
                rows.append(Row(name, key, statistics.median(old[key]), statistics.median(new[key]), direction,
                                (min(old[key]), max(old[key])), (min(new[key]), max(new[key]))))
    return rows


def _span(extremes: tuple[float, float] | None) -> str:
    return "-" if extremes is None else f"{extremes[0]:g}-{extremes[1]:g}"


def markdown(rows: list[Row], tolerance: float) -> str:
    lines = ["| benchmark | figure | before | after | after/before | | before min-max | after min-max |",
             "|---|---|---:|---:|---:|---|---:|---:|"]
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "-"
        lines.append(f"| {row.benchmark} | {row.figure} | {row.before:g} | {row.after:g} | {ratio} | "
                     f"{row.verdict(tolerance)} | {_span(row.before_range)} | {_span(row.after_range)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.10, help="Relative change still called 'same'.")
    parser.add_argument("--all", action="store_true", help="Also list numbers that are not timings or rates.")
    parser.add_argument("--strict", action="store_true", help="Exit 1 when a figure got worse.")
    args = parser.parse_args(argv)
    for path in (args.before, args.after):
        if not path.exists():
            parser.error(f"{path}: no such file or folder")
    before, after = load(args.before), load(args.after)
    unmatched = sorted(set(before) ^ set(after))
    rows = compare(before, after, args.all)
    print(markdown(rows, args.tolerance))
    if unmatched:
        print(f"\non one side only (not compared): {', '.join(unmatched)}", file=sys.stderr)
    worse = [row for row in rows if row.verdict(args.tolerance) == "worse"]
    return 1 if worse and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
