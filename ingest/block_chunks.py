"""Chunks of a structured document: cut between blocks where possible, never inside one that fits.

The units packed into chunks are whole list items, code blocks, table rows and headings (when they
fit in a chunk) and the sentences of paragraphs. Where a chunk must end, the best place wins:
before a heading, then between blocks, then between the items of one list (or rows of one table),
then after a lead-in that ends in ":" (it belongs with what it introduces), then between sentences.
A lead-in to a long code block (printed output, a long example) ends a chunk as a break between blocks
does: otherwise the block fills the lead-in's chunk and its vector says little of the sentence; the
next chunk repeats the lead-in (overlap), so the block keeps it too.
Each chunk carries the heading path of the first block of content in it, and where it runs into a later
section, that section's path from the offset it starts at (a cited sentence is placed in its own section).
Text between blocks (markup the parser skipped) is kept as paragraphs, so nothing of the document's
content is left out; its metadata block (front matter: the catalog holds it as the document's metadata)
is in no chunk, where it only diluted the first passage's vector and terms (docs/quality.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.blocks import Block, BlockKind, heading_text
from ingest.pieces import pieces
from rag.sentences import split_sentences

_WHOLE = frozenset({"heading", "list_item", "code", "table_row"})
_INTRODUCED = frozenset({"list_item", "code", "table_row"})
_SERIES = frozenset({"list_item", "table_row"})

# Break quality, best last; a cut there is taken once the chunk is at least this full.
_SENTENCE, _AFTER_LEAD_IN, _IN_SERIES, _BETWEEN_BLOCKS, _BEFORE_HEADING = range(5)
_MIN_FILL = {_SENTENCE: 0.0, _AFTER_LEAD_IN: 0.6, _IN_SERIES: 0.5, _BETWEEN_BLOCKS: 0.4, _BEFORE_HEADING: 0.25}
# A code block at least this share of a chunk is long: it would outweigh its lead-in in their chunk.
_LONG_BLOCK = 0.4


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    block: int
    kind: BlockKind
    path: tuple[str, ...]
    lead_in: bool
    long_code: bool = False


def _segments(text: str, blocks: list[Block]) -> list[Block]:
    """The blocks with text, in order, plus a paragraph for any text between them."""
    out: list[Block] = []
    cursor = 0
    path: tuple[str, ...] = ()

    def gap(start: int, end: int) -> None:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = start + len(piece) - len(piece.lstrip())
            out.append(Block("paragraph", lead, lead + len(stripped), path=path))

    for block in sorted(blocks, key=lambda b: b.start):
        if block.end <= block.start or block.start < cursor or block.end > len(text):
            continue
        gap(cursor, block.start)
        if block.kind in ("metadata", "markup"):
            cursor = block.end
            continue
        out.append(block)
        cursor, path = block.end, block.path
    gap(cursor, len(text))
    return out


def _units(text: str, segments: list[Block], size: int) -> list[_Unit]:
    units: list[_Unit] = []
    for n, block in enumerate(segments):
        lead_in = block.kind == "caption" or text[block.start : block.end].rstrip().endswith(":")
        long_code = block.kind == "code" and block.end - block.start >= _LONG_BLOCK * size
        if block.kind in _WHOLE and block.end - block.start <= size:
            units.append(_Unit(block.start, block.end, n, block.kind, block.path, lead_in, long_code))
            continue
        sentences = split_sentences(text[block.start : block.end], offset=block.start)
        for s in pieces(text, sentences, size):
            units.append(_Unit(s.start, s.end, n, block.kind, block.path, lead_in, long_code))
    return units


def _break(before: _Unit, after: _Unit) -> int:
    if before.block == after.block:
        return _SENTENCE
    if after.kind == "heading":
        return _BEFORE_HEADING
    if before.lead_in and after.kind in _INTRODUCED and not after.long_code:
        return _AFTER_LEAD_IN
    if before.kind == after.kind and after.kind in _SERIES:
        return _IN_SERIES
    return _BETWEEN_BLOCKS


@dataclass(frozen=True, slots=True)
class ChunkSpan:
    start: int
    end: int
    heading: str
    """The heading path of the chunk's first words of content."""
    heading_breaks: tuple[tuple[int, str], ...] = ()
    """(offset, heading path) of each later section the chunk runs into (rag.types.Chunk.heading_at)."""


def _heading_breaks(units: list[_Unit]) -> tuple[tuple[int, str], ...]:
    """Where the units after the first enter another section (a heading starts its own)."""
    breaks: list[tuple[int, str]] = []
    path = units[0].path
    for unit in units[1:]:
        if unit.path != path:
            path = unit.path
            breaks.append((unit.start, heading_text(path)))
    return tuple(breaks)


def pack_blocks(text: str, blocks: list[Block], size: int, overlap: int) -> list[ChunkSpan]:
    """The span and heading paths of each chunk."""
    units = _units(text, _segments(text, blocks), size)
    spans: list[ChunkSpan] = []
    i = done = 0  # `done`: units up to here are in a chunk already; each chunk goes past them
    while i < len(units):
        first = i
        begin = units[first].start
        j = i + 1
        while j < len(units) and units[j].end - begin <= size:
            if j > done and _break(units[j - 1], units[j]) == _BEFORE_HEADING and (
                units[j - 1].end - begin >= _MIN_FILL[_BEFORE_HEADING] * size
            ):
                break
            j += 1
        cut = j
        if j < len(units):
            # The chunk is full: end it at the best break that leaves it full enough (the latest of
            # equals), or where it is full.
            best = -1
            for k in range(max(first, done) + 1, j + 1):
                quality = _break(units[k - 1], units[k])
                if (k == j or units[k - 1].end - begin >= _MIN_FILL[quality] * size) and quality >= best:
                    cut, best = k, quality
        # The section the chunk's first words of content are in ("# A" then "## B" then text: A › B).
        lead = next((k for k in range(first, cut) if units[k].kind != "heading"), first)
        spans.append(ChunkSpan(begin, units[cut - 1].end, heading_text(units[lead].path),
                               _heading_breaks(units[lead:cut])))
        if cut >= len(units):
            break
        done = cut
        # Repeat whole trailing units of the same section for context, but always move forward.
        back = cut
        while (
            back - 1 > first
            and units[cut - 1].end - units[back - 1].start <= overlap
            and units[back - 1].path == units[cut].path
        ):
            back -= 1
        # Less overlap where the next chunk couldn't otherwise take the unit after this one.
        while back < cut and units[cut].end - units[back].start > size:
            back += 1
        i = back
    return spans
