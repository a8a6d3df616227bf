"""Split a document's extracted text into overlapping chunks that end on sentence boundaries.

Every chunk is an exact slice of the text: `text[chunk.start:chunk.end] == chunk.text`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from ingest.block_chunks import ChunkSpan, pack_blocks
from ingest.blocks import Block
from ingest.pieces import pieces
from rag.sentences import split_sentences
from rag.types import Chunk, Sentence

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True, slots=True)
class ChunkingPolicy:
    size: int = 1000
    overlap: int = 200


def chunk_id(doc_id: str, start: int, text: str) -> str:
    """Ids derive from content, so re-ingesting unchanged text yields the same ids."""
    return hashlib.sha256(f"{doc_id}\0{start}\0{text}".encode()).hexdigest()[:32]


def split_into_chunks(
    text: str,
    *,
    doc_id: str,
    path: str,
    title: str,
    policy: ChunkingPolicy,
    page_starts: list[int] | None = None,
    blocks: list[Block] | None = None,
) -> list[Chunk]:
    """Pack sentences greedily into chunks of about `policy.size` characters.

    Flat text (no `blocks`): a chunk closes early at a paragraph break once it is at least 60%
    full, and the next chunk repeats whole trailing sentences (up to `policy.overlap` characters)
    for context. Structured text: see `ingest.block_chunks`; each chunk carries its heading path.
    """
    if blocks:
        spans = pack_blocks(text, blocks, policy.size, policy.overlap)
    else:
        spans = [ChunkSpan(start, end, "") for start, end in _pack_sentences(text, policy.size, policy.overlap)]
    chunks = []
    for index, span in enumerate(spans):
        start, end = span.start, span.end
        piece = text[start:end]
        page, breaks = None, ()
        if page_starts:
            page = bisect.bisect_right(page_starts, start)
            breaks = tuple(page_starts[page:bisect.bisect_left(page_starts, end)])
        chunks.append(
            Chunk(
                chunk_id=chunk_id(doc_id, start, piece),
                doc_id=doc_id,
                path=path,
                title=title,
                index=index,
                start=start,
                end=end,
                text=piece,
                page=page,
                heading=span.heading,
                page_breaks=breaks,
                heading_breaks=span.heading_breaks,
            )
        )
    return chunks


def _pack_sentences(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    units = pieces(text, split_sentences(text), size)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        first = i
        j = i + 1
        while j < len(units) and units[j].end - units[first].start <= size:
            if _new_paragraph(text, units[j - 1], units[j]) and (
                units[j - 1].end - units[first].start >= 0.6 * size
            ):
                break
            j += 1
        spans.append((units[first].start, units[j - 1].end))
        if j >= len(units):
            break
        # Step back over whole sentences for the overlap, but always move forward.
        back = j
        while back - 1 > first and units[j - 1].end - units[back - 1].start <= overlap:
            back -= 1
        i = back
    return spans


def _new_paragraph(text: str, previous: Sentence, current: Sentence) -> bool:
    return _BLANK_LINE.search(text, previous.end, current.start + 1) is not None
