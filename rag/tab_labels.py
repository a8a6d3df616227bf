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

from rag.eval_rst import tab_directive_label
from rag.fences import FENCE, closes
from rag.myst_boxes import tab_opening_label

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
    """The label of the tab a line opens; None when it opens none. An eval-rst block's `.. group-tab:: Bash`
    (rag/eval_rst.py) opens one too, and so does a MyST fence of sphinx-inline-tabs (```` ````{tab} Linux ````,
    rag/myst_boxes.py)."""
    found = MATERIAL_TAB.fullmatch(line) or _BLOCKS_TAB.fullmatch(line)
    if found is None and "tab::" in line:
        return tab_directive_label(line)
    if found is None and "{" in line:
        return tab_opening_label(line)
    return found.group(1).strip() if found else None


def warns(label: str) -> bool:
    """Whether a tab's label says what it holds is the wrong way."""
    return _WARNING.search(label) is not None


def judges(label: str) -> bool:
    """Whether a tab's label gives a verdict on what it holds (the wrong way or the right one), not a
    name of one of several alike ("Python 3.10+", "pip", "tooltip01.py")."""
    return warns(label) or _APPROVAL.search(label) is not None


class TabLines:
    """A text's lines asked which tabs each is in, each line's answer kept: every unit of a chunk asks, and
    each asking alone walked the lines above it back to the page's margin, across the same lines again (a
    page indented under one tab for hundreds of lines). rag/evidence.py reads one of these per chunk. `text`
    must run from the document's start (a tab's line may lie chunks before a unit).

    A tab holds the lines indented under its own line, so each tab a line is in is the nearest line above
    indented less than the last: a list item or box between them (a step of the tab's instructions) holds
    the line but names nothing."""

    __slots__ = ("_text", "_holders", "_fenced")

    def __init__(self, text: str) -> None:
        self._text = text
        # A line's start -> the start of the nearest line above it with words, indented less (-1: none).
        self._holders: dict[int, int] = {}
        # The MyST tabs' fences (```` ````{tab} Linux ````): (opening line's start, closing line's end, label), read
        # when first asked.
        self._fenced: list[tuple[int, int, str]] | None = None

    def _myst_tabs(self) -> list[tuple[int, int, str]]:
        """The MyST tabs of the text, in order: a tab holds the lines up to its fence's closing line, which no
        fence of a code block inside it is (rag/myst_boxes.py), or to the text's end."""
        if self._fenced is not None:
            return self._fenced
        self._fenced = []
        if "{tab}" not in self._text:
            return self._fenced
        open_tabs: list[tuple[int, str, str]] = []  # (start, fence, label), innermost last
        inner = ""  # the fence of the code block the line is in
        at = 0
        for line in self._text.splitlines(keepends=True):
            start, at = at, at + len(line)
            body = line.rstrip("\r\n")
            if inner:
                inner = "" if closes(inner, body) else inner
                continue
            label = tab_opening_label(body) if "{" in body else None
            found = FENCE.match(body)
            if label and found:
                open_tabs.append((start, found.group(1), label))
            elif found and open_tabs and closes(open_tabs[-1][1], body):
                begin, _, label = open_tabs.pop()
                self._fenced.append((begin, at, label))
            elif found:
                inner = found.group(1)
        # A tab the text ends inside (a chunk's text read to its end) holds the rest of it.
        self._fenced.extend((begin, len(self._text), label) for begin, _, label in open_tabs)
        self._fenced.sort()
        return self._fenced

    def _holder(self, line_start: int) -> int:
        known = self._holders.get(line_start)
        if known is not None:
            return known
        text = self._text
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        limit = len(line) - len(line.lstrip(" \t"))
        found = -1
        end = line_start - 1
        while limit > 0 and end > 0:
            begin = text.rfind("\n", 0, end) + 1
            above = text[begin:end]
            end = begin - 1
            if not above.strip():
                continue
            if len(above) - len(above.lstrip(" \t")) < limit:
                found = begin
                break
            skip = self._holders.get(begin)
            if skip is not None:
                # The lines between `begin` and its holder are indented no less than `begin`: none holds this one.
                if skip < 0:
                    break
                end = text.find("\n", skip)
        self._holders[line_start] = found
        return found

    def enclosing(self, at: int) -> tuple[str, ...]:
        """The labels of the Material content tabs the line holding offset `at` is in, outermost first
        (`=== "macOS"` › `=== "Command line installer"`); () outside any."""
        holder = self._holder(self._text.rfind("\n", 0, at) + 1)
        labels: list[str] = []
        while holder >= 0:
            line_end = self._text.find("\n", holder)
            label = tab_label(self._text[holder:line_end].rstrip())
            if label:
                labels.append(label)
            holder = self._holder(holder)
        # A MyST tab holds its lines by its fences, not by their indent.
        fenced = [label for begin, end, label in self._myst_tabs() if begin <= at < end]
        return (*fenced, *reversed(labels))

    def of_span(self, start: int, end: int) -> tuple[str, ...]:
        """The tabs the span [start, end) is in, past the tab lines it opens with (a lead-in unit "Windows:
        GUI installer: 1. ..." starts at its tabs' lines, at no indentation)."""
        text = self._text
        at = start
        while at < end:
            line_end = text.find("\n", at, end)
            line = text[at : line_end if line_end >= 0 else end]
            if line.strip() and tab_label(line.rstrip()) is None:
                break
            if line_end < 0:
                return self.enclosing(start)
            at = line_end + 1
        return self.enclosing(at if at < end else start)


def enclosing_tabs(text: str, at: int) -> tuple[str, ...]:
    """The tabs the line holding offset `at` of `text` (from the document's start) is in (TabLines.enclosing)."""
    return TabLines(text).enclosing(at)


def tabs_of(text: str, start: int, end: int) -> tuple[str, ...]:
    """The tabs the span [start, end) of `text` (from the document's start) is in (TabLines.of_span)."""
    return TabLines(text).of_span(start, end)
