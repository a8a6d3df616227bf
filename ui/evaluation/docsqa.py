"""`citeline eval docs`: a documentation-QA set asked through the Engine, scored on the answer shown.

Answered right = not abstained and the shown answer contains a gold phrase. The retrieval ceiling
("top-3 contain gold") asks whether simply showing the first three retrieved passages would have.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rich.markup import escape
from rich.table import Table

from ingest.datasets import DatasetError
from ingest.loaders import LoadError, load
from ingest.settings import IngestSettings
from rag.engine import Engine
from ui.evaluation.docsqa_set import NO_GOLD_KINDS, DocsQAItem, contains_gold, fold
from ui.evaluation.indexes import ingest_folder
from ui.evaluation.results_file import write_results
from ui.settings import Settings

TOP_PASSAGES = 3
# Gold files read as they are written; every other format through its loader (gold_text).
_SOURCE_TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")


@dataclass
class ItemResult:
    """What one question got: enough to see why it failed without re-running it."""

    id: str
    kind: str
    question_type: str
    question: str
    answer: str
    abstained: bool
    best_source_score: float | None  # the answer's best sentence score: what an abstention threshold cuts on
    right: bool  # answerable/follow-up: answered with a gold phrase; unanswerable (either kind): abstained
    top3_contains_gold: bool | None  # None for unanswerables of either kind
    answer_chars: int
    gold_phrases: list[str]
    gold_path: str | None
    cited_paths: list[str]
    top3_paths: list[str]
    latency_ms: float


@dataclass
class GroupScore:
    """Scores of a group of answerable (or follow-up) items."""

    items: int = 0
    answered_right: float = 0.0
    wrong_abstention: float = 0.0
    top3_contains_gold: float = 0.0


@dataclass
class AbstainScore:
    """Scores of a group of items the pages don't answer: right is abstaining."""

    items: int = 0
    abstained_right: float = 0.0


@dataclass
class DocsQAReport:
    dataset: str
    corpus: str
    documents: int
    chunks: int
    embedded_chunks: int  # encoded by this run's ingest (0 when the cached index was current)
    answerable: GroupScore
    followups: GroupScore
    unanswerable_items: int
    abstained_right: float  # share of unanswerables abstained
    mean_answer_chars: float  # over answers shown (not abstained) to answerables and follow-ups
    p90_answer_chars: float
    latency_p50_ms: float
    by_type: dict[str, GroupScore] = field(default_factory=dict)  # answerables per question type
    results_file: str = ""
    # Elliptic follow-ups the pages don't answer, kept apart so the fields above keep their meaning (issue 14).
    followups_unanswerable: AbstainScore = field(default_factory=AbstainScore)


def _group(results: list[ItemResult]) -> GroupScore:
    n = len(results)
    if not n:
        return GroupScore()
    return GroupScore(
        items=n,
        answered_right=round(sum(r.right for r in results) / n, 4),
        wrong_abstention=round(sum(r.abstained for r in results) / n, 4),
        top3_contains_gold=round(sum(bool(r.top3_contains_gold) for r in results) / n, 4),
    )


def gold_text(path: Path) -> str:
    """What a gold phrase is matched against: a text or markup file as written (the Markdown sets' phrases
    quote the source), any other format (PDF, DOCX ...) as the ingest loader extracts it, since that
    extraction, not the file's bytes, is what can be retrieved and quoted."""
    if path.suffix.lower() in _SOURCE_TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8")
    try:
        return load(path, IngestSettings().max_file_bytes).text
    except LoadError as exc:
        raise DatasetError(f"{path}: cannot be read as a gold file ({exc})") from None


def check_against_corpus(items: list[DocsQAItem], corpus: Path, texts: dict[Path, str] | None = None) -> None:
    """Every gold file exists and holds its gold phrases, so a miss is the system's, not the set's. `texts`: the
    gold files' folded texts read before, filled in as more are read (several sets of one corpus extract each
    PDF once)."""
    # A PDF is extracted once, however many items it answers.
    texts = {} if texts is None else texts
    for item in items:
        if item.gold_path is None:
            continue
        path = corpus / item.gold_path
        if not path.is_file():
            raise DatasetError(f"item {item.id}: gold_path {item.gold_path} is not a file under {corpus}")
        if path not in texts:
            texts[path] = fold(gold_text(path))
        text = texts[path]
        for phrase in item.gold_phrases:
            if fold(phrase) not in text:
                raise DatasetError(f"item {item.id}: gold phrase {phrase!r} is not in {item.gold_path}")


