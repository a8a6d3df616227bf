"""Paragraphs of an OCRed page from its lines' boxes, as RapidOCR gives them (a box a line, no
paragraphs); Tesseract's, from a rendered scan, are in tests/ingest/test_pdf_recovery.py."""

from ingest.ocr_paragraphs import OcrLine, joined, paragraph_starts

_LETTER = 14  # pixels a letter
_PITCH = 48


def _line(text: str, row: int, indent: int = 0, column: int = 0) -> OcrLine:
    left = 100 + column * 900 + indent * _LETTER
    return OcrLine(text, left, 100 + row * _PITCH, left + len(text) * _LETTER, 100 + row * _PITCH + 27)


def test_an_indented_line_after_a_sentence_starts_a_paragraph():
    lines = [_line("The harbor master counted forty-two ships", 0, 2), _line("in March.", 1),
             _line("Storms closed the harbor twice, and the", 2, 2), _line("pier cracked.", 3)]
    assert paragraph_starts(lines) == [True, False, True, False]
    text, offsets = joined(lines)
    assert text.split("\n\n")[1] == "Storms closed the harbor twice, and the\npier cracked."
    assert [text[o:o + 5] for o in offsets] == [line.text[:5] for line in lines]


def test_an_indented_line_inside_a_sentence_continues_it():
    """A list item's continuation lines hang under its text: the sentence goes on."""
    lines = [_line("1. Ships must report to the harbor master", 0), _line("before they moor at the pier.", 1, 3),
             _line("2. Boats pay no fee.", 2)]
    assert paragraph_starts(lines) == [True, False, False]


def test_a_blank_line_or_a_new_column_starts_a_paragraph():
    lines = [_line("Storms closed the harbor twice in the", 0), _line("winter of that year.", 1),
             _line("A new pier opened in April, built of", 3), _line("stone from the northern quarry.", 4),
             _line("The railway reached the town in the", 0, column=1), _line("autumn.", 1, column=1)]
    assert paragraph_starts(lines) == [True, False, True, False, True, False]


def test_a_new_region_after_a_sentence_or_a_short_line_starts_a_paragraph():
    """Tesseract reads a table's cells as regions of their own; a wrapped line of prose holds more words."""
    lines = [_line(text, row, 0) for row, text in enumerate(["Table 2 Ships counted in each port.", "Model", "m0",
                                                              "the harbor master counted ships", "in the spring"])]
    lines = [OcrLine(line.text, line.left, line.top, line.right, line.bottom, region) for line, region
             in zip(lines, [1, 2, 3, 4, 5])]
    assert paragraph_starts(lines) == [True, True, True, True, False]
