"""A .docx body as blocks, in document order, as Word shows it with all changes accepted.

Read from the main part's XML (python-docx's tree): paragraphs with their kind from styles and
outline levels; text boxes (the content of an mc:AlternateContent's first choice only, never its
fallback copy) after the paragraph they are anchored in; content controls (w:sdt) as their content;
tracked changes accepted (w:ins and w:moveTo kept, w:del and w:moveFrom dropped, a deleted paragraph
mark joins its paragraph to the next); tables where they stand, one block per row, a data row
labelled with its header (`Header: value; ...`); footnotes as `[footnote N] ...` blocks right after
the paragraph (or table row) that refers to them, endnotes as `[endnote N] ...` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.blocks import BlockText, clean_heading
from ingest.docx_notes import DocxNotes, read_notes
from ingest.docx_styles import DocxStyles
from ingest.docx_xml import MC_NS, chosen_branch, is_on, w, w_val

_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
# Containers whose content stands in their place (content controls, custom XML, accepted changes).
_WRAPPERS = frozenset(w(n) for n in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"))
# Never text a reader sees: removed by accepting changes, field codes, properties.
_SKIPPED = frozenset(w(n) for n in (
    "del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "sdtPr", "sdtEndPr",
    "tblPr", "trPr", "tcPr", "tblGrid", "sectPr", "fldData",
))
_CHARACTERS = {w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


@dataclass(slots=True)
class DocxBody:
    text: BlockText
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Inline:
    """What one paragraph holds: its own text, then text boxes anchored in it, then note references."""

    parts: list[str] = field(default_factory=list)
    boxes: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


class _BodyWalker:
    def __init__(self, styles: DocxStyles, notes: DocxNotes) -> None:
        self.out = BlockText()
        self._styles = styles
        self._notes = notes
        self._pending_footnotes: list[str] = []  # note blocks waiting for their paragraph to end
        self._endnotes: list[str] = []
        self._numbers: dict[tuple[str, str], int] = {}
        self._carried = ""  # text of a paragraph whose mark was deleted: it joins the next one

    # -- notes ---------------------------------------------------------------------------------

    def _note(self, kind: str, note_id: str | None) -> None:
        notes = self._notes.footnotes if kind == "footnote" else self._notes.endnotes
        if note_id is None or note_id not in notes or (kind, note_id) in self._numbers:
            return
        number = sum(1 for k, _ in self._numbers if k == kind) + 1
        self._numbers[(kind, note_id)] = number
        body = self.flat_text(notes[note_id])
        if body:
            (self._pending_footnotes if kind == "footnote" else self._endnotes).append(
                f"[{kind} {number}] {body}"
            )

    def _flush_footnotes(self) -> None:
        pending, self._pending_footnotes = self._pending_footnotes, []
        for note in pending:
            self.out.add(note, "paragraph")

    # -- inline content ------------------------------------------------------------------------

    def _inline(self, element, into: _Inline) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == w("t"):
                into.parts.append(child.text or "")
            elif tag in _CHARACTERS:
                into.parts.append(_CHARACTERS[tag])
            elif tag == w("footnoteReference"):
                self._note("footnote", child.get(w("id")))
            elif tag == w("endnoteReference"):
                self._note("endnote", child.get(w("id")))
            elif tag == w("txbxContent"):
                into.boxes.append(child)
            elif tag == _ALTERNATE:
                branch = chosen_branch(child)
                if branch is not None:
                    self._inline(branch, into)
            else:  # runs, hyperlinks, fields, drawings and shapes on the way to a text box
                self._inline(child, into)

    def _paragraph_inline(self, paragraph) -> _Inline:
        inline = _Inline()
        self._inline(paragraph, inline)
        return inline

    # -- blocks --------------------------------------------------------------------------------

    def blocks(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == w("p"):
                self._paragraph(child)
            elif tag == w("tbl"):
                self._table(child)
            elif tag in _WRAPPERS:
                self.blocks(child)
            elif tag == _ALTERNATE:
                branch = chosen_branch(child)
                if branch is not None:
                    self.blocks(branch)

    def _paragraph(self, paragraph) -> None:
        inline = self._paragraph_inline(paragraph)
        text = inline.text
        if self._carried:
            text = f"{self._carried} {text}".strip() if text else self._carried
            self._carried = ""
        if _mark_deleted(paragraph):
            self._carried = text
        elif text:
            kind = self._styles.kind_of(paragraph)
            if kind.kind == "heading":
                self.out.add(text, "heading", kind.level, clean_heading(text))
            else:
                self.out.add(text, kind.kind)
        for box in inline.boxes:
            self.blocks(box)
        self._flush_footnotes()

    def _table(self, table) -> None:
        rows = [row for row in _unwrapped(table, w("tr")) if not _row_deleted(row)]
        grid = [self._row_cells(row) for row in rows]
        header_rows = 0
        while header_rows < len(rows) and is_on(rows[header_rows].find(w("trPr")), "tblHeader"):
            header_rows += 1
        if header_rows == 0 and len(rows) > 1:
            header_rows = 1
        headers = _column_headers(grid[:header_rows])
        for n, cells in enumerate(grid):
            if n < header_rows or not any(headers):
                text = " | ".join(value for value in cells if value)
            else:
                text = "; ".join(
                    f"{headers[col]}: {value}" if col < len(headers) and headers[col] else value
                    for col, value in enumerate(cells) if value
                )
            self.out.add(text, "table_row")
            self._flush_footnotes()

    def _row_cells(self, row) -> list[str]:
        """The row's cell texts by grid column: a cell spanning columns fills the first of them."""
        trpr = row.find(w("trPr"))
        before = w_val(trpr, "gridBefore")
        cells: list[str] = [""] * (int(before) if before and before.isdigit() else 0)
        for cell in _unwrapped(row, w("tc")):
            cells.append(" ".join(self.flat_text(cell).split()))
            span = w_val(cell.find(w("tcPr")), "gridSpan")
            cells.extend([""] * ((int(span) - 1) if span and span.isdigit() and int(span) > 1 else 0))
        return cells

    def flat_text(self, container) -> str:
        """The text of block content (a cell, a note, a text box in one) on one line."""
        pieces: list[str] = []
        for child in container:
            tag = child.tag
            if tag == w("p"):
                inline = self._paragraph_inline(child)
                pieces.append(inline.text)
                pieces.extend(self.flat_text(box) for box in inline.boxes)
            elif tag == w("tbl"):
                pieces.extend("; ".join(filter(None, self._row_cells(row))) for row in _unwrapped(child, w("tr")))
            elif tag in _WRAPPERS:
                pieces.append(self.flat_text(child))
            elif tag == _ALTERNATE:
                branch = chosen_branch(child)
                if branch is not None:
                    pieces.append(self.flat_text(branch))
        return " ".join(p for p in pieces if p)

    def finish(self) -> None:
        if self._carried:
            self.out.add(self._carried, "paragraph")
            self._carried = ""
        self._flush_footnotes()
        for note in self._endnotes:
            self.out.add(note, "paragraph")


def _unwrapped(parent, tag: str):
    """`parent`'s children named `tag`, looking through content controls and custom XML around them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _unwrapped(child, tag)


def _mark_deleted(paragraph) -> bool:
    rpr = paragraph.find(f"{w('pPr')}/{w('rPr')}")
    return rpr is not None and (rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None)


def _row_deleted(row) -> bool:
    trpr = row.find(w("trPr"))
    return trpr is not None and trpr.find(w("del")) is not None


def _column_headers(header_rows: list[list[str]]) -> list[str]:
    """One label per column: the header rows' texts in that column, joined."""
    width = max((len(r) for r in header_rows), default=0)
    return [" ".join(r[col] for r in header_rows if col < len(r) and r[col]) for col in range(width)]


def docx_block_text(document) -> DocxBody:
    """Walk a python-docx Document's body (and the notes it refers to) into blocks."""
    notes = read_notes(document.part)
    walker = _BodyWalker(DocxStyles(document.styles.element), notes)
    walker.blocks(document.element.body)
    walker.finish()
    return DocxBody(walker.out, notes.warnings)
