"""Follow-ups asked after the system's own answer to the first question, as in a real conversation.

The docs sets' follow-ups carry the set author's paraphrase as the assistant turn, so `eval docs`
measures the follow-up code through the paraphrase locator (`rag.followup.paraphrased`), which finds
one restated sentence of several or a neighbour of it. In the chat, the API and the CLI the assistant
turn is the extractive answer itself, whose quotes are found verbatim. This asks each follow-up's
first question, keeps the answer shown, and asks the follow-up after it (a first answer that
abstains leaves the item out: there is nothing to follow).

    python -m bench.followups_own_answers --set ruff [--set mkdocs ...] [--file followups-fresh.jsonl] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
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
class OwnAnswerResult:
    set: str
    file: str
    id: str
    right: bool
    abstained: bool
    first: str  # the system's answer to the first question, the assistant turn the follow-up got
    answer: str


def ask_after_own_answers(engine: Engine, items: Iterable[DocsQAItem], name: str = "",
                          file: str = "") -> list[OwnAnswerResult]:
    """Each follow-up of `items` asked after `engine`'s own answer to its first question."""
    from rag.types import Message
    from ui.evaluation.docsqa_set import contains_gold

    out = []
    for item in items:
        if item.kind != "followup":
            continue
        asked = item.history[0].content
        first = engine.ask(asked)
        if first.abstained:
            continue
        history = [Message(role="user", content=asked), Message(role="assistant", content=first.answer)]
        answer = engine.ask(item.question, history=history)
        right = not answer.abstained and contains_gold(answer.answer, item.gold_phrases)
        out.append(OwnAnswerResult(name, file, item.id, right, answer.abstained, first.answer, answer.answer))
    return out


def on_set(name: str, file: str) -> list[OwnAnswerResult]:
    """`ask_after_own_answers` over a docs set's file, on `citeline eval`'s cached index of its corpus."""
    from ui.evaluation.docsqa_set import load_set
    from ui.evaluation.indexes import ingest_folder

    corpus = DOCSQA / name / "corpus"
    engine = engine_on(corpus, lambda settings: ingest_folder(corpus, settings))
    try:
        return ask_after_own_answers(engine, load_set(DOCSQA / name / file), name, file)
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, help="a set's name under bench/data/docsqa")
    parser.add_argument("--file", default="questions.jsonl", help="the question file in each set")
    parser.add_argument("--out", type=Path, help="one JSON line per follow-up asked")
    args = parser.parse_args()
    results = [r for name in args.set for r in on_set(name, args.file)]
    if args.out:
        args.out.write_text("".join(json.dumps(asdict(r)) + "\n" for r in results), encoding="utf-8")
    for name in args.set:
        mine = [r for r in results if r.set == name]
        print(f"{name:10} {sum(r.right for r in mine)} of {len(mine)} right after the system's own first answer")


if __name__ == "__main__":
    main()
