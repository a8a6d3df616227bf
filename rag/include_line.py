"""A line that only names a file a docs site's build puts in its place: MkDocs' markdown-include
(`{!file.py!}`, `{!> file.py!}`), FastAPI's (`{* file.py ln[1:8] hl[3] *}`), pymdownx.snippets'
(`--8<-- "file.py"`, or a bare `--8<--` bracketing a list of files).

The whole line is the directive: a line of code that merely starts `{*` (a Python set literal,
`{*a, *b}`) or `{!` is no include. The answer units read such a line as a frame (rag/units.py), a fence
of them as no code (rag/placeholder_code.py), and a shown passage leaves it out (rag/shown_passage.py).
"""

from __future__ import annotations

import re

# MULTILINE: `match` reads one line; `search` finds an include line anywhere in a text.
INCLUDE_LINE = re.compile(r"""^[ \t]*(\{!.*!\}|\{\*.*\*\}|--8<--[ \t]*(["'][^"'\n]+["'])?)[ \t]*$""", re.MULTILINE)


def is_include_line(line: str) -> bool:
    return INCLUDE_LINE.match(line) is not None
