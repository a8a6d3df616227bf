"""A table row read with its columns' names, and the row a question names by one of its values.

Spreadsheets are read one line per row ("[Countries row 168] Code: NO; Country name: Norway") and a
Markdown table's rows are shown the same way: each cell "name: value". The names repeat on every row,
so every row resembles a question in their words ("What is the country code for Norway?"); the row
asked for is the one holding, whole, the value the question names ("Norway").
"""

from __future__ import annotations

import re

from rag.terms import terms

# A cell: its column's name (a few words, no bracket or colon), ": ", its value up to the next "; ".
_CELL = r"[^\s:;\[\]][^:;\n]{0,40}:[ \t]+[^;\n]+"
_ROW = re.compile(rf"^(?:\[[^\]\n]+\][ \t]+)?({_CELL}(?:;[ \t]+{_CELL})+)$")
_SPLIT_CELLS = re.compile(r";[ \t]+(?=[^:;\n]{1,41}:[ \t])")
# Words that ask rather than name: a value such as "What" is no name the question gives.
_ASKING = frozenset({"what", "who", "which", "how", "when", "where", "why"})


def is_labelled_row(text: str) -> bool:
    """Two cells or more, each "name: value" (a bracketed row label first, as a spreadsheet's line has):
    a row, neither a fragment nor a title whatever its words and capitals."""
    return bool(_ROW.match(text.strip()))


def _cells(text: str) -> list[tuple[str, str]]:
    m = _ROW.match(text.strip())
    if not m:
        return []
    return [(name.strip(), value.strip()) for name, value in
            (cell.split(":", 1) for cell in _SPLIT_CELLS.split(m.group(1)))]


def names_value(text: str, question_terms: frozenset[str]) -> bool:
    """`text` is a labelled row one of whose values the question names whole ("Norway", "NO"), a value
    that is not one of the columns' names."""
    cells = _cells(text)
    if not cells:
        return False
    names = terms(" ".join(name for name, _ in cells))
    for _, value in cells:
        held = terms(value)
        if held and held <= question_terms and not held <= names and not held <= _ASKING:
            return True
    return False
