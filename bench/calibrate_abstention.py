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

    python -m bench.calibrate_abstention --docs-results .citeline-eval/abstain-docs.results.jsonl

reads what `citeline eval abstain --docs A --docs B --docs C` recorded instead (each question's
signals, documentation pages left out of the index) and checks the thresholds leave-one-set-out:
chosen on all sets but one (each the largest that abstains on no answerable the current settings
answer right), then measured on the set left out.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from rag import env  # noqa: F401

from bench.common import SHARED_EVAL
from bench.query_latency import CACHE, source_index
from rag.abstention import MIN_KEY_COVERAGE, MIN_KEY_COVERAGE_UNINDEXED_NAME, MIN_KEY_COVERAGE_UNSEEN, Signals, declined
from rag.retriever import Retrieval


@dataclass(frozen=True, slots=True)
class Observation:
    group: str  # answerable | in_domain | off_topic
    half: int  # 0 = calibration, 1 = held out
    best_score: float
    coverage: float
    contains_gold: bool | None = None
    key_coverage: float = 1.0
    unknown_name: bool = False
    unseen: bool = False
    corpus: str = "xquad+scifact"  # or "docs": the documentation-QA set's index
    unindexed_name: bool = False
    unit_key_coverage: float = 1.0  # the best unit's own key coverage (how-to questions are held to it)
    howto: bool = False
    unread_code: bool = False  # a code name of the question no passage read mentions
    rare_unseen: bool = False  # a word no indexed chunk contains, rare in English
    unread_rare: bool = False  # a word rare in English in a chunk or so of the index, in no passage read


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
    from ui.settings import Settings

    return Engine(Settings(index=index))


def _observe(engine, question: str, group: str, half: int, keep=None, gold: str | None = None,
             corpus: str = "xquad+scifact") -> Observation:
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
    return observation(signals, group, half, corpus, contains)


def observation(signals: Signals, group: str, half: int, corpus: str, contains: bool | None) -> Observation:
    return Observation(group, half, signals.best_score, signals.coverage, contains, signals.key_coverage,
                       bool(signals.unknown_name), bool(signals.unseen), corpus, bool(signals.unindexed_name),
                       signals.unit_key_coverage, signals.howto, bool(signals.unread_code), bool(signals.rare_unseen),
                       bool(signals.unread_rare))


def _docs_index(docs_set: Path, cache: Path) -> Path:
    from ingest.pipeline import ingest
    from ui.settings import Settings

    settings = Settings(index=cache / f"docsqa-{docs_set.parent.name}-index")
    ingest([docs_set.parent / "corpus"], settings)
    return settings.index


def _docs_questions(docs_set: Path) -> list:
    from ui.evaluation.docsqa_set import load_set

    return [i for i in load_set(docs_set) if i.kind == "answerable"]


def _observe_docs(docs_set: Path, index: Path) -> list[Observation]:
    """The documentation-QA set's answerable questions, asked of its own index as they are
    (answerable) and with their gold file left out of what retrieval returns (in-domain
    unanswerable); halves by item parity. Its own unanswerables are a check, never calibrated on."""
    engine = _engine(index)
    obs = []
    for number, item in enumerate(_docs_questions(docs_set)):
        obs.append(_observe(engine, item.question, "answerable", number % 2, corpus="docs"))
        obs.append(_observe(engine, item.question, "in_domain", number % 2, corpus="docs",
                            keep=lambda h, p=item.gold_path: h.chunk.path != p))
    engine.store.close()
    return obs


def _observe_xquad_with_docs(questions, half_of, xquad_index: Path, docs_set: Path, docs_index: Path) -> list[Observation]:
    """Without the SciFact source index: XQuAD questions of an XQuAD-only index (answerable, and
    with their article left out), off-topic pairs from the docs set (XQuAD questions asked of
    the docs index, the docs questions of XQuAD's)."""
    obs: list[Observation] = []
    engine = _engine(xquad_index)
    for q in questions:
        half, path = half_of[q.article], q.article  # that index's paths are the article names
        obs.append(_observe(engine, q.question, "answerable", half, gold=q.answer))
        obs.append(_observe(engine, q.question, "in_domain", half, keep=lambda h, p=path: h.chunk.path != p))
    for number, item in enumerate(_docs_questions(docs_set)):
        obs.append(_observe(engine, item.question, "off_topic", number % 2, corpus="docs"))
    engine.store.close()
    engine = _engine(docs_index)
    for q in questions:
        obs.append(_observe(engine, q.question, "off_topic", half_of[q.article]))
    engine.store.close()
    return obs


def _abstains(o: Observation, min_relevance: float, support: float, weight: float, min_key: float,
              min_key_unseen: float, min_key_unindexed_name: float = 0.0) -> bool:
    return o.best_score < min_relevance or declined(
        Signals(o.best_score, 0.0, o.coverage, "?" if o.unknown_name else "", o.key_coverage, "?" if o.unseen else "",
                "?" if o.unindexed_name else "", o.unit_key_coverage, o.howto, unread_code="?" if o.unread_code else "", rare_unseen="?" if o.rare_unseen else "",
                unread_rare="?" if o.unread_rare else ""),
        weight, support, min_key, min_key_unseen, min_key_unindexed_name)


