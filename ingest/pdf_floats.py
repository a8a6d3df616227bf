"""A paragraph a figure or table interrupts, joined back across it.

A two-column paper places a figure or table, with its caption, at the top of the next column or page,
so the text as read runs "...Rh1 is the most abundant opsin" / "Figure 1. Absolute quantities of ..." /
"in the fly eye and comprises the Opsin protein ...": the sentence is cut in two, and the caption's
last sentence ran into the continuation. When a paragraph stops mid-sentence, the next block opens a
caption ("Figure 1.", "Table 2", "Fig. 3") and a block soon after starts in lower case, that block is
the paragraph's continuation: it is joined to the paragraph, and the caption and the float's text
follow it. Notes from a column's foot, set after their page's text (ingest/pdf_footnotes.py), stand
between a page's last sentence and its end on the next page the same way, and are passed the same
way. Only the order of blocks changes; no text is added or dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.pdf_references import Piece
from rag.legends import FLOAT_LABELS

# A caption opens with a float's label and number ("Figure 1.", "Table 2", "Box 3").
CAPTION = re.compile(rf"^(?:{'|'.join(map(re.escape, FLOAT_LABELS + ('Box',)))})\s*S?\d+[A-Za-z]?\b", re.IGNORECASE)
# A paragraph ending like this has ended its sentence.
_ENDED = re.compile(r"[.!?:;][\"'”’)\]]*$")
# How many blocks a float may take (caption, its lines or cells, a note) before the text goes on.
_MAX_FLOAT_BLOCKS = 8


# Prose, not a table's cells or a heading set in the body's font: sentences and mostly letters.
_MIN_PROSE_CHARS = 150
_MIN_LETTER_SHARE = 0.7


def _prose(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    return (len(text) >= _MIN_PROSE_CHARS and ". " in text
            and sum(ch.isalpha() for ch in visible) >= _MIN_LETTER_SHARE * len(visible))


def _interrupted(piece: Piece) -> bool:
    # It stops on a word, not on a number: a paragraph that ran into a table's cells ends on one.
    words = piece.text.split()
    last = words[-1] if words else ""
    return (piece.kind == "paragraph" and not _ENDED.search(piece.text) and _prose(piece.text)
            and any(ch.isalpha() for ch in last) and not any(ch.isdigit() for ch in last))


def _continues(piece: Piece) -> bool:
    return piece.kind == "paragraph" and piece.text[:1].islower() and _prose(piece.text)


def rejoin_interrupted(pieces: list[Piece], join: Callable[[str, str], str]) -> list[Piece]:
    """`pieces` with each paragraph a float interrupted joined to its continuation (`join` joins two
    texts, mending a word hyphenated across the break)."""
    out = list(pieces)
    i = 0
    while i < len(out) - 1:
        piece, after = out[i], out[i + 1]
        if _interrupted(piece) and after.kind != "heading" and (after.note or CAPTION.match(after.text)):
            for j in range(i + 2, min(len(out), i + 2 + _MAX_FLOAT_BLOCKS)):
                if out[j].kind == "heading":
                    break
                if _continues(out[j]):
                    out[i] = Piece(piece.kind, piece.level, join(piece.text, out[j].text), piece.page)
                    del out[j]
                    break
        i += 1
    return out
