"""Content tabs' labels: the name a page's tab shows above what it holds (`=== "✅ Do"` in Material for
MkDocs, `//// tab | Python 3.10+` in PyMdown Blocks), and whether that name warns the code under it off.

The one reading of a tab's line: answer units (rag/units.py), captions (rag/captions.py) and shown passages
(rag/shown_passage.py) read it here.

A tab's code read without its label loses what the page says of it: Starlette's "❌ Don't" tab holds the
same class as its "✅ Do" tab, with the bug the section is about (retry19).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Material for MkDocs' tab line past its indentation (`===+` opens the tab shown first, `===!` starts a new set of
# tabs); its label is group "tab". rag/shown_passage.py reads the line with Material's admonitions.
MATERIAL_TAB_OPENING = r'===[+!]?[ \t]+"(?P<tab>[^"\n]*)"'
MATERIAL_TAB = re.compile(rf"^[ \t]*{MATERIAL_TAB_OPENING}[ \t]*$", re.MULTILINE)
# PyMdown Blocks' tab opening (`//// tab | Windows PowerShell`, `/// tab | Python 3.8+`).
_BLOCKS_TAB = re.compile(r"^[ \t]*/{3,}[ \t]*tab[ \t]*\|[ \t]*(\S[^\n]*?)[ \t]*$")
# A label saying its tab shows what not to do ("❌ Don't", "Wrong", "Bad", "Avoid", "Anti-pattern").
_WARNING = re.compile(r"[❌✗✘⛔🚫]|\b(?:don['’]?t|do not|wrong|bad|avoid|anti-?pattern|incorrect|never|"
                      r"not recommended)\b", re.IGNORECASE)

# A label saying its tab shows the right way ("✅ Do", "Good", "Correct", "Recommended").
_APPROVAL = re.compile(r"[✅✓✔👍]|\b(?:do|good|correct|recommended|better|best|preferred)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TabLabel:
    label: str  # as the tab shows it ("❌ Don't")
    start: int  # where its line starts in the text read


def tab_label(line: str) -> str | None:
    """The label of the tab a line opens; None when it opens none."""
    found = MATERIAL_TAB.fullmatch(line) or _BLOCKS_TAB.fullmatch(line)
    return found.group(1).strip() if found else None


def warns(label: str) -> bool:
    """Whether a tab's label says what it holds is the wrong way."""
    return _WARNING.search(label) is not None


def judges(label: str) -> bool:
    """Whether a tab's label gives a verdict on what it holds (the wrong way or the right one), not a
    name of one of several alike ("Python 3.10+", "pip", "tooltip01.py")."""
    return warns(label) or _APPROVAL.search(label) is not None


def enclosing_tabs(text: str, at: int) -> tuple[str, ...]:
    """The labels of the Material content tabs the line holding offset `at` of `text` is in, outermost
    first (`=== "macOS"` › `=== "Command line installer"`); () outside any. A tab holds the lines indented
    under its own line, so each enclosing one is the nearest line above indented less than the last:
    a list item or box between them (a step of the tab's instructions) holds the line but names nothing.
    `text` must run from the document's start (a tab's line may lie chunks before `at`)."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    limit = len(line) - len(line.lstrip(" \t"))
    labels: list[str] = []
    end = line_start - 1
    while limit > 0 and end > 0:
        begin = text.rfind("\n", 0, end) + 1
        above = text[begin:end]
        end = begin - 1
        indent = len(above) - len(above.lstrip(" \t"))
        if not above.strip() or indent >= limit:
            continue
        limit = indent
        label = tab_label(above.rstrip())
        if label:
            labels.append(label)
    return tuple(reversed(labels))


def tabs_of(text: str, start: int, end: int) -> tuple[str, ...]:
    """The tabs the span [start, end) of `text` (from the document's start) is in, past the tab lines it opens
    with (a lead-in unit "Windows: GUI installer: 1. ..." starts at its tabs' lines, at no indentation)."""
    at = start
    while at < end:
        line_end = text.find("\n", at, end)
        line = text[at : line_end if line_end >= 0 else end]
        if line.strip() and tab_label(line.rstrip()) is None:
            break
        if line_end < 0:
            return enclosing_tabs(text, start)
        at = line_end + 1
    return enclosing_tabs(text, at if at < end else start)
