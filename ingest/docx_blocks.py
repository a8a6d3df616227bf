"""A .docx body as blocks, in document order: headings and list items from paragraph styles,
tables row by row (cells joined by " | ")."""

from __future__ import annotations

import re

from ingest.blocks import BlockKind, BlockText, clean_heading

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _style_of(paragraph) -> tuple[BlockKind, int]:
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):  # a style id the styles part doesn't define
        name = ""
    heading = _HEADING_STYLE.match(name.strip())
    if heading:
        return "heading", max(1, int(heading.group(1)))
    if name.strip().lower() == "title":
        return "heading", 0
    if name.lower().startswith("list"):
        return "list_item", 0
    return "paragraph", 0


def docx_block_text(document) -> BlockText:
    """Walk a python-docx Document's body into a BlockText."""
    from docx.table import Table

    out = BlockText()
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                if cells:
                    out.add(" | ".join(cells), "table_row")
            continue
        text = item.text.strip()
        if not text:
            continue
        kind, level = _style_of(item)
        if kind == "heading":
            out.add(text, kind, level, clean_heading(text))
        else:
            out.add(text, kind)
    return out
