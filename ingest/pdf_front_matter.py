"""A paper's front matter on page 1: the large lines between its title and its first section (authors,
affiliations, a label over the title) are text, not headings.

Authors and affiliations are set larger than the body, so the re-flow read them as headings, and what
followed them up to "Abstract" sat in sections named after people and places: a passage of ZooKeeper's
abstract was located "Patrick Hunt and Mahadev Konar Yahoo! Grid", Bigtable's "Google, Inc.", 2Q's
"Theodore Johnson University of Florida Gainesville, FL 32611". Where page 1 goes on to a heading that
opens a paper's text (Abstract, Introduction, a numbered section, ...), the headings before it are front
matter: the title (the wordiest of those set largest) stays a heading, the others become paragraphs under it.
A page 1 without such a heading (a report's cover, a page of sections not numbered) is left as it was.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.pdf_text import PageBlock

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
    top = min(blocks[n].level for n in front)
    # A label set as large as the title ("Research Article" over "Patient Experiences of Structured
    # Heart Failure Programmes") has fewer words: the title is the wordiest of the largest.
    title = max((n for n in front if blocks[n].level == top), key=lambda n: len(blocks[n].text.split()))
    for n in front:
        if n != title:
            blocks[n].kind, blocks[n].level = "paragraph", 0
