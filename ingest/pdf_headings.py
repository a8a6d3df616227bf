"""Which of a PDF page's large lines are headings, and which lines make one heading.

Font sizes say what is set large, not what is a heading. Two mistakes came of reading every large
line as a heading of its own:
- a title or heading set on two lines became two headings, the second replacing the first in every
  heading path below it ("Combined Script and Page Orientation Estimation using" / "the Tesseract OCR
  engine": the paper's sections sat under "the Tesseract OCR engine");
- a chart's or formula's text drawn in a large font became headings ("0", "20", "Recall", "Commercial
  OCR Tesseract" from a bar chart; Symbol-font glyphs from an equation), the legend heading the
  sections after it.
A figure's labels and a scan's misread marks set large held no word and headed the sections after
them (ZooKeeper's "/app1/p_1 /app1/p_2 /app1/p_3", the 2Q paper's "-20 1 +lmJ * LRU/Z" and "PI", "[ill"
among its references): a heading holds a word of three letters or more.
A line that goes on with the heading above it is joined to it; a line without words is no heading, nor
one giving a web address (a masthead, a cover's link), nor is any line of a run of large lines that holds several such (a figure's axis, an equation); a run of
large lines longer than any heading (an abstract set large) is a paragraph.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from rag.units import is_references_heading

if TYPE_CHECKING:
    from ingest.pdf_text import Line

# A heading's lines stand this close (baseline to baseline, in font sizes): a title's line spacing.
_WRAP_GAP = 1.5
# A line wrapped because the next word did not fit: with that word it would be at least this share of
# the longer of the two lines ("Research Article" / "Patient Experiences of ..." is a label over a title).
_FULL = 0.75
# Joined lines longer than this are a paragraph set large (an abstract), not a heading.
MAX_JOINED_HEADING = 300
# Wordless lines in a run of large lines that make it a figure's or an equation's text.
_FIGURE_MARKS = 2
# A line of this many words is prose: it ends a run of large lines.
_PROSE_WORDS = 4
# Glyphs of symbol fonts that map to no character (an equation's sums and brackets).
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_LETTER = re.compile(r"[^\W\d_]")
# A word as a heading writes it: letters, perhaps joined by a hyphen, an apostrophe or a dot ("Key-value",
# "Amazon's", "Amazon.com"), stood apart by spaces and at most the punctuation around a word, or after
# its section's number ("1.Introduction").
_WORD = re.compile(r"(?:\d+(?:\.\d+)*\.)?(?:[^\W\d_]{3,}(?:[-'’.][^\W\d_]+)*|[^\W\d_]+(?:[-'’.][^\W\d_]+)+)")
# A word set letter-spaced: "C O M P U T E R S E C U R I T Y" over a NIST report's title, "A B S T R A C T".
_LETTER_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
_AROUND_WORD = "\"'“”‘’(.,:;!?)"
# A web address, or an e-mail address ("arma@freehaven.net", "{alice, bob}@example.org").
_ADDRESS = re.compile(r"https?://|\bwww\.|[\w.+}-]@[\w-]+\.[\w.-]*[^\W\d_]", re.IGNORECASE)
# A section number opens a heading of its own ("3.1 Candidate class creation", "IV. Results").
_NUMBERED = re.compile(r"^(\d{1,3}(\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s")


def wordless(text: str) -> bool:
    """Text without two letters, or with glyphs that are no characters: an axis tick, an equation's piece."""
    return bool(_PRIVATE_USE.search(text)) or len(_LETTER.findall(text)) < 2


def _worded(text: str) -> bool:
    """Text holding a word: three letters or more standing alone, as a heading's words do ("1 Background",
    "2Q Algorithm Description"). A figure's labels ("/app1/p_1 /app1/p_2", "-20 1 +lmJ * LRU/Z") and a
    scan's misread reference marks ("PI", "[ill") hold none."""
    if _LETTER_SPACED.search(text):
        return True
    return any(_WORD.fullmatch(token) or _named(token) for token in (t.strip(_AROUND_WORD) for t in text.split()))


def _named(token: str) -> bool:
    """A name of letters and digits that opens with a letter and holds three ("Stu2Labs", "COVID19")."""
    return token.isalnum() and token[:1].isalpha() and sum(ch.isalpha() for ch in token) >= 3


def _addressed(text: str) -> bool:
    """A line giving a web or e-mail address: a journal's masthead ("Clinical Science www.clinsci.org", set
    large at the first page's foot, had headed the whole paper), where a report is available, a cover's
    link, an author's e-mail under the name. Such a line is no heading, and no figure's mark either: Tor's
    three authors' e-mails, set as large as its section headings, had counted as a figure's wordless
    labels, which made its whole run of large lines body text, the title with it ("1 Overview" had been
    the paper's title)."""
    return bool(_ADDRESS.search(text))


def line_levels(lines: list[Line], level_of: Callable[[Line], int]) -> list[int]:
    """The heading level of each line (0: body text), wordless lines and figures' runs of large lines
    taken out."""
    levels = [level_of(line) if line.text and not _addressed(line.text) else 0 for line in lines]
    i = 0
    while i < len(lines):
        if not levels[i]:
            i += 1
            continue
        run = []
        j = i
        # Small print among the large lines (an equation's subscripts) does not end the run; prose does.
        while j < len(lines) and (levels[j] or len(lines[j].text.split()) < _PROSE_WORDS):
            if levels[j]:
                run.append(j)
            j += 1
        marks = [k for k in run if wordless(lines[k].text) or not _worded(lines[k].text)]
        for k in (run if len(marks) >= _FIGURE_MARKS else marks):
            levels[k] = 0
        i = j
    return levels


def continues_heading(previous: Line, line: Line) -> bool:
    """`line` goes on with the heading whose last line is `previous`: set in the same size right under
    it, opening with no section number of its own, `previous` full (wrapped, not a label)."""
    if previous.size is None or line.size != previous.size or previous.y is None or line.y is None:
        return False
    if not 0 < previous.y - line.y <= _WRAP_GAP * line.size:
        return False
    if _NUMBERED.match(line.text) or is_references_heading(line.text):
        return False
    first_word = line.text.split()[0] if line.text.split() else ""
    return len(previous.text) + 1 + len(first_word) >= _FULL * max(len(previous.text), len(line.text))
