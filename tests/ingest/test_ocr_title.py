"""A scanned page's title from OCR's word boxes: the block in the widest letters, or none. The pages
here are OCR results as RapidOCR gives them (a box a line), each line a paragraph; Tesseract's, from
a rendered scan, are in tests/ingest/test_pdf_recovery.py."""

from ingest.ocr import OcrPage, OcrWord
from ingest.ocr_title import clean_scanned_line, scanned_title


def _page(lines: list[tuple[str, int]]) -> OcrPage:
    """A page of `lines`, each (text, pixels a letter), one box a line."""
    words, offset = [], 0
    for n, (text, width) in enumerate(lines):
        words.append(OcrWord(offset, offset + len(text), 100, 60 * n, 100 + width * len(text), 60 * n + 40))
        offset += len(text) + 2
    return OcrPage("\n\n".join(text for text, _ in lines), 2000, 3000, words)


def test_the_line_in_the_widest_letters_is_the_title():
    page = _page([(". MASSACHUSETTS INSTITUTE OF TECHNOLOGY", 30), ("MIT/LCS/TM-394", 27),
                  ("A HUNDRED HARBOUR SURVEYS", 48), ("Nancy Keeper", 26), ("August 1989", 24)])
    assert scanned_title(page) == "A HUNDRED HARBOUR SURVEYS"


def test_a_page_in_one_size_has_no_title():
    page = _page([("The harbor master counted forty-two ships in March.", 25),
                  ("Storms closed the harbor twice.", 26), ("A new pier opened in April.", 25)])
    assert scanned_title(page) == ""


def test_a_line_of_numbers_set_large_is_no_title():
    page = _page([("The harbor master counted ships.", 25), ("1989 - 42", 60), ("Storms closed the harbor.", 25)])
    assert scanned_title(page) == ""


def test_specks_before_a_scans_first_letter_are_no_part_of_a_title():
    assert clean_scanned_line(". MASSACHUSETTS") == "MASSACHUSETTS"
    assert clean_scanned_line("- , “Quoted” title") == "“Quoted” title"
    assert clean_scanned_line("(Draft) title") == "(Draft) title"
