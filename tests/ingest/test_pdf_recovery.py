"""PDFs whose text layer is missing (scans) or wrong (broken font maps): recovered by pdfium or OCR,
or refused with the reason; a text PDF never reaches the recovery path."""

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest import pdf_recovery
from ingest.loaders import LoadError, load
from ingest.text_quality import assess
from tests.corpus_files import write_pdf
from tests.pdf_samples import (
    SCAN_PAGES,
    character_error_rate,
    scan_of,
    write_garbled_pdf,
    write_indented_scan,
    write_private_use_pdf,
    write_scanned_pdf,
    write_unmapped_pdf,
)

LIMIT = 50_000_000
FIXTURES = Path(__file__).parent / "fixtures" / "fedramp"


def test_a_text_pdf_is_not_re_extracted(tmp_path, monkeypatch):
    def refuse(*args):
        raise AssertionError("recovery ran on a readable text PDF")

    monkeypatch.setattr(pdf_recovery, "_recover", refuse)
    doc = load(write_pdf(tmp_path / "plain.pdf", SCAN_PAGES), LIMIT)
    assert doc.warnings == [] and len(doc.page_starts) == 3 and "forty-two ships" in doc.text


def test_slides_of_bullets_and_urls_are_read_from_their_text_layer(monkeypatch):
    """A real slide deck's pages (tests/ingest/fixtures/fedramp/README): "● Welcome" on nearly every line, or
    a list of GitHub URLs, "FedRAMP®" and "Q&A". The bullets once counted as words with symbols inside, so
    the good text layer was judged a broken font encoding: OCRed, or the file refused when OCR read the
    bullets too."""
    def refuse(*args):
        raise AssertionError("recovery ran on a readable text PDF")

    monkeypatch.setattr(pdf_recovery, "_recover", refuse)
    doc = load(FIXTURES / "data-bites-2024-01-11-slides-2-15.pdf", LIMIT)
    assert doc.warnings == [] and len(doc.page_starts) == 2
    slide, links = pdf_recovery.split_pages(doc)
    assert "● Pre-Submitted Q&A" in slide and "FedRAMP®" in slide
    assert "● Open Issues: https://github.com/GSA/fedramp-automation/issues" in links


def test_a_scanned_pdf_is_ocred_with_its_pages_kept(tmp_path):
    doc = load(write_scanned_pdf(tmp_path / "scan.pdf", SCAN_PAGES[:2]), LIMIT)
    assert doc.warnings == ["2 of 2 pages had no text layer: OCR used"]
    pages = pdf_recovery.split_pages(doc)
    assert len(pages) == 2
    for expected, got in zip(SCAN_PAGES, pages):
        assert character_error_rate(expected, got) < 0.03, got
    assert doc.title.startswith("The harbor master")


