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
