"""Formula cells an .xlsx file saved without their result, named in a warning.

openpyxl reads the result Excel saved with each formula; a file written by a program that does not
calculate (a script, openpyxl itself) saves none, and `=SUM(1,2)` was left out of the index without a
word. Nothing is evaluated or fetched: a formula may call a web service or another program (WEBSERVICE,
DDE), so the user is told to open and save the file where it is calculated.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _count(member) -> int:
    from lxml import etree

    unsaved = 0
    cells = etree.iterparse(member, events=("end",), tag=_MAIN + "c", resolve_entities=False, no_network=True)
    try:
        for _, cell in cells:
            if cell.find(_MAIN + "f") is not None and not cell.findtext(_MAIN + "v"):
                unsaved += 1
            cell.clear(keep_tail=False)
            while cell.getprevious() is not None:  # the row's cells read so far
                del cell.getparent()[0]
            row = cell.getparent()
            while row is not None and row.getprevious() is not None:  # and the rows before it: memory stays flat
                del row.getparent()[0]
    except etree.XMLSyntaxError:
        pass  # openpyxl read what the part holds; a broken part has no more to say here
    return unsaved


def unsaved_formulas(path: Path, sheets: list[tuple[str, str]]) -> list[str]:
    """A warning per sheet, (label, part in the package), with formula cells that have no saved result."""
    notes = []
    with zipfile.ZipFile(path) as archive:
        for label, part in sheets:
            try:
                member = archive.open(part.lstrip("/"))
            except KeyError:
                continue
            with member:
                unsaved = _count(member)
            if unsaved:
                notes.append(f"sheet {label!r}: {unsaved:,} formula cells have no saved result and were not "
                             "indexed (nothing is calculated here: open and save the file in Excel or LibreOffice)")
    return notes
