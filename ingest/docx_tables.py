"""A .docx table as one line per row. A data row names each cell's column header (`Header: value;
...`) only where the document marks a header: rows repeated on each page (w:tblHeader), or a first
row formatted as a header (by its table style's first-row format, or set in bold). Layout and form
tables, common in Word files, have none, and their rows stay `a | b`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from ingest.docx_styles import DocxStyles
from ingest.docx_xml import is_on, w, w_val

# A header cell longer than this is content (a layout table's first row), not a column's name.
_MAX_HEADER = 60
_FIRST_ROW_LOOK = 0x0020


@dataclass(frozen=True, slots=True)
class _Cell:
    column: int
    span: int
    text: str


def unwrapped(parent, tag: str, wrappers: frozenset[str]) -> Iterator:
    """`parent`'s children named `tag`, looking through content controls and custom XML around them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in wrappers:
            yield from unwrapped(child, tag, wrappers)


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def _folded(text: str) -> str:
    """A cell's text: each paragraph on a line of its own, spaces folded, no blank lines."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _cells(row, cell_text: Callable, wrappers: frozenset[str], above: dict[int, _Cell]) -> list[_Cell]:
    """The row's cells by grid column. A cell merged with the one above (w:vMerge) repeats its text,
    so that each row reads whole on its own."""
    column = _number(w_val(row.find(w("trPr")), "gridBefore"), 0)
    cells = []
    for cell in unwrapped(row, w("tc"), wrappers):
        tcpr = cell.find(w("tcPr"))
        span = max(1, _number(w_val(tcpr, "gridSpan"), 1))
        merge = tcpr.find(w("vMerge")) if tcpr is not None else None
        if merge is not None and merge.get(w("val")) in (None, "continue") and column in above:
            text = above[column].text
        else:
            text = _folded(cell_text(cell))
        cells.append(_Cell(column, span, text))
        column += span
    return cells


def _all_bold(row) -> bool:
    runs = [r for r in row.iter(w("r")) if "".join(t.text or "" for t in r.iter(w("t"))).strip()]
    return bool(runs) and all(is_on(r.find(w("rPr")), "b") for r in runs)


def _first_row_formatted(table, styles: DocxStyles) -> bool:
    tblpr = table.find(w("tblPr"))
    look = tblpr.find(w("tblLook")) if tblpr is not None else None
    if look is None:
        return False
    flag = look.get(w("firstRow"))
    on = flag in ("1", "true", "on") if flag is not None else bool(int(look.get(w("val"), "0") or "0", 16) & _FIRST_ROW_LOOK)
    return on and styles.formats_first_row(w_val(tblpr, "tblStyle"))


def _header_count(table, rows: list, grid: list[list[_Cell]], styles: DocxStyles) -> int:
    repeated = 0
    while repeated < len(rows) and is_on(rows[repeated].find(w("trPr")), "tblHeader"):
        repeated += 1
    if repeated:
        return repeated
    if len(rows) < 2:
        return 0
    named = [c.text for c in grid[0] if c.text]
    if len(named) < 2 or any(len(text) > _MAX_HEADER for text in named):
        return 0
    if _first_row_formatted(table, styles) or (_all_bold(rows[0]) and not _all_bold(rows[1])):
        return 1
    return 0


def _deleted(row) -> bool:
    """A row removed by a tracked change (read as accepted)."""
    trpr = row.find(w("trPr"))
    return trpr is not None and trpr.find(w("del")) is not None


def table_rows(table, styles: DocxStyles, cell_text: Callable, wrappers: frozenset[str]) -> list[str]:
    """One text per row that has any; a header labels a data cell that spans the same columns."""
    rows = [row for row in unwrapped(table, w("tr"), wrappers) if not _deleted(row)]
    grid: list[list[_Cell]] = []
    for row in rows:
        grid.append(_cells(row, cell_text, wrappers, {c.column: c for c in grid[-1]} if grid else {}))
    header_rows = _header_count(table, rows, grid, styles)
    labels: dict[tuple[int, int], str] = {}
    for cells in grid[:header_rows]:
        for cell in cells:
            if cell.text:
                key = (cell.column, cell.span)
                labels[key] = f"{labels[key]} {cell.text}" if key in labels else cell.text
    out = []
    for n, cells in enumerate(grid):
        if n < header_rows or not labels:
            out.append(" | ".join(c.text for c in cells if c.text))
            continue
        parts = []
        for cell in cells:
            if cell.text:
                label = labels.get((cell.column, cell.span), "").rstrip(":").strip()
                parts.append(f"{label}: {cell.text}" if label else cell.text)
        out.append("; ".join(parts))
    return [text for text in out if text]
