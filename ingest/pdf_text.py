"""PDF text re-flowed into paragraphs, so that sentences are sentences.

pypdf gives a page as the lines it lays out. Lines inside a paragraph are joined (a word hyphenated
across a line break is joined back: "exam-\\nple" -> "example"); a paragraph ends at a blank line,
at a wider gap between lines than the page's usual one, at a short line that ends a sentence, or
before a bullet. Lines set in a larger font than the body text (font sizes and positions come from
pypdf's text visitor) are headings; without sizes there are none.
The re-flowed text IS the document's extracted text, so spans into it stay exact.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ingest.blocks import BlockKind, BlockText, clean_heading
from ingest.pdf_dingbats import BULLET, is_bullet_glyph
from ingest.pdf_floats import rejoin_interrupted
from ingest.pdf_footnotes import body_size, notes_last
from ingest.pdf_front_matter import cover_as_text, front_matter_as_text
from ingest.pdf_furniture import without_furniture
from ingest.pdf_headings import MAX_JOINED_HEADING, continues_heading, line_levels
from ingest.pdf_hyphens import Vocabulary, join_hyphenated
from ingest.pdf_reference_entries import regroup_entries
from ingest.pdf_references import Piece, mark_references
from rag.units import is_references_heading

# A heading's font is at least this much larger than the body's.
_HEADING_RATIO = 1.15
_MAX_HEADING_CHARS = 150
# A font size that sets this share of a document's characters is body text: headings set little of it
# (at most 5 % in the papers and reports this was measured on, usually under 1 %).
_BODY_SHARE = 0.1
# A line this much shorter than the page's longest, ending a sentence, ends its paragraph.
_SHORT_LINE = 0.75
# A gap between lines this much wider than the page's usual one separates paragraphs.
_PARAGRAPH_GAP = 1.4
_BULLET = re.compile(r"^([•●▪◦‣∙·\-–*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+\S")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
# A line this many of its font sizes left of the line before starts in another column.
_COLUMN_SHIFT = 8


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page as pypdf laid it out: its words, font size, height on the page and where it
    starts across the page (when known)."""

    text: str
    size: float | None = None
    y: float | None = None
    x: float | None = None
    # Set on another baseline than the text pypdf laid out before it on the same line (a table's row
    # beside a figure's caption in the other column): it starts a block.
    apart: bool = False


@dataclass
class PageText:
    lines: list[Line]
    sizes: Counter = field(default_factory=Counter)  # font size -> characters set in it


# Typeset ligatures (U+FB00-FB06: "ﬁ", "ﬀ", "ﬃ") as the letters they join: pypdf keeps the glyph, so
# "misﬁts" matched neither a typed "misfits" in BM25 nor the embedder's vocabulary.
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})


def fold_line(text: str) -> str:
    """A line as a reader types it: ligatures as their letters, whitespace runs as one space."""
    return " ".join(text.translate(_LIGATURES).split())


@dataclass(slots=True)
class _VisitedLine:
    parts: list[str] = field(default_factory=list)
    sizes: dict[float, int] = field(default_factory=dict)  # font size -> characters set in it
    y: float | None = None  # of its first text
    x: float | None = None
    size: float | None = None  # of its first text
    # Where a text of several words starts on another baseline than the line's: (part index, size, y, x).
    shifts: list[tuple[int, float, float, float]] = field(default_factory=list)
    bullets: set[int] = field(default_factory=set)  # parts that are a dingbat font's bullet glyph

    def joined(self, start: int, end: int) -> str:
        return "".join(BULLET if n in self.bullets else part for n, part in enumerate(self.parts[start:end], start))


# A text this far (in points) above or below the baseline of the line pypdf put it on, and of at least
# this many words, is set on a line of its own: a superscript or subscript is a word or two at most.
_BASELINE_SHIFT = 1.5
_SHIFTED_WORDS = 3
# A character is at most this wide (in font sizes) where a text's end is estimated from its length.
_WIDE_CHAR = 0.6
# The gap (in font sizes) between that estimated end and a text set apart: a column's or a cell's gutter.
_GAP = 4.0


