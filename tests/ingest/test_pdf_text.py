"""PDF text as a reader would type it: typeset ligatures become their letters."""

from pathlib import Path

import pytest

from ingest.loaders import load
from ingest.pdf_text import Line, _new_column

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


def _table_pdf(path: Path) -> Path:
    """A table of a practice, its examples and its references, cells read one after another as
    NIST SP 800-218's are, then a paragraph that runs on from one column of text into the next."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    rows = [
        ("PS.2.1: Make software integrity verification information available to software acquirers.",
         "Example 1: Post cryptographic hashes for release files on a well-secured website.",
         "BSAFSS: SM.4, SM.5 BSIMM: SE2.4 EO14028: 4e(iii), 4e(ix), 4e(x) SP800181: K0178"),
        ("PS.3.1: Securely archive the necessary files and supporting data to be retained for each release.",
         "Example 1: Store the release files, associated images, etc. in repositories following the "
         "organization's established policy.",
         "BSAFSS: PD.1-5, DE.1-2 CNCFSSCP: Securing Artefacts EO14028: 4e(iii), 4e(vi) SP800181: K0178"),
    ]
    with pdf.table(col_widths=(80, 100, 90), first_row_as_headings=False) as table:
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    left = ("A two-column page sets a long paragraph in narrow lines, and the reader follows the words from the "
            "bottom of the first column to the top of the second, where the sentence that was cut by the column")
    right = "break goes on as if nothing had happened. The next paragraph starts here."
    pdf.set_xy(15, 30)
    pdf.multi_cell(120, 5, left)
    pdf.set_xy(150, 30)
    pdf.multi_cell(120, 5, right)
    pdf.output(str(path))
    return path


def test_a_table_cell_is_a_block_of_its_own_and_a_column_break_joins_a_sentence(tmp_path: Path) -> None:
    """pypdf reads a table cell by cell: the next cell starts back up the page, the next row far to the
    left. The examples ran on into the references ("... website. BSAFSS: SM.4 ..."), and a row's
    references into the next row's task; a sentence cut by a column break is still one paragraph."""
    doc = load(_table_pdf(tmp_path / "table.pdf"), 10_000_000)
    blocks = [doc.text[b.start:b.end] for b in doc.blocks if b.kind != "page_break"]
    assert "Example 1: Post cryptographic hashes for release files on a well-secured website." in blocks
    assert any(block.startswith("BSAFSS: SM.4, SM.5") and block.endswith("K0178") for block in blocks)
    assert any(block.startswith("PS.3.1: Securely archive") for block in blocks)
    assert not any("BSAFSS" in block and "Example" in block for block in blocks)
    assert any("the sentence that was cut by the column break goes on as if nothing had happened." in block
               for block in blocks)


def test_a_sentence_cut_after_a_number_at_a_column_break_goes_on() -> None:
    bottom_left = Line("the results are shown in Figure 3", size=10.0, y=80.0, x=50.0)
    lines = [Line("Two columns of prose", size=10.0, y=700.0, x=50.0), bottom_left]
    # Top of the right-hand column: the sentence goes on in lower case; a cell after a number does not.
    assert not _new_column(bottom_left, Line("and they hold for every run.", size=10.0, y=700.0, x=300.0), lines)
    assert _new_column(bottom_left, Line("BSAFSS: SM.4, SM.5", size=10.0, y=700.0, x=300.0), lines)


def _caption_beside_a_row(path: Path) -> Path:
    """A figure's caption in the left column, and a table's row in the right one set 1.5 mm higher
    than the caption's second line, which pypdf lays out on the same line."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(20, 30)
    pdf.multi_cell(80, 5, "Boats are moored by the harbour master every spring. " * 6)
    pdf.set_font("helvetica", size=9)
    pdf.text(20, 100, "Figure 2: Moorings of the harbour")
    pdf.text(20, 104, "in spring.")
    pdf.set_font("helvetica", size=8)
    pdf.text(120, 102.5, "Winter storage Dry dock lifting Frees the water for visitors")
    pdf.output(str(path))
    return path


def test_a_caption_and_a_table_row_beside_it_are_apart(tmp_path: Path) -> None:
    """Dynamo's (SOSP 2007) Figure 2 caption ran on into Table 1's row set 4 pt higher in the other column:
    "Figure 2: Partitioning and replication of keys in Dynamo ring. Recovering from permanent failures
    Anti-entropy using Merkle trees ..."."""
    doc = load(_caption_beside_a_row(tmp_path / "caption.pdf"), 10_000_000)
    blocks = [doc.text[b.start:b.end] for b in doc.blocks if b.kind != "page_break"]
    assert "Figure 2: Moorings of the harbour in spring." in blocks
    assert "Winter storage Dry dock lifting Frees the water for visitors" in blocks
