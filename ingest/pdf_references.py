"""A PDF's list of works cited: its heading made a heading, its entries marked as references.

Papers set "References" in the body's font (bold), so font sizes miss it; a line that is nothing
but such a heading is one (ingest/pdf_text.py). Under it, until the next heading, blocks that look like entries are
`reference` blocks; a lone block that does not (a line of an entry cut off) is one too. After two
non-entries in a row (a box of key messages, figure legends), only a block that opens like an entry
("12. Author...", "[3] Author...") and gives a year is, and the list goes on from there: it may go
on after a box, the legends should not be taken for it. Blocks under the heading that are not references are outside its
section (ingest/blocks.py's `with_paths`), and answering skips the sections under a references
heading (rag/units.py's `is_references_heading`).

A list whose heading is missing (set as an image, or never printed) is found by its entries alone:
three or more blocks in a row that open with an entry's number ("[12] ", "12. "), numbers rising,
each with a year and a mark of a citation (initials, "et al.", a DOI or address, a page range or
"volume, page"), a lone block between them taken with them (an entry cut in two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.units import is_references_heading

_YEAR_PATTERN = r"\b(?:1[5-9]|20)\d\d[a-z]?\b"
# What a cited work has besides a year: a DOI or address, a page range, initials, "et al.". A range is
# tried only where its digits start: from each digit of a long number, the search took quadratic time.
_MARKS = r"doi|https?:|www\.|(?<!\d)\d+\s*[-–]\s*\d+|\b[A-Z]\.\s*[A-Z]?|\bet al\b"
# What a cited work has: a year, one of those marks, a number ahead.
_ENTRY = re.compile(rf"{_YEAR_PATTERN}|{_MARKS}|^\s*\[?\d{{1,3}}[.)\]]", re.IGNORECASE)
_YEAR = re.compile(_YEAR_PATTERN)
# A year as entries print it, also glued to the journal's name ("Proteomics2004,1,503").
_GLUED_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
# "[12] Author ..." or "12. Author ...": the entry's number, in one group or the other.
_ENTRY_NUMBER = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})\.)\s+\S")
# An unheaded list's entries are read without a heading to vouch for them, so their marks are held
# to what prose does not write: initials in capitals (not "e.g."), "doi" as a word (not "doing"), a
# range that is no ISO date, "volume, issue, pages" (not "in 2019, 12 new clients").
_CITATION = re.compile(r"\bdoi\b|https?:|www\.|(?<![\d-])\d+\s*[-–]\s*\d+(?![-\d])|(?-i:\b[A-Z]\.)|\bet al\b"
                       r"|\d+\s*,\s*\d+\s*[,:(–-]\s*\d+", re.IGNORECASE)
# Numbered entries in a row that make a list of works cited without a heading.
_MIN_UNHEADED_RUN = 3
# Non-entries in a row after which only numbered entries with a year are taken for references.
_BREAK_RUN = 2


@dataclass(slots=True)
class Piece:
    """One block of re-flowed text as the page reader found it."""

    kind: str
    level: int
    text: str
    page: int
    note: bool = False  # a note from a column's foot, set after its page's text (ingest/pdf_footnotes.py)


def looks_like_entry(text: str) -> bool:
    return bool(_ENTRY.search(text))


def opens_like_entry(text: str) -> bool:
    return bool(_ENTRY_NUMBER.match(text)) and bool(_YEAR.search(text))


def _entry_number(piece: Piece) -> int | None:
    """The number of the cited work `piece` opens with, if it is one."""
    found = _ENTRY_NUMBER.match(piece.text)
    if piece.kind == "heading" or not found or not _GLUED_YEAR.search(piece.text) or not _CITATION.search(piece.text):
        return None
    return int(found.group(1) or found.group(2))


def _mark_unheaded(pieces: list[Piece]) -> list[Piece]:
    """`pieces` with runs of numbered entries outside any references section marked `reference`."""
    out = list(pieces)
    i = 0
    while i < len(out):
        run: list[int] = []  # indices of the run's entries
        j, last = i, -1
        while j < len(out) and out[j].kind != "reference":
            number = _entry_number(out[j])
            if number is not None and number > last:
                run.append(j)
                last = number
            elif not run or j - run[-1] >= 2 or out[j].kind == "heading":
                break
            j += 1
        if len(run) >= _MIN_UNHEADED_RUN:
            for k in range(run[0], run[-1] + 1):
                out[k] = Piece("reference", 0, out[k].text, out[k].page)
            i = run[-1] + 1
        else:
            i += 1  # a run that falls short starts at i
    return out


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
    return _mark_unheaded(out)
