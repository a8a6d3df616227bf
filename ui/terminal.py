"""Printing answers in a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from rag.types import Answer


def print_answer(answer: Answer, console: Console | None = None) -> None:
    console = console or Console()
    console.print(escape(answer.answer), highlight=False)
    if not answer.sources:
        return
    console.print()
    for s in answer.sources:
        where = f"{s.path}, chars {s.start}-{s.end}" + (f", page {s.page}" if s.page else "")
        console.print(f"[bold][{s.n}][/bold] {escape(s.title)} — {escape(where)}", highlight=False)
        console.print(f"    “{escape(' '.join(s.text.split()))}”", highlight=False, style="dim")