def _rates(obs: list[Observation], min_relevance: float, support: float, weight: float, min_key: float,
           min_key_unseen: float, min_key_unindexed_name: float = 0.0) -> Rates:
    def abstains(o: Observation) -> bool:
        return _abstains(o, min_relevance, support, weight, min_key, min_key_unseen, min_key_unindexed_name)

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
    parser.add_argument("--max-added", type=float, default=0.005,
                        help="Wrongly abstained answerable questions each key-coverage minimum may add, per corpus.")
    parser.add_argument("--docs-set", type=Path, default=Path(__file__).parent / "data" / "docsqa" / "fastapi" / "questions.jsonl",
                        help="A documentation-QA set whose answerable questions add a leave-one-document-out set.")
    parser.add_argument("--xquad-index", type=Path, default=None,
                        help="An XQuAD-only index already built (as `citeline eval qa` caches it): no SciFact source "
                             "index; off-topic questions then pair XQuAD with the docs set.")
    parser.add_argument("--observations", type=Path, default=None, help="Write every observation here (JSONL).")
    parser.add_argument("--from-observations", type=Path, default=None,
                        help="Choose thresholds from observations written earlier instead of asking again.")
    parser.add_argument("--docs-results", type=Path, default=None,
                        help="Per-question results of `citeline eval abstain --docs ...` (two sets or more): check "
                             "the thresholds leave-one-set-out on them instead.")
    args = parser.parse_args()
    from ui.settings import Settings

    if args.docs_results:
        print(json.dumps(leave_one_set_out(docs_observations(args.docs_results), Settings())))
        return
    if args.from_observations:
        obs = [Observation(**known(Observation, json.loads(line)))
               for line in args.from_observations.read_text().splitlines() if line]
        report(obs, Settings().min_relevance, args.max_wrong, args.max_added)
        return

    from ingest.datasets import beir_queries, squad_articles

    documents, questions = squad_articles(args.xquad)
    half_of = {name: number % 2 for number, (name, _) in enumerate(documents)}
    xquad_paths = {f"xquad/{name}" for name, _ in documents}
    min_relevance = Settings().min_relevance
    docs_index = _docs_index(args.docs_set, args.cache) if args.docs_set else None
    obs: list[Observation] = _observe_docs(args.docs_set, docs_index) if docs_index else []
    if args.xquad_index:
        if docs_index is None:
            parser.error("--xquad-index needs --docs-set for its off-topic questions")
        obs += _observe_xquad_with_docs(questions, half_of, args.xquad_index, args.docs_set, docs_index)
        if args.observations:
            args.observations.write_text("".join(json.dumps(asdict(o)) + "\n" for o in obs))
        report(obs, min_relevance, args.max_wrong, args.max_added)
        return
    index = source_index(args.beir, None, args.cache, args.source_docs, args.xquad)
    engine = _engine(index)
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

    report(obs, min_relevance, args.max_wrong, args.max_added)