def _size_and_place(cm, tm, font_size) -> tuple[float, float | None, float | None]:
    """A text's font size as set on the page, and the height and left edge it starts at."""
    try:
        scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
        return (round(float(font_size) * (scale or 1.0), 1), float(tm[5]) * float(cm[3]) + float(cm[5]),
                float(tm[4]) * float(cm[0]) + float(cm[4]))
    except (TypeError, ValueError, IndexError):
        return 0.0, None, None


def _shifted(line: _VisitedLine, size: float, y: float, x: float) -> None:
    """Note a cut before the line's last part when it is set on another baseline than the text before
    it and far right of where that text ends (its end estimated wide, and a gap of several sizes
    wanted: a word set a little lower right after another stays on its line, as do a formula's parts
    and a footnote's italics)."""
    start, from_size, from_y, from_x = line.shifts[-1] if line.shifts else (0, line.size, line.y, line.x)
    if from_y is None or from_x is None:
        return
    # The largest size set so far: a line opening with a superscript ("1H NMR") is wider than its first size says.
    from_size = max([from_size or 0.0, *line.sizes]) or size or 10.0
    dy = abs(y - from_y)
    before = "".join(line.parts[start:-1])
    if dy >= _BASELINE_SHIFT and x > from_x + (len(before) * _WIDE_CHAR + _GAP) * from_size:
        line.shifts.append((len(line.parts) - 1, size, y, x))


def read_page(page) -> PageText:
    """Extract a pypdf page's lines with the font size and position pypdf's text visitor reports."""
    visited = [_VisitedLine()]

    # Called for every piece of text pypdf shows, so it does as little as it can: most pieces are
    # empty or a bare line break, and the size and position are worked out only for real text.
    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text:
            return
        parts = text.split("\n") if "\n" in text else (text,)
        size = y = x = None
        for n, part in enumerate(parts):
            if n:
                visited.append(_VisitedLine())
            line = visited[-1]
            line.parts.append(part)
            chars = len(part.strip())
            if chars:
                if size is None:
                    size, y, x = _size_and_place(cm, tm, font_size)
                if is_bullet_glyph(part, font_dict):
                    # A bullet glyph sits above or below the text's baseline, and in a size of its own: the
                    # line's height and size are its text's, or its gap to the line after reads as a new paragraph.
                    line.bullets.add(len(line.parts) - 1)
                    line.x = x if line.x is None else line.x
                    continue
                line.sizes[size] = line.sizes.get(size, 0) + chars
                if line.y is None:
                    line.y, line.size = y, size
                    line.x = x if line.x is None else line.x
                elif y is not None and x is not None and len(part.split()) >= _SHIFTED_WORDS:
                    _shifted(line, size, y, x)

    raw = page.extract_text(visitor_text=visit) or ""
    result = PageText([])
    if "\n".join("".join(line.parts) for line in visited) == raw:
        sizes = result.sizes
        for line in visited:
            size = None
            if line.sizes:
                size = max(line.sizes, key=line.sizes.get)
                for each, chars in line.sizes.items():
                    sizes[each] += chars
            if not line.shifts:
                result.lines.append(Line(fold_line(line.joined(0, len(line.parts))), size or None, line.y, line.x))
                continue
            # pypdf lays out texts a few points apart on one line: a caption's last line and the table
            # row beside it in the other column ("ring. Recovering from permanent failures ...").
            cuts = [0] + [shift[0] for shift in line.shifts] + [len(line.parts)]
            places = [(line.size, line.y, line.x)] + [shift[1:] for shift in line.shifts]
            for n, (start, end) in enumerate(zip(cuts, cuts[1:])):
                text = fold_line(line.joined(start, end))
                if text:
                    result.lines.append(Line(text, places[n][0] or None, places[n][1], places[n][2], apart=n > 0))
    else:  # the visitor saw the text differently: keep the text, without sizes or positions
        result.lines = [Line(fold_line(line)) for line in raw.split("\n")]
    return result


