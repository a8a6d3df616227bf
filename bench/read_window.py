"""Where the gold of each answerable question sits against what the answerer reads: in the k passages
read (the read window), in another chunk of the page the answer cites first (the best page), or
in another chunk of a page read, or
elsewhere. With `--rules`, also whether each way of adding one chunk of the best page to the window
would bring the gold in (offline: no answer is recomputed).

    python -m bench.read_window --set fastapi [--set httpx ...] [--rules]

`citeline eval docs` reports whether the top 3 passages hold gold; the answerer reads k (5). A miss
whose gold is on the best page but outside the window is a retrieval matter no unit rule can reach.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import DOCSQA
from bench.recorded_answers import engine_on

DEPTH = 100


def _rank_of_gold(ordered, phrases, contains_gold) -> int | None:
    return next((n for n, c in enumerate(ordered, 1) if contains_gold(c.text, phrases)), None)


def study(name: str, rules: bool) -> dict:
    from rag.terms import terms
    from ui.evaluation.docsqa import contains_gold
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder

    corpus = DOCSQA / name / "corpus"
    engine = engine_on(corpus, lambda settings: ingest_folder(corpus, settings))
    catalog = engine.store.catalog
    k = engine.retriever.k
    rows = []
    try:
        for item in load_set(DOCSQA / name / "questions.jsonl"):
            if item.kind != "answerable":
                continue
            answer = engine.ask(item.question, history=item.history)
            right = not answer.abstained and contains_gold(answer.answer, item.gold_phrases)
            retrieval = engine.retrieve_in_context(item.question, item.history)
            read = retrieval.hits[:k]
            window = contains_gold(" ".join(h.chunk.text for h in read), item.gold_phrases)
            best_doc = answer.sources[0].doc_id if answer.sources else (read[0].chunk.doc_id if read else None)
            page = catalog.chunks_of_documents([best_doc]).get(best_doc, []) if best_doc else []
            on_page = [c for c in page if contains_gold(c.text, item.gold_phrases)]
            read_docs = {h.chunk.doc_id for h in read} - {best_doc}
            other = catalog.chunks_of_documents(read_docs) if not window and not on_page else {}
            on_read_page = any(contains_gold(c.text, item.gold_phrases) for cs in other.values() for c in cs)
            where = "window" if window else "best page" if on_page else "read page" if on_read_page else "elsewhere"
            row = {"id": item.id, "qtype": item.question_type, "right": right, "abstained": answer.abstained,
                   "where": where, "best_path": page[0].path if page else None, "gold_path": item.gold_path}
            if rules and page:
                deep = engine.retriever.retrieve(retrieval.query, DEPTH, query_vector=retrieval.query_vector).hits
                taken = {h.chunk.chunk_id for h in read}
                unread = [c for c in page if c.chunk_id not in taken]
                fused_rank = {h.chunk.chunk_id: n for n, h in enumerate(deep, 1)}
                by_fused = sorted(unread, key=lambda c: fused_rank.get(c.chunk_id, DEPTH + 1))
                vectors = catalog.sentence_vectors(c.chunk_id for c in unread)
                q = retrieval.query_vector
                q_terms = terms(retrieval.query)

                def best_sentence(c) -> float:
                    v = vectors.get(c.chunk_id)
                    return float((v @ q).max()) if v is not None and len(v) else -1.0

                def heading_fit(c) -> float:
                    head = terms(c.heading.replace("›", " ")) if c.heading else frozenset()
                    return len(q_terms & head) / len(q_terms) if q_terms else 0.0

                from rag.sentences import split_sentences

                def best_relevance(c) -> float:
                    v = vectors.get(c.chunk_id)
                    sents = split_sentences(c.text)
                    if v is None or len(v) != len(sents) or not q_terms:
                        return -1.0
                    head = terms(c.heading.replace("›", " "))
                    laps = np.array([len(q_terms & (terms(t.text) | head)) / len(q_terms) for t in sents])
                    return float((v @ q + 0.35 * laps).max())

                by_sentence = sorted(unread, key=lambda c: -best_sentence(c))
                by_relevance = sorted(unread, key=lambda c: -best_relevance(c))
                row["gold_rank_relevance"] = _rank_of_gold(by_relevance, item.gold_phrases, contains_gold)
                row["top_relevance"] = [(round(best_relevance(c), 3), contains_gold(c.text, item.gold_phrases),
                                         c.text[:80]) for c in by_relevance[:3]]
                by_heading = sorted(unread, key=lambda c: (-heading_fit(c), fused_rank.get(c.chunk_id, DEPTH + 1)))
                row["gold_rank_fused"] = _rank_of_gold(by_fused, item.gold_phrases, contains_gold)
                row["gold_rank_sentence"] = _rank_of_gold(by_sentence, item.gold_phrases, contains_gold)
                row["gold_rank_heading"] = _rank_of_gold(by_heading, item.gold_phrases, contains_gold)
                row["unread"] = len(unread)
                row["page_in_window"] = sum(h.chunk.doc_id == best_doc for h in read)
                row["weakest_other_page"] = bool(read) and read[-1].chunk.doc_id != best_doc
                row["gold_only_in_weakest"] = window and not contains_gold(
                    " ".join(h.chunk.text for h in read[:-1]), item.gold_phrases)
            rows.append(row)
    finally:
        engine.close()
    n = len(rows)
    return {
        "set": name,
        "answerables": n,
        "window_contains_gold": round(sum(r["where"] == "window" for r in rows) / n, 4),
        "best_page_contains_gold": round(sum(r["where"] in ("window", "best page") for r in rows) / n, 4),
        "read_pages_contain_gold": round(sum(r["where"] != "elsewhere" for r in rows) / n, 4),
        "misses": {w: [r["id"] for r in rows if not r["right"] and r["where"] == w]
                   for w in ("window", "best page", "read page", "elsewhere")},
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", required=True, help="a docs-QA set's folder name")
    parser.add_argument("--rules", action="store_true", help="also rank the best page's unread chunks")
    parser.add_argument("--out", type=Path, help="write the rows here as JSON")
    args = parser.parse_args()
    out = [study(name, args.rules) for name in args.set]
    for s in out:
        print(json.dumps({key: value for key, value in s.items() if key != "rows"}))
    if args.out:
        args.out.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
