"""A scanned page's title: the block of lines OCR read in the largest letters.

A scan has no font sizes, and its first line is often no title: the cover of MIT's report
MIT/LCS/TM-394 (Lynch, "A Hundred Impossibility Proofs for Distributed Computing") opens with the
laboratory's seal, read as ". MASSACHUSETTS", which had been the report's title. OCR gives each word's
box; a word's width over its letters measures its type size whatever its case, where a box's height
does not (descenders, a seal's outline).
"""

from __future__ import annotations

import re
from statistics import median

from ingest.ocr import OcrPage

# A title's letters are at least this much wider than the page's usual ones.
_LARGER = 1.2
# A block longer than this is prose set large, not a title.
_MAX_TITLE = 150
_WORD = re.compile(r"[^\W\d_]{3,}")
# What stands before a scan's first letter and opens no title (a quote or a bracket may).
_LEADING = re.compile(r"^[^\w\"“‘'(\[]+")


def scanned_title(page: OcrPage) -> str:
    """The page's title ('' when no block of words is set distinctly larger than the rest)."""
    widths: list[tuple[int, float]] = []  # (block, letter width) of each word of two letters or more
    blocks: list[str] = [""]
    # Both engines part paragraphs with a blank line (ingest/ocr_paragraphs.py). A page of one paragraph
    # has no title: read a line at a time, the lines in capitals of a licence's disclaimer were set
    # "larger" than its other lines (capitals are wider letters).
    position = 0
    for word in page.words:
        gap = page.text[position:word.start]
        if "\n\n" in gap:
            blocks.append("")
        text = page.text[word.start:word.end]
        blocks[-1] = f"{blocks[-1]} {text}".lstrip()
        position = word.end
        letters = sum(ch.isalpha() for ch in text)
        if letters >= 2:
            widths.append((len(blocks) - 1, (word.right - word.left) / len(text)))
    if not widths:
        return ""
    usual = median(width for _, width in widths)
    sizes = {n: median(width for block, width in widths if block == n) for n in {block for block, _ in widths}}
    candidates = [n for n in sizes if _WORD.search(blocks[n]) and len(blocks[n]) <= _MAX_TITLE]
    if not candidates:
        return ""
    best = max(candidates, key=lambda n: sizes[n])
    return clean_scanned_line(blocks[best]) if sizes[best] >= _LARGER * usual else ""


def clean_scanned_line(line: str) -> str:
    """A line as a title: the specks OCR reads before a scan's first letter (". MASSACHUSETTS") gone."""
    return _LEADING.sub("", " ".join(line.split()))
