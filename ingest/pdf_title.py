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
from difflib import SequenceMatcher

from ingest.blocks import clean_heading
from ingest.pdf_headings import MAX_JOINED_HEADING
from ingest.pdf_text import FirstPage, Line
from ingest.titles import is_junk_title
from rag.units import is_references_heading

# "Volume II: Privileged Architecture", "Vol. 3", "Part 1 - Overview", "Book Two": what tells one
# document of a series from the next.
_VOLUME = re.compile(r"^(volume|vol\.|part|book|tome)\s+([ivxlc]+|\d+|one|two|three|four|five|six)\b", re.IGNORECASE)
# A metadata title whose longest run of letters found on page 1 is shorter than this share of it is not
# page 1's: "2Q: ..." over a scan reading "X3: ..." is (63 of 65), Dynamo's "System Model" is not (6 of 11).
_ON_PAGE = 0.8
# Page 1's title replaces the metadata's only when it has this many words.
_TITLE_WORDS = 3
_WORDS = re.compile(r"[^\W\d_]{3,}")
_NOT_LETTERS = re.compile(r"[\W_]+")
# A metadata title whose words are this share of single characters is letter-spaced ("S y s t e m  M o d e l").
_SPACED_LETTERS = 0.8
_SPACED_WORDS = re.compile(r"\s{2,}")
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


def metadata_title(raw: str) -> str:
    """A PDF's metadata title as one reads it: runs of spaces as one ("2Q: A Low Overhead High Performance
    Buffer Management  Replacement  Algorithm", the 2Q paper's), a letter-spaced title's letters joined
    into its words ("S y s t e m  M o d e l" -> "System Model", words apart by two spaces or more)."""
    tokens = raw.split()
    if len(tokens) >= 4 and sum(len(token) == 1 for token in tokens) >= _SPACED_LETTERS * len(tokens):
        words = [word.replace(" ", "") for word in _SPACED_WORDS.split(raw.strip())]
        if len(words) > 1:
            return " ".join(words)
    return " ".join(tokens)


def _volume_under(end: Line, below: list[Line]) -> str:
    """The line right under a title's last line `end` when it names a volume ('' otherwise)."""
    after = next((line for line in below if line.text), None)
    if after is None or not _VOLUME.match(after.text):
        return ""
    if None not in (end.y, after.y) and end.y - after.y > _VOLUME_GAP * (end.size or after.size or 10.0):
        return ""
    return clean_heading(after.text)


def stale_metadata_title(metadata: str, page_title: str, first: FirstPage | None) -> bool:
    """True when page 1 sets a title (`page_title`, first_page_title's of `first`), the metadata's
    title names none of its words and is nowhere on page 1.

    Word leaves the title of the file a paper was drafted from in its metadata: Dynamo's (SOSP 2007)
    reads "System Model", a phrase found nowhere in the paper, over page 1's "Dynamo: Amazon's Highly
    Available Key-value Store". Letters are compared without spaces or punctuation, and a run short of
    the whole is allowed, because page 1's text may be glued ("AbsoluteQuantificationofProteins") or
    misread by a scan ("X3:" for "2Q:") where the metadata is right.
    """
    wanted = _NOT_LETTERS.sub("", metadata.lower())
    # A stamp or a name set large on a cover ("CONFIDENTIAL", "Acme Labs") is no title to prefer; a
    # metadata title naming a word of page 1's ("Spanner (OSDI 2012)" over "Spanner: Globally
    # Distributed Data") adds to it, and is kept.
    if not wanted or first is None or len(page_title.split()) < _TITLE_WORDS:
        return False
    title = _NOT_LETTERS.sub("", page_title.lower())
    if any(word in title for word in _WORDS.findall(metadata.lower())):
        return False
    page = _NOT_LETTERS.sub("", " ".join(line.text for line in first.page.lines).lower())
    found = SequenceMatcher(None, wanted, page, autojunk=False).find_longest_match(0, len(wanted), 0, len(page))
    return found.size < _ON_PAGE * len(wanted)
