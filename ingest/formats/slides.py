"""PowerPoint (.pptx): slide by slide, speaker notes included, each slide's start kept like a page."""

from __future__ import annotations

from pathlib import Path

from ingest.formats.archive import check_office_zip
from ingest.formats.pages import PagedText
from ingest.loaders import LoadedDocument, LoadError

_MAX_TITLE = 200


def _shape_lines(shape) -> list[str]:
    lines: list[str] = []
    if shape.shape_type is not None and hasattr(shape, "shapes"):  # a group: its members in order
        for member in shape.shapes:
            lines += _shape_lines(member)
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        lines += [p.strip() for p in shape.text_frame.text.splitlines() if p.strip()]
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(" | ".join(cells))
    return lines


def load_pptx(path: Path) -> LoadedDocument:
    import pptx
    from pptx.exc import PackageNotFoundError

    check_office_zip(path, "PPTX")
    try:
        deck = pptx.Presentation(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise LoadError(f"corrupt PPTX ({type(exc).__name__})") from None
    except Exception as exc:  # python-pptx raises many kinds on broken parts; one line is the contract
        raise LoadError(f"unreadable PPTX ({type(exc).__name__})") from None
    paged = PagedText()
    first_title = ""
    try:
        for number, slide in enumerate(deck.slides, 1):
            lines = [f"Slide {number}"]
            for shape in slide.shapes:
                lines += _shape_lines(shape)
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                notes = slide.notes_slide.notes_text_frame.text.strip()
                if notes:
                    lines.append(f"Notes: {notes}")
            title_shape = slide.shapes.title
            if not first_title and title_shape is not None and title_shape.text.strip():
                first_title = title_shape.text.strip()
            paged.add("\n".join(lines))
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"unreadable PPTX ({type(exc).__name__})") from None
    if not any(len(part.splitlines()) > 1 for part in paged.parts):
        raise LoadError("no text: the presentation has no text on its slides")
    title = (deck.core_properties.title or first_title or path.stem).strip()[:_MAX_TITLE]
    return LoadedDocument(text=paged.text, title=title, kind="pptx", page_starts=paged.page_starts)
