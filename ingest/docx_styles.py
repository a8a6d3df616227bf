"""What a .docx paragraph is (heading and its level, list item, paragraph), from its style, the styles
it is based on and outline levels, read from the styles part's XML (a Caption paragraph right above a
table is its caption); and which table styles format a header row."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.blocks import BlockKind
from ingest.docx_xml import w, w_val

_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
# Outline level 9 is "body text"; 0-8 are the levels a navigation pane shows.
_BODY_LEVEL = 9


@dataclass(frozen=True, slots=True)
class ParagraphKind:
    kind: BlockKind
    level: int = 0


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    first_row_format: bool


def _outline(ppr) -> int | None:
    value = w_val(ppr, "outlineLvl")
    if value is None or not value.isdigit():
        return None
    return int(value)


def _next_is_table(paragraph) -> bool:
    following = paragraph.getnext()
    while following is not None and following.tag in (w("bookmarkStart"), w("bookmarkEnd")):
        following = following.getnext()
    return following is not None and following.tag == w("tbl")


class DocxStyles:
    """The paragraph styles of one document, by style id."""

    def __init__(self, styles_element) -> None:
        self._styles: dict[str, _Style] = {}
        if styles_element is None:
            return
        for style in styles_element.iter(w("style")):
            style_id = style.get(w("styleId"))
            if style_id:
                self._styles[style_id] = _Style(
                    name=(w_val(style, "name") or "").strip(),
                    based_on=w_val(style, "basedOn"),
                    outline=_outline(style.find(w("pPr"))),
                    first_row_format=any(
                        p.get(w("type")) == "firstRow" for p in style.iter(w("tblStylePr"))
                    ),
                )

    def _chain(self, style_id: str | None):
        """The style and those it is based on, nearest first (a cycle in a broken file ends it)."""
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style
            style_id = style.based_on

    def formats_first_row(self, table_style_id: str | None) -> bool:
        """Whether a table style (or one it is based on) gives a table's first row its own format."""
        return any(style.first_row_format for style in self._chain(table_style_id))

    def kind_of(self, paragraph) -> ParagraphKind:
        ppr = paragraph.find(w("pPr"))
        direct = _outline(ppr)
        if direct is not None and direct < _BODY_LEVEL:
            return ParagraphKind("heading", direct + 1)
        chain = list(self._chain(w_val(ppr, "pStyle")))
        name = chain[0].name if chain else ""
        heading = _HEADING_NAME.match(name)
        if heading:
            return ParagraphKind("heading", max(1, int(heading.group(1))))
        if name.lower() == "title":
            return ParagraphKind("heading", 0)
        if direct is None:
            inherited = next((s.outline for s in chain if s.outline is not None), None)
            if inherited is not None and inherited < _BODY_LEVEL:
                return ParagraphKind("heading", inherited + 1)
        numbered = w_val(ppr.find(w("numPr")) if ppr is not None else None, "numId") not in (None, "0")
        if name.lower() == "caption" and _next_is_table(paragraph):
            return ParagraphKind("caption")
        if numbered or name.lower().startswith("list"):
            return ParagraphKind("list_item")
        return ParagraphKind("paragraph")
