"""Where a paginated document's pages start in its text, and the word boxes of its OCRed pages,
kept beside the index for the page-image highlight (ui/page_image.py).

One JSON file per document, `INDEX/page_words/<doc_id>.json`: the offset in the stored text at which
each page starts, and for each OCRed page its number, the dpi it was rendered at, the image size in
pixels, and each word's `[start, end)` in the document's stored text with its box
`[left, top, right, bottom]` in those pixels. A cited span maps to the words whose ranges overlap it;
on a page with a text layer it maps to the page's characters through the page's own text.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

FOLDER = "page_words"


@dataclass(frozen=True, slots=True)
class WordBox:
    start: int
    end: int
    box: tuple[int, int, int, int]  # left, top, right, bottom (pixels of the rendered page)


@dataclass(frozen=True, slots=True)
class PageWords:
    page: int  # 1-based, like a citation's page
    dpi: int
    width: int
    height: int
    words: list[WordBox] = field(default_factory=list)


def _path(index: Path, doc_id: str) -> Path:
    return index / FOLDER / f"{doc_id}.json"


def save(index: Path, doc_id: str, pages: list[PageWords], page_starts: list[int] = (),
         source_sha256: str = "") -> None:
    """Write the document's page starts and boxes, or drop an earlier file when it has neither now.
    `source_sha256` is the file's digest, so that a page is drawn only from the version indexed."""
    path = _path(index, doc_id)
    if not pages and not page_starts:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"doc_id": doc_id, "source_sha256": source_sha256, "page_starts": list(page_starts),
                                "pages": [asdict(p) for p in pages]}))


def remove(index: Path, doc_id: str) -> None:
    _path(index, doc_id).unlink(missing_ok=True)


def _data(index: Path, doc_id: str) -> dict:
    try:
        return json.loads(_path(index, doc_id).read_text())
    except FileNotFoundError:
        return {"pages": []}


def page_starts(index: Path, doc_id: str) -> list[int]:
    """Offsets of the document's pages in its stored text ([] for an unpaginated document, or one
    indexed before they were kept)."""
    return _data(index, doc_id).get("page_starts", [])


def source_sha256(index: Path, doc_id: str) -> str:
    return _data(index, doc_id).get("source_sha256", "")


def read(index: Path, doc_id: str) -> list[PageWords]:
    data = _data(index, doc_id)
    return [PageWords(p["page"], p["dpi"], p["width"], p["height"],
                      [WordBox(w["start"], w["end"], tuple(w["box"])) for w in p["words"]])
            for p in data["pages"]]
