"""Spreadsheets (.xlsx, .csv): one line per row, "header: value; …", so a row is a citable unit that
carries its headers. Each sheet's start is kept like a page; rows past a cap are left out, with a
warning."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path

from ingest.formats.archive import check_office_zip
from ingest.formats.pages import PagedText
from ingest.loaders import LoadedDocument, LoadError, _decode_text

MAX_ROWS = 50_000
MAX_COLUMNS = 200


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _row_lines(label: str, rows: Iterator[Iterable], budget: int) -> tuple[list[str], int]:
    """The sheet's lines (header row first, as the key of every later row) and the rows left out."""
    header: list[str] | None = None
    lines: list[str] = []
    dropped = 0
    for number, row in enumerate(rows, 1):
        values = [_cell(v) for v in list(row)[:MAX_COLUMNS]]
        if not any(values):
            continue
        if header is None:
            header = [v or f"column {i + 1}" for i, v in enumerate(values)]
            continue
        if len(lines) >= budget:
            dropped += 1
            continue
        pairs = [f"{header[i] if i < len(header) else f'column {i + 1}'}: {v}" for i, v in enumerate(values) if v]
        lines.append(f"[{label} row {number}] " + "; ".join(pairs))
    if header is not None and not lines:
        lines.append(f"[{label}] " + "; ".join(h for h in header))
    return lines, dropped


def _document(sheets: Iterable[tuple[str, Iterator[Iterable]]], title: str, kind: str) -> LoadedDocument:
    paged = PagedText()
    warnings: list[str] = []
    budget = MAX_ROWS
    for name, rows in sheets:
        lines, dropped = _row_lines(name, rows, budget)
        budget -= len(lines)
        if dropped:
            warnings.append(f"sheet {name!r}: {dropped:,} rows past the {MAX_ROWS:,}-row cap were not indexed")
        if lines:
            paged.add(f"Sheet {name}\n" + "\n".join(lines))
    if not paged.parts:
        raise LoadError("no text: the spreadsheet has no cells")
    return LoadedDocument(text=paged.text, title=title, kind=kind, page_starts=paged.page_starts, warnings=warnings)


def load_xlsx(path: Path) -> LoadedDocument:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_office_zip(path, "XLSX")
    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LoadError(f"corrupt XLSX ({type(exc).__name__})") from None
    except Exception as exc:  # openpyxl raises many kinds on broken parts; one line is the contract
        raise LoadError(f"unreadable XLSX ({type(exc).__name__})") from None
    try:
        title = (book.properties.title or path.stem).strip()[:200]
        return _document(((ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets), title, "xlsx")
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(f"unreadable XLSX ({type(exc).__name__})") from None
    finally:
        book.close()


def load_csv(path: Path) -> LoadedDocument:
    text = _decode_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        return _document([(path.stem, csv.reader(io.StringIO(text), dialect))], path.stem, "csv")
    except csv.Error as exc:
        raise LoadError(f"malformed CSV ({exc})") from None
