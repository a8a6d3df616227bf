"""Loaders for the formats beyond text, HTML, PDF and DOCX: slides, spreadsheets, e-mail, markup.

Each takes a path and returns a `LoadedDocument` or raises `LoadError` with a one-line reason;
`ingest.loaders` registers them by suffix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable


# These read their text piece by piece and take the caller's text budget (ingest.loaders.TextBudget), so a
# small file that inflates far past its limit is refused while it is read, not once its text is built.
# E-mail hands the caller's limit to the loaders of its HTML body and attachments; reStructuredText
# weighs its substitutions' expansion against it before docutils expands them.
WITH_LIMIT = frozenset({".pptx", ".xlsx", ".csv", ".eml", ".mbox", ".rst", ".adoc", ".asciidoc"})


def extra_loaders() -> dict[str, Callable[[Path], object]]:
    from ingest.formats.mail import load_eml, load_mbox
    from ingest.formats.markup import load_adoc, load_rst
    from ingest.formats.slides import load_pptx
    from ingest.formats.spreadsheet import load_csv, load_xlsx

    return {
        ".pptx": load_pptx,
        ".xlsx": load_xlsx,
        ".csv": load_csv,
        ".eml": load_eml,
        ".mbox": load_mbox,
        ".rst": load_rst,
        ".adoc": load_adoc,
        ".asciidoc": load_adoc,
    }


# Whichever module is imported first, ingest.loaders must finish first: these loaders use its types
# and it registers them.
import ingest.loaders  # noqa: E402,F401
