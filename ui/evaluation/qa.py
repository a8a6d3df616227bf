"""`citeline eval qa`: SQuAD-format questions asked through the same chain users get."""

from __future__ import annotations

import re
import statistics
import string
import time
from dataclasses import dataclass
from pathlib import Path

from ingest.datasets import read_squad
from rag.engine import ANSWER_MARK, Engine
from ui.evaluation.indexes import ingest_squad
from ui.evaluation.slicing import every_nth_article
from ui.settings import Settings


def normalize(text: str) -> str:
    """SQuAD's answer normalisation: lower case, no punctuation, articles or extra spaces."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


@dataclass
class QAReport:
    dataset: str
    questions: int
    documents: int
    chunks: int
    hit_at_1: float
    hit_at_5: float
    answer_contains_gold: float
    citation_correct: float
    abstained: float
    mean_answer_chars: float
    latency_p50_ms: float
    latency_p95_ms: float
    repointed: int = 0  # gold offsets that were off and moved to the answer's nearest occurrence
    skipped: int = 0  # questions whose answer is not in their paragraph


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def evaluate_qa(path: Path, settings: Settings, limit: int | None = None, article_step: int | None = None,
                fresh: bool = False) -> QAReport:
    """`article_step` asks only the questions of every n-th article; every article is still indexed.
    `fresh`: build the cached index again from nothing first."""
    squad = read_squad(path)
    questions = squad.questions
    if article_step is not None:
        kept = every_nth_article([name for name, _ in squad.documents], article_step)
        questions = [q for q in questions if q.article in kept]
    ingest_squad(path, settings.ingest, squad.documents, fresh)
    engine = Engine(settings.engine)
    if limit:
        questions = questions[:limit]
    names = {d.doc_id: d.path for d in engine.documents(limit=None).documents}
    engine.ask("warm up")
    hit1 = hit5 = contains = cited = abstained = 0
    lengths: list[int] = []
    latencies: list[float] = []
    for q in questions:
        gold_start, gold_end = q.answer_start, q.answer_start + len(q.answer)

        def covers(path: str, start: int, end: int) -> bool:
            return path == q.article and start <= gold_start and gold_end <= end

        started = time.perf_counter()
        answer = engine.ask(q.question)
        latencies.append((time.perf_counter() - started) * 1000)
        hits = engine.retrieve(q.question, 5).hits
        found = [covers(h.chunk.path, h.chunk.start, h.chunk.end) for h in hits]
        hit1 += bool(found[:1] and found[0])
        hit5 += any(found)
        if answer.abstained:
            abstained += 1
            continue
        plain = ANSWER_MARK.sub("", answer.answer)
        lengths.append(len(plain))
        contains += normalize(q.answer) in normalize(plain)
        cited += any(covers(names.get(s.doc_id, ""), s.start, s.end) for s in answer.sources)
    n = max(len(questions), 1)
    status = engine.status()
    docs, chunks = status.documents, status.chunks
    engine.close()
    return QAReport(
        dataset=path.name,
        questions=len(questions),
        documents=docs,
        chunks=chunks,
        hit_at_1=round(hit1 / n, 4),
        hit_at_5=round(hit5 / n, 4),
        answer_contains_gold=round(contains / n, 4),
        citation_correct=round(cited / n, 4),
        abstained=round(abstained / n, 4),
        mean_answer_chars=round(statistics.fmean(lengths), 1) if lengths else 0.0,
        latency_p50_ms=round(_percentile(latencies, 0.5), 1),
        latency_p95_ms=round(_percentile(latencies, 0.95), 1),
        repointed=squad.repointed,
        skipped=squad.skipped,
    )
