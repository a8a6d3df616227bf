"""Spreadsheets (.xlsx, .csv): one line per row, "header: value; …", so a row is a citable unit that
carries its headers. Each sheet's start is kept like a page; rows past a cap are left out, with a
warning.

The header is the first row that reads as one: text (or years) in at least half the sheet's columns.
Title lines above it are lines of their own; a sheet whose first row holds data (a number) has no
header, its columns named by letter as Excel shows them."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from ingest.formats.archive import check_office_zip, is_strict_package
from ingest.formats.pages import PagedText
from ingest.formats.xlsx_formulas import unsaved_formulas
from ingest.loaders import DEFAULT_MAX_CHARS, LoadedDocument, LoadError, TextBudget, _decode_text
from ingest.titles import is_junk_title

MAX_ROWS = 50_000
# Rows read across the workbook, empty ones too: openpyxl yields every empty row up to the last
# filled one, and a 4.8 KB file with a cell at row 10^12 never finished. Excel's own sheets stop at
# EXCEL_ROWS.
MAX_ROWS_READ = 5_000_000
EXCEL_ROWS = 1_048_576
MAX_COLUMNS = 200
# How far down a header may stand below title lines, and how many rows tell the sheet's width.
_HEADER_SEARCH = 5
_WIDTH_SAMPLE = 20


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.15g}"  # what Excel shows: 0.130792, not the binary 0.13079200000000002
    # A control character (a NUL, a bell) is no word of the cell: a space, as a tab is.
    return " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in str(value)).split())


# Excel writes a character XML cannot hold as `_xHHHH_` (`_x005F_` an underscore that would read as one);
# openpyxl hands the escape on as it stands: "a_x0000_b". Only a workbook's strings are so escaped: a CSV's
# "_x0041_" is what its author typed.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescaped(value: object) -> object:
    if not isinstance(value, str) or "_x" not in value:
        return value
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    # A character past U+FFFF is escaped as its two UTF-16 halves (`_xD83D__xDE00_`): joined, and a half
    # left alone is U+FFFD, since no text store takes a lone surrogate.
    return decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _column(i: int) -> str:
    """Column i (0-based) as Excel names it: A, B, …, Z, AA."""
    name = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        name = chr(65 + rest) + name
    return f"column {name}"


def _as_number(value: object) -> float | None:
    """The cell's number, if it holds one (a CSV's numbers are text: "1,200" too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None
    return None


def _is_heading_value(value: object) -> bool:
    number = _as_number(value)
    if number is None:
        return isinstance(value, str)
    # Year columns ("Region | 2023 | 2024") head many a table; other numbers are data.
    return number.is_integer() and 1000 <= number <= 2999


def _header_row(rows: list[tuple[int, list]]) -> tuple[int | None, int]:
    """Index in `rows` of the header (None when the sheet starts with data) and how many rows stand
    above the table as titles or notes, to be read as they stand."""
    width = max(sum(bool(_cell(v)) for v in raw) for _, raw in rows[:_WIDTH_SAMPLE])
    for index, (_, raw) in enumerate(rows[:_HEADER_SEARCH]):
        filled = [v for v in raw if _cell(v)]
        if not all(_is_heading_value(v) for v in filled) or all(_as_number(v) is not None for v in filled):
            return None, index  # data before any header: the columns keep their letters
        # A header names adjacent columns; text cells with empty ones between them are the labels of a
        # form laid out on the grid ("MONTHLY INCOME" … "SUMMARY"), not the keys of the rows below.
        # A wide header may leave a column or two unnamed ("Title | Name | … | Notes | | Syntax"): three or more
        # names filling three quarters of the columns they span still head the rows.
        used = [i for i, v in enumerate(raw) if _cell(v)]
        span = used[-1] - used[0] + 1
        adjacent = span == len(used) or len(used) >= 3 and len(used) * 4 >= span * 3
        if adjacent and len(filled) * 2 >= width and (len(filled) >= 2 or width == 1):
            return index, index
    return None, min(len(rows), _HEADER_SEARCH)


