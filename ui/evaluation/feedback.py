"""Users' ratings as an eval set: `citeline feedback export` writes it, `citeline eval feedback` runs it.

One JSONL line per rated answer (a `RatedAnswer`: the question, the history it was answered with,
the answer, its cited spans, the rating and comment). Each item is asked again, with its history,
and judged against what the user said:

- thumbs up on an answer: **kept** when the new answer is not an abstention and cites at least one
  of the rated answer's spans (same path, overlapping characters, or the same sentence text should
  an edit have moved it). Wording may change; the evidence the user approved must stay.
- thumbs up on an abstention: kept when it still abstains.
- thumbs down on an answer: **fixed** when the new answer abstains or cites a different set of
  spans. The same evidence reworded is still the answer the user rejected.
- thumbs down on an abstention: fixed when it now answers.

A kept thumbs-up is a regression test that passes today; a thumbs-down is an open complaint that
fails until a change fixes it, so the report counts the two apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rich.markup import escape
from rich.table import Table

from rag.engine import Engine
from rag.types import Answer
from ui.evaluation.docsqa_set import load_jsonl
from ui.evaluation.results_file import write_results
from ui.feedback_store import CitedSpan, FeedbackStore, RatedAnswer
from ui.settings import Settings

Only = Literal["up", "down", "all"]


def export_set(index: Path, only: Only = "all") -> list[RatedAnswer]:
    """The index's rated answers (all, or only one rating), oldest first."""
    return list(FeedbackStore(index).rated(None if only == "all" else only))


def write_set(items: list[RatedAnswer], fh) -> None:
    for item in items:
        fh.write(item.model_dump_json() + "\n")


def load_feedback_set(path: Path) -> list[RatedAnswer]:
    return load_jsonl(path, RatedAnswer)


def _same_place(new: CitedSpan, old: CitedSpan) -> bool:
    if new.path != old.path:
        return False
    return (new.start < old.end and old.start < new.end) or new.text.strip() == old.text.strip()


def passes(item: RatedAnswer, answer: Answer) -> bool:
    """Whether the new answer does what the rating asks (see the module's docstring)."""
    cited = [CitedSpan(**s.model_dump(include={"n", "doc_id", "path", "start", "end", "text"})) for s in answer.sources]
    if item.rating == "up":
        if item.abstained:
            return answer.abstained
        return not answer.abstained and any(_same_place(new, old) for new in cited for old in item.sources)
    if item.abstained:
        return not answer.abstained
    if answer.abstained:
        return True
    return {(s.path, s.start, s.end) for s in cited} != {(s.path, s.start, s.end) for s in item.sources}


@dataclass
class FeedbackResult:
    id: str
    rating: str
    question: str
    comment: str
    passed: bool  # up: kept; down: fixed
    rated_answer: str
    rated_abstained: bool
    answer: str
    abstained: bool
    rated_spans: list[str]
    cited_spans: list[str]
    llm: str


@dataclass
class FeedbackReport:
    dataset: str
    index: str
    up_items: int
    up_kept: int
    down_items: int
    down_fixed: int
    regressions: list[str] = field(default_factory=list)  # ids of thumbs-up items no longer kept
    results_file: str = ""


def _spans(spans: Iterable) -> list[str]:
    return [f"{s.path}:{s.start}-{s.end}" for s in spans]


def judge(engine: Engine, item: RatedAnswer, llm: str | None = None) -> FeedbackResult:
    # The generator that wrote the rated answer, unless the run names another: a complaint about an
    # LLM's answer is not fixed by asking the extractive answerer instead.
    answer = engine.ask(item.question, history=item.history, llm=llm or item.llm)
    return FeedbackResult(
        id=item.id, rating=item.rating, question=item.question, comment=item.comment, passed=passes(item, answer),
        rated_answer=item.answer, rated_abstained=item.abstained, answer=answer.answer, abstained=answer.abstained,
        rated_spans=_spans(item.sources), cited_spans=_spans(answer.sources), llm=llm or item.llm,
    )


def evaluate_feedback(items: list[RatedAnswer], set_name: str, settings: Settings, results_path: Path,
                      llm: str | None = None) -> FeedbackReport:
    engine = Engine(settings.engine)
    try:
        results = [judge(engine, item, llm) for item in items]
    finally:
        engine.close()
    write_results(results, results_path)
    up = [r for r in results if r.rating == "up"]
    down = [r for r in results if r.rating == "down"]
    return FeedbackReport(
        dataset=set_name, index=str(settings.index), up_items=len(up), up_kept=sum(r.passed for r in up),
        down_items=len(down), down_fixed=sum(r.passed for r in down),
        regressions=[r.id for r in up if not r.passed], results_file=str(results_path),
    )


def feedback_table(report: FeedbackReport) -> Table:
    table = Table(title=escape(f"{report.dataset} on {report.index}"))
    table.add_column("rating")
    table.add_column("items", justify="right")
    table.add_column("passing", justify="right")
    table.add_column("meaning")
    table.add_row("up", str(report.up_items), str(report.up_kept), "kept: still cites the approved evidence")
    table.add_row("down", str(report.down_items), str(report.down_fixed), "fixed: no longer gives the rejected answer")
    return table
