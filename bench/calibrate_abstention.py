"""Calibrate when the extractive answerer abstains, on questions the index cannot answer.

    python -m bench.calibrate_abstention [--xquad FILE] [--beir DIR] [--scifact-docs 1500]
                                         [--cache DIR] [--max-wrong 0.03]

Sets (all public):
- answerable: XQuAD-English questions against an index of the 48 XQuAD articles;
- in-domain unanswerable: the same questions with their own article left out of what retrieval
  returns (hits of that article are dropped before answering: 47 other Wikipedia articles stay);
- off-topic: XQuAD questions against a SciFact index (the first --scifact-docs abstracts), and
  SciFact claims against the XQuAD index.
Articles are split in two by parity: thresholds are chosen on the even ones (the largest
`min_answer_support` that wrongly abstains on at most --max-wrong of answerable questions, for
each coverage weight; the weight abstaining most in-domain wins), then reported on the odd ones.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL
from rag.retriever import Retrieval


@dataclass(frozen=True, slots=True)
class Observation:
    group: str  # answerable | in_domain | off_topic
    half: int  # 0 = calibration, 1 = held out
    best_score: float
    coverage: float
    contains_gold: bool | None = None


@dataclass(frozen=True, slots=True)
class Rates:
    wrongly_abstained: float
    in_domain_abstained: float
    off_topic_abstained: float
    in_domain_precision: float
    off_topic_precision: float
    answerable: int
    in_domain: int
    off_topic: int


def _engine(index: Path):
    from rag.engine import Engine
    from rag.settings import Settings

    return Engine(Settings(index=index))


def _observe(engine, question: str, group: str, half: int, leave_out: str | None = None,
             gold: str | None = None) -> Observation:
    k = engine.settings.k
    retrieval = engine.retriever.retrieve(question, k * 4 if leave_out else k)
    if leave_out:
        hits = [h for h in retrieval.hits if h.chunk.path != leave_out][:k]
        retrieval = Retrieval(retrieval.query, retrieval.query_vector, hits)
    scored = engine.answerer.scored(retrieval)
    signals = engine.answerer.decide(scored, retrieval)
    contains = None
    if gold is not None:
        from ui.evaluation.qa import normalize

        answer = engine.answerer.compose(scored, retrieval)
        contains = normalize(gold) in normalize(answer.answer)
    return Observation(group, half, signals.best_score, signals.coverage, contains)


def _rates(obs: list[Observation], min_relevance: float, support: float, weight: float) -> Rates:
    def abstains(o: Observation) -> bool:
        return o.best_score < min_relevance or o.best_score + weight * o.coverage < support

    groups = {g: [abstains(o) for o in obs if o.group == g] for g in ("answerable", "in_domain", "off_topic")}
    wrong = sum(groups["answerable"])

    def precision(g: str) -> float:
        right = sum(groups[g])
        return round(right / (right + wrong), 4) if right + wrong else 0.0

    def share(g: str) -> float:
        return round(float(np.mean(groups[g])), 4) if groups[g] else 0.0

    return Rates(share("answerable"), share("in_domain"), share("off_topic"), precision("in_domain"),
                 precision("off_topic"), len(groups["answerable"]), len(groups["in_domain"]), len(groups["off_topic"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xquad", type=Path, default=SHARED_EVAL / "xquad-en" / "xquad.en.json")
    parser.add_argument("--beir", type=Path, default=SHARED_EVAL / "scifact")
    parser.add_argument("--scifact-docs", type=int, default=1500)
    parser.add_argument("--scifact-queries", type=int, default=400)
    parser.add_argument("--cache", type=Path, default=Path("bench/cache"))
    parser.add_argument("--max-wrong", type=float, default=0.03)
    args = parser.parse_args()

    from ingest.datasets import beir_corpus, beir_queries, squad_articles
    from ingest.pipeline import ingest_documents
    from rag.settings import Settings

    documents, questions = squad_articles(args.xquad)
    xquad_index = args.cache / "calibrate-xquad-index"
    scifact_index = args.cache / f"calibrate-scifact-{args.scifact_docs}-index"
    ingest_documents(documents, f"squad:{args.xquad.resolve()}", Settings(index=xquad_index))
    ingest_documents(islice(beir_corpus(args.beir), args.scifact_docs), f"beir:{args.beir.resolve()}",
                     Settings(index=scifact_index))
    half_of = {name: number % 2 for number, (name, _) in enumerate(documents)}

    obs: list[Observation] = []
    xquad = _engine(xquad_index)
    min_relevance = xquad.settings.min_relevance
    for q in questions:
        half = half_of[q.article]
        obs.append(_observe(xquad, q.question, "answerable", half, gold=q.answer))
        obs.append(_observe(xquad, q.question, "in_domain", half, leave_out=q.article))
    claims = list(beir_queries(args.beir).values())[: args.scifact_queries]
    for i, claim in enumerate(claims):
        obs.append(_observe(xquad, claim, "off_topic", i % 2))
    xquad.store.close()
    scifact = _engine(scifact_index)
    for q in questions:
        obs.append(_observe(scifact, q.question, "off_topic", half_of[q.article]))
    scifact.store.close()

    calibration = [o for o in obs if o.half == 0]
    held_out = [o for o in obs if o.half == 1]
    answerable = sorted(o.best_score + 0.0 for o in calibration if o.group == "answerable")
    best: tuple[float, float, float] | None = None  # (in-domain abstained, weight, support)
    for weight in np.round(np.arange(0.0, 1.01, 0.05), 2):
        totals = sorted(o.best_score + weight * o.coverage for o in calibration if o.group == "answerable")
        # The largest threshold that wrongly abstains on at most max_wrong of the answerable.
        support = float(totals[int(np.floor(args.max_wrong * len(totals)))]) - 1e-6 if totals else 0.0
        rates = _rates(calibration, min_relevance, support, float(weight))
        if rates.wrongly_abstained <= args.max_wrong and (best is None or rates.in_domain_abstained > best[0]):
            best = (rates.in_domain_abstained, float(weight), support)
    assert best is not None and answerable
    _, weight, support = best
    contains = [o.contains_gold for o in obs if o.group == "answerable"]
    print(json.dumps({
        "benchmark": "calibrate_abstention",
        "min_relevance": min_relevance,
        "chosen": {"coverage_weight": weight, "min_answer_support": round(support, 4)},
        "calibration_half": asdict(_rates(calibration, min_relevance, support, weight)),
        "held_out_half": asdict(_rates(held_out, min_relevance, support, weight)),
        "current_settings": asdict(_rates(obs, min_relevance, Settings().min_answer_support, Settings().coverage_weight)),
        "answerable_contains_gold": round(float(np.mean(contains)), 4),
        "wrongly_abstained_that_contained_gold": sum(
            1 for o in obs if o.group == "answerable" and o.contains_gold
            and (o.best_score < min_relevance or o.best_score + weight * o.coverage < support)),
    }))


if __name__ == "__main__":
    main()