@dataclass(frozen=True)
class HeadingSizes:
    """Which font sizes mark headings, and the level of each (largest = 1)."""

    levels: dict[float, int]

    @classmethod
    def of(cls, pages: list[PageText]) -> HeadingSizes:
        total: Counter = Counter()
        for page in pages:
            total.update(page.sizes)
        if not total:
            return cls({})
        body = total.most_common(1)[0][0]
        # A size that sets a good share of the text is body text too, and a heading is larger than it:
        # NIST SP 800-218 sets its prose at 12 pt and its long table at 9 pt, which has more characters,
        # so every prose line had been a heading of its own, sentences cut at each line's end. (An
        # appendix at 11 pt under 10 pt body text keeps its 12 pt section headings.)
        whole = sum(total.values())
        largest_body = max(size for size, chars in total.items() if size == body or chars >= _BODY_SHARE * whole)
        larger = sorted((s for s in total if s >= body * _HEADING_RATIO and s > largest_body), reverse=True)
        return cls({size: min(n, 6) for n, size in enumerate(larger, 1)})

    @property
    def top(self) -> int:
        """The level of the document's highest headings."""
        return min(self.levels.values(), default=1)

    def level(self, line: Line) -> int:
        """The heading level of a line, 0 when it is body text."""
        if len(line.text) > _MAX_HEADING_CHARS or line.size is None:
            return 0
        return self.levels.get(line.size, 0)


def join_lines(paragraph: str, line: str, vocabulary: Vocabulary) -> str:
    """`line` after `paragraph`, a word hyphenated across the break joined back."""
    if not paragraph:
        return line
    if paragraph.endswith("-"):
        joined = join_hyphenated(paragraph, line, vocabulary)
        if joined is not None:
            return joined
    return f"{paragraph} {line}"


