"""The chunk a list question's answer goes on into: the next chunk of the winner's section.

A section that introduces things and then lists them ("... The MkDocs and ReadTheDocs themes provide
the following blocks:" then the blocks; an option's description, then its `Options` table under a
sub-heading) is often cut between its prose and its list by the chunker. The prose resembles a
which-question most, so its chunk is read and the list's is not: the answer shown names the things
without listing one. For a list question whose read winner lists nothing, the chunk after the
winner's, when it stays in the winner's section (the same heading path, or one under it), is read as
one more passage; its units may lead only with a list (rag/answerer.py, `_listed`).
"""

from __future__ import annotations

import re

from collections.abc import Sequence

from rag.catalog import Catalog
from rag.chunk_context import HEADING_SEPARATOR
from rag.embeddings import AnyEmbedder
from rag.passage import Passage, read_passages
from rag.retriever import Hit
from rag.types import Chunk
from rag.units import Unit, holds_code

# The unit kinds that list things: a list, announced or alone, and a table's row; a lead-in does
# when what it introduces is a list (`lists`).
_LISTING_UNITS = ("announced_list", "list", "table_row")
_ITEM = re.compile(r"^(?:- |\d{1,3}\. )", re.MULTILINE)


def lists(unit: Unit) -> bool:
    """`unit` lists things: a list or table row, or a lead-in with a list of two items or more, not code."""
    if unit.kind in _LISTING_UNITS:
        return True
    return unit.kind == "lead_in" and not holds_code(unit.read) and len(_ITEM.findall(unit.display)) >= 2


def _within(heading: str, section: str) -> bool:
    """`heading` is the heading path `section` or one under it."""
    if heading == section:
        return True
    return bool(section) and heading.startswith(section + HEADING_SEPARATOR)


def next_in_section(chunk: Chunk, hits: Sequence[Hit], catalog: Catalog, embedder: AnyEmbedder) -> Passage | None:
    """The chunk after `chunk` on its page, read as a passage, when none of `hits` holds it and it stays in
    `chunk`'s section; None otherwise (the last chunk of a page, the next section's first)."""
    chunks = catalog.chunks_of_documents([chunk.doc_id]).get(chunk.doc_id, [])
    after = next((c for c in chunks if c.index == chunk.index + 1), None)
    if after is None or after.chunk_id in {h.chunk.chunk_id for h in hits}:
        return None
    if not _within(after.heading, chunk.heading):
        return None
    return read_passages([Hit(chunk=after, score=0.0, dense=None, bm25=None)], catalog, embedder)[0]
