"""A .docx body as blocks, in document order, as Word shows it with all changes accepted.

Read from the main part's XML (python-docx's tree): paragraphs with their kind from styles and
outline levels; text boxes (the content of an mc:AlternateContent's first choice only, never its
fallback copy) after the paragraph they are anchored in; content controls (w:sdt) as their content
(none while they show their placeholder); hidden text left out; tracked changes accepted (w:ins and w:moveTo kept, w:del and w:moveFrom dropped, a deleted paragraph
mark joins its paragraph to the next); tables where they stand, one block per row (see docx_tables);
footnotes as `[footnote N] ...` blocks right after the paragraph (or table) that refers to them,
endnotes as `[endnote N] ...` at the end.

Headers and footers are read only when the body has no text (a letterhead, a form whose fields sit in
the header): where the body has text they are running furniture, a company name or "Confidential"
on every page, which would join every passage's words (a PDF's running headers are dropped too).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.blocks import BlockText, clean_heading
from ingest.docx_notes import DocxNotes, read_notes
from ingest.docx_styles import DocxStyles
from ingest.docx_tables import table_rows
from ingest.docx_xml import MC_NS, chosen_branch, is_on, w

_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
# Containers whose content stands in their place (content controls, custom XML, accepted changes).
_WRAPPERS = frozenset(w(n) for n in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"))
# Never text a reader sees: removed by accepting changes, field codes, properties.
_SKIPPED = frozenset(w(n) for n in (
    "del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "sdtPr", "sdtEndPr",
    "tblPr", "trPr", "tcPr", "tblGrid", "sectPr", "fldData", "rt",  # rt: a ruby's reading guide
))
_CHARACTERS = {w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


@dataclass(slots=True)
class DocxBody:
    text: BlockText
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Inline:
    """What one paragraph holds: its own text, and the text boxes anchored in it (read after it)."""

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
        for child in _shown(element):
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == w("r") and is_on(child.find(w("rPr")), "vanish"):
                continue  # hidden text: Word neither shows nor prints it
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
        for child in _shown(container):
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
        self._flush_carried()  # a paragraph above a table has nothing to join
        for text in table_rows(table, self._styles, self.flat_text, _WRAPPERS):
            self.out.add(text, "table_row")
        self._flush_footnotes()

    def flat_text(self, container) -> str:
        """The text of block content (a cell, a note, a text box in one), a line per paragraph."""
        pieces: list[str] = []
        for child in _shown(container):
            tag = child.tag
            if tag == w("p"):
                inline = self._paragraph_inline(child)
                pieces.append(inline.text)
                pieces.extend(self.flat_text(box) for box in inline.boxes)
            elif tag == w("tbl"):
                pieces.extend(table_rows(child, self._styles, self.flat_text, _WRAPPERS))
            elif tag in _WRAPPERS:
                pieces.append(self.flat_text(child))
            elif tag == _ALTERNATE:
                branch = chosen_branch(child)
                if branch is not None:
                    pieces.append(self.flat_text(branch))
        return "\n".join(p for p in pieces if p)

    def _flush_carried(self) -> None:
        if self._carried:
            self.out.add(self._carried, "paragraph")
            self._carried = ""

    def empty(self) -> bool:
        """Nothing read yet: no text written, none waiting to be (a carried paragraph, notes)."""
        return not (self.out.text.strip() or self._carried or self._pending_footnotes or self._endnotes)

    def finish(self) -> None:
        self._flush_carried()
        self._flush_footnotes()
        for note in self._endnotes:
            self.out.add(note, "paragraph")


def _shown(element):
    """`element`'s children but content controls showing their placeholder ("Click or tap here to
    enter text."): a prompt of the template, not the document's text."""
    for child in element:
        if child.tag != w("sdt") or not is_on(child.find(w("sdtPr")), "showingPlcHdr"):
            yield child


def _mark_deleted(paragraph) -> bool:
    rpr = paragraph.find(f"{w('pPr')}/{w('rPr')}")
    return rpr is not None and (rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None)


def docx_block_text(document) -> DocxBody:
    """Walk a python-docx Document's body (and the notes it refers to) into blocks."""
    notes = read_notes(document.part)
    walker = _BodyWalker(DocxStyles(document.styles.element), notes)
    walker.blocks(document.element.body)
    if walker.empty():
        for part in _header_footer_parts(document):
            walker.blocks(part.element)
    walker.finish()  # once: it writes the endnotes
    return DocxBody(walker.out, notes.warnings)


def _header_footer_parts(document) -> list:
    """Each section's own headers, then its footers (first page, odd, even), each part once: a section
    that repeats the one before it has none of its own, and sections may share one part. A first-page
    one only where the section shows it (titlePg), even-page ones only where the settings do
    (evenAndOddHeaders): Word does not show the others, though the package may keep them."""
    parts: dict[str, object] = {}
    even = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        first = section.different_first_page_header_footer
        for kind in ("first_page_header", "header", "even_page_header",
                     "first_page_footer", "footer", "even_page_footer"):
            if (kind.startswith("first") and not first) or (kind.startswith("even") and not even):
                continue
            own = getattr(section, kind)
            # Asked only when it is there: python-docx adds an empty part for a linked one it is asked for.
            if not own.is_linked_to_previous:
                parts.setdefault(str(own.part.partname), own.part)
    return list(parts.values())
