"""The text the encoder sees for a chunk: what its passage vector and sentence vectors are made of."""

from __future__ import annotations

from rag.chunk_context import chunk_context
from rag.sentences import split_sentences
from rag.types import Chunk


def embedding_input(chunk: Chunk, with_title: bool) -> tuple[str, list[tuple[int, int]]]:
    """The text the encoder sees for a chunk, and where each of its sentences sits in that text.

    With the title come the headings above the chunk (flat text has none), less a first heading
    that only repeats the title.
    """
    prefix = chunk_context(chunk) if with_title else ""
    spans = [(len(prefix) + s.start, len(prefix) + s.end) for s in split_sentences(chunk.text)]
    return prefix + chunk.text, spans