def _scanned_report(tmp_path):
    """A report's scanned cover, as MIT/LCS/TM-394's: the laboratory's name in small capitals over the
    title set large, the author and the date under it, then a page of text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    pdf.cell(0, 5, ". MASSACHUSETTS INSTITUTE OF TECHNOLOGY", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, "LABORATORY FOR COMPUTER SCIENCE", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(80)
    pdf.set_font("helvetica", style="B", size=26)
    pdf.cell(0, 14, "A HUNDRED HARBOUR", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 14, "SURVEYS", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(150)
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 8, "Nancy Keeper", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "August 1989", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, SCAN_PAGES[0])
    pdf.output(str(tmp_path / "cover.pdf"))
    return scan_of(tmp_path / "cover.pdf", tmp_path / "report.pdf")


def test_a_scanned_covers_title_is_its_largest_lines(tmp_path):
    doc = load(_scanned_report(tmp_path), LIMIT)
    assert doc.warnings == ["2 of 2 pages had no text layer: OCR used"]
    assert doc.title == "A HUNDRED HARBOUR SURVEYS"  # had been ". MASSACHUSETTS INSTITUTE OF TECHNOLOGY"


def _mixed_pdf(tmp_path):
    """Two text pages, then one scanned page."""
    text_pdf = PdfReader(write_pdf(tmp_path / "text.pdf", SCAN_PAGES[:2]))
    scan_pdf = PdfReader(write_scanned_pdf(tmp_path / "scan.pdf", SCAN_PAGES[2:]))
    writer = PdfWriter()
    for page in [*text_pdf.pages, *scan_pdf.pages]:
        writer.add_page(page)
    buffer = BytesIO()
    writer.write(buffer)
    (tmp_path / "mixed.pdf").write_bytes(buffer.getvalue())
    return tmp_path / "mixed.pdf"


def test_only_the_scanned_page_of_a_mixed_pdf_is_ocred(tmp_path):
    doc = load(_mixed_pdf(tmp_path), LIMIT)
    assert doc.warnings == ["1 of 3 pages had no text layer: OCR used"]
    assert "price of bread fell" in pdf_recovery.split_pages(doc)[2]
    [boxes] = doc.ocr_words  # word offsets index the whole document's text, on page 3
    assert boxes.page == 3
    assert [doc.text[w.start : w.end] for w in boxes.words] == pdf_recovery.split_pages(doc)[2].split()


def test_blocks_after_an_ocred_page_keep_their_text(tmp_path):
    text_pdf = PdfReader(write_pdf(tmp_path / "text.pdf", SCAN_PAGES[1:]))
    scan_pdf = PdfReader(write_scanned_pdf(tmp_path / "scan.pdf", SCAN_PAGES[:1]))
    writer = PdfWriter()
    for page in [*scan_pdf.pages, *text_pdf.pages]:
        writer.add_page(page)
    writer.write(tmp_path / "scan-first.pdf")
    doc = load(tmp_path / "scan-first.pdf", LIMIT)
    assert doc.warnings == ["1 of 3 pages had no text layer: OCR used"]
    texts = [doc.text[b.start:b.end] for b in doc.blocks if b.kind != "page_break"]
    assert texts and all(text in SCAN_PAGES[1] or text in SCAN_PAGES[2] for text in texts), texts
    assert [b.start for b in doc.blocks if b.kind == "page_break"] == doc.page_starts[1:]


def test_a_garbled_text_layer_is_replaced_by_ocr(tmp_path):
    path = write_garbled_pdf(tmp_path / "garbled.pdf", SCAN_PAGES[:1])
    extracted = PdfReader(path).pages[0].extract_text()
    assert "harbor" not in extracted and not assess(extracted).readable  # the fixture really is garbled
    doc = load(path, LIMIT)
    assert doc.warnings == ["1 of 1 pages had an unreadable text layer (font encoding): OCR used"]
    assert character_error_rate(SCAN_PAGES[0], doc.text) < 0.03, doc.text


def test_a_text_layer_pypdf_misreads_is_re_extracted_with_pdfium(tmp_path, monkeypatch):
    from ingest import ocr

    path = write_unmapped_pdf(tmp_path / "unmapped.pdf", SCAN_PAGES[1:3])
    extracted = PdfReader(path).pages[0].extract_text()
    assert "\x00" in extracted and not assess(extracted).readable  # pypdf really misreads it

    def refuse(image):
        raise AssertionError("OCR ran although pdfium reads the page")

    monkeypatch.setattr(ocr, "recognise", refuse)
    monkeypatch.setattr(pdf_recovery, "recognise", refuse)
    doc = load(path, LIMIT)
    assert doc.warnings == ["2 of 2 pages had an unreadable text layer (font encoding): re-extracted with pdfium"]
    pages = pdf_recovery.split_pages(doc)
    assert "queen bees can live for five years" in " ".join(pages[0].split())
    assert "price of bread fell by a third" in " ".join(pages[1].split())
    assert doc.ocr_words == [] and "\x00" not in doc.text


def test_an_unrecoverable_text_layer_fails_with_the_reason(tmp_path):
    path = write_garbled_pdf(tmp_path / "hopeless.pdf", SCAN_PAGES[:1], invisible=True)
    with pytest.raises(LoadError) as caught:
        load(path, LIMIT)
    message = str(caught.value)
    assert message.startswith("text layer is unreadable (font encoding: letters form implausible words")
    assert message.endswith("on page(s) 1 and OCR found no text") and "\n" not in message


def test_without_tesseract_the_reason_says_what_to_install(tmp_path, monkeypatch):
    from ingest import ocr

    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(LoadError, match=r"^no text layer \(scanned pages\) and OCR needs Debian's tesseract-ocr"):
        load(write_scanned_pdf(tmp_path / "scan.pdf", SCAN_PAGES[:1]), LIMIT)
    with pytest.raises(LoadError, match=r"^text layer is unreadable \(font encoding: .*\) and OCR needs"):
        load(write_garbled_pdf(tmp_path / "garbled.pdf", SCAN_PAGES[:1]), LIMIT)
    mixed = load(_mixed_pdf(tmp_path), LIMIT)  # the text pages are still indexed, the gap is reported
    assert mixed.warnings == ["1 of 3 pages have no text layer and were not OCRed: OCR needs Debian's "
                              "tesseract-ocr (apt-get install tesseract-ocr)"]
    assert "forty-two ships" in mixed.text


# A page set as a plain-text licence is: first lines indented, last lines short, no blank lines between.
_INDENTED = [
    ["The harbor master counted forty-two ships in March, more than in any",
     "month since the war."],
    ["Storms closed the harbor twice, and the lighthouse keeper wrote that",
     "the western pier had cracked under the weight of the ice. A new pier",
     "opened in April, built of stone from the northern quarry."],
    ["The harbor's school taught the fishermen's children to read,",
     "to count and to mend nets."],
]


def test_an_ocred_paragraph_with_an_indented_first_line_is_one_paragraph(tmp_path):
    """Tesseract's paragraph numbers parted such a paragraph after its first line (the GPL's preamble:
    "…is a free, copyleft license for" and "software and other kinds of works.")."""
    doc = load(write_indented_scan(tmp_path / "indented.pdf", _INDENTED), LIMIT)
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == len(_INDENTED), doc.text
    for expected, got in zip(_INDENTED, paragraphs):
        assert character_error_rate(" ".join(expected), " ".join(got.split())) < 0.03, got


def test_a_private_use_text_layers_title_comes_from_the_ocr(tmp_path):
    """The title had been the garbled first line, cut short with "…", so no longer a piece of the page's
    text: it showed blank in every face."""
    path = write_private_use_pdf(tmp_path / "private.pdf", SCAN_PAGES[:1])
    doc = load(path, LIMIT)
    assert doc.warnings == ["1 of 1 pages had an unreadable text layer (font encoding): OCR used"]
    assert doc.title.startswith("The harbor master"), doc.title
