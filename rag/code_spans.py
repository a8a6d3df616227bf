"""Inline code spans as CommonMark pairs them: a run of backticks up to the next run of the same
length. Code shows its characters as written (`` `&nbsp;` `` names the entity, `` `[B](b.md)` `` is no
link, `` `argv[1]` `` no citation mark), so what reads prose reads around them.

Paired in one pass from the end (which run of each length comes next): linear in the text, whatever
its backticks; a pattern reading on from every run to a closing one re-read the text from each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True, slots=True)
class CodeSpan:
    start: int  # at the opening run of backticks
    end: int  # after the closing run


def code_spans(text: str) -> list[CodeSpan]:
    """The code spans of `text`, in order; a run of backticks that no run of its length follows opens none."""
    runs = list(_BACKTICKS.finditer(text))
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for at in range(len(runs) - 1, -1, -1):
        length = len(runs[at].group(0))
        following[at] = seen.get(length)
        seen[length] = at
    spans = []
    at = 0
    while at < len(runs):
        closing = following[at]
        if closing is None:
            at += 1
            continue
        spans.append(CodeSpan(runs[at].start(), runs[closing].end()))
        at = closing + 1
    return spans


def outside_code(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to what lies outside its code spans, the spans kept as written."""
    parts = []
    at = 0
    for span in code_spans(text):
        parts.append(change(text[at:span.start]))
        parts.append(text[span.start:span.end])
        at = span.end
    parts.append(change(text[at:]))
    return "".join(parts)
