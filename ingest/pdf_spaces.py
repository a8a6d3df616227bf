"""Word spaces a PDF draws as gaps, put back from pdfium's reading of the same page.

Some typesetters place each word at its own position instead of setting a space glyph. pypdf then
reads "AbsoluteQuantificationofProteinsintheEyeof" (Proteomics 2020: most lines of its ten pages),
which neither BM25 nor the encoder can match to a question's words, while pdfium, which infers spaces
from the gaps between glyphs, reads "Absolute Quantification of Proteins in the Eye of". Only spaces
are taken from pdfium, and only where both readings agree on every other character of a line; pypdf's
lines, font sizes and positions are kept, so headings and paragraphs are found as before.

The other way round, pypdf reads a kerning gap inside a word as a space in some Word-to-Acrobat
PDFs ("In Am azon's platform, services have stringent latency requi rements": Dynamo, SOSP 2007; 77
words over 16 pages), which BM25 cannot match and which a reader sees in every quote. pdfium reads
those words whole, so a space pypdf put between two lowercase letters is taken out where pdfium has
none and both readings agree on every other character of the line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.pdf_text import Line, PageText, fold_line
from ingest.pdfium_lock import page_texts

# A run of letters this long with no space is no word of prose ("phototransduction" has 17 letters,
# "Pneumonoultramicroscopic..." aside): a page with one was read without its word spaces.
_GLUED = re.compile(r"[^\W\d_]{25,}")
# The letters on either side of a space pypdf set: the halves of a word it may have split.
_WORD = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
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


def _find(bare: str, spaced: _Spaced, start: int) -> int:
    at = spaced.chars.find(bare, start)
    return at if at >= 0 else spaced.chars.find(bare)  # pdfium read the page's blocks in another order


def respaced_line(line: Line, spaced: _Spaced, start: int) -> tuple[Line, int]:
    """`line` with pdfium's spaces added (never one of its own taken away), and where on the page it
    was found (-1: not found, the line unchanged). `start`: where to look first (the previous line's end)."""
    bare = "".join(line.text.split())
    if len(bare) < _MIN_LINE:
        return line, -1
    at = _find(bare, spaced, start)
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


def page_words(pdfium_text: str) -> Counter[str]:
    """How often each lowercase word occurs in pdfium's reading (of a page, or summed, of a document)."""
    return Counter(_WORD.findall(pdfium_text.lower()))


def _splits_a_word(left: str, right: str, words: Counter[str]) -> bool:
    """Whether "left right" is one word set with a gap, by the document's own use: pdfium's reading
    alone does not decide when both halves are words and the whole is not otherwise written ("an
    example" that pdfium read "anexample"), since pdfium too misses a narrow space now and then."""
    if words[left] and words[right]:
        return words[left + right] >= 2
    return True


def joined_line(line: Line, spaced: _Spaced, start: int, words: Counter[str]) -> tuple[Line, int]:
    """`line` less the spaces it has between two lowercase letters where pdfium reads none (and
    that split a word: `_splits_a_word`), and where on the page it was found (-1: not found, the
    line unchanged)."""
    bare = "".join(line.text.split())
    if len(bare) < _MIN_LINE or " " not in line.text:
        return line, -1
    at = _find(bare, spaced, start)
    if at < 0:
        return line, -1
    out, n = [], 0  # n: the non-space characters of the line written so far
    for i, ch in enumerate(line.text):
        if ch.isspace():
            prev, nxt = line.text[i - 1: i], line.text[i + 1: i + 2]
            if (0 < n < len(bare) and prev.islower() and nxt.islower() and not spaced.space_before[at + n]
                    and _splits_a_word(_LAST_WORD.search(line.text[:i]).group().lower(),
                                       _WORD.match(line.text[i + 1:]).group().lower(), words)):
                continue
            out.append(ch)
            continue
        out.append(ch)
        n += 1
    text = "".join(out)
    return (line if text == line.text else replace(line, text=text)), at + len(bare)


def rejoin(page: PageText, pdfium_text: str, words: Counter[str] | None = None) -> PageText:
    """`page` with the words pypdf split at a kerning gap read whole, as pdfium reads them. `words`:
    the document's (`page_words` of every page; default this page's). A page that pdfium reads glued
    is left alone: its missing spaces are no evidence against pypdf's."""
    if _GLUED.search(pdfium_text):
        return page
    spaced = _Spaced.of(pdfium_text)
    words = page_words(pdfium_text) if words is None else words
    lines, cursor = [], 0
    for line in page.lines:
        new, end = joined_line(line, spaced, cursor, words) if line.text else (line, -1)
        lines.append(new)
        if end >= 0:
            cursor = end
    return PageText(lines, page.sizes)


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
    """`pages` with the word spaces of glued pages put back from pdfium and the words split at a
    kerning gap joined (unchanged when pdfium cannot read the file: the text is what pypdf read, as
    before). pdfium's reading of a page costs about 5 % of pypdf's."""
    texts = page_texts(path, len(pages))
    if texts is None:
        return pages
    words: Counter[str] = Counter()
    for text in texts:
        words.update(page_words(text))
    return [respace(page, text) if is_glued(page) else rejoin(page, text, words) for page, text in zip(pages, texts)]
