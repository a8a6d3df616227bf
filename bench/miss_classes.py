"""Every answerable docs-set question answered wrong while the top 3 passages hold a gold phrase,
put in one class by what decided it, and the counts per set:

- abstained: declined although the top 3 hold the gold;
- never built: no unit of the passages read holds a gold phrase (the gold is split over units, in
  a heading or a passage not read);
- same page: a unit holding gold is built, another unit of the same page scores higher;
- other page: a unit holding gold is built, a unit of another page scores higher;
- too short: the unit holding gold is a longer one holding the unit shown (the sentence shown, its
  pair or paragraph going on to the gold), dropped by `select` as overlapping what it chose.

For each miss also: the gold unit's rank among all units, whether it is the runner-up from another
passage than the winner (what showing both when close would reach), the score gap, and the
question's code names (rag/code_names.py) with whether the winner and the gold unit mention them.

    python -m bench.miss_classes --set ruff --set mkdocs --set papers [--out FILE]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from rag import env  # noqa: F401

from bench.unit_misses import answerable_misses


def _unit(c, rank: int, names: list[str]) -> dict:
    from rag.code_names import mentions

    return {"rank": rank, "kind": c.evidence.unit.kind, "passage": c.hit_rank, "score": round(c.score, 3),
            "relevance": round(c.relevance, 3), "bonus": round(c.fit.bonus, 3), "penalty": round(c.fit.penalty, 3),
            "parts": {k: round(v, 3) for k, v in c.fit.parts.items() if v}, "path": c.hit.chunk.path,
            "names": [n for n in names if mentions(n, c.text)], "text": c.display[:300]}


def misses(name: str, file: str = "questions.jsonl") -> list[dict]:
    from rag.code_names import code_names
    from ui.evaluation.docsqa import contains_gold

    out = []
    for miss in answerable_misses(name, file):
        item, answer, candidates = miss.item, miss.answer, miss.candidates
        names = code_names(item.question)
        gold = [(i, c) for i, c in enumerate(candidates) if contains_gold(c.display, item.gold_phrases)]
        winner = candidates[0] if candidates else None
        first = gold[0] if gold else None
        if answer.abstained:
            kind = "abstained"
        elif first is None:
            kind = "never built"
        elif (first[1].hit.chunk.chunk_id == winner.hit.chunk.chunk_id and first[1].start <= winner.start
              and winner.end <= first[1].end):
            kind = "too short"
        elif first[1].hit.chunk.path == winner.hit.chunk.path:
            kind = "same page"
        else:
            kind = "other page"
        runner_up = (first is not None and first[0] == 1 and winner is not None
                     and first[1].hit.chunk.chunk_id != winner.hit.chunk.chunk_id)
        out.append({
            "set": name, "id": item.id, "question": item.question, "class": kind, "gold": item.gold_phrases,
            "answer": answer.answer[:300], "code_names": names,
            "gold_unit_rank": first[0] if first else None, "runner_up_other_passage": runner_up,
            "gap": round(winner.score - first[1].score, 3) if first and winner else None,
            "winner": _unit(winner, 0, names) if winner else None,
            "gold_unit": _unit(first[1], first[0], names) if first else None,
        })
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", required=True)
    parser.add_argument("--file", default="questions.jsonl")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = [r for name in args.set for r in misses(name, args.file)]
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    for name in args.set:
        counts = Counter(r["class"] for r in rows if r["set"] == name)
        runner = sum(r["runner_up_other_passage"] for r in rows if r["set"] == name)
        print(name, dict(counts), "runner-up from another passage:", runner)
    print("all", dict(Counter(r["class"] for r in rows)))


if __name__ == "__main__":
    main()
