"""The words that place a chunk in its document: its title and the headings above it.

The encoder (ingest) reads a chunk with them, so a passage deep in a section is still found by the
section's name. BM25 reads the title and the chunk's own text only (rag/bm25.py `indexed_text`): a
heading is its words there only where its line is in the chunk.
"""

from __future__ import annotations

from rag.types import Chunk

HEADING_SEPARATOR = " › "


def chunk_context(chunk: Chunk) -> str:
    """The title, then the heading path (less a first heading that only repeats the title), one
    line each with its newline; "" for an untitled chunk of flat text."""
    headings = chunk.heading.split(HEADING_SEPARATOR) if chunk.heading else []
    if headings and headings[0] == chunk.title:
        headings = headings[1:]
    return "".join(f"{line}\n" for line in [chunk.title, HEADING_SEPARATOR.join(headings)] if line)
