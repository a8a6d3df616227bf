"""Generative answers on XQuAD questions: latency (first token, full answer) and the checker's
verdicts (share of generated sentences supported, answers falling back). Prints JSON.

    python -m bench.llm_bench [--llm llamacpp:smollm2] [--questions 50] [--k 3]

The articles are ingested once into bench/cache/xquad-index. Questions are spread evenly over the
file. Generation settings are printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from rag import env  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "xquad-en" / "xquad.en.json"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 3) if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, default=DEFAULT)
    parser.add_argument("--llm", default="llamacpp:smollm2")
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--passage-chars", type=int, default=800)
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / "cache" / "xquad-index")
    args = parser.parse_args()

    from ingest.datasets import squad_articles
    from ingest.pipeline import ingest_documents
    from rag.engine import Engine
    from ui.settings import Settings
    from rag.types import FinalEvent, TokenEvent

    settings = Settings(index=args.index, k=args.k, llm_max_tokens=args.max_tokens,
                        llm_passage_chars=args.passage_chars)
    documents, questions = squad_articles(args.squad)
    ingest_documents(documents, f"squad:{args.squad.resolve()}", settings)
    engine = Engine(settings)
    step = max(1, len(questions) // args.questions)
    chosen = questions[::step][: args.questions]
    engine.chat_model(args.llm)
    list(engine.stream("warm up", llm=args.llm))  # loads the model; not timed

    first, full, rows = [], [], []
    for q in chosen:
        started = time.perf_counter()
        first_at = None
        answer = None
        for event in engine.stream(q.question, llm=args.llm):
            if isinstance(event, TokenEvent) and first_at is None:
                first_at = time.perf_counter() - started
            elif isinstance(event, FinalEvent):
                answer = event.answer
        total = time.perf_counter() - started
        if answer.mode != "extractive":  # an abstention never reaches the LLM
            first.append(first_at if first_at is not None else total)
            full.append(total)
        rows.append({"qid": q.qid, "mode": answer.mode, "abstained": answer.abstained,
                     "sentences": len(answer.draft), "supported": sum(s.supported for s in answer.draft)})
        print(f"{len(rows)}/{len(chosen)} {answer.mode} {total:.1f}s", file=sys.stderr, flush=True)

    asked = [r for r in rows if not r["abstained"] or r["mode"] != "extractive"]
    generated = [r for r in rows if r["mode"] != "extractive"]
    sentences = sum(r["sentences"] for r in generated)
    supported = sum(r["supported"] for r in generated)
    result = {
        "llm": args.llm,
        "dataset": args.squad.name,
        "questions": len(rows),
        "settings": {"k": args.k, "max_tokens": args.max_tokens, "passage_chars": args.passage_chars,
                     "support_threshold": settings.support_threshold,
                     "support_overlap_weight": settings.support_overlap_weight},
        "abstained_before_llm": sum(r["abstained"] and r["mode"] == "extractive" for r in rows),
        "llm_answers": len(generated),
        "first_token_s": {"p50": _pct(first, 0.5), "p95": _pct(first, 0.95),
                          "mean": round(statistics.fmean(first), 3) if first else 0.0},
        "full_answer_s": {"p50": _pct(full, 0.5), "p95": _pct(full, 0.95),
                          "mean": round(statistics.fmean(full), 3) if full else 0.0},
        "generated_sentences": sentences,
        "sentences_supported_share": round(supported / sentences, 4) if sentences else 0.0,
        "answers_shown_generated": sum(r["mode"] == "generated" for r in generated),
        "answers_falling_back": sum(r["mode"] == "fallback" for r in generated),
        "fallback_share": round(sum(r["mode"] == "fallback" for r in generated) / len(generated), 4) if generated else 0.0,
        "asked": len(asked),
    }
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
