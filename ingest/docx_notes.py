"""The footnotes and endnotes parts of a .docx: each note's XML element by its id."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.docx_xml import w

_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# Separators and continuation notices are notes too, but layout, not text.
_LAYOUT_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


@dataclass(slots=True)
class DocxNotes:
    footnotes: dict[str, object] = field(default_factory=dict)
    endnotes: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _notes_of(part, tag: str) -> dict:
    from docx.oxml.parser import parse_xml  # python-docx's parser: entities are not resolved

    root = parse_xml(part.blob)
    return {
        note.get(w("id")): note
        for note in root.iter(w(tag))
        if note.get(w("type")) not in _LAYOUT_TYPES and note.get(w("id")) is not None
    }


def read_notes(document_part) -> DocxNotes:
    """The notes the main part refers to; a part that is not well-formed XML is left out with a warning
    (the body is still worth indexing)."""
    from lxml import etree

    notes = DocxNotes()
    for rel in document_part.rels.values():
        if rel.is_external:
            continue
        for kind, tag, into in (("footnotes", "footnote", notes.footnotes), ("endnotes", "endnote", notes.endnotes)):
            if rel.reltype == _RELATION + kind:
                try:
                    into.update(_notes_of(rel.target_part, tag))
                except (etree.XMLSyntaxError, ValueError):
                    notes.warnings.append(f"the {kind} part is not well-formed XML: its notes were left out")
    return notes
