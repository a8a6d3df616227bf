"""Markdown block quotes read as the text they quote.

A page shows a quote's lines without their `>` marks, and a quote holds Markdown of its own: MkDocs
writes its notes as `> NOTE:` then paragraphs and fenced code, each line behind a `>`. Read with the
marks, a quoted fence is no fence (its code runs into the prose as one paragraph) and every sentence
that wraps shows a `>` mid-way. `unquoted` blanks the marks, keeping every character's place, so the
units read from the text still point at the passage's characters.
"""

from __future__ import annotations

import re

# One or more quote marks opening a line (`> `, `> > `, a bare `>` on a quote's blank line); not a
# doctest's `>>>` nor a shell's `>file`: a mark is followed by a space or the line's end.
_MARKS = re.compile(r"^(?: {0,3}>(?= |$) ?)+", re.MULTILINE)
# A fence outside any quote: the code it opens is written as is (a shell prompt `> ` in it included).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def unquoted(text: str) -> str:
    """`text` with the quote marks opening its lines turned into spaces (outside fenced code)."""
    if ">" not in text:
        return text
    out = []
    fence = ""
    for line in text.splitlines(keepends=True):
        if fence:
            m = _FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = ""
            out.append(line)
            continue
        if m := _FENCE.match(line):
            fence = m.group(1)
            out.append(line)
            continue
        marks = _MARKS.match(line)
        out.append(" " * marks.end() + line[marks.end():] if marks and marks.end() else line)
    return "".join(out)
