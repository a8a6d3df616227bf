"""The docs-set questions answered wrong while the top 3 passages hold a gold phrase, with the unit
that won and the best unit holding gold, each with its score parts: what `select` chose from.

    python -m bench.unit_misses --set fastapi [--set httpx ...] [--out FILE]

Prints, per miss: the question and its type, the winning unit and the best gold unit (kind,
passage rank, score = resemblance + bonus - penalty, the parts), the gold unit's rank among all
units, and whether any unit or any passage read holds gold at all.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag import env  # noqa: F401

from bench.common import DOCSQA
from bench.recorded_answers import Recorder, engine_on

if TYPE_CHECKING:
    from rag.retriever import Retrieval
    from rag.types import Answer
    from ui.evaluation.docsqa_set import DocsQAItem

TOP_PASSAGES = 3


def _unit(c, rank: int) -> dict:
    return {"rank": rank, "kind": c.evidence.unit.kind, "passage": c.hit_rank, "score": round(c.score, 3),
            "relevance": round(c.relevance, 3), "cosine": round(c.cosine, 3), "overlap": round(c.overlap, 3),
            "bonus": round(c.fit.bonus, 3), "penalty": round(c.fit.penalty, 3),
            "parts": {k: round(v, 3) for k, v in c.fit.parts.items() if v},
            "path": c.hit.chunk.path, "text": c.display[:300]}


@dataclass
class Miss:
    """An answerable question answered wrong while its top passages hold a gold phrase."""

    item: DocsQAItem
    answer: Answer
    candidates: list  # every unit `select` chose from, best first
    retrieval: Retrieval


def answerable_misses(name: str, file: str = "questions.jsonl") -> Iterator[Miss]:
    """The misses of set `name` that the answer choice made: the gold was in the top passages."""
    from ui.evaluation.docsqa import contains_gold
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder

    corpus = DOCSQA / name / "corpus"
    engine = engine_on(corpus, lambda settings: ingest_folder(corpus, settings))
    recorder = Recorder(engine.answerer, "select", lambda candidates, *args, **kwargs: list(candidates))
    try:
        engine.ask("warm up")
        recorder.take(None)
        for item in load_set(DOCSQA / name / file):
            if item.kind != "answerable":
                continue
            answer = engine.ask(item.question, history=item.history)
            candidates = recorder.take([])
            right = not answer.abstained and contains_gold(answer.answer, item.gold_phrases)
            retrieval = engine.retrieve_in_context(item.question, item.history)
            top3 = contains_gold(" ".join(h.chunk.text for h in retrieval.hits[:TOP_PASSAGES]), item.gold_phrases)
            if not right and top3:
                yield Miss(item, answer, candidates, retrieval)
    finally:
        engine.close()


def misses(name: str, file: str = "questions.jsonl") -> list[dict]:
    from rag.question_type import question_type
    from ui.evaluation.docsqa import contains_gold

    out = []
    for miss in answerable_misses(name, file):
        item, candidates = miss.item, miss.candidates
        gold = [(i, c) for i, c in enumerate(candidates) if contains_gold(c.display, item.gold_phrases)]
        read = {c.hit_rank for c in candidates}
        gold_passages = sorted({c.hit_rank for _, c in gold})
        qt = question_type(item.question)
        out.append({
            "set": name, "id": item.id, "kind": item.kind, "question": item.question,
            "qtype": qt.kind, "gold": item.gold_phrases, "abstained": miss.answer.abstained,
            "answer": miss.answer.answer[:400],
            "units": len(candidates), "passages_read": sorted(read),
            "top3_gold_ranks": [i for i, h in enumerate(miss.retrieval.hits[:TOP_PASSAGES])
                                if contains_gold(h.chunk.text, item.gold_phrases)],
            "gold_units": len(gold), "gold_unit_passages": gold_passages,
            "winner": _unit(candidates[0], 0) if candidates else None,
            "gold_unit": _unit(gold[0][1], gold[0][0]) if gold else None,
        })
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", required=True)
    parser.add_argument("--file", default="questions.jsonl")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = [r for name in args.set for r in misses(name, args.file)]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
