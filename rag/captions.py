"""The label a block stands under, and the one a question names.

Docs often show one thing for several variants side by side, each block under its label: a content
tab (MkDocs-Material's `=== "PowerShell"`, PyMdown Blocks' `//// tab | Windows PowerShell`, Hugo's `{{< tab tabID="powershell" >}}`, MDX's
`<TabItem label="PowerShell">`) or a bold line standing alone ("**Windows (Powershell)**"). The
block says nothing of its label itself (PowerShell's lines need not say "PowerShell"), so a
question naming a variant ("What about PowerShell?", "How do I set it up in Neovim?") finds its
block only through the label, and the blocks under the other labels answer another variant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.tab_labels import tab_label
from rag.terms import terms
from rag.types import Chunk

# The captions other than a content tab's line (rag/tab_labels.py reads those).
_CAPTION = re.compile(r"""\{\{[<%]\s*tab\b[^}]*?\btab(?:ID|Name)="(?P<hugo>[^"]+)"|"""
                      r"""<TabItem\b[^>]*?\b(?:label|value)="(?P<mdx>[^"]+)"|^\s*(?:\*\*|__)(?P<bold>[^*_\n]{1,80})(?:\*\*|__):?\s*$""",
                      re.MULTILINE)
# Lines between a caption and its block: blank, a code fence's opening, a shortcode or tag.
_BETWEEN = re.compile(r"\s*(```\S*|~~~\S*|\{\{[<%][^}]*[>%]\}\}|<[^>]*>)?\s*")


@dataclass(frozen=True, slots=True)
class _Caption:
    label: str
    bold: bool  # a bold line standing alone: a variant's label over code, a heading over prose


def _caption_in(line: str) -> _Caption | None:
    """The caption `line` is or holds, if any."""
    # A tab's line is a whole line: no other caption can start before it. A CRLF page's lines end in "\r".
    label = tab_label(line.rstrip())
    if label:
        return _Caption(label, False)
    found = _CAPTION.search(line)
    if found is None:
        return None
    return _Caption(next(v for v in found.groupdict().values() if v), found.group("bold") is not None)


def _label(found: _Caption | None, bold: bool = True) -> str:
    """The label a caption line names; "" for a bold line when not `bold`."""
    if found is None or not bold and found.bold:
        return ""
    return found.label


def _caption_above(chunk: Chunk, start: int) -> _Caption | None:
    before = chunk.text[: max(0, start - chunk.start)]
    # The unit's own first line may begin before `start` (a fence or indentation).
    for line in reversed(before.split("\n")):
        found = _caption_in(line)
        if found:
            return found
        if not _BETWEEN.fullmatch(line):
            return None
    return None


def caption(chunk: Chunk, start: int) -> str:
    """The caption right above the unit at `start` of `chunk` (see _CAPTION), or "": only blank
    lines, fences and markup may stand between them."""
    return _label(_caption_above(chunk, start))


def label_of(chunk: Chunk, start: int, text: str, code: bool) -> str:
    """The label the unit `text` at `start` of `chunk` shows a block under: its caption, else one
    it holds itself before its first block line (a lead-in that takes the first tab's block with it,
    a label line read with the code under it). A bold line names a variant only over code (`code`:
    the unit is a code block); over prose it is a heading ("**Update Poetry**")."""
    above = _caption_above(chunk, start)
    if above is not None:
        return _label(above, bold=code)
    # Its first line may be the lead-in's own words; past it, only what may stand between a caption
    # and its block.
    for i, line in enumerate(text.split("\n")):
        found = _caption_in(line)
        if found:
            return _label(found, bold=code)
        if i and not _BETWEEN.fullmatch(line):
            return ""
    return ""


def named_labels(labels: Sequence[str], asked: frozenset[str]) -> frozenset[str]:
    """The labels among `labels` (one per unit, "" for none) that the asked terms name, when they
    name some and not all: only then do they choose among variants."""
    present = {label for label in labels if label}
    named = frozenset(label for label in present if terms(label) & asked)
    return named if named and len(named) < len(present) else frozenset()
