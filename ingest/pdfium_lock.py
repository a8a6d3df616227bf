"""One lock for every pdfium call in the process.

PDFium is not thread-safe, not even across different documents (pypdfium2's documentation): the
server renders page images in its thread pool while an upload may be ingesting a PDF in another.
"""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()
