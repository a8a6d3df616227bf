"""Make sure a PDF's pages carry text a person can read, or say clearly why they can't.

Runs after the PDF loader on its per-page text. A page with readable text is left alone (a text PDF
only pays for the quality check). A page whose text layer is unreadable, or that pypdf found no text
on, is extracted again with pdfium; if that fails too it is OCRed from its rendered image when it is
unreadable or carries an image (a scan); a page with neither text nor image is blank.
What cannot be recovered fails the file with the reason; nothing is indexed as gibberish.

Exact-span invariant: for an OCRed page the indexed text *is* the OCR text, so a citation's span
indexes it exactly; `ingest.ocr` keeps each word's box on the page image for highlighting.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ingest.blocks import Block
from ingest.loaders import LoadedDocument, LoadError
from ingest.ocr import OcrPage, OcrUnavailable, recognise
from ingest.ocr_title import clean_scanned_line, scanned_title
from ingest.page_words import PageWords, WordBox
from ingest.pdfium_lock import PDFIUM
from ingest.text_quality import assess, has_unreadable_chars

# Fewer letters or digits than this on a page: treated as "no text layer" (page numbers, stray marks).
_MIN_PAGE_CHARS = 12
# Scans are commonly 200-300 dpi; 200 kept tesseract's error rate at zero on our test scans.
_OCR_DPI = 200


@dataclass
class _PageFix:
    index: int
    problem: str  # "missing" or "unreadable"
    reason: str = ""
    text: str | None = None
    how: str = ""  # "pdfium" or "OCR"
    ocr_tried: bool = False
    ocr: OcrPage | None = None


def split_pages(doc: LoadedDocument) -> list[str]:
    starts = doc.page_starts or [0]
    ends = [s - 2 for s in starts[1:]] + [len(doc.text)]
    return [doc.text[s:e] for s, e in zip(starts, ends)]


def _joined(pages: list[str]) -> tuple[str, list[int]]:
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 2
    return "\n\n".join(pages), starts


def _moved(blocks: list[Block], old_starts: list[int], new_starts: list[int], replaced: set[int]) -> list[Block]:
    """The blocks of the pages kept, at their pages' new offsets; a replaced page's blocks are gone
    (its new text is left to the chunker as plain paragraphs). Without this a block after a replaced
    page pointed at other text: a heading path ("References") covered pages it does not head."""
    out = []
    for block in blocks:
        page = bisect.bisect_right(old_starts, block.start) - 1
        if page in replaced and block.kind != "page_break":
            continue
        shift = new_starts[page] - old_starts[page]
        out.append(dataclasses.replace(block, start=block.start + shift, end=block.end + shift))
    return out


def _chars(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)), None) is not None


def _ocr(page) -> OcrPage:
    image = page.render(scale=_OCR_DPI / 72, grayscale=True).to_pil()
    return recognise(image)


def _recover(path: Path, fixes: list[_PageFix]) -> None:
    with PDFIUM:
        _recover_pages(path, fixes)


def _recover_pages(path: Path, fixes: list[_PageFix]) -> None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise LoadError(f"corrupt PDF (pdfium: {exc})") from None
    try:
        for fix in fixes:
            page = document[fix.index]
            # pdfium reads some fonts pypdf does not (a ToUnicode entry pypdf takes literally, pdfium
            # as "unmapped", falling back to the font's encoding), so it is asked first, blank pages too.
            again = page.get_textpage().get_text_range()
            if _chars(again) >= _MIN_PAGE_CHARS and assess(again).readable:
                fix.text, fix.how = again, "pdfium"
                continue
            if fix.problem == "missing" and not _has_image(page):
                continue  # a blank page, not a scan
            fix.ocr_tried = True
            try:
                result = _ocr(page)
            except OcrUnavailable as exc:
                if fix.problem == "unreadable":
                    raise LoadError(f"text layer is unreadable (font encoding: {fix.reason}) and {exc}") from None
                fix.reason = str(exc)
                continue
            if _chars(result.text) >= _MIN_PAGE_CHARS and assess(result.text).readable:
                fix.text, fix.how, fix.ocr = result.text, "OCR", result
    finally:
        document.close()


def _describe(fixes: list[_PageFix], problem: str, total: int, what: str) -> list[str]:
    notes = []
    for how in ("pdfium", "OCR"):
        done = [f for f in fixes if f.problem == problem and f.how == how]
        if done:
            used = "re-extracted with pdfium" if how == "pdfium" else "OCR used"
            notes.append(f"{len(done)} of {total} pages had {what}: {used}")
    return notes


def ensure_readable(path: Path, doc: LoadedDocument, readable: Path | None = None) -> LoadedDocument:
    """`doc` with unreadable or missing page text recovered; LoadError when a page stays unreadable.
    `readable` is the PDF pdfium opens when it is not the file at `path` (the pages read of a damaged file)."""
    pages = split_pages(doc)
    fixes = []
    for i, text in enumerate(pages):
        verdict = assess(text)
        if not verdict.readable:  # before the letter count: a page of NULs has text but no letters
            fixes.append(_PageFix(i, "unreadable", verdict.reason))
        elif _chars(text) < _MIN_PAGE_CHARS:
            fixes.append(_PageFix(i, "missing"))
    if not fixes:
        return doc
    _recover(readable or path, fixes)
    lost = [f for f in fixes if f.problem == "unreadable" and f.text is None]
    if lost:
        numbers = ", ".join(str(f.index + 1) for f in lost[:10]) + (" …" if len(lost) > 10 else "")
        raise LoadError(f"text layer is unreadable (font encoding: {lost[0].reason}) on page(s) {numbers} "
                        "and OCR found no text")
    for fix in fixes:
        if fix.text is not None:
            pages[fix.index] = fix.text
    total = len(pages)
    warnings = _describe(fixes, "missing", total, "no text layer") + _describe(
        fixes, "unreadable", total, "an unreadable text layer (font encoding)")
    unavailable = [f for f in fixes if f.problem == "missing" and f.text is None and f.reason]
    if unavailable:
        warnings.append(f"{len(unavailable)} of {total} pages have no text layer and were not OCRed: "
                        f"{unavailable[0].reason}")
    text, starts = _joined(pages)
    if not text.strip():
        if unavailable:
            raise LoadError(f"no text layer (scanned pages) and {unavailable[0].reason}")
        if any(f.ocr_tried for f in fixes):
            raise LoadError("no text layer (scanned pages) and OCR found no text")
        raise LoadError("no text: the document is empty")
    title = doc.title
    first = fixes[0]
    if first.index == 0 and first.text is not None and _read_from(title, split_pages(doc)[0], path):
        # The title was read from the first page's bad (or missing) text: take it from the recovered text.
        scanned = scanned_title(first.ocr) if first.ocr is not None else ""
        title = scanned or clean_scanned_line(_first_text_line(pages)) or path.stem
    # The OCR text is the page's text, so a word's offset in it plus the page's start indexes the document.
    boxes = [PageWords(f.index + 1, _OCR_DPI, f.ocr.width, f.ocr.height,
                       [WordBox(starts[f.index] + w.start, starts[f.index] + w.end, (w.left, w.top, w.right, w.bottom))
                        for w in f.ocr.words])
             for f in fixes if f.ocr is not None]
    replaced = {f.index for f in fixes if f.text is not None}
    blocks = _moved(doc.blocks, doc.page_starts or [0], starts, replaced)
    return dataclasses.replace(doc, text=text, page_starts=starts, title=title, blocks=blocks,
                               warnings=[*doc.warnings, *warnings], ocr_words=boxes)


def _read_from(title: str, bad_page: str, path: Path) -> bool:
    """Whether `title` was read from the first page's bad (or missing) text: the file's name, a piece of
    that text (its first line cut short with "…": the garbled title of a private-use font showed blank
    in every face), or glyphs no reader can read whatever page they came from."""
    piece = " ".join(title.removesuffix("…").split())
    return (title in (path.stem, "") or piece in " ".join(bad_page.split())
            or has_unreadable_chars(title))


def _first_text_line(pages: list[str]) -> str:
    for page in pages:
        for line in page.splitlines():
            line = line.strip()
            if len(line) >= 3:
                return line[:150]
    return ""
