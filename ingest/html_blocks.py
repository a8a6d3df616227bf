"""The visible text of an HTML page as blocks: one per block element, whitespace inside folded.

Headings (h1-h6), list items, preformatted code (kept as written) and table rows (cells joined by
" | ") are marked as such; everything else is a paragraph.
"""

from __future__ import annotations

import re

from ingest.blocks import BlockKind, BlockText, clean_heading

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul caption summary details".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Recursive over depth with a cap: hostile nesting can't blow the stack.
_MAX_WALK_DEPTH = 200


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_permalink(node) -> bool:
    """The "¶" link Sphinx and MkDocs put in each heading: not part of the document's words."""
    classes = (node.attributes.get("class") or "").split()
    return "headerlink" in classes


def html_block_text(root) -> BlockText:
    """Walk `root` (a selectolax node) into a BlockText."""
    out = BlockText()
    current: list[str] = []

    def flush(kind: BlockKind, level: int) -> None:
        line = _fold("".join(current))
        current.clear()
        if not line:
            return
        if kind == "heading":
            out.add(line, kind, level, clean_heading(line))
        else:
            out.add(line, kind)

    def walk(node, depth: int, kind: BlockKind, level: int) -> None:
        # Iterative over siblings.
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                current.append(child.text_content or "")
            elif tag == "a" and _is_permalink(child):
                pass
            elif tag == "tr":
                flush(kind, level)
                cells = [_fold(cell.text(deep=True)) for cell in child.iter() if cell.tag in ("td", "th")]
                out.add(" | ".join(c for c in cells if c), "table_row")
            elif tag == "pre":
                flush(kind, level)
                out.add(child.text(deep=True).strip("\n"), "code")
            elif tag in BLOCK_TAGS:
                flush(kind, level)
                inner_kind, inner_level = kind, level
                if tag in _HEADINGS:
                    inner_kind, inner_level = "heading", _HEADINGS[tag]
                elif tag == "li":
                    inner_kind = "list_item"
                if depth < _MAX_WALK_DEPTH:
                    walk(child, depth + 1, inner_kind, inner_level)
                flush(inner_kind, inner_level)
            elif not tag.startswith("-") and depth < _MAX_WALK_DEPTH:
                walk(child, depth + 1, kind, level)
            child = child.next

    walk(root, 0, "paragraph", 0)
    flush("paragraph", 0)
    return out
