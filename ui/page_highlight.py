"""Where a cited span sits on its page: boxes in the pixels of the page image.

A document's stored text is its pages' text re-flowed (lines joined, hyphenated words rejoined), so
an offset in it is not an offset among the page's characters. Both say the same letters and digits
in the same order, though: the span is found among the page's characters by those alone (NFKC,
case-folded; spaces, hyphens and line breaks left out), directly when the two sequences agree and
by a diff when pypdf and pdfium read a few characters differently. pdfium then gives the boxes of
those characters, merged line by line. An OCRed page has no text layer: its span maps to the word
boxes kept at ingest (ingest/page_words.py), which index the stored text exactly.
"""

from __future__ import annotations

import ctypes
import difflib
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from ingest.page_words import PageWords


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on the page image, in its pixels."""

    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True, slots=True)
class Letters:
    """The letters and digits of a text, each with the index of the character it came from."""

    keys: str
    origin: list[int]

    @classmethod
    def of(cls, chars) -> Letters:
        keys, origin = [], []
        for index, char in chars:
            for key in unicodedata.normalize("NFKC", char).casefold():
                if key.isalnum():
                    keys.append(key)
                    origin.append(index)
        return cls("".join(keys), origin)

    def within(self, start: int, end: int) -> tuple[int, int]:
        """The keys [k0, k1) that came from characters [start, end)."""
        return bisect_left(self.origin, start), bisect_left(self.origin, end)


def locate(stored: Letters, page: Letters, k0: int, k1: int) -> tuple[int, int] | None:
    """The page's keys [p0, p1] (inclusive) that are the stored keys [k0, k1), or None if not found."""
    if k0 >= k1:
        return None
    if stored.keys == page.keys:
        return k0, k1 - 1
    wanted = stored.keys[k0:k1]
    expected = k0 * len(page.keys) / max(len(stored.keys), 1)
    found, at = [], page.keys.find(wanted)
    while at >= 0:
        found.append(at)
        at = page.keys.find(wanted, at + 1)
    if found:
        best = min(found, key=lambda p: abs(p - expected))
        return best, best + len(wanted) - 1
    # The two readings differ inside the span: keep the page keys the diff pairs with the span's.
    matched = []
    for block in difflib.SequenceMatcher(None, stored.keys, page.keys, autojunk=False).get_matching_blocks():
        lo, hi = max(block.a, k0), min(block.a + block.size, k1)
        if lo < hi:
            matched += [block.b + lo - block.a, block.b + hi - 1 - block.a]
    return (min(matched), max(matched)) if matched else None


def page_chars(textpage) -> tuple[Letters, str]:
    """The letters of a pdfium text page, each with its character index, and the page's characters."""
    import pypdfium2.raw as pdfium_c

    chars = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(textpage.count_chars()))
    return Letters.of(enumerate(chars)), chars


def _marks(text: str) -> int:
    """How many punctuation marks `text` starts with (a span's "(" or its closing "." has no letter to find)."""
    n = 0
    while n < len(text) and not text[n].isalnum() and not text[n].isspace():
        n += 1
    return n


def widen(first: int, last: int, chars: str, span: str) -> tuple[int, int]:
    """first..last grown over the punctuation the span has before its first and after its last letter."""
    for _ in range(_marks(span.lstrip())):
        if first > 0 and _marks(chars[first - 1]):
            first -= 1
    for _ in range(_marks(span.rstrip()[::-1])):
        if last + 1 < len(chars) and _marks(chars[last + 1]):
            last += 1
    return first, last


def text_boxes(page, textpage, first: int, last: int, width: int, height: int) -> list[Box]:
    """Boxes (device pixels of a width x height rendering) of pdfium characters first..last."""
    import pypdfium2.raw as pdfium_c

    def device(x: float, y: float) -> tuple[int, int]:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page, 0, 0, width, height, 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
        return dx.value, dy.value

    boxes = []
    for i in range(textpage.count_rects(first, last - first + 1)):
        left, bottom, right, top = textpage.get_rect(i)
        (x0, y0), (x1, y1) = device(left, top), device(right, bottom)
        boxes.append(Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return boxes


def ocr_boxes(words: PageWords, start: int, end: int, scale: float) -> list[Box]:
    """Boxes of the OCR words overlapping [start, end), from the OCR image's pixels to `scale` (px/pt)."""
    factor = scale / (words.dpi / 72)
    boxes: list[Box] = []
    for w in words.words:
        if not (w.start < end and w.end > start):
            continue
        box = Box(*(round(v * factor) for v in w.box))
        last = boxes[-1] if boxes else None
        if last is not None and box.left >= last.left and box.top < last.bottom and box.bottom > last.top:
            boxes[-1] = Box(last.left, min(last.top, box.top), max(last.right, box.right), max(last.bottom, box.bottom))
        else:  # the next line
            boxes.append(box)
    return boxes
