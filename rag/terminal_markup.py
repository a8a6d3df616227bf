"""A terminal's colours as docs record them: console output exported with its styling as HTML
(`<font color="#4E9A06">fastapi</font> dev`, `<span style="background-color:#009485"><font ...> INFO
</font></span>`), FastAPI's `termy` blocks among them.

The document's text keeps them (a cited span is exact, and the passage shown is the document's); the
answer shows such a block as the terminal showed it, without the markup. Only where a `<font color=`
or a styled `<span>` marks the text as exported terminal output: an HTML example's `<b>` elsewhere is
code to show as written. (Blanking them in what is indexed too, BM25's terms and the encoder's input,
was measured and not kept: docs/quality.md, ingest9.)
"""

from __future__ import annotations

import html
import re

_EXPORTED = re.compile(r"<font\s+color=|<span\s+style=\"background-color:", re.IGNORECASE)
# The inline tags such an export writes.
_TAG = re.compile(r"</?(?:font|span|u|b|i|em|strong)\b[^<>\n]*>", re.IGNORECASE)


def without_terminal_markup(text: str) -> str:
    """`text` as the terminal showed it: exported markup and its character entities gone."""
    if "<" not in text or not _EXPORTED.search(text):
        return text
    return html.unescape(_TAG.sub("", text))
