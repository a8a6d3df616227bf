"""Calibrate when the extractive answerer abstains, on questions the index cannot answer.

    python -m bench.calibrate_abstention [--xquad FILE] [--beir DIR] [--source-docs 1500]
                                         [--cache DIR] [--max-wrong 0.03]

One real index holds the first --source-docs SciFact abstracts and the 48 XQuAD-English articles
(the source index bench/query_latency.py grows its sizes from). Sets, all public:
- answerable: XQuAD questions, asked of the whole index;
- in-domain unanswerable: XQuAD questions with their own article left out of what retrieval
  returns (its hits are dropped before answering; the other 47 articles stay);
- off-topic: XQuAD questions answered from the SciFact abstracts only, and SciFact claims answered
  from the XQuAD articles only (the other corpus's hits dropped).
Articles (and claims) are split in two by parity: thresholds are chosen on the even half (for each
coverage weight, the largest `min_answer_support` that wrongly abstains on at most --max-wrong of
the answerable questions; the weight abstaining most in-domain wins), then reported on the odd half.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL
from bench.query_latency import CACHE, source_index
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


def _observe(engine, question: str, group: str, half: int, keep=None, gold: str | None = None) -> Observation:
    """The abstention signals for `question`, answering only from hits `keep` accepts."""
    k = engine.settings.k
    retrieval = engine.retriever.retrieve(question, engine.settings.candidates if keep else k)
    if keep:
        retrieval = Retrieval(retrieval.query, retrieval.query_vector, [h for h in retrieval.hits if keep(h)][:k])
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
    parser.add_argument("--source-docs", type=int, default=1500, help="SciFact abstracts in the index.")
    parser.add_argument("--scifact-queries", type=int, default=400)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--max-wrong", type=float, default=0.03)
    parser.add_argument("--observations", type=Path, default=None, help="Write every observation here (JSONL).")
    parser.add_argument("--from-observations", type=Path, default=None,
                        help="Choose thresholds from observations written earlier instead of asking again.")
    args = parser.parse_args()
    from rag.settings import Settings

    if args.from_observations:
        obs = [Observation(**json.loads(line)) for line in args.from_observations.read_text().splitlines() if line]
        report(obs, Settings().min_relevance, args.max_wrong)
        return

    from ingest.datasets import beir_queries, squad_articles

    documents, questions = squad_articles(args.xquad)
    index = source_index(args.beir, None, args.cache, args.source_docs, args.xquad)
    half_of = {name: number % 2 for number, (name, _) in enumerate(documents)}
    xquad_paths = {f"xquad/{name}" for name, _ in documents}

    obs: list[Observation] = []
    engine = _engine(index)
    min_relevance = engine.settings.min_relevance
    for q in questions:
        half, path = half_of[q.article], f"xquad/{q.article}"
        obs.append(_observe(engine, q.question, "answerable", half, gold=q.answer))
        obs.append(_observe(engine, q.question, "in_domain", half, keep=lambda h, p=path: h.chunk.path != p))
        obs.append(_observe(engine, q.question, "off_topic", half, keep=lambda h: h.chunk.path not in xquad_paths))
    claims = list(beir_queries(args.beir).values())[: args.scifact_queries]
    for i, claim in enumerate(claims):
        obs.append(_observe(engine, claim, "off_topic", i % 2, keep=lambda h: h.chunk.path in xquad_paths))
    engine.store.close()
    if args.observations:
        args.observations.write_text("".join(json.dumps(asdict(o)) + "\n" for o in obs))

    report(obs, min_relevance, args.max_wrong)


def report(obs: list[Observation], min_relevance: float, max_wrong: float) -> None:
    """Choose the thresholds on the calibration half and print the rates on both halves."""
    from rag.settings import Settings

    calibration = [o for o in obs if o.half == 0]
    held_out = [o for o in obs if o.half == 1]
    best: tuple[float, float, float] | None = None  # (in-domain abstained, weight, support)
    for weight in np.round(np.arange(0.0, 1.01, 0.05), 2):
        totals = sorted(o.best_score + weight * o.coverage for o in calibration if o.group == "answerable")
        # The largest threshold that wrongly abstains on at most max_wrong of the answerable.
        support = float(totals[int(np.floor(max_wrong * len(totals)))]) - 1e-6 if totals else 0.0
        rates = _rates(calibration, min_relevance, support, float(weight))
        if rates.wrongly_abstained <= max_wrong and (best is None or rates.in_domain_abstained > best[0]):
            best = (rates.in_domain_abstained, float(weight), support)
    assert best is not None
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
