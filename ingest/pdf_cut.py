"""The pages that can still be read from a PDF cut short (an interrupted download or copy).

pypdf and pdfium both refuse such a file whole: its cross-reference table and trailer are at the
end. pypdf can rebuild the table by scanning the bytes that are there (objects, and the objects
inside complete object streams) once the file has an end marker to start from. The pages are then
taken from the page tree while its nodes are there; when the tree itself is lost (many writers put
it at the end), every page object found is taken in the order it stands in the file. The pages
read are written out as a whole PDF, which the ordinary PDF loader then reads as any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

# pypdf rebuilds the cross-reference table when the offset after `startxref` points at none.
_END = b"\nstartxref\n0\n%%EOF\n"
# What a page's text needs; links and the like point into parts of the file that may be gone.
_KEPT = ("/Type", "/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/UserUnit")
# Attributes a page takes from its ancestors in the page tree when it has none of its own.
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# A hostile tree can name one node many times over (doubling the pages at each level): no more are taken.
MAX_PAGES = 10_000


@dataclass(frozen=True)
class SalvagedPdf:
    data: bytes  # a complete PDF of the pages read, in order
    warning: str  # one line for the ingest report


class _Lost(Exception):
    """A page tree node that is not in the bytes read."""


def salvage(path: Path) -> SalvagedPdf | None:
    """The readable pages of a damaged PDF, or None when no page can be read."""
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(BytesIO(path.read_bytes() + _END), strict=False)
        objects = _objects(reader)
        tree = _tree_pages(reader, objects)
        pages = tree.pages if tree is not None else _scanned_pages(reader, objects)
        if not pages:
            return None
        writer = PdfWriter()
        for page in pages:
            writer.add_page(page, excluded_keys=("/Annots", "/B"))
        out = BytesIO()
        writer.write(out)
    except Exception:  # a file past repair: the caller keeps its own reason for refusing it
        return None
    if tree is not None and tree.total > len(pages):
        warning = (f"the file is cut short or damaged: pages 1-{len(pages)} of {tree.total} read, "
                   f"page {len(pages) + 1} and after could not be read")
    elif tree is not None:
        warning = f"the file is cut short or damaged: its {len(pages)} pages were read from what is left"
    else:
        warning = (f"the file is cut short or damaged and its page list is lost: {len(pages)} page(s) read "
                   "in the order they stand in the file, the rest could not be read")
    return SalvagedPdf(out.getvalue(), warning)


@dataclass
class _Tree:
    pages: list
    total: int  # the page count the tree's root gives


def _tree_pages(reader, objects: list[_Found]) -> _Tree | None:
    """The pages the catalog's page tree reaches, up to the first node that is missing, cut off or
    met a second time (a loop, or one node named twice); None when the catalog or the tree's root is
    missing."""
    catalog = _catalog(objects)
    if catalog is None:
        return None
    try:
        root = _present(catalog.raw_get("/Pages"))
    except (_Lost, KeyError):
        return None
    pages: list = []
    try:
        _walk(reader, catalog.raw_get("/Pages"), root, {}, pages, set())
    except _Lost:
        pass  # the pages before the first missing node are kept
    total = root.get("/Count", len(pages))
    return _Tree(pages, total if isinstance(total, int) else len(pages))


def _walk(reader, ref, node, inherited: dict, pages: list, seen: set[int]) -> None:
    # pypdf resolves an object once and hands back the same one after: a node met again is a loop
    # or a node named twice, whose pages would be read again.
    if id(node) in seen or len(seen) > MAX_PAGES or len(pages) >= MAX_PAGES:
        raise _Lost
    seen.add(id(node))
    if node.get("/Type") == "/Pages" or "/Kids" in node:
        passed = dict(inherited)
        passed.update({key: node.raw_get(key) for key in _INHERITED if key in node})
        for kid in node.get("/Kids", []) if node.get("/Kids") is not None else []:
            _walk(reader, kid, _present(kid), passed, pages, seen)
        return
    try:
        pages.append(_page(reader, ref, node, inherited))
    except Exception:  # its content stream cut off (pypdf raises several kinds): the pages before it stay
        raise _Lost from None


def _page(reader, ref, node, inherited: dict):
    from pypdf import PageObject
    from pypdf.generic import NameObject

    page = PageObject(reader, getattr(ref, "indirect_reference", None) or ref)
    page.update({NameObject(key): node.raw_get(key) for key in _KEPT if key in node})
    for key, value in inherited.items():
        if key not in page:
            page[NameObject(key)] = value
    if "/Contents" in page:
        page.get_contents()  # a page whose content stream is cut off is no page read
    return page


def _ancestors(node) -> dict:
    """What a page found outside its tree inherits from those of its ancestors that are there."""
    inherited: dict = {}
    for _ in range(64):
        try:
            node = node["/Parent"].get_object() if "/Parent" in node else None
        except Exception:
            node = None
        if node is None or not hasattr(node, "raw_get"):
            return inherited
        for key in _INHERITED:
            if key in node and key not in inherited:
                inherited[key] = node.raw_get(key)
    return inherited


def _present(ref):
    from pypdf.generic import DictionaryObject

    try:
        obj = ref.get_object()
    except Exception:
        raise _Lost from None
    if not isinstance(obj, DictionaryObject):
        raise _Lost
    return obj


@dataclass(frozen=True)
class _Found:
    number: int
    generation: int
    obj: object


def _objects(reader) -> list[_Found]:
    """Every object the rebuilt table knows, in the order they stand in the file."""
    from pypdf.generic import IndirectObject

    found = []
    for generation, table in reader.xref.items():
        for number, offset in table.items():
            found.append((offset, 0, number, generation))
    for number, (stream, index) in reader.xref_objStm.items():
        found.append((reader.xref.get(0, {}).get(stream, 0), index + 1, number, 0))
    out = []
    for _, _, number, generation in sorted(found):
        try:
            out.append(_Found(number, generation, IndirectObject(number, generation, reader).get_object()))
        except Exception:
            continue
    return out


def _catalog(objects: list[_Found]):
    from pypdf.generic import DictionaryObject

    for found in objects:
        obj = found.obj
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Catalog" and "/Pages" in obj:
            return obj
    return None


def _scanned_pages(reader, objects: list[_Found]) -> list:
    from pypdf.generic import DictionaryObject, IndirectObject

    pages = []
    for found in objects:
        obj = found.obj
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
            try:
                pages.append(_page(reader, IndirectObject(found.number, found.generation, reader), obj,
                                   _ancestors(obj)))
            except Exception:
                continue
            if len(pages) >= MAX_PAGES:
                break
    return pages
