"""Numbered headings set at the body's size: "3.1.1 ZTA Using Enhanced Identity Governance" in bold.

Headings are found by font size (ingest/pdf_text.py, `HeadingSizes`); a report that sets its section
headings in bold at the size of its text (NIST SP 800-207: "1 Introduction" bold at 12 pt over 12 pt
text, "3.1.1 ..." at 11 pt) had none past its cover, and every passage of its body came without a
heading path. Such a line is a heading when it is bold, opens with a section number, and what follows
is a short title (no sentence in it, no sentence's end), and its number follows the heading before
it ("3.1.1" after "3.1", "4" after "3.4.1", the first "1" or "x.1"): a numbered list's bold first
line ("4. Access to resources is determined by dynamic policy—including the observable state", under
"2.1 Tenets of Zero Trust") does not. Its number's depth nests it: "3.1.1" under "3.1" under "3",
all below the document's headings found by size.
A table of contents lists the same lines (not bold there in NIST's reports, but wrapped entries run
without dot leaders or page numbers), so a page that lists several entries has no numbered heading.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.pdf_text import Line

# A section number, then its title: "3.1.1 ZTA Using ...", "4.4.3. Content Change Requirements", "1 Introduction".
_NUMBERED_TITLE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$")
# A title is a few words: longer is a sentence set in bold.
_TITLE_WORDS = 14
_TITLE_CHARS = 110
# A sentence inside (". " "? ") or at the end, a list's bullet, a contents entry's dot leaders.
_NOT_TITLE = re.compile(r"[.!?;:,]$|[.!?]\s|[•●▪◦]|\.{3,}|…")
# A contents entry: a numbered line ending in dot leaders or a page number.
_CONTENTS_ENTRY = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s.*(?:\.{3,}|…)\s*\d*\s*$|^\d{1,2}(?:\.\d{1,2})*\.?\s.*\s\d{1,3}$")
# This many contents entries make a page a table of contents.
_CONTENTS_PAGE = 3
# A heading's next line goes on with it when set this close (baseline to baseline, in font sizes).
_WRAP_GAP = 1.5


def _title(text: str) -> tuple[int, ...] | None:
    """The section number of a line that is a number and a short title, or None."""
    found = _NUMBERED_TITLE.match(text)
    if not found:
        return None
    title = found.group(2)
    if len(title) > _TITLE_CHARS or len(title.split()) > _TITLE_WORDS or _NOT_TITLE.search(title):
        return None
    if not title[:1].isupper():
        return None
    return tuple(int(part) for part in found.group(1).split("."))


def _follows(number: tuple[int, ...], before: tuple[int, ...] | None) -> bool:
    """`number` can come next after the section numbered `before`: its first child, or the next
    section at its depth or at a shallower one."""
    if before is None:
        return number[-1] == 1
    if number == (*before, 1):
        return True
    return any(number == (*before[:depth], before[depth] + 1) for depth in range(len(before)))


def _contents_page(lines: list[Line]) -> bool:
    return sum(1 for line in lines if _CONTENTS_ENTRY.match(line.text)) >= _CONTENTS_PAGE


def _goes_on(previous: Line, line: Line) -> bool:
    """`line` is the second line of the bold heading `previous` ("6 Zero Trust Architecture and Possible
    Interactions with Existing Federal" / "Agencies")."""
    if not (line.bold and line.text) or line.size != previous.size or _NUMBERED_TITLE.match(line.text):
        return False
    if previous.y is None or line.y is None or previous.size is None:
        return False
    if not 0 < previous.y - line.y <= _WRAP_GAP * previous.size:
        return False
    return len(line.text.split()) <= _TITLE_WORDS and not _NOT_TITLE.search(line.text)


def numbered_levels(pages: list[list[Line]], below: int) -> list[list[int]]:
    """The heading level of each line of each page that is a bold numbered heading (0 for the rest):
    its number's depth under level `below` (the deepest level of the headings found by size)."""
    out = []
    before: tuple[int, ...] | None = None  # the number of the last numbered heading
    for lines in pages:
        levels = [0] * len(lines)
        out.append(levels)
        if _contents_page(lines):
            continue
        previous: int | None = None  # the index of the heading line just read
        for n, line in enumerate(lines):
            number = _title(line.text) if line.bold else None
            if number is not None and _follows(number, before):
                levels[n] = below + len(number)
                before, previous = number, n
            elif previous is not None and previous == n - 1 and _goes_on(lines[previous], line):
                levels[n] = levels[previous]
                previous = n
            else:
                previous = None
    return out
