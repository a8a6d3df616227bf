"""Word boxes of OCRed pages, kept beside the index for a later page-image highlight.

One JSON file per document, `INDEX/page_words/<doc_id>.json`: for each OCRed page its number, the
dpi it was rendered at, the image size in pixels, and each word's `[start, end)` in the document's
stored text with its box `[left, top, right, bottom]` in those pixels. A cited span maps to the
words whose ranges overlap it.
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


def save(index: Path, doc_id: str, pages: list[PageWords]) -> None:
    """Write the document's boxes, or drop an earlier file when it has none now."""
    path = _path(index, doc_id)
    if not pages:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"doc_id": doc_id, "pages": [asdict(p) for p in pages]}))


def remove(index: Path, doc_id: str) -> None:
    _path(index, doc_id).unlink(missing_ok=True)


def read(index: Path, doc_id: str) -> list[PageWords]:
    try:
        data = json.loads(_path(index, doc_id).read_text())
    except FileNotFoundError:
        return []
    return [PageWords(p["page"], p["dpi"], p["width"], p["height"],
                      [WordBox(w["start"], w["end"], tuple(w["box"])) for w in p["words"]])
            for p in data["pages"]]
