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
    "slide 1|presentation|powerpoint presentation|blank|none|null|unknown".split("|")
)

# What a template leaves where the title goes ("Paper Title (use style: paper title)", IEEE's).
_TEMPLATE = re.compile(r"\(use style:|^(paper|article|document) title$|^(insert|type|enter) (your |the )?title", re.IGNORECASE)
# What a journal prints over a title: the kind of article, not its title ("Research Article",
# "R E S E A R C H A R T I C L E Open Access").
_KICKER = re.compile("(?:research|article|original|review|paper|case|report|short|brief|communication|"
                     "editorial|letter|open|access|technical|note|commentary|perspective)+")


def _is_kicker(title: str) -> bool:
    # Letter-spaced ("R E S E A R C H") or not, the words are read with the spaces gone.
    return bool(_KICKER.fullmatch("".join(title.lower().split())))


def is_junk_title(title: str, path: Path | None = None) -> bool:
    """True when a metadata title says nothing a reader could use."""
    title = " ".join(title.split())
    if len(title) < 2 or not any(ch.isalpha() for ch in title):
        return True
    lowered = title.lower()
    if lowered in _PLACEHOLDERS or lowered.startswith("untitled"):
        return True
    if _TOOL_PREFIX.match(title) or _FILE_NAME.search(title) or _TEMPLATE.search(title) or _is_kicker(title):
        return True
    return path is not None and lowered in {path.name.lower(), path.stem.lower()}
