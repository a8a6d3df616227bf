"""A list of works cited as one block per entry: entries a line break cut in two joined, entries that
ran together split.

The page reader ends a paragraph at a short line that ends a sentence, and does not know "[7] " for the
start of a new one; so an entry whose authors fill one line ("[2] F. Cesarini, S. Marinai, L. Sarti, and
G. Soda.") was cut from its title and venue, a web address on a line of its own became an entry, and
"[6] Ngrams.googlelabs.com/info [7] L. A. Adamic, ..." was one. Within a run of `reference` blocks:
- a block goes on with the entry before it when it opens like no entry of the list (not with the
  list's "[n]", "n.", "[LABEL]" or "n") and either opens as only the rest of an entry does (a lower-case
  word, a number, a web address or DOI) or the entry before it has no year yet (authors alone);
- a block is split where the next entry's number ("[7] " after "[6]", ". 12. " after "11.") opens
  inside it.
"""

from __future__ import annotations

import re
from typing import Callable

from ingest.pdf_references import Piece

_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
# How a list's entries open: "[12] ", "12. ", "[BSIMM] " / "[Rice 93a] ", "12 Author".
_OPENERS = (re.compile(r"^\[(\d{1,3})\]\s?"), re.compile(r"^(\d{1,3})\.\s"), re.compile(r"^\[[^\]]{1,30}\]\s"),
            re.compile(r"^(\d{1,3})\s+(?=[A-Z])"))
# Where a numbered entry opens inside a block: the number, then the entry's first word.
_INSIDE = (re.compile(r"(?<=\S)\s+\[(\d{1,3})\]\s+(?=\S)"), re.compile(r"(?<=\.)\s+(\d{1,3})\.\s+(?=[A-Z])"))
# What opens only the rest of an entry.
_REST = re.compile(r"^([a-z(]|\d|(?i:doi\b|https?:|www\.))")
# Numbers an entry's number may skip ahead by (an entry the reader lost elsewhere on the page).
_SKIP = 3


def regroup_entries(pieces: list[Piece], join: Callable[[str, str], str]) -> list[Piece]:
    """`pieces` with each run of `reference` pieces made one piece per entry (see the module)."""
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        j = i
        while j < len(pieces) and pieces[j].kind == "reference":
            j += 1
        if j == i:
            out.append(pieces[i])
            i += 1
            continue
        out.extend(_entries(pieces[i:j], join))
        i = j
    return out


def _style(run: list[Piece]) -> int | None:
    """Which of _OPENERS the list's entries open with (None: author and year, no mark)."""
    for n, opener in enumerate(_OPENERS):
        if 2 * sum(bool(opener.match(p.text)) for p in run) >= len(run) >= 2:
            return n
    return None


def _split(text: str, style: int | None, last: int) -> list[str]:
    """`text` cut where entries numbered on from `last` open inside it."""
    if style not in (0, 1) or last < 0:
        return [text]
    parts, start = [], 0
    for found in _INSIDE[style].finditer(text):
        number = int(found.group(1))
        if last < number <= last + _SKIP:
            parts.append(text[start:found.start()])
            start, last = found.end() - len(found.group(0).lstrip()), number
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _number(text: str, style: int | None) -> int | None:
    found = _OPENERS[style].match(text) if style in (0, 1, 3) else None
    return int(found.group(1)) if found else None


def _entries(run: list[Piece], join: Callable[[str, str], str]) -> list[Piece]:
    style = _style(run)
    entries: list[Piece] = []
    last = -1
    for piece in run:
        number = _number(piece.text, style)
        for text in _split(piece.text, style, number if number is not None else last):
            opens = bool(_OPENERS[style].match(text)) if style is not None else False
            if entries and not opens and (_REST.match(text) or not _YEAR.search(entries[-1].text)):
                entries[-1] = Piece("reference", 0, join(entries[-1].text, text), entries[-1].page)
            else:
                entries.append(Piece("reference", 0, text, piece.page))
            last = _number(text, style) or last
    return entries
