"""Where an OCRed page's paragraphs start, from its lines' places on the page.

Tesseract's own paragraph and block numbers part a paragraph whose first line is indented from its
body: the GPL's preamble, scanned, came out as "The GNU General Public License is a free, copyleft
license for" and "software and other kinds of works." in two passages, and answers cited half
sentences. RapidOCR gives lines and no paragraphs at all. Both give each line's box, and a reader
sees a new paragraph where the boxes show one: a wider gap above a line than between the page's
lines, a line that starts a new column, or a line indented from its column after one that ended a
sentence. Tesseract's blocks (regions of the page) still part paragraphs where the line above ended a
sentence or holds too few words to be a wrapped line of prose: the cells of a table, a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One line as OCR read it, with its box in the page image's pixels."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    region: int = 0  # tesseract's block; RapidOCR gives none


# A gap above a line this many times the page's usual line pitch is a blank line between paragraphs.
_PARAGRAPH_PITCH = 1.5
# An indent of this many letters' widths from the column's edge starts a paragraph (after a sentence).
_INDENT_LETTERS = 0.7
# A line of fewer words is no line of prose wrapped at the column's edge (a table's cell, a label).
_PROSE_WORDS = 3
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*$")


def _overlap(a: OcrLine, b: OcrLine) -> bool:
    return min(a.right, b.right) > max(a.left, b.left)


def paragraph_starts(lines: list[OcrLine]) -> list[bool]:
    """For each line, in reading order, whether it starts a paragraph (the first always does)."""
    pairs = list(zip(lines, lines[1:]))
    pitches = [b.top - a.top for a, b in pairs if b.top > a.top and _overlap(a, b)]
    pitch = median(pitches) if pitches else None
    widths = [(line.right - line.left) / len(line.text) for line in lines if len(line.text) >= 10]
    letter = median(widths) if widths else None
    starts = [True] * len(lines)
    for n, (above, line) in enumerate(pairs, 1):
        if line.top <= above.top or not _overlap(above, line):
            continue  # a new column or region
        if pitch is not None and line.top - above.top > _PARAGRAPH_PITCH * pitch:
            continue
        ended = _SENTENCE_END.search(above.text) is not None
        if line.region != above.region and (ended or len(above.text.split()) < _PROSE_WORDS):
            continue
        if letter is not None and ended:
            edge = min(other.left for other in lines if _overlap(other, line))
            if line.left - edge >= _INDENT_LETTERS * letter:
                continue
        starts[n] = False
    return starts


def joined(lines: list[OcrLine]) -> tuple[str, list[int]]:
    """The page text, a line per line and a blank line before each paragraph, and each line's offset."""
    parts: list[str] = []
    offsets: list[int] = []
    offset = 0
    for line, start in zip(lines, paragraph_starts(lines)):
        if parts:
            gap = "\n\n" if start else "\n"
            parts.append(gap)
            offset += len(gap)
        offsets.append(offset)
        parts.append(line.text)
        offset += len(line.text)
    return "".join(parts), offsets
