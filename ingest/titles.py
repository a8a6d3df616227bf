"""Telling a real title from the junk that authoring tools leave in a document's metadata."""

from __future__ import annotations

import re
from pathlib import Path

# What tools write when nobody typed a title: the source file's name (`paper.dvi`, `x.doc`), the
# printing application's prefix (`Microsoft Word - x.doc`), or a placeholder.
_FILE_NAME = re.compile(
    r"\.(dvi|pdf|ps|eps|tex|docx?|rtf|odt|pages|pptx?|xlsx?|txt|md|html?|indd|qxd|wpd|fm)$", re.IGNORECASE
)
_TOOL_PREFIX = re.compile(r"^(microsoft\s+\w+(\s+\w+)?|powerpoint|word)\s+-\s+", re.IGNORECASE)
_PLACEHOLDERS = frozenset(
    "untitled|untitled document|no title|title|document|doc|new document|(anonymous)|anonymous|"
    "slide 1|presentation|blank|none|null|unknown".split("|")
)


def is_junk_title(title: str, path: Path | None = None) -> bool:
    """True when a metadata title says nothing a reader could use."""
    title = " ".join(title.split())
    if len(title) < 2 or not any(ch.isalpha() for ch in title):
        return True
    lowered = title.lower()
    if lowered in _PLACEHOLDERS or lowered.startswith("untitled"):
        return True
    if _TOOL_PREFIX.match(title) or _FILE_NAME.search(title):
        return True
    return path is not None and lowered in {path.name.lower(), path.stem.lower()}
