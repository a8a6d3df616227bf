"""PowerPoint (.pptx): slide by slide, speaker notes included, each slide's start kept like a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.formats.archive import check_office_zip
from ingest.formats.xml_entities import undeclared_entity
from ingest.formats.pages import PagedText
from ingest.loaders import DEFAULT_MAX_CHARS, LoadedDocument, LoadError, TextBudget
from ingest.titles import is_junk_title

_MAX_TITLE = 200


# A SmartArt diagram (a graphic frame) keeps its words in a data part of its own, which python-pptx
# does not read: a deck that puts its points in SmartArt would lose them.
_DIAGRAM_IDS = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds"
_DATA_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}dm"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass
class _Reading:
    """What reading one deck has used: its text so far (charged line by line, so a small deck whose
    frames inflate to millions of lines is refused while read) and the diagram parts already read."""

    chars: TextBudget
    diagrams: set[str] = field(default_factory=set)

    def keep(self, lines: list[str]) -> list[str]:
        for line in lines:
            self.chars.charge(len(line) + 1)
        return lines


def _diagram_lines(shape, part, reading: _Reading) -> list[str]:
    from lxml import etree

    ids = shape._element.find(f".//{_DIAGRAM_IDS}")
    if ids is None or part is None or ids.get(_DATA_REL) not in part.rels:
        return []
    rel = part.rels[ids.get(_DATA_REL)]
    if rel.is_external:  # a link out of the package: no words to read, and no reason to refuse the deck
        return []
    data = rel.target_part
    # Many frames may point at one data part (82 KB gave 194 M characters): its words are read once.
    if str(data.partname) in reading.diagrams:
        return []
    reading.diagrams.add(str(data.partname))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data.blob, parser)
    except etree.XMLSyntaxError:
        return []
    lines: list[str] = []
    for paragraph in root.iter(f"{_A}p"):
        line = "".join(t.text or "" for t in paragraph.iter(f"{_A}t")).strip()
        if line:
            lines += reading.keep([line])
    return lines


def _paragraphs(frame) -> list[str]:
    """A text frame's paragraphs (a bullet each), a line break inside one (Shift+Enter) a space."""
    return [" ".join(p.text.split()) for p in frame.paragraphs if p.text.strip()]


def _is_furniture(shape) -> bool:
    """The slide number, date and footer placeholders: the same on every slide (a PDF's running
    footer), and a slide number field read as a line "3" of the slide's text."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    return shape.is_placeholder and shape.placeholder_format.type in (
        PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER)


def _shape_lines(shape, part, reading: _Reading) -> list[str]:
    lines: list[str] = []
    if _is_furniture(shape):
        return lines
    if shape.shape_type is not None and hasattr(shape, "shapes"):  # a group: its members in order
        for member in shape.shapes:
            lines += _shape_lines(member, part, reading)
    lines += _diagram_lines(shape, part, reading)
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        lines += reading.keep(_paragraphs(shape.text_frame))
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            cells = [" ".join(c.text.split()) for c in row.cells if c.text.strip()]
            if cells:
                lines += reading.keep([" | ".join(cells)])
    return lines


def load_pptx(path: Path, budget: TextBudget | None = None) -> LoadedDocument:
    """`budget`: the caller's for this file (ingest.loaders.load gives one), charged line by line."""
    import pptx
    from pptx.exc import PackageNotFoundError

    check_office_zip(path, "PPTX")
    try:
        deck = pptx.Presentation(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise LoadError(f"corrupt PPTX ({type(exc).__name__})") from None
    except Exception as exc:  # python-pptx raises many kinds on broken parts; one line is the contract
        raise undeclared_entity("PPTX", exc) or LoadError(f"unreadable PPTX ({type(exc).__name__})") from None
    paged = PagedText()
    reading = _Reading(budget or TextBudget(DEFAULT_MAX_CHARS))
    first_title = ""
    try:
        for number, slide in enumerate(deck.slides, 1):
            lines = [f"Slide {number}"]
            for shape in slide.shapes:
                lines += _shape_lines(shape, slide.part, reading)
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                notes = reading.keep(_paragraphs(slide.notes_slide.notes_text_frame))
                if notes:
                    lines += [f"Notes: {notes[0]}", *notes[1:]]
            title_shape = slide.shapes.title
            slide_title = " ".join(title_shape.text.split()) if title_shape is not None else ""
            if not first_title and not is_junk_title(slide_title):
                first_title = slide_title
            paged.add("\n".join(lines), f"Slide {number}: {slide_title}" if slide_title else "")
    except LoadError:
        raise
    except Exception as exc:
        raise undeclared_entity("PPTX", exc) or LoadError(f"unreadable PPTX ({type(exc).__name__})") from None
    if not any(len(part.splitlines()) > 1 for part in paged.parts):
        raise LoadError("no text: the presentation has no text on its slides")
    # PowerPoint writes "PowerPoint Presentation" where nobody typed a title: the first slide's says more.
    title = " ".join((deck.core_properties.title or "").split())
    title = (title if not is_junk_title(title, path) else first_title or path.stem)[:_MAX_TITLE]
    return LoadedDocument(text=paged.text, title=title, kind="pptx", page_starts=paged.page_starts,
                          blocks=paged.blocks)
