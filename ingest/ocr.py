"""Optical character recognition of page images, offline, with each word's box kept.

Two engines are wired: Debian's tesseract-ocr through pytesseract (the default, see docs/ingest.md
for the measured comparison) and rapidocr-onnxruntime (PaddleOCR models in an ONNX wheel). Both
return the page text with the character span and pixel box of every word, so a citation into OCR
text can be drawn on the page image later.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ingest.ocr_paragraphs import OcrLine, joined


class OcrUnavailable(Exception):
    """No OCR engine is installed; the message says what to install."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word: where it sits in the page text and on the page image (pixels)."""

    start: int
    end: int
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True, slots=True)
class _SeenWord:
    """A word as tesseract reports it, before the page text that places it is joined."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True, slots=True)
class OcrPage:
    text: str
    width: int
    height: int
    words: list[OcrWord] = field(default_factory=list)


def _tesseract(image) -> OcrPage:
    import pytesseract

    data = pytesseract.image_to_data(image, lang="eng", output_type=pytesseract.Output.DICT)
    # Each line's words in tesseract's reading order, keyed by (block, paragraph, line).
    lines: dict[tuple[int, int, int], list[_SeenWord]] = {}
    for i, word in enumerate(data["text"]):
        word = word.strip()
        if not word:
            continue
        left, top = data["left"][i], data["top"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(_SeenWord(word, left, top, left + data["width"][i],
                                                   top + data["height"][i]))
    boxes = [OcrLine(" ".join(w.text for w in line), min(w.left for w in line), min(w.top for w in line),
                     max(w.right for w in line), max(w.bottom for w in line), block)
             for (block, _, _), line in lines.items()]
    text, offsets = joined(boxes)
    words: list[OcrWord] = []
    for line, offset in zip(lines.values(), offsets):
        for word in line:
            words.append(OcrWord(offset, offset + len(word.text), word.left, word.top, word.right, word.bottom))
            offset += len(word.text) + 1
    return OcrPage(text, image.width, image.height, words)


@lru_cache(maxsize=1)
def _rapid_engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _rapidocr(image) -> OcrPage:
    import numpy as np

    # Defaults dropped whole lines of our scans (the angle classifier flips some upright lines, then
    # their score falls under the cut); without it and with looser boxes every line is kept.
    result, _ = _rapid_engine()(np.asarray(image.convert("RGB")), use_cls=False, box_thresh=0.3, unclip_ratio=1.8)
    # rapidocr returns text lines (box of four corners, text, score) top to bottom.
    lines: list[OcrLine] = []
    for box, line, _score in result or []:
        line = " ".join(line.split())
        if not line:
            continue
        xs = [int(x) for x, _ in box]
        ys = [int(y) for _, y in box]
        lines.append(OcrLine(line, min(xs), min(ys), max(xs), max(ys)))
    text, offsets = joined(lines)
    words = [OcrWord(offset, offset + len(line.text), line.left, line.top, line.right, line.bottom)
             for line, offset in zip(lines, offsets)]
    return OcrPage(text, image.width, image.height, words)


ENGINES: dict[str, Callable] = {"tesseract": _tesseract, "rapidocr": _rapidocr}
DEFAULT_ENGINE = "tesseract"


def check_available(engine: str = DEFAULT_ENGINE) -> None:
    if engine == "tesseract":
        if shutil.which("tesseract") is None:
            raise OcrUnavailable("OCR needs Debian's tesseract-ocr (apt-get install tesseract-ocr)")
        try:
            import pytesseract  # noqa: F401
        except ImportError:
            raise OcrUnavailable("OCR needs the pytesseract package") from None
    elif engine == "rapidocr":
        try:
            import rapidocr_onnxruntime  # noqa: F401
        except ImportError:
            raise OcrUnavailable("OCR needs the rapidocr-onnxruntime package") from None
    else:
        raise OcrUnavailable(f"unknown OCR engine {engine!r}")


def recognise(image, engine: str = DEFAULT_ENGINE) -> OcrPage:
    """The text of one page image (a PIL image), with word boxes in its pixels."""
    check_available(engine)
    return ENGINES[engine](image)
