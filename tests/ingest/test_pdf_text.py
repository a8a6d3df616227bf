"""PDF text as a reader would type it: typeset ligatures become their letters."""

from pathlib import Path

import pytest

from ingest.loaders import load

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # `make system-deps` installs it


def _pdf_with_ligatures(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    # U+FB01 "ﬁ", U+FB00 "ﬀ", U+FB03 "ﬃ", U+FB02 "ﬂ", as a typesetter's output carries them.
    pdf.multi_cell(0, 8, "The misﬁts were treated diﬀerently by the Oﬃcial ﬂow.")
    pdf.output(str(path))
    return path


@pytest.fixture
def ligature_pdf(tmp_path: Path) -> Path:
    assert DEJAVU.is_file(), "fonts-dejavu-core is missing: run `make system-deps`"
    return _pdf_with_ligatures(tmp_path / "ligatures.pdf")


def test_ligatures_are_extracted_as_their_letters(ligature_pdf: Path) -> None:
    from pypdf import PdfReader

    raw = PdfReader(ligature_pdf).pages[0].extract_text()
    assert "ﬁ" in raw  # the file really carries the glyphs: without folding they would reach the index
    text = load(ligature_pdf, 10_000_000).text
    assert "The misfits were treated differently by the Official flow." in text
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in text)


def test_prose_in_a_larger_font_than_a_long_table_is_body_text_not_headings(tmp_path: Path) -> None:
    """NIST SP 800-218 sets its prose at 12 pt and a long table at 9 pt; the table has more characters, and
    every prose line had been a heading of its own. A size setting a good share of the text is body text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=20)
    pdf.multi_cell(0, 10, "1 Introduction", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=12)
    prose = ("Most aspects of security can be addressed multiple times within a life cycle, but in general the earlier "
             "security is addressed, the less effort and cost is ultimately required. This principle, known as "
             "shifting left, is critically important regardless of the model used by the team.")
    for _ in range(2):
        pdf.multi_cell(0, 6, prose, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.set_font("Helvetica", size=9)
    for row in range(12):  # more characters than the prose, in a smaller font
        pdf.multi_cell(0, 4.5, f"Row {row}: Example {row}: define policies for securing development endpoints "
                               f"and review them at least annually; see task {row}.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "table.pdf"
    pdf.output(str(path))
    doc = load(path, 10_000_000)
    blocks = {doc.text[b.start:b.end]: b.kind for b in doc.blocks}
    assert blocks.get("1 Introduction") == "heading"
    assert blocks.get(prose) == "paragraph"  # one block, its lines joined, not a heading per line


def test_a_heading_is_larger_than_every_size_that_sets_a_good_share_of_the_text() -> None:
    from collections import Counter

    from ingest.pdf_text import HeadingSizes, PageText

    # NIST SP 800-218: a 9 pt table with the most characters, 12 pt prose, 11 pt front matter, 14+ pt titles.
    nist = HeadingSizes.of([PageText([], Counter({9.0: 60_000, 12.0: 30_000, 11.0: 1_300, 14.0: 300, 20.0: 80}))])
    assert sorted(nist.levels) == [14.0, 20.0]
    # A paper at 10 pt with an 11 pt appendix (28 % of the text) keeps its 12 pt section headings.
    paper = HeadingSizes.of([PageText([], Counter({10.0: 60_000, 11.0: 28_000, 12.0: 300, 17.2: 100}))])
    assert sorted(paper.levels) == [12.0, 17.2]
