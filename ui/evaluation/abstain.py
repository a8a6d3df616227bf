"""`citeline eval abstain`: does Citeline abstain when the index cannot answer, and only then?

Negatives: off-topic (XQuAD questions asked of a SciFact index, SciFact claims of an XQuAD index) and
in-domain (XQuAD questions whose article is left out of an index of the other articles). Positives,
asked the same way: XQuAD questions of the full XQuAD index (the wrong-abstention rate), SciFact claims
of the SciFact index, and XQuAD questions whose article is in the half index.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rich.table import Table

from ingest.datasets import beir_qrels, beir_queries, squad_articles
from rag.engine import Engine
from ui.evaluation.indexes import ingest_beir, ingest_squad
from ui.evaluation.results_file import write_results
from ui.evaluation.retrieval import default_eval_index
from ui.settings import Settings

Role = Literal["off-topic", "in-domain", "answerable"]


@dataclass(frozen=True)
class Probe:
    """One question and whether the index it is asked of holds its answer."""

    group: str
    role: Role
    qid: str
    question: str


@dataclass
class ProbeResult:
    group: str
    role: Role
    qid: str
    question: str
    abstained: bool
    best_source_score: float | None  # the answer's best sentence score: what a threshold would cut on
    answer: str


@dataclass
class GroupRate:
    group: str
    role: Role
    questions: int
    abstained: float


@dataclass
class AbstainReport:
    per_question_sample: int
    seed: int
    off_topic_recall: float  # negatives abstained
    off_topic_precision: float  # abstentions that were on negatives, in the off-topic pool
    in_domain_recall: float
    in_domain_precision: float
    wrong_abstention: float  # answerable XQuAD questions (full XQuAD index) abstained
    groups: list[GroupRate] = field(default_factory=list)
    results_file: str = ""


def _sample(values: list, n: int, rng: random.Random) -> list:
    return values if len(values) <= n else rng.sample(values, n)


def half_index(squad: Path, settings: Settings) -> Path:
    """The cache of the index holding only the even-numbered XQuAD articles."""
    base = default_eval_index(squad, settings)
    return base.with_name(base.name + "-even-articles")


def _ask_all(settings: Settings, probes: list[Probe]) -> list[ProbeResult]:
    engine = Engine(settings.engine)
    try:
        engine.ask("warm up")
        results = []
        for probe in probes:
            answer = engine.ask(probe.question)
            best = max((s.score for s in answer.sources), default=None)
            results.append(ProbeResult(probe.group, probe.role, probe.qid, probe.question, answer.abstained,
                                       None if best is None else round(best, 4), answer.answer))
        return results
    finally:
        engine.close()


def _rate(results: list[ProbeResult], groups: set[str]) -> float:
    chosen = [r for r in results if r.group in groups]
    return round(sum(r.abstained for r in chosen) / len(chosen), 4) if chosen else 0.0


def _precision(results: list[ProbeResult], negatives: set[str], positives: set[str]) -> float:
    wrong = sum(r.abstained for r in results if r.group in positives)
    right = sum(r.abstained for r in results if r.group in negatives)
    return round(right / (right + wrong), 4) if right + wrong else 0.0


def evaluate_abstention(squad: Path, beir: Path, settings: Settings, sample: int, seed: int,
                        results_path: Path, fresh: bool = False) -> AbstainReport:
    """`fresh`: build the three cached indexes again from nothing first."""
    rng = random.Random(seed)
    documents, questions = squad_articles(squad)
    qrels = beir_qrels(beir, "train")
    claims = [(qid, text) for qid, text in beir_queries(beir).items() if qid in qrels]
    xquad = [(q.qid, q.question) for q in _sample(questions, sample, rng)]
    scifact = _sample(claims, sample, rng)
    indexed = {name for i, (name, _) in enumerate(documents) if i % 2 == 0}
    in_half = [(q.qid, q.question) for q in _sample([q for q in questions if q.article in indexed], sample, rng)]
    left_out = [(q.qid, q.question) for q in _sample([q for q in questions if q.article not in indexed], sample, rng)]

    xquad_settings = settings.model_copy(update={"index": default_eval_index(squad, settings)})
    scifact_settings = settings.model_copy(update={"index": default_eval_index(beir, settings)})
    half_settings = settings.model_copy(update={"index": half_index(squad, settings)})
    ingest_squad(squad, xquad_settings.ingest, documents, fresh)
    ingest_beir(beir, scifact_settings.ingest, fresh=fresh)
    ingest_squad(squad, half_settings.ingest, [d for d in documents if d[0] in indexed], fresh)

    def probes(group: str, role: Role, pairs: list[tuple[str, str]]) -> list[Probe]:
        return [Probe(group, role, qid, text) for qid, text in pairs]

    results = _ask_all(xquad_settings, probes("xquad-on-xquad", "answerable", xquad)
                       + probes("scifact-on-xquad", "off-topic", scifact))
    results += _ask_all(scifact_settings, probes("scifact-on-scifact", "answerable", scifact)
                        + probes("xquad-on-scifact", "off-topic", xquad))
    results += _ask_all(half_settings, probes("xquad-in-index-on-half", "answerable", in_half)
                        + probes("xquad-left-out-on-half", "in-domain", left_out))

    write_results(results, results_path)

    off_topic = {"scifact-on-xquad", "xquad-on-scifact"}
    in_domain = {"xquad-left-out-on-half"}
    groups = []
    for name in dict.fromkeys(r.group for r in results):
        chosen = [r for r in results if r.group == name]
        groups.append(GroupRate(name, chosen[0].role, len(chosen), _rate(results, {name})))
    return AbstainReport(
        per_question_sample=sample,
        seed=seed,
        off_topic_recall=_rate(results, off_topic),
        off_topic_precision=_precision(results, off_topic, {"xquad-on-xquad", "scifact-on-scifact"}),
        in_domain_recall=_rate(results, in_domain),
        in_domain_precision=_precision(results, in_domain, {"xquad-in-index-on-half"}),
        wrong_abstention=_rate(results, {"xquad-on-xquad"}),
        groups=groups,
        results_file=str(results_path),
    )


def abstain_tables(report: AbstainReport) -> list[Table]:
    summary = Table(title=f"abstention: up to {report.per_question_sample} questions per group (seed {report.seed})")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    for name in ("off_topic_recall", "off_topic_precision", "in_domain_recall", "in_domain_precision",
                 "wrong_abstention"):
        summary.add_row(name.replace("_", " "), f"{getattr(report, name):.4f}")
    groups = Table(title="abstained per group")
    for column in ("group", "role", "questions", "abstained"):
        groups.add_column(column, justify="left" if column in ("group", "role") else "right")
    for g in report.groups:
        groups.add_row(g.group, g.role, str(g.questions), f"{g.abstained:.4f}")
    return [summary, groups]
