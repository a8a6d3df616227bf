"""The visible text of an HTML page as blocks: one per block element, whitespace inside folded.

Headings (h1-h6), list items, preformatted code (kept as written) and table rows (cells joined by
" | ") are marked as such; everything else is a paragraph. Headings and code are written into the
text as Markdown writes them (`## Title`, fenced code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ingest.blocks import BlockKind, BlockText, clean_heading

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul caption summary details".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# An element whose first heading's section ends with the element (ingest/formats/sphinx_markup.py's
# object descriptions): text after it is back in the section around it.
SCOPE_CLASS = "citeline-scope"


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_permalink(node) -> bool:
    """The "¶" link Sphinx and MkDocs put in each heading: not part of the document's words."""
    classes = (node.attributes.get("class") or "").split()
    return "headerlink" in classes


# A line opening or closing a fence, as rag/units.py reads one.
_FENCE_LINE = re.compile(r"^\s*(```|~~~)", re.MULTILINE)


def _fenced(code: str) -> str:
    """Preformatted text fenced as Markdown fences it: the answer units are built from the text alone,
    and unfenced code was read as prose, so a lead-in ("Like this:") was cited without its code and
    code lines were cut into sentences. Code holding a fence line itself stays as it was."""
    if not code.strip() or _FENCE_LINE.search(code):
        return code
    return f"```\n{code}\n```"


@dataclass(frozen=True, slots=True)
class _BlockEnd:
    """Marks where a block element's children end: its text is flushed there."""

    kind: BlockKind
    level: int


@dataclass(frozen=True, slots=True)
class _ScopeEnd:
    """Marks where a SCOPE_CLASS element ends: the section its heading opened ends there."""

    mark: int


def html_block_text(root, take: Callable[[str], str] = str) -> BlockText:
    """Walk `root` (a selectolax node) into a BlockText; `take` sees each piece of text as it is read
    (the extracted-text cap counts there)."""
    out = BlockText()
    current: list[str] = []

    def flush(kind: BlockKind, level: int) -> None:
        line = _fold("".join(current))
        current.clear()
        if not line:
            return
        if kind == "heading":
            # Marked as Markdown marks it: answering knows a section's heading from the text alone
            # (the section a sentence is under, the name an entry describes).
            out.add(f"{'#' * level} {line}", kind, level, clean_heading(line))
        else:
            out.add(line, kind)

    # Depth-first with a stack of its own, not recursion: any nesting the loader's depth limit lets
    # through is read whole (a recursion cap once dropped text below 200 levels and called the page
    # empty). Each entry is the next node of a level with that level's block kind, or a block's end.
    pending: list[tuple[object, BlockKind, int] | _BlockEnd | _ScopeEnd] = [(root.child, "paragraph", 0)]
    while pending:
        entry = pending.pop()
        if isinstance(entry, _BlockEnd):
            flush(entry.kind, entry.level)
            continue
        if isinstance(entry, _ScopeEnd):
            out.end_scope(entry.mark)
            continue
        node, kind, level = entry
        if node is None:
            continue
        pending.append((node.next, kind, level))
        tag = node.tag
        if tag == "-text":
            current.append(take(node.text_content or ""))
        elif tag == "a" and _is_permalink(node):
            pass
        elif tag == "tr":
            flush(kind, level)
            cells = [_fold(cell.text(deep=True)) for cell in node.iter() if cell.tag in ("td", "th")]
            out.add(take(" | ".join(c for c in cells if c)), "table_row")
        elif tag == "pre":
            flush(kind, level)
            out.add(_fenced(take(node.text(deep=True).strip("\n"))), "code")
        elif tag in BLOCK_TAGS:
            flush(kind, level)
            inner_kind, inner_level = kind, level
            if tag in _HEADINGS:
                inner_kind, inner_level = "heading", _HEADINGS[tag]
            elif tag == "li":
                inner_kind = "list_item"
            if SCOPE_CLASS in (node.attributes.get("class") or "").split():
                pending.append(_ScopeEnd(out.scope()))
            pending.append(_BlockEnd(inner_kind, inner_level))
            pending.append((node.child, inner_kind, inner_level))
        elif not tag.startswith("-"):
            pending.append((node.child, kind, level))
    flush("paragraph", 0)
    return out
