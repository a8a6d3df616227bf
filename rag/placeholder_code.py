"""Fenced blocks that hold no code of their own: include directives and omission comments only.

Docs built with MkDocs put a file's code in a page through an include line inside a fence
(SQLModel's ```` ```Python ```` then `{!./docs_src/tutorial/where/tutorial001_py310.py[ln:34-39]!}`
between `# Code above omitted 👆` and `# Code below omitted 👇`). The built page shows the file's
code; the source text, all a corpus holds, shows a file name. Read as code, that block is an answer
to a how-to question with no code in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.include_line import is_include_line

# A comment standing for code left out: `# Code above omitted 👆`, `# More code here later 👇`, `// ...`,
# a bare `...`.
_OMISSION = re.compile(r"^\s*((#|//)\s*)?(\.\.\.|…)\s*$|^\s*(#|//)\s.*\b(omitted|code here later)\b")


def shows_no_code(inner: Sequence[str]) -> bool:
    """Whether `inner`, the lines between a code block's fences, hold an include line and else only
    include lines, omission comments and blank lines: the code is in a file, not in the text."""
    shown = [line for line in inner if line.strip()]
    return any(is_include_line(line) for line in shown) \
        and all(is_include_line(line) or _OMISSION.match(line) for line in shown)
