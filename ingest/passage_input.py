"""The text the encoder sees for a chunk: what its passage vector and sentence vectors are made of."""

from __future__ import annotations

from rag.chunk_context import HEADING_SEPARATOR, chunk_context
from rag.sentences import split_sentences
from rag.types import Chunk
from rag.units import is_references_heading


def embedding_input(chunk: Chunk, with_title: bool) -> tuple[str, list[tuple[int, int]]]:
    """The text the encoder sees for a chunk, and where each of its sentences sits in that text.

    With the title come the headings above the chunk (flat text has none), less a first heading
    that only repeats the title. Not for a list of works cited: its entries are about other works,
    and the paper's title on each made them match a question on the paper's subject as well as its
    own prose (Clinical Science's ACE paper: its references filled the top five for "What is
    angiotensin-1-converting enzyme?" once its title was read right, and answering skips them).
    """
    cited = bool(chunk.heading) and is_references_heading(chunk.heading.split(HEADING_SEPARATOR)[-1])
    prefix = chunk_context(chunk) if with_title and not cited else ""
    spans = [(len(prefix) + s.start, len(prefix) + s.end) for s in split_sentences(chunk.text)]
    return prefix + chunk.text, spans
