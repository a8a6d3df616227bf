"""Quoted code an answer shows cut to its head when it would make the answer a wall of text.

A lead-in may come with a block of up to twice the unit budget (rag/units.py) so that it is never
shown alone; a console block's output (`$ python app.py` then a screen of SQL echo) then fills the
answer. Issue 14 keeps answers short with the cited passage one click away: a short snippet is
shown whole (cut, a copied snippet is broken); a longer block to its last line that fits (a console
block to its last command that does), then a line "…" saying there is more. Only what is shown is
cut; the unit's span, and so its citation, stays the whole block.
"""

from __future__ import annotations

import re

from rag.units import CODE_COMMENT, ELLIPSIS, MAX_UNIT_CHARS

# A shell prompt opening a console block's line: a command typed, the lines after it its output.
_COMMAND = re.compile(r"^\s*[$>]\s")


def _snippet(shown: str, code_at: int, budget: int) -> bool:
    """The code is a short snippet, the answer to a how-to, and the lead-in's words only make the answer
    go past `budget`: cut, a copied snippet would be broken ("app = Starlette(...)" left out of the
    CORS setup it ends). Shown whole while its code is within half the budget and the answer within
    half as much again."""
    return len(shown) - code_at <= budget // 2 and len(shown) <= budget + budget // 2


def trimmed(shown: str, code_at: int | None, budget: int = MAX_UNIT_CHARS) -> str:
    """`shown` (an answer's sentence whose code starts at `code_at`) cut after its code's last line
    that keeps it within `budget`, with a line "…" after; unchanged when it fits or quotes no code.
    The code's first line is always kept."""
    if code_at is None or len(shown) <= budget or _snippet(shown, code_at, budget):
        return shown
    head, lines = shown[:code_at], shown[code_at:].split("\n")
    room = budget - len(head) - len(ELLIPSIS) - 1
    kept: list[str] = []
    for line in lines:
        if kept and sum(len(k) + 1 for k in kept) + len(line) > room:
            break
        kept.append(line)
    if len(kept) == len(lines):
        return shown
    commands = [n for n, line in enumerate(kept) if _COMMAND.match(line)]
    if commands and not any(line.strip() for line in kept[: commands[0]]):
        # A console block: what to type is the how; its output, cut short anyway, is behind the citation.
        kept = kept[: commands[-1] + 1]
    while len(kept) > 1 and (not kept[-1].strip() or CODE_COMMENT.match(kept[-1])):
        kept.pop()
    return head + "\n".join(kept) + "\n" + ELLIPSIS
