"""A paper's front matter on page 1: the large lines between its title and its first section (authors,
affiliations, a label over the title) are text, not headings.

Authors and affiliations are set larger than the body, so the re-flow read them as headings, and what
followed them up to "Abstract" sat in sections named after people and places: a passage of ZooKeeper's
abstract was located "Patrick Hunt and Mahadev Konar Yahoo! Grid", Bigtable's "Google, Inc.", 2Q's
"Theodore Johnson University of Florida Gainesville, FL 32611". Where page 1 goes on to a heading that
opens a paper's text (Abstract, Introduction, a numbered section, ...), the headings before it are front
matter: the title (the wordiest of those set largest) stays a heading, the others become paragraphs under it.
A page 1 without such a heading (a report's cover, a page of sections not numbered) is left to the cover's rule.

A report's cover holds no prose: its title, the authors, their affiliations, where it is available, a date,
each set larger than the body. Read as headings, the last of them headed the whole report: NIST SP 800-207's
body sat under "Zero Trust Architecture › August 2020", and with the date gone the cover's "This publication
is available free of charge from:" would have taken its place. On a cover (page 1, and a title page after it
that repeats its title) every heading but the title is text under it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.pdf_text import PageBlock

# A block of this many words on a page is prose: the page is no cover.
_PROSE_WORDS = 50
# A paragraph of this many words ending in a full stop is a sentence: the page is no cover.
_SENTENCE_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# A cover sets at least this many lines large: a title and who wrote it, or when.
_COVER_HEADINGS = 2
# The headings that open a paper's text after its front matter: "Abstract", "ABSTRACT", "Summary",
# "1 Introduction", "1.Introduction", "I. INTRODUCTION", "Keywords", "Categories and Subject Descriptors".
_OPENS_TEXT = re.compile(
    r"^((?i:abstract|summary|synopsis|introduction|background|overview|key\s*words|index terms|"
    r"categories and subject descriptors)\b|\d{1,2}(\.\d{1,2})*(\.\s*|\s+)[A-Z]|[IVX]{1,4}(\.\s*|\s+)[A-Z])")


def opens_text(heading: str) -> bool:
    """True for a heading that starts a paper's text ("Abstract", "1 Introduction")."""
    return bool(_OPENS_TEXT.match(heading.strip()))


def front_matter_as_text(blocks: list[PageBlock]) -> None:
    """Turn page 1's headings before the first that opens the text into paragraphs, but the title."""
    headings = [n for n, block in enumerate(blocks) if block.kind == "heading"]
    opener = next((n for n in headings if opens_text(blocks[n].text)), None)
    front = [n for n in headings if opener is not None and n < opener]
    if len(front) < 2:
        return
    title = _title(blocks, front)
    for n in front:
        if n != title:
            blocks[n].kind, blocks[n].level = "paragraph", 0


def _title(blocks: list[PageBlock], headings: list[int]) -> int:
    """The index of the title among `headings`: the wordiest of those set largest."""
    top = min(blocks[n].level for n in headings)
    # A label set as large as the title ("Research Article" over "Patient Experiences of Structured
    # Heart Failure Programmes") has fewer words.
    return max((n for n in headings if blocks[n].level == top), key=lambda n: len(blocks[n].text.split()))


def _is_cover(blocks: list[PageBlock]) -> bool:
    """A page of large lines and no prose: as many headings as other blocks, none of those prose, no
    heading that opens a paper's text. A memo's page 1 of short sections ("Purpose", "Action", each over
    a sentence or two) has as many headings, but its paragraphs are sentences."""
    headings = [block for block in blocks if block.kind == "heading"]
    others = [block for block in blocks if block.kind != "heading"]
    return (len(headings) >= max(len(others), _COVER_HEADINGS)
            and not any(_prose(block) for block in others)
            and not any(opens_text(block.text) for block in headings))


def _prose(block: PageBlock) -> bool:
    """A block of many words, or a paragraph ending a sentence of a few (a cover's lines name and date,
    and end in no full stop: "U.S. Department of Commerce Gina M. Raimondo, Secretary", a DOI)."""
    words = len(block.text.split())
    return words >= _PROSE_WORDS or (block.kind == "paragraph" and words >= _SENTENCE_WORDS
                                     and bool(_SENTENCE_END.search(block.text)))


def cover_as_text(pages: Sequence[list[PageBlock]]) -> None:
    """Turn the headings of a report's cover into paragraphs under its title: page 1 when it is a cover, and
    each page right after it that is one too and repeats its title (NIST's title page after its cover).
    A title ending in ":" keeps the heading after it, its subtitle ("... (SSDF) Version 1.1:" /
    "Recommendations for Mitigating the Risk of Software Vulnerabilities")."""
    if not pages or not _is_cover(pages[0]):
        return
    first = [n for n, block in enumerate(pages[0]) if block.kind == "heading"]
    title_text = pages[0][_title(pages[0], first)].text
    for number, blocks in enumerate(pages):
        headings = [n for n, block in enumerate(blocks) if block.kind == "heading"]
        if number and not (_is_cover(blocks) and any(blocks[n].text == title_text for n in headings)):
            return
        title = next(n for n in headings if blocks[n].text == title_text)
        kept = {title}
        after = headings.index(title) + 1
        if title_text.rstrip().endswith(":") and after < len(headings):
            kept.add(headings[after])
        for n in headings:
            if n not in kept:
                blocks[n].kind, blocks[n].level = "paragraph", 0
