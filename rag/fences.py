"""Markdown code fences: the line that opens a code block and the line that closes it."""

from __future__ import annotations

import re

# A code fence: three or more backticks or tildes, at any indent (an admonition's or a list item's
# block is indented). A run of backticks with another backtick after it on its line ("```x``` is
# inline") is a code span, not a fence.
_RUN = r"(`{3,}(?=[^`]*$)|~{3,})"
FENCE = re.compile(r"^\s*" + _RUN)
# A fence opening a list item's body on the item's own line ("- ```", pip's docs): its closing fence is
# indented under the item, a line FENCE reads.
ITEM_FENCE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[ \t]+" + _RUN)


def closes(opening: str, line: str) -> bool:
    """Whether `line` closes the code block a fence of `opening` ("```", "~~~~") began: the same
    character, at least as many, nothing after but spaces (a "```" line inside a "````" block, or
    inside a "~~~" one, is the code's own text)."""
    found = FENCE.match(line)
    return found is not None and found.group(1)[0] == opening[0] and len(found.group(1)) >= len(opening) \
        and not line[found.end():].strip()
