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
_EDGE_NUMBER = re.compile(r"^# |\s#$")


def _key(text: str) -> str:
    """A line's words, digits folded, and without a page number at either end: a running footer reads
    "308 C© The Authors Journal compilation C© 2014 Biochemical Society" on a numbered page and the
    same without "308" on a supplement's page."""
    key = _DIGITS.sub("#", " ".join(text.lower().split()))
    trimmed = _EDGE_NUMBER.sub("", key)
    return trimmed or key


def _edges(lines: list[Line]) -> set[int]:
    """Indexes of the lines at the top and the bottom of a page."""
    filled = [i for i, line in enumerate(lines) if line.text]
    return set(filled[:_EDGE]) | set(filled[-_EDGE:])


def _one_number_varies(occurrences: set[tuple[str, ...]]) -> bool:
    """A page number varies from page to page, and nothing else of a running line does: lines of
    body text alike but for their numbers ("Sentence 40 of ...", "Sentence 80 of ...", table rows)
    differ in more than one."""
    return sum(len(set(column)) > 1 for column in zip(*occurrences)) <= 1


# Furniture stacks: a licence set under a journal's running footer. This many layers are peeled at most.
_LAYERS = 3


def without_furniture(pages: list[PageText]) -> list[PageText]:
    """The pages without their running headers, footers and page numbers, layer by layer: once the
    lines at the pages' edges that are furniture are gone, the lines then at the edges are looked at
    again. Clinical Science sets a three-line licence at each page's foot, under its running footer
    ("www.clinsci.org 307", "308 C© The Authors Journal compilation ..."): the licence filled the
    edge, and the footer stood in the text, glued to the page's last paragraph."""
    for _ in range(_LAYERS):
        peeled = _one_layer(pages)
        if peeled is pages:
            break
        pages = peeled
    return pages


def _one_layer(pages: list[PageText]) -> list[PageText]:
    """The pages without the furniture among the lines at their edges (`pages` itself when none)."""
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
    changed = False
    for page in pages:
        edges = _edges(page.lines)
        drop = {i for i in edges if _key(page.lines[i].text) in furniture}
        if drop and len(drop) < sum(1 for line in page.lines if line.text):
            page = replace(page, lines=[line for i, line in enumerate(page.lines) if i not in drop])
            changed = True
        out.append(page)
    return out if changed else pages
