"""Every follow-up of a docs set read both ways, with what decided it: the conversation reading's
answer and the naive reading's (rag/readings.py), which one `choose` kept, where the previous answer
was located (the quoted documents), and the best gold unit's rank among the conversation reading's
units. One JSON line per follow-up; the misses are what docs/quality.md's follow-up sections count.

    python -m bench.followup_misses --set fastapi [--file followups-extra.jsonl] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rag import env  # noqa: F401

from bench.common import DOCSQA
from bench.recorded_answers import engine_on

if TYPE_CHECKING:
    from rag.answerer import Candidate
    from rag.types import Answer


def _unit(c: Candidate) -> list:
    return [c.display[:200], round(c.score, 3), c.hit.chunk.path]


def _right(answer: Answer | None, gold: list[str]) -> bool:
    from ui.evaluation.docsqa import contains_gold

    return answer is not None and not answer.abstained and contains_gold(answer.answer, gold)


def read_both_ways(name: str, file: str = "questions.jsonl") -> list[dict]:
    from rag.conversation import last_turn, resolve
    from rag.followup import follow_up
    from rag.readings import reading
    from ui.evaluation.docsqa import contains_gold
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder

    corpus = DOCSQA / name / "corpus"
    engine = engine_on(corpus, lambda settings: ingest_folder(corpus, settings))
    answerer = engine.answerer
    out = []
    try:
        engine.ask("warm up")
        for item in load_set(DOCSQA / name / file):
            if item.kind != "followup":
                continue
            gold = item.gold_phrases
            retrieval, resolved = resolve(engine.retriever, item.question, item.history, engine.retriever.k)
            followup = follow_up(resolved.question, item.history, engine.retriever)
            conversation = answerer.answer(retrieval, followup)
            naive = answerer.answer(resolved.together) if resolved.together is not None else None
            final = engine.ask(item.question, history=item.history)
            units = answerer.scored(retrieval, followup=followup).candidates
            gold_rank = next((i for i, c in enumerate(units) if contains_gold(c.display, gold)), None)
            quoted = sorted({engine.store.catalog.chunks_of_documents({q.doc_id})[q.doc_id][0].path
                             for q in followup.quotes}) if followup is not None else []
            previous = last_turn(item.history, "user")
            subject = followup.subject_weights if followup is not None else None
            readings = [reading(a, item.question, previous, engine.embedder, subject) if a is not None else None
                        for a in (conversation, naive)]
            out.append({
                "set": name, "file": file, "id": item.id, "question": item.question, "previous": previous,
                "gold": gold, "gold_path": item.gold_path, "right": _right(final, gold), "abstained": final.abstained,
                "conversation_right": _right(conversation, gold), "naive_right": _right(naive, gold),
                "kept": "naive" if naive is not None and final.answer == naive.answer != conversation.answer
                        else "conversation",
                "elliptic": followup.elliptic if followup else None,
                "continues": followup.continues if followup else None,
                "focus": sorted(followup.focus) if followup else None, "quoted_paths": quoted,
                "gold_page_quoted": item.gold_path in quoted, "gold_unit_rank": gold_rank, "units": len(units),
                "winner": _unit(units[0]) if units else None,
                "gold_unit": _unit(units[gold_rank]) if gold_rank is not None else None,
                # newness, relevance (to the two questions together), subject share: what `choose` compared
                "readings": [[round(r.newness, 3), round(r.relevance, 3), round(r.subject, 3)] if r else None
                             for r in readings],
                "answer": final.answer[:300],
            })
    finally:
        engine.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", required=True, help="a docs set under bench/data/docsqa")
    parser.add_argument("--file", default="questions.jsonl")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = [row for name in args.set for row in read_both_ways(name, args.file)]
    text = "\n".join(json.dumps(row) for row in rows) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    either = sum(r["conversation_right"] or r["naive_right"] for r in rows)
    print(f"{sum(r['right'] for r in rows)} of {len(rows)} right; "
          f"conversation reading {sum(r['conversation_right'] for r in rows)}, "
          f"naive {sum(r['naive_right'] for r in rows)}, either {either}")


if __name__ == "__main__":
    main()
