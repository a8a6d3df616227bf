"""Version notes written as Markdown: a label line ("NEW: **New in version 1.6:**", "**Changed in version
2.0:**"), often in a block quote, over the text it notes.

MkDocs writes them so; a MyST ```` ```{versionchanged} 1.6 ```` box is the same note (rag/myst_boxes.py),
and the label opens the note's first paragraph as it does there: "NEW: New in version 1.6: If the `nav`
config is not specified ...". A text opening with such a label says what changed in a release, not what
the thing is: a note (rag/unit_scoring.py `is_note`), never the first statement of its section.
"""

from __future__ import annotations

import re

# "New in version 1.6", "Changed in version 2.0", "Added in version 3", "Deprecated since version 0.9",
# "Removed in 1.4.0"; after an admonition's label of its own ("NEW: ", "DANGER: "), Markdown emphasis aside.
# Its leading run is possessive: `[*_]*` after it reads stars as well, so a long run of them was split every way.
_NOTE = re.compile(r"^\W*+(?:[A-Z][A-Za-z]*:\s*)?[*_]*(?:new|added|changed|deprecated|removed)\s+(?:in|since)\s+"
                   r"(?:version\s+)?v?\d+(?:\.\d+)*", re.IGNORECASE)
# A label alone on its line, ending in a colon: the text it notes follows (one ending in a stop is the
# whole note, "NEW: **New in version 1.5.**").
_LABEL_LINE = re.compile(rf"{_NOTE.pattern}[*_]*\s*:[*_]*\s*$", re.IGNORECASE)


def is_version_note(text: str) -> bool:
    """`text` opens with a version label: a note of what changed in a release."""
    return bool(_NOTE.match(text))


def is_label_line(text: str) -> bool:
    """`text` is a version label alone, introducing the text after it."""
    return "\n" not in text.strip() and bool(_LABEL_LINE.match(text.strip()))
