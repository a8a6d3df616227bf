"""A shown passage's Markdown read as the page sets it (rag/shown_markup.py): what it reads as markup, and
what it leaves as the document's characters."""

from __future__ import annotations

from rag.shown_markup import text_pieces


def _shown(text: str) -> str:
    return "".join(p.text for p in text_pieces(text, True))


def test_indexing_after_a_word_is_no_reference_link():
    # As rag/units.py's `clean` reads it: `m[i][j]` indexes, it links nothing, and the page shows its brackets.
    assert _shown("The cell m[i][j] and x[a][b] index.") == "The cell m[i][j] and x[a][b] index."
    assert _shown("See [the guide][guide] here.") == "See the guide here."