def known(cls: type, row: dict) -> dict:
    """`row`'s fields that `cls` still has: files written before `unseen_object` went (it always equalled
    a how-to's `unseen`) still load."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in row.items() if k in names}


def docs_observations(results: Path) -> list[Observation]:
    """`eval abstain --docs` rows: its negatives as in-domain, its answerables (full index) as answerable."""
    groups = {"in-domain": "in_domain", "answerable": "answerable"}
    obs = []
    for line in results.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["role"] in groups:
            obs.append(observation(Signals(**known(Signals, row["signals"])), groups[row["role"]], 0, row["set"], row["contains_gold"]))
    return obs


@dataclass(frozen=True, slots=True)
class SetCheck:
    held_out: str
    chosen: dict[str, float]
    in_domain_abstained_now: float
    in_domain_abstained_chosen: float
    right_answers_lost: int  # answerables the current settings answer right, declined by the chosen ones
    wrongly_abstained_now: float
    wrongly_abstained_chosen: float


def leave_one_set_out(obs: list[Observation], settings) -> list[dict]:
    """For each set: `min_answer_support`, then the key-coverage minimum, then the one for questions
    with an unseen term, each the largest (on a 0.01 grid from the current value) that declines no
    answerable of the other sets the current settings answer right; measured on the set left out."""
    current = [settings.min_relevance, settings.min_answer_support, settings.coverage_weight, MIN_KEY_COVERAGE,
               MIN_KEY_COVERAGE_UNSEEN, MIN_KEY_COVERAGE_UNINDEXED_NAME]

    def lost(sample: list[Observation], thresholds: list[float]) -> int:
        return sum(1 for o in sample if o.group == "answerable" and o.contains_gold
                   and not _abstains(o, *current) and _abstains(o, *thresholds))

    def rates(sample: list[Observation], thresholds: list[float]) -> tuple[float, float]:
        r = _rates(sample, *thresholds)
        return r.in_domain_abstained, r.wrongly_abstained

    checks = []
    for held_out in sorted({o.corpus for o in obs}):
        training = [o for o in obs if o.corpus != held_out]
        tested = [o for o in obs if o.corpus == held_out]
        chosen = list(current)
        for position in (1, 3, 4):  # support, key coverage, key coverage with an unseen term
            grid = np.round(np.arange(chosen[position], 1.5, 0.01), 2)
            chosen[position] = max((float(v) for v in grid
                                    if lost(training, chosen[:position] + [float(v)] + chosen[position + 1:]) == 0),
                                   default=chosen[position])
            chosen[4] = max(chosen[4], chosen[3])
        now, chosen_rates = rates(tested, current), rates(tested, chosen)
        checks.append(asdict(SetCheck(held_out, {"min_answer_support": chosen[1], "min_key_coverage": chosen[3],
                                                 "min_key_coverage_unseen": chosen[4]},
                                      now[0], chosen_rates[0], lost(tested, chosen), now[1], chosen_rates[1])))
    return checks


def report(obs: list[Observation], min_relevance: float, max_wrong: float, max_added: float = 0.005) -> None:
    """Choose the thresholds on the calibration half and print the rates on both halves.

    First the score + coverage threshold (for each coverage weight, the largest support within
    max_wrong; the weight abstaining most in-domain wins; the current settings when none is
    within it), then on top of it each key-coverage minimum (for every question, for one with a
    term no chunk contains, and for one naming something no chunk mentions): the largest that adds at most max_added wrongly abstained
    answerable questions on every corpus."""
    from ui.settings import Settings

    settings = Settings()
    calibration = [o for o in obs if o.half == 0]
    held_out = [o for o in obs if o.half == 1]
    corpora = sorted({o.corpus for o in obs})
    best: tuple[float, float, float] | None = None  # (in-domain abstained, weight, support)
    for weight in np.round(np.arange(0.0, 1.01, 0.05), 2):
        totals = sorted(o.best_score + weight * o.coverage for o in calibration if o.group == "answerable")
        # The largest threshold that wrongly abstains on at most max_wrong of the answerable.
        support = float(totals[int(np.floor(max_wrong * len(totals)))]) - 1e-6 if totals else 0.0
        rates = _rates(calibration, min_relevance, support, float(weight), 0.0, 0.0)
        if rates.wrongly_abstained <= max_wrong and (best is None or rates.in_domain_abstained > best[0]):
            best = (rates.in_domain_abstained, float(weight), support)
    _, weight, support = best or (0.0, settings.coverage_weight, settings.min_answer_support)

    def within(min_key: float, min_key_unseen: float, min_key_unindexed_name: float = 0.0) -> bool:
        for c in corpora:
            sample = [o for o in calibration if o.corpus == c]
            base = _rates(sample, min_relevance, support, weight, 0.0, 0.0).wrongly_abstained
            if _rates(sample, min_relevance, support, weight, min_key, min_key_unseen,
                      min_key_unindexed_name).wrongly_abstained > base + max_added:
                return False
        return True

    grid = [float(x) for x in np.round(np.arange(0.0, 0.81, 0.01), 2)]
    min_key = max((k for k in grid if within(k, 0.0)), default=0.0)
    min_key_unseen = max((k for k in grid if k >= min_key and within(min_key, k)), default=min_key)
    min_key_unindexed = max((k for k in grid if k >= min_key and within(min_key, min_key_unseen, k)), default=min_key)
    chosen = (min_relevance, support, weight, min_key, min_key_unseen, min_key_unindexed)
    current = (min_relevance, settings.min_answer_support, settings.coverage_weight, MIN_KEY_COVERAGE,
               MIN_KEY_COVERAGE_UNSEEN, MIN_KEY_COVERAGE_UNINDEXED_NAME)

    def rates(sample: list[Observation], thresholds: tuple[float, ...]) -> dict:
        out = {"all": asdict(_rates(sample, *thresholds))}
        for c in corpora:
            out[c] = asdict(_rates([o for o in sample if o.corpus == c], *thresholds))
        return out

    contains = [o.contains_gold for o in obs if o.group == "answerable" and o.contains_gold is not None]
    print(json.dumps({
        "benchmark": "calibrate_abstention",
        "min_relevance": min_relevance,
        "chosen": {"coverage_weight": weight, "min_answer_support": round(support, 4), "min_key_coverage": min_key,
                   "min_key_coverage_unseen": min_key_unseen, "min_key_coverage_unindexed_name": min_key_unindexed},
        "calibration_half": rates(calibration, chosen),
        "held_out_half": rates(held_out, chosen),
        "current_settings": rates(obs, current),
        "answerable_contains_gold": round(float(np.mean(contains)), 4),
        "wrongly_abstained_that_contained_gold": sum(
            1 for o in obs if o.group == "answerable" and o.contains_gold and _rates([o], *chosen).wrongly_abstained),
    }))


if __name__ == "__main__":
    main()