def _charge_raw(raw: list, chars: TextBudget) -> None:
    """Charge each cell's value before its text is built: 200 cells pointing at one 10 MB shared
    string would otherwise be copied 200 times (2.2 GB) before the row's charge refused it."""
    for value in raw:
        chars.charge(len(value) if isinstance(value, str) else len(_cell(value)))


@dataclass
class _SheetLines:
    lines: list[str]
    dropped: int  # rows past the row cap
    wide: int  # rows with cells past the column cap


def _row_lines(label: str, rows: Iterator[Iterable], budget: int, chars: TextBudget) -> _SheetLines:
    """The sheet's lines (the header row as the key of every later row) and what was left out."""
    kept: list[tuple[int, list]] = []
    dropped = wide = 0
    for number, row in enumerate(rows, 1):
        cells = list(row)
        raw = cells[:MAX_COLUMNS]
        wide += any(v is not None and v != "" for v in cells[MAX_COLUMNS:])
        _charge_raw(raw, chars)
        texts = [_cell(v) for v in raw]
        if not any(texts):
            continue
        if len(kept) > budget:  # the header may be among the kept rows: one more than the budget
            dropped += 1
            continue
        kept.append((number, raw))
    if not kept:
        return _SheetLines([], dropped, wide)
    at, lead = _header_row(kept)
    # "Role:" heads its column as "Role" (its rows read "Role: sys-admin", not "Role:: sys-admin").
    header = [_cell(v).rstrip(":").rstrip() or _column(i) for i, v in enumerate(kept[at][1])] if at is not None else []
    lines: list[str] = []
    keyed: set[int] = set()  # the header's columns some row gives a value under
    for index, (number, raw) in enumerate(kept):
        if index == at:
            continue
        if len(lines) >= budget:
            dropped += 1
            continue
        values = [_cell(v) for v in raw]
        if index < lead:  # a title or note above the table: its words as they stand
            lines.append(f"[{label} row {number}] " + "; ".join(v for v in values if v))
            continue
        # Each row repeats the header's names, charged once as the header row's cells: a long name over
        # many rows would be built into lines far past the limit before the caller could measure them.
        chars.charge(sum(len(header[i]) for i, v in enumerate(values) if v and i < len(header)))
        pairs = [f"{header[i] if i < len(header) else _column(i)}: {v}" for i, v in enumerate(values) if v]
        keyed.update(i for i, v in enumerate(values) if v)
        lines.append(f"[{label} row {number}] " + "; ".join(pairs))
    if at is not None:
        named = [(i, _cell(v)) for i, v in enumerate(kept[at][1]) if _cell(v)]
        if any(i not in keyed for i, _ in named):  # words no row repeats as a key: the header is a line too
            lines.insert(at, f"[{label} row {kept[at][0]}] " + "; ".join(text for _, text in named))
            if len(lines) > budget:  # the header line counts against the cap too: the last row makes room
                lines.pop()
                dropped += 1
    return _SheetLines(lines, dropped, wide)


class _RowsRead:
    """Rows read so far across the workbook, empty ones too, and the warnings of rows not read."""

    def __init__(self) -> None:
        self.left = MAX_ROWS_READ
        self.warnings: list[str] = []

    def of(self, label: str, rows: Iterable) -> Iterator:
        for number, row in enumerate(rows, 1):
            if number > EXCEL_ROWS:
                self.warnings.append(f"sheet {label!r}: rows past Excel's {EXCEL_ROWS:,} were not read")
                return
            if self.left <= 0:
                self.warnings.append(f"sheet {label!r}: reading stopped at row {number:,}, past the "
                                     f"{MAX_ROWS_READ:,} rows (empty ones too) read per file")
                return
            self.left -= 1
            yield row


