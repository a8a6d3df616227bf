"""A shown passage's pieces (rag/shown_markup.py) as HTML: each piece's text escaped, wrapped in elements of
Citeline's own; the cited words in one `<mark>`. ui/static/passage-pieces.js builds the same nodes in the embed."""

from __future__ import annotations

from html import escape

from rag.engine import Piece, Style

# A document's link leaves without telling the site it came from, and lends that site no standing.
LINK_REL = "noopener noreferrer nofollow"


def pieces_html(pieces: tuple[Piece, ...], mark_id: str = "") -> str:
    out: list[str] = []
    marking = False
    for piece in pieces:
        if piece.marked and not marking:
            out.append(f'<mark id="{escape(mark_id)}">' if mark_id else "<mark>")
        elif marking and not piece.marked:
            out.append("</mark>")
        marking = piece.marked
        out.append(_styled(escape(piece.text), piece.style) if piece.text else "")
    if marking:
        out.append("</mark>")
    return "".join(out)


def _styled(html: str, style: Style) -> str:
    if style.code:
        html = f"<code>{html}</code>"
    if style.bold:
        html = f"<b>{html}</b>"
    if style.italic:
        html = f"<em>{html}</em>"
    if style.heading:
        html = f'<b class="passage-heading">{html}</b>'
    if style.href:
        html = f'<a href="{escape(style.href)}" rel="{LINK_REL}" target="_blank">{html}</a>'
    return html
