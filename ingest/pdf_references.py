"""A PDF's list of works cited: its heading made a heading, its entries marked as references.

Papers set "References" in the body's font (bold), so font sizes miss it; a line that is nothing
but such a heading is one (ingest/pdf_text.py). Under it, until the next heading, blocks that look like entries are
`reference` blocks; a lone block that does not (a line of an entry cut off) is one too. After two
non-entries in a row (a box of key messages, figure legends), only a block that opens like an entry
("12. Author...", "[3] Author...") and gives a year is, and the list goes on from there: it may go
on after a box, the legends should not be taken for it. Blocks under the heading that are not references are outside its
section (ingest/blocks.py's `with_paths`), and answering skips the sections under a references
heading (rag/units.py's `is_references_heading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.units import is_references_heading

# What a cited work has: a year, a DOI or address, a page range, initials, "et al.", a number ahead.
_ENTRY = re.compile(
    r"\b(?:1[5-9]|20)\d\d[a-z]?\b|doi|https?:|www\.|\d+\s*[-–]\s*\d+|\b[A-Z]\.\s*[A-Z]?|\bet al\b|^\s*\[?\d{1,3}[.)\]]",
    re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.)\s+\S")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d[a-z]?\b")
# Non-entries in a row after which only numbered entries with a year are taken for references.
_BREAK_RUN = 2


@dataclass(slots=True)
class Piece:
    """One block of re-flowed text as the page reader found it."""

    kind: str
    level: int
    text: str
    page: int


def looks_like_entry(text: str) -> bool:
    return bool(_ENTRY.search(text))


def opens_like_entry(text: str) -> bool:
    return bool(_NUMBERED.match(text)) and bool(_YEAR.search(text))


def mark_references(pieces: list[Piece]) -> list[Piece]:
    """The pieces with references headings made headings and their entries marked `reference`."""
    out: list[Piece] = []
    inside = broken = False
    misses: list[Piece] = []
    for piece in pieces:
        if piece.kind == "heading" and is_references_heading(piece.text):
            out.extend(misses)
            misses, inside, broken = [], True, False
            out.append(piece)
        elif not inside:
            out.append(piece)
        elif piece.kind == "heading":
            out.extend(misses)
            misses, inside = [], False
            out.append(piece)
        elif opens_like_entry(piece.text) or (not broken and looks_like_entry(piece.text)):
            out.extend(misses if broken else (Piece("reference", 0, miss.text, miss.page) for miss in misses))
            misses, broken = [], False
            out.append(Piece("reference", 0, piece.text, piece.page))
        else:
            misses.append(piece)
            if len(misses) >= _BREAK_RUN:
                broken = True
                out.extend(misses)
                misses = []
    out.extend(misses)
    return out