def _document(sheets: Iterable[tuple[str, Iterator[Iterable]]], title: str, kind: str,
              chars: TextBudget | None = None) -> LoadedDocument:
    paged = PagedText()
    warnings: list[str] = []
    budget = MAX_ROWS
    # Charged cell by cell: a sheet of 4,000 rows that all point at one 1 MB shared string would
    # otherwise be built whole (gigabytes) before the loader's caller could measure it.
    chars = chars or TextBudget(DEFAULT_MAX_CHARS)
    read = _RowsRead()
    for name, rows in sheets:
        sheet = _row_lines(name, read.of(name, rows), budget, chars)
        budget -= len(sheet.lines)
        if sheet.dropped:
            warnings.append(f"sheet {name!r}: {sheet.dropped:,} rows past the {MAX_ROWS:,}-row cap were not indexed")
        if sheet.wide:
            warnings.append(f"sheet {name!r}: cells past the {MAX_COLUMNS}-column cap were not indexed "
                            f"({sheet.wide:,} rows have some)")
        if sheet.lines:
            paged.add(f"Sheet {name}\n" + "\n".join(sheet.lines), line_kind="table_row")
    warnings += read.warnings
    if not paged.parts:
        raise LoadError("no text: the spreadsheet has no cells")
    return LoadedDocument(text=paged.text, title=title, kind=kind, page_starts=paged.page_starts, warnings=warnings,
                          blocks=paged.blocks)


def _sheet_label(sheet) -> str:
    # A hidden sheet's rows answer questions too, but the reader of a citation must be told why Excel
    # does not show them.
    return sheet.title if sheet.sheet_state == "visible" else f"{sheet.title} (hidden)"


def _all_rows(sheet) -> Iterator[tuple]:
    """Every row, not only those inside the sheet's stated size: read-only openpyxl stops at the
    `<dimension>` the writing program recorded, and some write "A1:G1" over a hundred rows."""
    sheet.reset_dimensions()
    return (tuple(_unescaped(value) for value in row) for row in sheet.iter_rows(values_only=True))


def load_xlsx(path: Path, budget: TextBudget | None = None) -> LoadedDocument:
    """`budget`: the caller's for this file (ingest.loaders.load gives one), charged cell by cell."""
    # openpyxl warns on stderr of every part it drops (a header it cannot parse, an unknown extension):
    # lines naming no file on the user's terminal about nothing the index keeps.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _load_xlsx(path, budget)


def _load_xlsx(path: Path, budget: TextBudget | None) -> LoadedDocument:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_office_zip(path, "XLSX")
    if is_strict_package(path):  # openpyxl opens one and finds no cells: say why instead
        raise LoadError("Strict Open XML .xlsx, which openpyxl cannot read: "
                        "save it as an Excel Workbook (.xlsx) and ingest it again")
    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LoadError(f"corrupt XLSX ({type(exc).__name__})") from None
    except Exception as exc:  # openpyxl raises many kinds on broken parts; one line is the contract
        raise LoadError(f"unreadable XLSX ({type(exc).__name__})") from None
    try:
        title = " ".join((book.properties.title or "").split())[:200]
        doc = _document(((_sheet_label(ws), _all_rows(ws)) for ws in book.worksheets),
                        path.stem if is_junk_title(title, path) else title, "xlsx", budget)
        # openpyxl's read-only sheets name their part only privately; the formulas are read from it.
        parts = [(_sheet_label(ws), getattr(ws, "_worksheet_path", None)) for ws in book.worksheets]
        notes = unsaved_formulas(path, [(label, part) for label, part in parts if part])
        return replace(doc, warnings=[*doc.warnings, *notes]) if notes else doc
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"unreadable XLSX ({type(exc).__name__})") from None
    finally:
        book.close()


def load_csv(path: Path, budget: TextBudget | None = None) -> LoadedDocument:
    """`budget`: the caller's for this file (ingest.loaders.load gives one), charged cell by cell."""
    budget = budget or TextBudget(DEFAULT_MAX_CHARS)
    text = _decode_text(path, budget)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        return _document([(path.stem, csv.reader(io.StringIO(text), dialect))], path.stem, "csv", budget)
    except csv.Error as exc:
        raise LoadError(f"malformed CSV ({exc})") from None
