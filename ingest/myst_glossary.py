"""A MyST glossary's terms (`:::{glossary}`, each term above its indented definition) as the headings of their
definitions, as the .rst reader heads a `.. glossary::` entry (ingest/formats/sphinx_markup.py).

Read as Markdown, a term and its definition are one paragraph under the page's heading ("Glossary"): the
passage defining "slotted classes" carried no word of the term in its heading path, and a what-is question
found the pages that mention the term, not the one that defines it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.myst_boxes import BOX_CLOSING, GLOSSARY, box_opening
from rag.units import Line, segment


@dataclass(frozen=True, slots=True)
class Glossary:
    """A glossary's term lines, and where its closing fence starts (the text's end when it has none)."""

    terms: tuple[Line, ...]
    end: int


def glossaries(text: str) -> list[Glossary]:
    """The glossaries of a Markdown page, read as rag/units.py's `segment` reads them (a term at the fence's
    indent with its definition indented under it)."""
    if "{glossary}" not in text:
        return []
    found: list[Glossary] = []
    terms: list[Line] | None = None
    indent = -1
    for block in segment(text):
        first = block.lines[0].text
        if block.kind == "marker" and (box := box_opening(first)) is not None and box.group("name").lower() == GLOSSARY:
            terms, indent = [], len(first) - len(first.lstrip())
        elif terms is None:
            continue
        elif block.kind == "term":
            terms.append(block.lines[0])
        elif block.kind == "marker" and (closing := BOX_CLOSING.match(first)) is not None \
                and len(closing.group("indent")) <= indent:
            found.append(Glossary(tuple(terms), block.start))
            terms = None
    if terms is not None:
        found.append(Glossary(tuple(terms), len(text)))
    return [glossary for glossary in found if glossary.terms]
