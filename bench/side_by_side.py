"""The same benchmarks on two checkouts in one run, interleaved, then compared (bench.compare).

    python -m bench.side_by_side BEFORE_TREE AFTER_TREE [--only startup,reuse_on_edit] [--rounds 2]
                                 [--args 'NAME=ARGS' ...] [--out DIR]

Each benchmark runs in a process of its own from each tree (its folder as the working directory
and first on PYTHONPATH, this Python), in the order before, after, then after, before on the next
round, and so on: a machine whose load drifts during the run weighs on both sides alike. Arguments
are `make bench`'s (bench.run_all.suite) unless `--args NAME=ARGS` gives others; `{side}` in them
becomes `before` or `after` (an index of each side's own). Every run's JSON (its last stdout line)
goes to DIR/SIDE/NAME.rN.json; the comparison, medians over the rounds, to DIR/comparison.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from bench.common import RESULTS
from bench.compare import compare, load, markdown
from bench.run_all import suite


def run_one(tree: Path, name: str, arguments: list[str]) -> dict:
    """One benchmark in `tree`: the JSON object it printed last."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-m", f"bench.{name}", *arguments], cwd=tree, env=env,
                          stdout=subprocess.PIPE, text=True, check=True)
    last = next((line for line in reversed(done.stdout.splitlines()) if line.startswith("{")), None)
    if last is None:
        raise RuntimeError(f"bench.{name} in {tree} printed no JSON object")
    return {"benchmark": name, **json.loads(last)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="Checkout measured first (e.g. a worktree of main).")
    parser.add_argument("after", type=Path, help="Checkout with the change.")
    parser.add_argument("--only", default="startup,reuse_on_edit", help="Comma-separated benchmark names.")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--args", action="append", default=[], metavar="NAME=ARGS",
                        help="Arguments of one benchmark instead of make bench's ({side}: before or after).")
    parser.add_argument("--out", type=Path, default=RESULTS / "side_by_side")
    parser.add_argument("--tolerance", type=float, default=0.10)
    args = parser.parse_args()

    arguments = {name: list(a) for name, a in suite("10000").items()}
    for given in args.args:
        name, _, text = given.partition("=")
        arguments[name] = shlex.split(text)
    names = args.only.split(",")
    missing = [n for n in names if n not in arguments]
    if missing:
        parser.error(f"--only: no arguments known for {', '.join(missing)}: give them with --args NAME=ARGS")
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    if any((args.out / side).exists() for side in sides):
        parser.error(f"--out {args.out}: holds an earlier run (its figures would be mixed in): give another")
    for round_ in range(1, args.rounds + 1):
        order = list(sides) if round_ % 2 else list(reversed(sides))
        for name in names:
            for side in order:
                started = time.perf_counter()
                result = run_one(sides[side], name, [a.replace("{side}", side) for a in arguments[name]])
                folder = args.out / side
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{name}.r{round_}.json").write_text(json.dumps(result, indent=2))
                print(f"round {round_} {name} {side}: {time.perf_counter() - started:.0f} s", file=sys.stderr,
                      flush=True)
    table = markdown(compare(load(args.out / "before"), load(args.out / "after")), args.tolerance)
    header = (f"before: {sides['before']}\nafter: {sides['after']}\nrounds: {args.rounds} (medians), "
              f"tolerance {args.tolerance:.0%}\n\n")
    (args.out / "comparison.md").write_text(header + table + "\n")
    print(header + table)


if __name__ == "__main__":
    main()
