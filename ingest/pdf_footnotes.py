"""Notes at the foot of a column set apart, so the sentence they stand in is whole again.

A journal sets its page 1 footnotes (abbreviations, "These authors contributed equally",
"Correspondence: ...", affiliations) in a small font under the first column; pypdf reads them where
they stand, so a sentence running on into the next column was cut by them: "... the C-domain appears
to be the prominent" / "Correspondence: Professor ..." / "site for the production of ...". Lines set
well smaller than the body text, under a body line of the same column, at the foot of it (the page
ends, or the next line starts up the page: another column) are a foot note block: they move to the
end of the page, after a blank line, and the column's sentence runs on into the next column (in lower
case) as it does without them. When the column's text ends the page mid-sentence, the notes stand between it and
the next page: ingest/pdf_floats.py joins the sentence across them, as across a float.
Only the order of lines changes; no text is added or dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ingest.pdf_floats import CAPTION

if TYPE_CHECKING:  # pdf_text calls this module
    from ingest.pdf_text import Line, PageText

# A note is set at most this share of the body's size (Clinical Science: 5 and 6 pt under 9 pt).
_NOTE_RATIO = 0.8
# A body line is set at least this share of the body's size.
_BODY_RATIO = 0.95
# A foot note block is at most this many lines: a column of small text is a table or a reference list.
_MAX_NOTE_LINES = 12
# The note's first line starts within this many body sizes of the body line above it: the same column.
_SAME_COLUMN = 3


def body_size(pages: list[PageText]) -> float | None:
    """The font size most of a document's characters are set in."""
    total: Counter = Counter()
    for page in pages:
        total.update(page.sizes)
    return total.most_common(1)[0][0] if total else None


def _small(line: Line, body: float) -> bool:
    return line.size is not None and line.size <= _NOTE_RATIO * body


def _note_block(lines: list[Line], start: int, body: float) -> int | None:
    """The end (exclusive) of the foot note block starting at `lines[start]`, or None when it starts none."""
    note = lines[start]
    above = next((line for line in reversed(lines[:start]) if line.text), None)
    if (above is None or not _small(note, body) or CAPTION.match(note.text) or above.size is None
            or above.size < _BODY_RATIO * body or None in (note.y, note.x, above.y, above.x)
            or above.y <= note.y or abs(above.x - note.x) > _SAME_COLUMN * body):
        return None
    end, lowest = start + 1, note.y
    while end < len(lines) and (not lines[end].text or (
            _small(lines[end], body) and lines[end].y is not None and lines[end].y < lowest)):
        lowest = lines[end].y if lines[end].text else lowest
        end += 1
    if sum(1 for line in lines[start:end] if line.text) > _MAX_NOTE_LINES:
        return None
    after = next((line for line in lines[end:] if line.text), None)
    if after is None or (after.y is not None and after.y > note.y + body):
        return end
    return None


@dataclass(frozen=True, slots=True)
class NotedPage:
    """A page with its foot notes moved to its end: they are its lines from `notes_from` on."""

    page: PageText
    notes_from: int


def notes_last(page: PageText, body: float | None) -> NotedPage:
    """`page` with each foot note block moved to its end, after a blank line."""
    from ingest.pdf_text import Line  # pdf_text imports this module

    if not body:
        return NotedPage(page, len(page.lines))
    kept: list[Line] = []
    notes: list[Line] = []
    n = 0
    lines = page.lines
    while n < len(lines):
        end = _note_block(lines, n, body) if lines[n].text else None
        if end is None:
            kept.append(lines[n])
            n += 1
            continue
        notes += [Line(""), *lines[n:end]]
        # The text above goes on after them only in lower case: a line in capitals there (a running head
        # at the next column's top, "Agyeman-Duah et al. BMC ...") is not the sentence's, and the notes'
        # place stays a break.
        after = next((line for line in lines[end:] if line.text), None)
        if after is None or not after.text[:1].islower():
            kept.append(Line(""))
        n = end
    return NotedPage(replace(page, lines=kept + notes), len(kept)) if notes else NotedPage(page, len(lines))
