"""Word spaces a PDF draws as gaps, put back from pdfium's reading of the same page.

Some typesetters place each word at its own position instead of setting a space glyph. pypdf then
reads "AbsoluteQuantificationofProteinsintheEyeof" (Proteomics 2020: most lines of its ten pages),
which neither BM25 nor the encoder can match to a question's words, while pdfium, which infers spaces
from the gaps between glyphs, reads "Absolute Quantification of Proteins in the Eye of". Only spaces
are taken from pdfium, and only where both readings agree on every other character of a line; pypdf's
lines, font sizes and positions are kept, so headings and paragraphs are found as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.pdf_text import Line, PageText, fold_line
from ingest.pdfium_lock import PDFIUM

# A run of letters this long with no space is no word of prose ("phototransduction" has 17 letters,
# "Pneumonoultramicroscopic..." aside): a page with one was read without its word spaces.
_GLUED = re.compile(r"[^\W\d_]{25,}")
# Lines shorter than this (without spaces) are left alone: a few letters can match anywhere on the page.
_MIN_LINE = 8
# pdfium marks a hyphen at a line's end that the font set as a soft hyphen with U+FFFE or STX.
_SOFT_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})


@dataclass(frozen=True, slots=True)
class _Spaced:
    """A page as pdfium reads it: its characters without whitespace, and which of them follow a space."""

    chars: str
    space_before: list[bool]

    @classmethod
    def of(cls, text: str) -> _Spaced:
        chars: list[str] = []
        before: list[bool] = []
        gap = False
        for ch in fold_line(text.translate(_SOFT_HYPHENS).replace("\n", " ").replace("\r", " ")):
            if ch.isspace():
                gap = True
                continue
            chars.append(ch)
            before.append(gap)
            gap = False
        return cls("".join(chars), before)


def is_glued(page: PageText) -> bool:
    return any(_GLUED.search(line.text) for line in page.lines)


def respaced_line(line: Line, spaced: _Spaced, start: int) -> tuple[Line, int]:
    """`line` with pdfium's spaces added (never one of its own taken away), and where on the page it
    was found (-1: not found, the line unchanged). `start`: where to look first (the previous line's end)."""
    bare = "".join(line.text.split())
    if len(bare) < _MIN_LINE:
        return line, -1
    at = spaced.chars.find(bare, start)
    if at < 0:
        at = spaced.chars.find(bare)  # pdfium read the page's blocks in another order
    if at < 0:
        return line, -1
    own = [False] * len(bare)  # a space in pypdf's line before this character
    n = 0
    for ch in line.text:
        if ch.isspace():
            if n < len(own):
                own[n] = True
        else:
            n += 1
    added = [i for i in range(1, len(bare)) if spaced.space_before[at + i] and not own[i]]
    # Only a line that pdfium reads as more words is respaced: a space it sets between a superscript
    # and a comma ("Datta1 , Chad") or after a bullet is no word break pypdf missed.
    if not any(bare[i - 1].isalpha() and bare[i].isalpha() for i in added):
        return line, at + len(bare)
    out = []
    for i, ch in enumerate(bare):
        if i and (own[i] or spaced.space_before[at + i]):
            out.append(" ")
        out.append(ch)
    return replace(line, text="".join(out)), at + len(bare)


def respace(page: PageText, pdfium_text: str) -> PageText:
    spaced = _Spaced.of(pdfium_text)
    lines, cursor = [], 0
    for line in page.lines:
        new, end = respaced_line(line, spaced, cursor) if line.text else (line, -1)
        lines.append(new)
        if end >= 0:
            cursor = end
    return PageText(lines, page.sizes)


def with_word_spaces(path: Path, pages: list[PageText]) -> list[PageText]:
    """`pages` with the word spaces of glued pages put back from pdfium (unchanged when none is glued,
    or pdfium cannot read the file: the text is what pypdf read, as before)."""
    glued = [n for n, page in enumerate(pages) if is_glued(page)]
    if not glued:
        return pages
    import pypdfium2 as pdfium

    out = list(pages)
    with PDFIUM:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            return pages
        try:
            if len(document) != len(pages):
                return pages
            for n in glued:
                out[n] = respace(pages[n], document[n].get_textpage().get_text_range())
        finally:
            document.close()
    return out
