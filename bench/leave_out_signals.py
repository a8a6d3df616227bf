"""Structural abstention signals, offline: would a rule decline the questions whose page is left out
of the index (`eval abstain --docs`' negatives) without declining a right answer of a dev set?

    python -m bench.leave_out_signals --set fastapi --set httpx ... [--leave-out fastapi ...] [--out rows.json]

Each single-turn question of each set is asked of its full index; with `--leave-out`, the set's
answerables are also asked with their page left out, fold by fold, as `eval abstain --docs` asks them
(the same folds and true negatives). A row keeps the passages read (page, heading, score), the best
units (page, heading, score) and the answer shown; the signals are read from the row, and the table
counts, per rule, the negatives still answered that it would decline and the right answers it would
decline, set by set. The rules are abst19's (docs/quality.md): the pages the passages come from
(dispersion), the score gap to the best unit of another page, the question's adjacent content words
as a phrase in a passage read or anywhere in the index, and the cited unit's heading path.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from rag import env  # noqa: F401

from bench.common import DOCSQA

_WORD = re.compile(r"\b\w\w+\b")


def _stems(text: str) -> list[str | None]:
    """The words of `text` in order as BM25 stems them; a stop word is None (it breaks a phrase)."""
    from rag.terms import terms

    return [next(iter(terms(w)), None) for w in _WORD.findall(text.lower())]


def _content(stem: str | None) -> bool:
    from rag.abstention import asking_terms, function_words

    return stem is not None and stem not in function_words() and stem not in asking_terms()


def pairs(text: str, content_only: bool = False) -> set[tuple[str, str]]:
    """Adjacent word pairs of `text` (stems); `content_only`: both words say what is asked about."""
    seq = _stems(text)
    return {(a, b) for a, b in zip(seq, seq[1:]) if a and b and (not content_only or (_content(a) and _content(b)))}


def content_terms(text: str) -> set[str]:
    return {s for s in _stems(text) if _content(s)}


def _row(engine, item, role: str, fold: int, set_name: str, index_pairs: set) -> dict:
    from ui.evaluation.docsqa_set import NO_GOLD_KINDS, contains_gold

    retrieval = engine.retrieve_in_context(item.question, [])
    scored = engine.answerer.scored(retrieval)
    answer = engine.answerer.compose(scored, retrieval)
    gold = item.gold_phrases if item.kind not in NO_GOLD_KINDS else []
    shown = "" if answer.abstained else answer.answer
    asked = pairs(item.question, content_only=True)
    read = retrieval.hits[: engine.answerer.settings.k]
    return {
        "set": set_name, "role": role, "fold": fold, "id": item.id, "kind": item.kind, "question": item.question,
        "abstained": answer.abstained, "right": contains_gold(shown, gold) if gold else answer.abstained,
        "answer": answer.answer,
        "read": [{"path": h.chunk.path, "heading": h.chunk.heading, "score": round(h.score, 4)} for h in read],
        "units": [{"path": c.hit.chunk.path, "heading": c.hit.chunk.heading_at(c.start), "score": round(c.score, 4),
                   "text": c.text[:300]} for c in scored.candidates[:10]],
        "cited_headings": [s.heading for s in answer.sources],
        "asked_pairs": len(asked),
        "pairs_read": len(asked & set().union(*(pairs(h.chunk.text) for h in read))) if read else 0,
        "pairs_indexed": len(asked & index_pairs),
        "heading_shares": any(content_terms(item.question) & content_terms(s.heading) for s in answer.sources),
    }


def _index_pairs(engine) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for record in engine.documents(limit=None).documents:
        found |= pairs(f"{record.title}\n{engine.document(record.doc_id).text}")
    return found


def probe(name: str, leave_out: bool) -> list[dict]:
    from rag.engine import Engine
    from ui.cli import _settings
    from ui.evaluation.docs_negatives import _indexed_texts, fold_index, folds, true_negatives
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder
    from ui.evaluation.retrieval import docs_set_folder

    corpus = DOCSQA / name / "corpus"
    settings = _settings()
    full = docs_set_folder(corpus) / "index"
    settings = settings.model_copy(update={"index": full})
    ingest_folder(corpus, settings.ingest)
    items = load_set(DOCSQA / name / "questions.jsonl")
    rows = []
    engine = Engine(settings.engine)
    try:
        known = _index_pairs(engine)
        rows += [_row(engine, i, "full", 0, name, known) for i in items if not i.history]
    finally:
        engine.close()
    if not leave_out:
        return rows
    answerables = [i for i in items if i.kind == "answerable"]
    for fold in folds(answerables, 5):
        engine = Engine(settings.model_copy(update={"index": fold_index(full, fold, settings.ingest)}).engine)
        try:
            known = _index_pairs(engine)
            rows += [_row(engine, i, "in-domain", fold.number, name, known)
                     for i in true_negatives(answerables, fold, _indexed_texts(engine))]
        finally:
            engine.close()
    return rows


def _pages(r: dict) -> int:
    return len({h["path"] for h in r["read"]})


def _best(r: dict) -> float:
    return r["units"][0]["score"]


def _gap(r: dict) -> float:
    """The best unit's score over that of the best unit of another page (1.0: no other page)."""
    others = [u["score"] for u in r["units"] if u["path"] != r["units"][0]["path"]]
    return _best(r) - others[0] if others else 1.0


RULES: dict[str, Callable[[dict], bool]] = {
    "the 5 passages read on 5 pages": lambda r: _pages(r) == 5,
    "passages read on >= 4 pages": lambda r: _pages(r) >= 4,
    "gap to another page's best unit < 0.05": lambda r: _gap(r) < 0.05,
    "no asked word pair in a passage read": lambda r: r["asked_pairs"] > 0 and r["pairs_read"] == 0,
    "no asked word pair anywhere in the index": lambda r: r["asked_pairs"] > 0 and r["pairs_indexed"] == 0,
    "no cited heading path shares an asked term": lambda r: not r["heading_shares"],
    "5 pages and best unit < 0.8": lambda r: _pages(r) == 5 and _best(r) < 0.8,
    ">= 4 pages and gap < 0.05": lambda r: _pages(r) >= 4 and _gap(r) < 0.05,
}


def table(rows: list[dict]) -> list[dict]:
    """Per rule: negatives still answered that it declines; right answers (full index) it declines, per set."""
    answered = [r for r in rows if not r["abstained"] and r["units"]]
    negatives = [r for r in answered if r["role"] == "in-domain"]
    right = [r for r in answered if r["role"] == "full" and r["kind"] == "answerable" and r["right"]]
    unanswered = [r for r in answered if r["role"] == "full" and r["kind"] == "unanswerable"]
    sets = sorted({r["set"] for r in rows})
    out = []
    for name, rule in RULES.items():
        out.append({"rule": name, "negatives": f"{sum(map(rule, negatives))}/{len(negatives)}",
                    "unanswerables": f"{sum(map(rule, unanswered))}/{len(unanswered)}",
                    "right_declined": {s: [r["id"] for r in right if r["set"] == s and rule(r)] for s in sets}})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", required=True, help="a docs-QA set's folder name")
    parser.add_argument("--leave-out", action="append", default=[], help="also ask its answerables with their page left out")
    parser.add_argument("--out", type=Path, help="write the rows here as JSON")
    args = parser.parse_args()
    rows = [row for name in args.set for row in probe(name, name in args.leave_out)]
    for line in table(rows):
        print(json.dumps(line))
    if args.out:
        args.out.write_text(json.dumps(rows))


if __name__ == "__main__":
    main()
