"""PDF text re-flowed into paragraphs, so that sentences are sentences.

pypdf gives a page as the lines it lays out. Lines inside a paragraph are joined (a word hyphenated
across a line break is joined back: "exam-\\nple" -> "example"); a paragraph ends at a blank line,
at a short line that ends a sentence, or before a bullet. Lines set in a larger font than the body
text (the font sizes come from pypdf's text visitor) are headings; without sizes there are none.
The re-flowed text IS the document's extracted text, so spans into it stay exact.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.blocks import BlockKind, BlockText, clean_heading

# A heading's font is at least this much larger than the body's.
_HEADING_RATIO = 1.15
_MAX_HEADING_CHARS = 150
# A line this much shorter than the page's usual line, ending a sentence, ends its paragraph.
_SHORT_LINE = 0.75
_BULLET = re.compile(r"^([•●▪◦‣∙·\-–*]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+\S")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")


@dataclass
class PageText:
    """One page as pypdf extracted it, with the lines that were set in large fonts."""

    text: str
    sizes: Counter = field(default_factory=Counter)  # font size -> characters set in it
    sized_lines: dict[str, float] = field(default_factory=dict)  # folded line -> its font size


def _fold(text: str) -> str:
    return " ".join(text.split())


def read_page(page) -> PageText:
    """Extract a pypdf page's text and the font size of each run of text."""
    runs: list[tuple[str, float]] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text:
            return
        try:
            scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
            size = round(float(font_size) * (scale or 1.0), 1)
        except (TypeError, ValueError, IndexError):
            return
        if runs and runs[-1][1] == size:
            runs[-1] = (runs[-1][0] + text, size)
        else:
            runs.append((text, size))

    text = page.extract_text(visitor_text=visit) or ""
    result = PageText(text)
    for run, size in runs:
        for line in run.split("\n"):
            folded = _fold(line)
            if folded:
                result.sizes[size] += len(folded)
                result.sized_lines.setdefault(folded, size)
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
        larger = sorted((s for s in total if s >= body * _HEADING_RATIO), reverse=True)
        return cls({size: min(n, 6) for n, size in enumerate(larger, 1)})

    def level(self, page: PageText, line: str) -> int:
        """The heading level of a line, 0 when it is body text."""
        if len(line) > _MAX_HEADING_CHARS:
            return 0
        size = page.sized_lines.get(line)
        return self.levels.get(size, 0) if size is not None else 0


def _join(paragraph: str, line: str) -> str:
    if not paragraph:
        return line
    if paragraph.endswith("-") and len(paragraph) > 1 and paragraph[-2].isalpha():
        # "exam-" + "ple": a word broken across lines; "Anti-" + "Fascist" keeps its hyphen.
        return paragraph[:-1] + line if line[:1].islower() else paragraph + line
    return f"{paragraph} {line}"


def reflow_pages(pages: list[PageText]) -> BlockText:
    """The pages as paragraphs, headings and list items, one page after another."""
    sizes = HeadingSizes.of(pages)
    out = BlockText()
    for page in pages:
        out.start_page()
        lines = [_fold(line) for line in page.text.split("\n")]
        widths = sorted(len(line) for line in lines if line)
        usual = widths[int(len(widths) * 0.8)] if widths else 0
        paragraph = ""
        kind: BlockKind = "paragraph"

        def flush() -> None:
            nonlocal paragraph, kind
            out.add(paragraph, kind)
            paragraph, kind = "", "paragraph"

        for line in lines:
            if not line:
                flush()
                continue
            level = sizes.level(page, line)
            if level:
                flush()
                out.add(line, "heading", level, clean_heading(line))
                continue
            if _BULLET.match(line):
                flush()
                kind = "list_item"
            paragraph = _join(paragraph, line)
            if _SENTENCE_END.search(line) and len(line) < _SHORT_LINE * usual:
                flush()
        flush()
    return out


def first_large_line(pages: list[PageText]) -> str:
    """The first line of the first page set in the document's largest heading font ('' if none)."""
    sizes = HeadingSizes.of(pages)
    if not pages or not sizes.levels:
        return ""
    for line in pages[0].text.split("\n"):
        folded = _fold(line)
        if folded and sizes.level(pages[0], folded) == 1:
            return clean_heading(folded)
    return ""