def ask_item(engine: Engine, item: DocsQAItem) -> ItemResult:
    started = time.perf_counter()
    answer = engine.ask(item.question, history=item.history)
    latency = (time.perf_counter() - started) * 1000
    # The same resolution of the follow-up the chain does, to see what it had to choose from.
    retrieval = engine.retrieve_in_context(item.question, item.history)
    top = retrieval.hits[:TOP_PASSAGES]
    shown = "" if answer.abstained else answer.answer
    answerable = item.kind not in NO_GOLD_KINDS
    right = contains_gold(shown, item.gold_phrases) if answerable else answer.abstained
    return ItemResult(
        id=item.id,
        kind=item.kind,
        question_type=item.question_type,
        question=item.question,
        answer=answer.answer,
        abstained=answer.abstained,
        best_source_score=max((round(s.score, 4) for s in answer.sources), default=None),
        right=bool(right),
        top3_contains_gold=contains_gold(" ".join(h.chunk.text for h in top), item.gold_phrases) if answerable else None,
        answer_chars=len(fold(shown)) if shown else 0,
        gold_phrases=item.gold_phrases,
        gold_path=item.gold_path,
        cited_paths=sorted({s.path for s in answer.sources}),
        top3_paths=[h.chunk.path for h in top],
        latency_ms=round(latency, 1),
    )


def summarize(results: list[ItemResult], dataset: str, corpus: str, counts: tuple[int, int],
              embedded: int) -> DocsQAReport:
    answerable = [r for r in results if r.kind == "answerable"]
    followups = [r for r in results if r.kind == "followup"]
    unanswerable = [r for r in results if r.kind == "unanswerable"]
    unanswerable_followups = [r for r in results if r.kind == "followup_unanswerable"]
    lengths = [r.answer_chars for r in answerable + followups if not r.abstained]
    latencies = [r.latency_ms for r in results]
    types = sorted({r.question_type for r in answerable})
    return DocsQAReport(
        dataset=dataset,
        corpus=corpus,
        documents=counts[0],
        chunks=counts[1],
        embedded_chunks=embedded,
        answerable=_group(answerable),
        followups=_group(followups),
        unanswerable_items=len(unanswerable),
        abstained_right=_abstained_right(unanswerable),
        mean_answer_chars=round(statistics.fmean(lengths), 1) if lengths else 0.0,
        p90_answer_chars=round(float(np.percentile(lengths, 90)), 1) if lengths else 0.0,
        latency_p50_ms=round(float(np.percentile(latencies, 50)), 1) if latencies else 0.0,
        by_type={t: _group([r for r in answerable if r.question_type == t]) for t in types},
        followups_unanswerable=AbstainScore(len(unanswerable_followups), _abstained_right(unanswerable_followups)),
    )


def _abstained_right(results: list[ItemResult]) -> float:
    return round(sum(r.right for r in results) / len(results), 4) if results else 0.0


def evaluate_docs(items: list[DocsQAItem], set_name: str, corpus: Path, settings: Settings,
                  results_path: Path, fresh: bool = False) -> DocsQAReport:
    """`fresh`: build the cached index again from nothing first."""
    if not corpus.is_dir():
        raise DatasetError(f"{corpus}: not a folder")
    check_against_corpus(items, corpus)
    report = ingest_folder(corpus, settings.ingest, fresh)
    if report.failed:
        first = report.failed[0]
        raise DatasetError(f"{first.path}: could not be ingested ({first.error})")
    engine = Engine(settings.engine)
    try:
        engine.ask("warm up")
        results = [ask_item(engine, item) for item in items]
        status = engine.status()
        counts = (status.documents, status.chunks)
    finally:
        engine.close()
    write_results(results, results_path)
    summary = summarize(results, set_name, str(corpus), counts, report.chunks - report.reused)
    summary.results_file = str(results_path)
    return summary


def docs_tables(report: DocsQAReport) -> list[Table]:
    overview = Table(title=escape(f"{report.dataset} on {report.corpus}: {report.documents} documents, "
                                   f"{report.chunks} chunks"))
    overview.add_column("measure")
    overview.add_column("value", justify="right")
    rows = [
        ("answerable items", report.answerable.items),
        ("answered right", report.answerable.answered_right),
        ("wrong abstention (answerables)", report.answerable.wrong_abstention),
        ("top-3 passages contain gold", report.answerable.top3_contains_gold),
        ("unanswerable items", report.unanswerable_items),
        ("abstained right", report.abstained_right),
        ("follow-up items", report.followups.items),
        ("follow-ups right", report.followups.answered_right),
        ("follow-ups: top-3 contain gold", report.followups.top3_contains_gold),
        ("unanswerable follow-up items", report.followups_unanswerable.items),
        ("unanswerable follow-ups abstained right", report.followups_unanswerable.abstained_right),
        ("mean answer chars", report.mean_answer_chars),
        ("p90 answer chars", report.p90_answer_chars),
        ("latency p50 ms", report.latency_p50_ms),
    ]
    for name, value in rows:
        overview.add_row(name, str(value))
    per_type = Table(title="answerables per question type")
    for column in ("type", "items", "answered right", "wrong abstention", "top-3 contain gold"):
        per_type.add_column(column, justify="left" if column == "type" else "right")
    for name, group in report.by_type.items():
        per_type.add_row(name, str(group.items), f"{group.answered_right:.2f}", f"{group.wrong_abstention:.2f}",
                         f"{group.top3_contains_gold:.2f}")
    return [overview, per_type]