def _line_gap(lines: list[Line]) -> float | None:
    """The usual distance between consecutive lines of a page (None when positions are unknown)."""
    gaps = sorted(a.y - b.y for a, b in zip(lines, lines[1:])
                  if a.y is not None and b.y is not None and a.text and b.text and a.y > b.y)
    return gaps[len(gaps) // 2] if gaps else None


def _new_column(previous: Line | None, line: Line, lines: list[Line]) -> bool:
    """`line` (of the page's `lines`) starts another column or table cell than `previous` ends, and
    so a new block.

    pypdf reads a table cell by cell: a row's cells stand side by side, each read top to bottom, so
    the next cell starts back up the page, and the next row far to the left of the last cell's
    lines. Joined, a cell's last sentence ran on into the next cell's text (NIST SP 800-218: an
    example ran into the row's references, "... stage of the software. BSAFSS: TV.3 BSIMM: ...").
    A sentence that goes on is a paragraph running on in the next column of a two-column page, or
    around a figure set into the text, unless it goes on in capitals under other lines of the same
    column (a cell under another cell: "... artifacts that tools" / "BSAFSS: PD.1-5").
    """
    if previous is None or None in (previous.x, previous.y, line.x, line.y):
        return False
    size = line.size or previous.size or 10.0
    up = line.y > previous.y + size
    if not up and line.x >= previous.x - _COLUMN_SHIFT * size:
        return False
    # A cell often ends in a number; a sentence that goes on after one ("... in Figure 3" / "and
    # then ...") goes on in lower case.
    if _SENTENCE_END.search(previous.text) or (previous.text[-1:].isdigit() and not line.text[:1].islower()):
        return True
    return up and not line.text[:1].islower() and any(
        other.y is not None and other.x is not None and other.text and other.y > line.y + size / 2
        and abs(other.x - line.x) < size for other in lines)


# A line set this many times larger than the line before is not the same paragraph's.
_SIZE_JUMP = 2.0


def _size_jump(previous: Line | None, line: Line) -> bool:
    """`line` is set far larger than `previous`: a masthead under the page's last paragraph, not its
    next line. Clinical Science's page 1 ends mid-sentence ("While this") over its 26 pt masthead
    "Clinical Science www.clinsci.org" (9 pt body), which had been read into the sentence. Only a
    larger line: a line's size is the one most of its characters are set in, and a line of
    superscripts and subscripts ("1Department of Surgery", an NMR line) is often set smaller than the
    line before within one paragraph."""
    if previous is None or not previous.size or not line.size:
        return False
    return line.size >= _SIZE_JUMP * previous.size


@dataclass(slots=True)
class PageBlock:
    """One block of a page as read: its kind, heading level (0 for body text), text, and the lines of
    the page it was read from (indexes into `PageText.lines`, first and last), which place it."""

    kind: BlockKind
    level: int
    text: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class FirstPage:
    """The first page as re-flowed (running headers and footers gone), for its title."""

    page: PageText
    blocks: list[PageBlock]


@dataclass(frozen=True, slots=True)
class Reflowed:
    body: BlockText
    first_page: FirstPage | None


def page_blocks(page: PageText, sizes: HeadingSizes, vocabulary: Vocabulary) -> list[PageBlock]:
    """The blocks of a page, lines joined into paragraphs."""
    levels = line_levels(page.lines, sizes.level)
    body = [line for line, level in zip(page.lines, levels) if line.text and not level]
    usual_width = max((len(line.text) for line in body), default=0)
    usual_gap = _line_gap(body)
    out: list[PageBlock] = []
    paragraph = ""
    first = last_text = 0  # the open paragraph's first line, and its last so far
    kind: BlockKind = "paragraph"
    previous: Line | None = None
    heading_end: Line | None = None  # the last line of the heading just read
    for n, (line, level) in enumerate(zip(page.lines, levels)):
        # "References" set in the body's font (bold, which sizes do not show) heads a section too.
        level = level or (sizes.top if is_references_heading(line.text) else 0)
        if level and heading_end is not None and out[-1].level == level and continues_heading(heading_end, line):
            out[-1].text = join_lines(out[-1].text, line.text, vocabulary)
            out[-1].last = n
            previous = heading_end = line
            continue
        heading_end = line if level else None
        spaced = (usual_gap is not None and previous is not None and previous.y is not None
                  and line.y is not None and previous.y - line.y > _PARAGRAPH_GAP * usual_gap)
        if (not line.text or level or spaced or line.apart or _new_column(previous, line, page.lines)
                or _size_jump(previous, line) or _BULLET.match(line.text)):
            if paragraph:
                out.append(PageBlock(kind, 0, paragraph, first, last_text))
            paragraph, kind = "", "paragraph"
        if level:
            out.append(PageBlock("heading", level, line.text, n, n))
        elif line.text:
            kind = "list_item" if _BULLET.match(line.text) and not paragraph else kind
            first = first if paragraph else n
            paragraph = join_lines(paragraph, line.text, vocabulary)
            last_text = n
            if _SENTENCE_END.search(line.text) and len(line.text) < _SHORT_LINE * usual_width:
                out.append(PageBlock(kind, 0, paragraph, first, n))
                paragraph, kind = "", "paragraph"
        previous = line if line.text else previous
    if paragraph:
        out.append(PageBlock(kind, 0, paragraph, first, last_text))
    # Large lines that run on past any heading's length are a paragraph set large (an abstract).
    for block in out:
        if block.kind == "heading" and len(block.text) > MAX_JOINED_HEADING:
            block.kind, block.level = "paragraph", 0
    return out


def reflow_pages(pages: list[PageText]) -> Reflowed:
    """The pages as paragraphs, headings, list items and references, one page after another,
    page 1's authors and affiliations and a report's cover as text (ingest/pdf_front_matter.py), without their running
    headers, footers and page numbers, notes at a column's foot after the page's text (ingest/pdf_footnotes.py), a paragraph a figure or table cut in two
    joined back (its continuation stays on the page the paragraph starts on); and the first page's
    blocks as read, where its title is (ingest/pdf_title.py)."""
    pages = without_furniture(pages)
    body = body_size(pages)
    noted = [notes_last(page, body) for page in pages]
    pages = [each.page for each in noted]
    sizes = HeadingSizes.of(pages)
    vocabulary = Vocabulary.of(line.text for page in pages for line in page.lines if line.text)
    blocks = [page_blocks(page, sizes, vocabulary) for page in pages]
    if blocks:
        front_matter_as_text(blocks[0])
        cover_as_text(blocks)
    pieces = [Piece(block.kind, block.level, block.text, n, note=block.first >= noted[n].notes_from)
              for n, found in enumerate(blocks) for block in found]
    pieces = rejoin_interrupted(pieces, lambda paragraph, line: join_lines(paragraph, line, vocabulary))
    out = BlockText()
    page = -1
    for piece in regroup_entries(mark_references(pieces), lambda entry, rest: join_lines(entry, rest, vocabulary)):
        while page < piece.page:
            out.start_page()
            page += 1
        out.add(piece.text, piece.kind, piece.level, clean_heading(piece.text) if piece.kind == "heading" else "")
    while page < len(pages) - 1:
        out.start_page()
        page += 1
    return Reflowed(out, FirstPage(pages[0], blocks[0]) if pages else None)
