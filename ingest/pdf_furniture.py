"""Page furniture of a PDF: running headers and footers, and page numbers, left out of its text.

A line is furniture when it stands among the first or last few lines of a page and the same line
(digits folded, so "148 A. Smith et al." and "150 A. Smith et al." agree, and a bare page number is
one line whatever its number) stands at an edge of many pages. Journals alternate headers between
even and odd pages, so "many" is under half. Furniture glued into a paragraph read as body text
("... to be effective. 6 This publication is available ...") and its words resembled every question.
A page keeps its lines when all of them would go: a document whose pages repeat one another loses
nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pdf_text calls this module
    from ingest.pdf_text import Line, PageText

# How many lines at the top and at the bottom of a page may be furniture.
_EDGE = 3
# A line at an edge of at least this share of the pages (and of two) is furniture.
_SHARE = 0.3
_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _edges(lines: list[Line]) -> set[int]:
    """Indexes of the lines at the top and the bottom of a page."""
    filled = [i for i, line in enumerate(lines) if line.text]
    return set(filled[:_EDGE]) | set(filled[-_EDGE:])


def _one_number_varies(occurrences: set[tuple[str, ...]]) -> bool:
    """A page number varies from page to page, and nothing else of a running line does: lines of
    body text alike but for their numbers ("Sentence 40 of ...", "Sentence 80 of ...", table rows)
    differ in more than one."""
    return sum(len(set(column)) > 1 for column in zip(*occurrences)) <= 1


def without_furniture(pages: list[PageText]) -> list[PageText]:
    """The pages without their running headers, footers and page numbers."""
    if len(pages) < 2:
        return pages
    seen: Counter = Counter()
    numbers: dict[str, set[tuple[str, ...]]] = {}
    for page in pages:
        keyed = {text: _key(text) for text in {page.lines[i].text for i in _edges(page.lines)}}
        for text, key in keyed.items():
            numbers.setdefault(key, set()).add(tuple(_DIGITS.findall(text)))
        seen.update(set(keyed.values()))
    least = max(2, math.ceil(_SHARE * len(pages)))
    furniture = {key for key, count in seen.items() if count >= least and _one_number_varies(numbers[key])}
    if not furniture:
        return pages
    out = []
    for page in pages:
        edges = _edges(page.lines)
        drop = {i for i in edges if _key(page.lines[i].text) in furniture}
        if drop and len(drop) < sum(1 for line in page.lines if line.text):
            page = replace(page, lines=[line for i, line in enumerate(page.lines) if i not in drop])
        out.append(page)
    return out
