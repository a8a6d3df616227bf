"""Quoted code an answer shows cut to its head when it would make the answer a wall of text.

A lead-in may come with a block of up to twice the unit budget (rag/units.py) so that it is never
shown alone; a console block's output (`$ python app.py` then a screen of SQL echo) then fills the
answer. Issue 14 keeps answers short with the cited passage one click away: the block is shown to
its last line that fits (a console block to its last command that does), then a line "…" saying
there is more. Only what is shown is cut; the unit's
span, and so its citation, stays the whole block. When the part cut off holds the lines that carry
what the question asks (the `404: not_found` of a handler mapping, asked how to return a custom 404
page), those lines are shown instead of the stanzas before them that carry none, with "…" for each gap.
"""

from __future__ import annotations

import re

from rag.terms import terms
from rag.unit_scoring import names_built_on
from rag.units import CODE_COMMENT, ELLIPSIS, MAX_UNIT_CHARS

# A shell prompt opening a console block's line: a command typed, the lines after it its output.
_COMMAND = re.compile(r"^\s*[$>]\s")


def trimmed(shown: str, code_at: int | None, budget: int = MAX_UNIT_CHARS, asked: frozenset[str] = frozenset()) -> str:
    """`shown` (an answer's sentence whose code starts at `code_at`) cut after its code's last line
    that keeps it within `budget`, with a line "…" after; unchanged when it fits or quotes no code.
    The code's first line is always kept. `asked`: the question's terms; a stanza past the cut carrying
    one the kept lines do not is shown in place of kept stanzas carrying none (`_asked_stanzas`)."""
    if code_at is None or len(shown) <= budget:
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
    if asked and not commands:
        shown_asked = _asked_stanzas(lines, len(kept), room, asked)
        if shown_asked is not None:
            return head + shown_asked
    return head + "\n".join(kept) + "\n" + ELLIPSIS


def _stanzas(lines: list[str]) -> list[range]:
    """The runs of non-blank lines, as ranges of line numbers."""
    runs: list[range] = []
    start = None
    for n, line in enumerate(lines + [""]):
        if line.strip() and start is None:
            start = n
        elif not line.strip() and start is not None:
            runs.append(range(start, n))
            start = None
    return runs


def _asked_stanzas(lines: list[str], cut: int, room: int, asked: frozenset[str]) -> str | None:
    """The code with the stanzas past line `cut` that carry an asked term no line before it does, in
    place of the last stanzas before it that carry none, within `room`; None when there is no such
    stanza or it does not fit (the head alone is shown then)."""
    runs = _stanzas(lines)
    stanza_text = ["\n".join(lines[n] for n in run) for run in runs]
    carried = [(terms(text) & asked) | names_built_on(text, asked) for text in stanza_text]
    before = [k for k, run in enumerate(runs) if run.stop <= cut]
    if not before:
        return None
    have = frozenset().union(*(carried[k] for k in before))
    wanted = []
    for k, run in enumerate(runs):
        if run.start >= cut and carried[k] - have:
            wanted.append(k)
            have |= carried[k]
    if not wanted:
        return None
    chosen = before + wanted

    def size(ks: list[int]) -> int:
        # Each stanza's lines, a line between stanzas (blank or "…"), a last "…".
        return sum(len(lines[n]) + 1 for k in ks for n in runs[k]) + 2 * len(ks) + len(ELLIPSIS)

    # The first stanza stays (where the code starts: its imports or the call named); later ones
    # carrying nothing asked go, last first.
    spare = [k for k in reversed(before[1:]) if not carried[k]]
    while size(chosen) > room and spare:
        chosen.remove(spare.pop(0))
    if size(chosen) > room:
        return None
    out: list[str] = []
    for i, k in enumerate(chosen):
        if i:
            out.append("" if chosen[i - 1] == k - 1 else ELLIPSIS)
        out.extend(lines[n] for n in runs[k])
    if chosen[-1] != len(runs) - 1:
        out.append(ELLIPSIS)
    return "\n".join(out)
