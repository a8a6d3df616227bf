"""Markdown block quotes read as the text they quote.

A page shows a quote's lines without their `>` marks, and a quote holds Markdown of its own: MkDocs
writes its notes as `> NOTE:` then paragraphs and fenced code, each line behind a `>`. Read with the
marks, a quoted fence is no fence (its code runs into the prose as one paragraph) and every sentence
that wraps shows a `>` mid-way. `unquoted` blanks the marks, keeping every character's place, so the
units read from the text still point at the passage's characters.
"""

from __future__ import annotations

import re

from rag.fences import FENCE, closes

# One quote mark opening a line or following another (`> `, a bare `>` on a quote's blank line); not
# a doctest's `>>>` nor a shell's `>file`: a mark is followed by a space or the line's end.
_MARK = re.compile(r" {0,3}>(?= |$) ?", re.MULTILINE)


def _marks(line: str, most: int = -1) -> tuple[int, int]:
    """Where the quote marks opening `line` end and how many they are (at most `most`, -1 for all)."""
    at = count = 0
    while count != most and (mark := _MARK.match(line, at)):
        at, count = mark.end(), count + 1
    return at, count


def _opened_depth(text: str, opened: str) -> int:
    """How many quote marks the code block `text` starts inside bears: as many as the line closing it
    (a code line's own `> ` is a prompt); with no closing line, as many as its first line."""
    lines = text.splitlines()
    for line in lines:
        end, count = _marks(line)
        if closes(opened, line[end:]):
            return count
    return _marks(lines[0])[1] if lines else 0


def unquoted(text: str, opened: str = "") -> str:
    """`text` with the quote marks opening its lines turned into spaces, code left as written.

    Code is written as is (a shell prompt `> ` in it included); the code of a quoted fence keeps
    what follows its quote's own marks. `opened` is the fence of a code block `text` starts inside:
    its lines up to the closing fence are code.
    """
    if ">" not in text:
        return text
    out = []
    fence, depth = opened, _opened_depth(text, opened) if opened else 0
    for line in text.splitlines(keepends=True):
        end, count = _marks(line, depth if fence else -1)
        if fence and count < depth and line.strip():
            # The quote holding the fence ended, and its code block with it.
            fence = ""
            end, count = _marks(line)
        rest = line[end:]
        if fence:
            if closes(fence, rest.rstrip("\r\n")):
                fence = ""
        elif found := FENCE.match(rest):
            fence, depth = found.group(1), count
        out.append(" " * end + rest)
    return "".join(out)
