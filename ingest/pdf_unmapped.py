"""Glyphs pypdf reads as U+FFFD, read instead as pdfium reads the same page.

When pypdf cannot map a font's glyphs to characters (a PDF cut short before its font objects, a font
without a usable ToUnicode map) each glyph comes out as the replacement character: a heading reads
"���������", a bullet "��� ", a numbered item "1.� Prepare". Under the unreadable-page threshold
(ingest.text_quality) such a page was indexed as it was read, so a heading was lost, a list lost its
bullets and a lead-in was answered without its list; over it, the page became pdfium's raw lines, not
re-flowed (no headings, paragraphs or lists). pdfium often maps the same glyphs (from the font's
own encoding), so each run of replacement characters is replaced by the characters pdfium reads
between the same neighbours: only where the characters on both sides of the run match pdfium's
reading, the replacement holds no replacement character itself and is not much longer than the run.
pypdf's lines, sizes and positions are kept, so the page is re-flowed like any other and spans into
the re-flowed text stay exact. What cannot be placed stays as it was read, and the file's report names
its pages in one line (`unmapped_note`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.pdf_dingbats import BULLET
from ingest.pdf_text import Line, PageText, fold_line
from ingest.pdfium_lock import page_texts

UNMAPPED = "\ufffd"
# pdfium marks a hyphen at a line's end that the font set as a soft hyphen with U+FFFE or STX.
_SOFT_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})
# Characters read on either side of a run that place it in pdfium's reading: at most this many, at
# least the fewer (a run's neighbours closer than that are joined to it).
_CONTEXT = 16
_MIN_ANCHOR = 2
# pypdf reads one glyph as up to three replacement characters (a bullet "•" as "���"), never as fewer.
_MAX_GROWTH = 2
# A line of a run is cut at pdfium's own line break when one is this near its share of the run.
_NEAR = 12
# Lines of a page a lone unmapped glyph starts before it is read as their bullet.
_MIN_BULLETS = 2


@dataclass(frozen=True, slots=True)
class _Reading:
    """pdfium's reading of a page: its characters without whitespace, which of them follow a space,
    and which begin one of its lines."""

    chars: str
    space_before: list[bool]
    line_start: list[bool]

    @classmethod
    def of(cls, text: str) -> _Reading:
        chars: list[str] = []
        before: list[bool] = []
        starts: list[bool] = []
        for line in text.translate(_SOFT_HYPHENS).splitlines():
            first = True
            for word in fold_line(line).split(" "):
                for n, ch in enumerate(word):
                    chars.append(ch)
                    before.append(n == 0 and not first)
                    starts.append(first)
                    first = False
        return cls("".join(chars), before, starts)

    def breaks_at(self, i: int) -> bool:
        return i >= len(self.chars) or self.line_start[i]

    def spaced(self, start: int, end: int) -> str:
        return "".join((" " if i > start and self.space_before[i] else "") + self.chars[i] for i in range(start, end))


def unmapped(pages: list[PageText]) -> int:
    """How many replacement characters the pages hold."""
    return sum(line.text.count(UNMAPPED) for page in pages for line in page.lines)


def _runs(bare: str) -> list[tuple[int, int]]:
    """The runs of replacement characters in `bare`, two of them joined when no more than a digit or
    two stands between them ("1" between a running header and a heading): too little to place."""
    runs: list[tuple[int, int]] = []
    for i, ch in enumerate(bare):
        if ch != UNMAPPED:
            continue
        if runs and i - runs[-1][1] < _MIN_ANCHOR + 1:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _located(bare: str, run: tuple[int, int], reading: _Reading, cursor: int) -> tuple[int, int] | None:
    """Where in pdfium's reading the run stands: between the characters pypdf read just before it and
    just after it (up to `_CONTEXT` of each, none of them unmapped), found from `cursor` on. A run that
    begins (ends) the page is what pdfium reads before (after) the other side. None: not found."""
    i, j = run
    left = bare[max(0, i - _CONTEXT):i]
    left = left[left.rfind(UNMAPPED) + 1:]
    right = bare[j:j + _CONTEXT].split(UNMAPPED, 1)[0]
    if i == 0:
        start = 0
    elif len(left) < _MIN_ANCHOR:
        return None
    else:
        at = reading.chars.find(left, cursor)
        if at < 0 and len(left) == _CONTEXT:  # pdfium read the page's blocks in another order
            at = reading.chars.find(left)
        if at < 0:
            return None
        start = at + len(left)
    if j == len(bare):
        return start, len(reading.chars)
    if len(right) < _MIN_ANCHOR:
        return None
    end = reading.chars.find(right, start)
    return (start, end) if end >= 0 else None


def _pieces(run: tuple[int, int], line_of: list[int], start: int, end: int, reading: _Reading) -> dict[int, str]:
    """pdfium's characters [start, end) shared out among the lines a run of `bare` spans: at pdfium's
    own line breaks when it breaks as often, else in proportion to each line's share of the run, cut
    at the nearest word break."""
    held = line_of[run[0]:run[1]]
    lines = sorted(set(held))
    breaks = [i for i in range(start + 1, end) if reading.line_start[i]]
    if len(breaks) != len(lines) - 1:
        breaks, done = [], 0
        for line in lines[:-1]:
            done += held.count(line)
            cut = start + round((end - start) * done / len(held))
            # pdfium may break its line just before the run or just after it (a heading read on its own
            # line, where pypdf ended the sentence before it with one of the run's glyphs).
            near = [i for i in range(max(start, cut - _NEAR), min(end, cut + _NEAR) + 1) if reading.breaks_at(i)]
            words = near or [i for i in range(start + 1, end) if reading.space_before[i] or reading.line_start[i]]
            breaks.append(min(words, key=lambda i: abs(i - cut)) if words else cut)
        breaks = sorted(max(start, min(end, b)) for b in breaks)
    bounds = [start, *breaks, end]
    return {line: reading.spaced(bounds[n], bounds[n + 1]) for n, line in enumerate(lines)}


def mend(page: PageText, pdfium_text: str) -> PageText:
    """`page` with its runs of replacement characters read as pdfium reads them, where it can tell."""
    if not any(UNMAPPED in line.text for line in page.lines):
        return page
    reading = _Reading.of(pdfium_text)
    bare_lines = ["".join(line.text.split()) for line in page.lines]
    bare = "".join(bare_lines)
    line_of = [n for n, text in enumerate(bare_lines) for _ in text]
    # For each line, the runs (as bare offsets) read again and what each line's part of it reads.
    mended: dict[int, list[tuple[int, int, str]]] = {}
    cursor = 0
    for run in _runs(bare):
        i, j = run
        found = _located(bare, run, reading, cursor)
        if found is None:
            continue
        start, end = found
        if end - start > _MAX_GROWTH * (j - i):
            continue  # far more than the run can stand for: the neighbours were found elsewhere
        if (i == 0 or j == len(bare)) and end - start < (j - i) // (_MAX_GROWTH * 2):
            continue
        if UNMAPPED in reading.chars[max(0, start - 1):end + 1]:
            continue  # pdfium cannot map these glyphs either
        cursor = end
        for line, text in _pieces(run, line_of, start, end, reading).items():
            first = max(i, line_of.index(line))
            last = min(j, first + sum(1 for n in line_of[first:j] if n == line))
            mended.setdefault(line, []).append((first, last, text))
    if not mended:
        return page
    offsets = [0]
    for text in bare_lines:
        offsets.append(offsets[-1] + len(text))
    _as_bullets(page.lines, offsets, mended)
    lines = [_rewritten(line, offsets[n], mended[n]) if n in mended else line for n, line in enumerate(page.lines)]
    return PageText(lines, page.sizes)


def _as_bullets(lines: list[Line], offsets: list[int], mended: dict[int, list[tuple[int, int, str]]]) -> None:
    """A glyph pypdf could not map that starts several lines of the page, alone before a space, read
    as a bullet whatever letter pdfium's fallback encoding makes of it (NIST's "•", pypdf's "���", read
    "x Tasks")."""
    marks: dict[int, tuple[int, int, str]] = {}
    for n, runs in mended.items():
        for first, last, text in runs:
            after = lines[n].text.lstrip().split(None, 1)[0]
            # pypdf read the glyph as several characters (a code of more than one byte): a mark, not a
            # letter of a body font pdfium maps right ("a variety", its "a" a run of one).
            if (first == offsets[n] and len(text) == 1 and not text.isdigit() and last - first > 1
                    and len(after) == last - first):
                marks[n] = (first, last, text)
    counts = Counter(text for _, _, text in marks.values())
    for n, (first, last, text) in marks.items():
        if counts[text] >= _MIN_BULLETS:
            mended[n] = [(first, last, BULLET) if run[0] == first else run for run in mended[n]]


def _rewritten(line: Line, offset: int, runs: list[tuple[int, int, str]]) -> Line:
    """`line` (whose first non-space character is `bare` offset `offset`) with each run [first, last)
    of its characters written as the run's text; the spaces inside a run are pdfium's."""
    out: list[str] = []
    n = offset
    runs = sorted(runs)
    for ch in line.text:
        if ch.isspace():
            if not any(first < n < last for first, last, _ in runs):
                out.append(ch)
            continue
        for first, _, text in runs:
            if n == first:
                out.append(text)
        if not any(first <= n < last for first, last, _ in runs):
            out.append(ch)
        n += 1
    return replace(line, text=fold_line("".join(out)))


def unmapped_note(pages: list[str]) -> str:
    """One line naming the pages whose text still holds replacement characters ('' when none): what
    neither pypdf nor pdfium could map is indexed as read, and said so."""
    bad = [n + 1 for n, text in enumerate(pages) if UNMAPPED in text]
    if not bad:
        return ""
    count = sum(text.count(UNMAPPED) for text in pages)
    numbers = ", ".join(map(str, bad[:10])) + (" …" if len(bad) > 10 else "")
    return (f"{count:,} characters on page(s) {numbers} are glyphs of a font the file does not map (U+FFFD): "
            "indexed as read")


def with_mapped_glyphs(path: Path, pages: list[PageText]) -> list[PageText]:
    """`pages` with the replacement characters pypdf read taken from pdfium's reading (unchanged when
    no page has one, or pdfium cannot read the file: pdfium is not even opened then)."""
    if not unmapped(pages):
        return pages
    texts = page_texts(path, len(pages))
    if texts is None:
        return pages
    return [mend(page, text) for page, text in zip(pages, texts)]
