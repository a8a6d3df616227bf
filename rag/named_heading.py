"""The heading an answer shows over a unit: its section's, when that names the code the unit only points at.

Reference and tutorial pages name the thing a section is about in its heading ("Return an `HTMLResponse`
directly", "About `root_path`") and then speak of it as "this example", "it", "the function": the unit cited
answers, but read alone it never says what to use. The heading, shown over it, does.
"""

from __future__ import annotations

from rag.code_spans import code_spans

# Longer than this, a heading is a sentence of its own, not a label over one.
_MAX_CHARS = 80


def naming_heading(heading: str, shown: str) -> str:
    """`heading` when it names in code a thing `shown` never writes, and is short enough to stand over it; else ""."""
    heading = heading.strip()
    if not heading or len(heading) > _MAX_CHARS:
        return ""
    names = [heading[span.start:span.end].strip("`").strip() for span in code_spans(heading)]
    return heading if any(name and name not in shown for name in names) else ""
