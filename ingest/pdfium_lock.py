"""One lock for every pdfium call in the process, and pdfium's reading of a file's pages under it.

PDFium is not thread-safe, not even across different documents (pypdfium2's documentation): the
server renders page images in its thread pool while an upload may be ingesting a PDF in another.
"""

from __future__ import annotations

import threading
from pathlib import Path

PDFIUM = threading.RLock()


def page_texts(path: Path, pages: int) -> list[str] | None:
    """pdfium's reading of each page of the PDF at `path`; None when pdfium cannot open it or counts
    other than `pages` pages (pypdf's count): pdfium's pages would not be pypdf's."""
    import pypdfium2 as pdfium

    with PDFIUM:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            return None
        try:
            if len(document) != pages:
                return None
            return [document[n].get_textpage().get_text_range() for n in range(pages)]
        finally:
            document.close()
