"""A PDF's title as its first page shows it: the largest heading in the page's upper half, all its lines,
and the volume line under a series title.

It had been the first line set in the document's largest font, which kept one line of a title set on
two or more ("Analysis of Transcripts in the Fly Cell Atlas Reveals Additional Cell"), took a journal's
masthead at the foot of the page for the title ("Clinical Science www.clinsci.org") and a label over the
title ("Research Article"). The headings are those the re-flow read (ingest/pdf_text.py), not read again.

A manual in volumes sets the series' name largest and the volume under it in the body's size: both
RISC-V manuals, unprivileged and privileged, were "The RISC-V Instruction Set Manual", which no face
could tell apart. The line right under the title that names a volume, part or book is part of it.
"""

from __future__ import annotations

import re

from ingest.blocks import clean_heading
from ingest.pdf_headings import MAX_JOINED_HEADING
from ingest.pdf_text import FirstPage, Line
from ingest.titles import is_junk_title
from rag.units import is_references_heading

# "Volume II: Privileged Architecture", "Vol. 3", "Part 1 - Overview", "Book Two": what tells one
# document of a series from the next.
_VOLUME = re.compile(r"^(volume|vol\.|part|book|tome)\s+([ivxlc]+|\d+|one|two|three|four|five|six)\b", re.IGNORECASE)
# The volume line stands right under the title: at most this many of the title's sizes below it.
_VOLUME_GAP = 2.0


def first_page_title(first: FirstPage | None) -> str:
    """The first page's title ('' when it sets nothing larger than the body)."""
    if first is None:
        return ""
    lines = first.page.lines
    headings = [b for b in first.blocks if b.kind == "heading"]
    heights = [line.y for line in lines if line.y is not None and line.text]
    middle = (max(heights) + min(heights)) / 2 if heights else None
    upper = [h for h in headings if middle is None or lines[h.first].y is None or lines[h.first].y >= middle]
    for heading in sorted(upper or headings, key=lambda h: h.level):
        title = clean_heading(heading.text)
        # The re-flow heads a section with a "References" line set in the body's font: no title.
        if len(title) <= MAX_JOINED_HEADING and not is_junk_title(title) and not is_references_heading(title):
            volume = _volume_under(lines[heading.last], lines[heading.last + 1:])
            return f"{title}, {volume}" if volume and not _VOLUME.search(title) else title
    return ""


def _volume_under(end: Line, below: list[Line]) -> str:
    """The line right under a title's last line `end` when it names a volume ('' otherwise)."""
    after = next((line for line in below if line.text), None)
    if after is None or not _VOLUME.match(after.text):
        return ""
    if None not in (end.y, after.y) and end.y - after.y > _VOLUME_GAP * (end.size or after.size or 10.0):
        return ""
    return clean_heading(after.text)
