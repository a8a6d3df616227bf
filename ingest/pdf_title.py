"""A PDF's title as its first page shows it: the largest heading in the page's upper half, all its lines.

It had been the first line set in the document's largest font, which kept one line of a title set on
two or more ("Analysis of Transcripts in the Fly Cell Atlas Reveals Additional Cell"), took a journal's
masthead at the foot of the page for the title ("Clinical Science www.clinsci.org") and a label over the
title ("Research Article").
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.blocks import clean_heading
from ingest.pdf_headings import MAX_JOINED_HEADING, continues_heading, line_levels
from ingest.pdf_hyphens import Vocabulary
from ingest.pdf_text import HeadingSizes, PageText, join_lines
from ingest.titles import is_junk_title


@dataclass
class _Heading:
    level: int
    y: float | None  # height of its first line on the page
    text: str


def first_page_title(pages: list[PageText]) -> str:
    """The first page's title ('' when it sets nothing larger than the body)."""
    sizes = HeadingSizes.of(pages)
    if not pages or not sizes.levels:
        return ""
    lines = pages[0].lines
    vocabulary = Vocabulary.of(line.text for page in pages[:3] for line in page.lines if line.text)
    levels = line_levels(lines, sizes.level)
    headings: list[_Heading] = []
    end = None
    for line, level in zip(lines, levels):
        if level and end is not None and headings[-1].level == level and continues_heading(end, line):
            headings[-1].text = join_lines(headings[-1].text, line.text, vocabulary)
        elif level:
            headings.append(_Heading(level, line.y, line.text))
        end = line if level else None
    heights = [line.y for line in lines if line.y is not None and line.text]
    middle = (max(heights) + min(heights)) / 2 if heights else None
    upper = [h for h in headings if middle is None or h.y is None or h.y >= middle]
    for heading in sorted(upper or headings, key=lambda h: h.level):
        title = clean_heading(heading.text)
        if len(title) <= MAX_JOINED_HEADING and not is_junk_title(title):
            return title
    return ""
