"""A PDF page rendered to PNG with the cited span highlighted, for the source panel and /view.

Only a document in the index is rendered, from the file it was indexed from, and only while that
file still has the content hash it was indexed with (its offsets would not fit another version).
Scale and pixel count are capped; rendered images are kept in a small LRU by bytes.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from ingest import page_words
from ingest.pdfium_lock import PDFIUM
from ui.page_highlight import Box, Letters, locate, ocr_boxes, page_chars, text_boxes, widen

DEFAULT_SCALE = 1.5  # pixels per point: 108 dpi, readable in a side panel
MIN_SCALE, MAX_SCALE = 0.5, 3.0
MAX_PIXELS = 6_000_000  # a poster-sized page is rendered smaller rather than as a 100 MB bitmap
_CACHE_BYTES = 48 * 1024 * 1024
_FILL, _EDGE = (255, 214, 0, 96), (214, 90, 0, 255)
_PAD = 2


@dataclass(frozen=True, slots=True)
class PageSource:
    """What is needed to draw one page: the PDF, where the page's text sits in the stored text, OCR boxes."""

    path: Path
    page: int  # 1-based
    page_text: str | None  # the page's part of the stored text (None: page starts unknown)
    page_offset: int  # where page_text starts in the stored text
    ocr: page_words.PageWords | None


@dataclass(frozen=True, slots=True)
class PageImage:
    png: bytes
    page: int
    highlight: Box | None  # the union of the highlighted boxes


def page_source(index: Path, doc_id: str, path: Path, text: str, page: int) -> PageSource:
    starts = page_words.page_starts(index, doc_id)
    ocr = next((p for p in page_words.read(index, doc_id) if p.page == page), None)
    if not 1 <= page <= len(starts):
        return PageSource(path, page, None, 0, ocr)
    end = starts[page] - 2 if page < len(starts) else len(text)
    return PageSource(path, page, text[starts[page - 1]:end], starts[page - 1], ocr)


def _highlight(source: PageSource, pdf_page, start: int, end: int, width: int, height: int, scale: float) -> list[Box]:
    if source.ocr is not None:
        return ocr_boxes(source.ocr, start, end, scale)
    if source.page_text is None:
        return []
    stored = Letters.of(enumerate(source.page_text))
    local_start, local_end = start - source.page_offset, end - source.page_offset
    k0, k1 = stored.within(local_start, local_end)
    textpage = pdf_page.get_textpage()
    try:
        letters, chars = page_chars(textpage)
        found = locate(stored, letters, k0, k1)
        if found is None:
            return []
        span = source.page_text[max(local_start, 0):local_end]
        first, last = widen(letters.origin[found[0]], letters.origin[found[1]], chars, span)
        return text_boxes(pdf_page, textpage, first, last, width, height)
    finally:
        textpage.close()


def render(source: PageSource, start: int | None, end: int | None, scale: float) -> PageImage:
    """The page as PNG with [start, end) of the stored text highlighted (nothing when no span is given)."""
    from PIL import Image, ImageDraw

    document = _opened(source.path)
    with PDFIUM:
        try:
            pdf_page = document[source.page - 1]
            try:
                width_pt, height_pt = pdf_page.get_size()
                scale = min(scale, math.sqrt(MAX_PIXELS / max(width_pt * height_pt, 1.0)))
                image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
                boxes = ([] if start is None or end is None else
                         _highlight(source, pdf_page, start, end, image.width, image.height, scale))
            finally:
                pdf_page.close()
        finally:
            document.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for b in boxes:
            draw.rectangle([b.left - _PAD, b.top - _PAD, b.right + _PAD, b.bottom + _PAD],
                           fill=_FILL, outline=_EDGE, width=2)
        image = Image.alpha_composite(image, overlay)
    buffer = BytesIO()
    image.convert("RGB").save(buffer, format="PNG")
    union = (Box(min(b.left for b in boxes), min(b.top for b in boxes), max(b.right for b in boxes),
                 max(b.bottom for b in boxes)) if boxes else None)
    return PageImage(buffer.getvalue(), source.page, union)


def _opened(path: Path):
    """The PDF at `path` as pdfium reads it; a file cut short, which pdfium refuses, as the pages ingest
    read of it (the same pages in the same order, so the stored page starts hold)."""
    import pypdfium2 as pdfium

    with PDFIUM:
        try:
            return pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as refused:
            error = refused
    # Read with pypdf alone, outside the lock every pdfium call of the process shares.
    stat = path.stat()
    data = _salvaged(str(path), stat.st_mtime_ns, stat.st_size)
    if data is None:
        raise error
    with PDFIUM:
        return pdfium.PdfDocument(data)


@lru_cache(maxsize=4)
def _salvaged(path: str, mtime_ns: int, size: int) -> bytes | None:
    """The pages read of a damaged PDF, once per version of the file (path, modification time, size)."""
    from ingest.pdf_cut import salvage

    salvaged = salvage(Path(path))
    return salvaged.data if salvaged is not None else None


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The file's sha256, computed once per version (path, modification time, size)."""
    stat = path.stat()
    return _digest(str(path), stat.st_mtime_ns, stat.st_size)


class PageImageCache:
    """Rendered pages by (document version, page, span, scale), the least recently used dropped first."""

    def __init__(self, budget: int = _CACHE_BYTES) -> None:
        self.budget = budget
        self._items: OrderedDict[tuple, PageImage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> PageImage | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple, item: PageImage) -> None:
        with self._lock:
            if key in self._items or len(item.png) > self.budget:
                return
            self._items[key] = item
            self._bytes += len(item.png)
            while self._bytes > self.budget:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.png)
