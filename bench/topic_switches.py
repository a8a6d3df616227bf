"""New questions asked in a conversation about something else: is each still answered as asked alone?

A chat user asks about one thing, then about another ("How do I upload a file?", then "How do I
install FastAPI?"). The second stands on its own; the conversation must not pull its answer back to
the first one's pages. This pairs each answerable question of a docs set with one before it on
another page (the next answerable whose gold page differs), asks the first, keeps the system's own
answer as the assistant turn (an abstention leaves the pair out), then asks the second after it, and
compares with the second asked alone.

    python -m bench.topic_switches --set fastapi [--set ruff ...] [--step 2] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag import env  # noqa: F401

from bench.common import DOCSQA
from bench.recorded_answers import engine_on

if TYPE_CHECKING:
    from rag.engine import Engine
    from ui.evaluation.docsqa_set import DocsQAItem


@dataclass(frozen=True)
class SwitchResult:
    set: str
    id: str  # the second question's
    first_id: str
    right_alone: bool
    right_after: bool
    abstained_after: bool
    answer_alone: str
    answer_after: str


def pairs(items: Sequence[DocsQAItem], step: int = 2) -> list[tuple[DocsQAItem, DocsQAItem]]:
    """(first, second): every `step`-th answerable as the second, after the next answerable (in file
    order, wrapping round) whose gold page differs from its own."""
    answerable = [i for i in items if i.kind == "answerable" and i.gold_path]
    out = []
    for at in range(0, len(answerable), step):
        second = answerable[at]
        others = answerable[at + 1:] + answerable[:at]
        first = next((o for o in others if o.gold_path != second.gold_path), None)
        if first is not None:
            out.append((first, second))
    return out


def _right(answer, item: DocsQAItem) -> bool:
    from ui.evaluation.docsqa_set import contains_gold

    return not answer.abstained and contains_gold(answer.answer, item.gold_phrases)


def ask_switches(engine: Engine, items: Sequence[DocsQAItem], name: str = "", step: int = 2) -> list[SwitchResult]:
    from rag.types import Message

    out = []
    for first, second in pairs(items, step):
        before = engine.ask(first.question)
        if before.abstained:
            continue
        history = [Message(role="user", content=first.question), Message(role="assistant", content=before.answer)]
        alone = engine.ask(second.question)
        after = engine.ask(second.question, history=history)
        out.append(SwitchResult(name, second.id, first.id, _right(alone, second), _right(after, second),
                                after.abstained, alone.answer, after.answer))
    return out


def on_set(name: str, step: int) -> list[SwitchResult]:
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder

    corpus = DOCSQA / name / "corpus"
    engine = engine_on(corpus, lambda settings: ingest_folder(corpus, settings))
    try:
        return ask_switches(engine, load_set(DOCSQA / name / "questions.jsonl"), name, step)
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, help="a set's name under bench/data/docsqa")
    parser.add_argument("--step", type=int, default=2, help="every step-th answerable is asked after a switch")
    parser.add_argument("--out", type=Path, help="one JSON line per pair")
    args = parser.parse_args()
    results = [r for name in args.set for r in on_set(name, args.step)]
    if args.out:
        args.out.write_text("".join(json.dumps(asdict(r)) + "\n" for r in results), encoding="utf-8")
    for name in args.set:
        mine = [r for r in results if r.set == name]
        lost = [r.id for r in mine if r.right_alone and not r.right_after]
        won = [r.id for r in mine if r.right_after and not r.right_alone]
        same = sum(r.answer_alone == r.answer_after for r in mine)
        print(f"{name:10} pairs {len(mine)}: right alone {sum(r.right_alone for r in mine)}, after a switch "
              f"{sum(r.right_after for r in mine)} (abstained {sum(r.abstained_after for r in mine)}; "
              f"answer as alone {same}); lost {lost} won {won}")


if __name__ == "__main__":
    main()
