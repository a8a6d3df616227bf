"""Quoted code an answer shows cut to its head when it would make the answer a wall of text.

A lead-in may come with a block of up to twice the unit budget (rag/units.py) so that it is never
shown alone; a console block's output (`$ python app.py` then a screen of SQL echo) then fills the
answer. Issue 14 keeps answers short with the cited passage one click away: a short snippet is
shown whole (cut, a copied snippet is broken); a longer block to its last whole line that fits (a
console block to its last command that does). What is left out is counted, not written into the code:
a face closes the code block after its last line shown and says, outside it, how many lines the cited
passage goes on with (`cut_note`), so a copied snippet holds no line that is not code. Only what is
shown is cut; the unit's span, and so its citation, stays the whole block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.units import CODE_COMMENT, ELLIPSIS, MAX_UNIT_CHARS

# A shell prompt opening a console block's line: a command typed, the lines after it its output.
_COMMAND = re.compile(r"^\s*[$>]\s")


@dataclass(frozen=True, slots=True)
class TrimmedCode:
    """`text`: the sentence as shown, its code ending on a whole line; `cut`: the lines of its code left out."""

    text: str
    cut: int = 0


def cut_note(cut: int) -> str:
    """What a face shows after a code block cut by `cut` lines, outside the code, right before the sentence's
    citation markers: "… 3 more lines in [2]" says both that the snippet is not whole and where the rest is."""
    return f"{ELLIPSIS} {cut} more line{'' if cut == 1 else 's'} in" if cut > 0 else ""


def _snippet(shown: str, code_at: int, budget: int) -> bool:
    """The code is a short snippet, the answer to a how-to, and the lead-in's words only make the answer
    go past `budget`: cut, a copied snippet would be broken ("app = Starlette(...)" left out of the
    CORS setup it ends). Shown whole while its code is within half the budget and the answer within
    half as much again."""
    return len(shown) - code_at <= budget // 2 and len(shown) <= budget + budget // 2


def trimmed(shown: str, code_at: int | None, budget: int = MAX_UNIT_CHARS, left: int = 0) -> TrimmedCode:
    """`shown` (an answer's sentence whose code starts at `code_at`) cut after its code's last line that keeps
    it within `budget`; unchanged when it fits or quotes no code. `left`: lines of its block the unit already
    left out (a block longer than a unit, rag/units.py), counted with those cut here. The code's first line is
    always kept, and no line is cut within."""
    if code_at is None:
        return TrimmedCode(shown)
    if len(shown) <= budget or _snippet(shown, code_at, budget):
        return TrimmedCode(shown, left)
    head, lines = shown[:code_at], shown[code_at:].split("\n")
    # Room for a line after the code's: the note's ellipsis, its count and the markers go on that line.
    room = budget - len(head) - len(ELLIPSIS) - 1
    kept: list[str] = []
    for line in lines:
        if kept and sum(len(k) + 1 for k in kept) + len(line) > room:
            break
        kept.append(line)
    if len(kept) == len(lines):
        return TrimmedCode(shown, left)
    commands = [n for n, line in enumerate(kept) if _COMMAND.match(line)]
    if commands and not any(line.strip() for line in kept[: commands[0]]):
        # A console block: what to type is the how; its output, cut short anyway, is behind the citation.
        kept = kept[: commands[-1] + 1]
    while len(kept) > 1 and (not kept[-1].strip() or CODE_COMMENT.match(kept[-1])):
        kept.pop()
    return TrimmedCode(head + "\n".join(kept), len(lines) - len(kept) + left)
