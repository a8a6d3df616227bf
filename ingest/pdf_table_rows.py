"""A table's row as one block: its cells in order, "cell | cell | cell", as the HTML reader writes a row.

pypdf reads a table cell by cell, each cell down its lines before the next, so the re-flow made a
block of each cell (ingest/pdf_text.py `_new_column`): Dynamo's Table 1 came as "High Availability
for writes", "Vector clocks with reconciliation during reads", "Version size is decoupled from update
rates." three blocks apart, which no passage read as one row. Blocks that start on the same baseline
a cell's width apart, left to right, are one row. Paragraphs of a two-column page that start on the
same baseline stand a column's width apart (half the text's width), more than a cell's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.pdf_text import Line, PageBlock

# Cells of one row start within this many points of one baseline.
_SAME_BASELINE = 1.5
# A cell starts at most this share of the page's text width right of the cell before it: a row's cells
# in Dynamo's Table 1 are 15 % of it apart, NIST SP 800-218's up to 37 %, two columns' paragraphs over half.
_CELL_WIDTH = 0.4
# A cell holds a few lines; a longer block is prose.
_CELL_LINES = 8
# A character's mean width, in font sizes, where a line's end is estimated from its length.
_MEAN_CHAR = 0.5
CELL_SEPARATOR = " | "


def _is_cell(block: PageBlock) -> bool:
    return block.kind == "paragraph" and block.last - block.first < _CELL_LINES


def text_width(lines: list[Line]) -> float:
    """The width the page's text spans, left to right, its lines' ends estimated from their length
    (0 when positions are unknown)."""
    placed = [line for line in lines if line.x is not None and line.text]
    if not placed:
        return 0.0
    return (max(line.x + len(line.text) * _MEAN_CHAR * (line.size or 10.0) for line in placed)
            - min(line.x for line in placed))


def next_cell(first: Line, line: Line, width: float) -> bool:
    """True when `line` starts the cell right of the one whose first line is `first`: on its baseline,
    a cell's width to the right (`width`: the page's text width)."""
    if None in (first.x, first.y, line.x, line.y):
        return False
    return abs(first.y - line.y) <= _SAME_BASELINE and 0 < line.x - first.x <= _CELL_WIDTH * width


def _next_cell(before: PageBlock, block: PageBlock, lines: list[Line], width: float) -> bool:
    return _is_cell(before) and _is_cell(block) and next_cell(lines[before.first], lines[block.first], width)


def table_rows(blocks: list[PageBlock], lines: list[Line]) -> list[PageBlock]:
    """`blocks` (of a page of `lines`) with each run of cells that start on one baseline as one
    `table_row` block."""
    width = text_width(lines)
    out: list[PageBlock] = []
    run: list[PageBlock] = []
    for block in [*blocks, None]:
        if block is not None and run and _next_cell(run[-1], block, lines, width):
            run.append(block)
            continue
        if len(run) > 1:
            first = run[0]
            first.kind, first.text, first.last = "table_row", CELL_SEPARATOR.join(b.text for b in run), run[-1].last
            out.append(first)
        else:
            out.extend(run)
        run = [block] if block is not None else []
    return out
