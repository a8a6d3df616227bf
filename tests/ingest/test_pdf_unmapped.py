"""Glyphs pypdf reads as U+FFFD (a PDF cut before its fonts): read as pdfium reads them, lines kept."""

from ingest import pdf_unmapped
from ingest.loaders import load
from ingest.pdf_dingbats import BULLET
from ingest.pdf_recovery import split_pages
from ingest.pdf_text import Line, PageText
from ingest.pdf_unmapped import mend, with_mapped_glyphs
from tests.conftest import DOCSQA

NIST = DOCSQA / "pdfdev/corpus/nist-sp-800-218-secure-software-development-framework.pdf"
X = "\ufffd"


def _cut_nist(tmp_path):
    """The first 60 % of the corpus file's bytes, as a download cut short leaves it."""
    cut = tmp_path / NIST.name
    data = NIST.read_bytes()
    cut.write_bytes(data[: len(data) * 6 // 10])
    return cut


def _page(*texts: str) -> PageText:
    return PageText([Line(text, 9.0, 700.0 - 12 * n, 72.0) for n, text in enumerate(texts)])


def test_runs_are_read_as_pdfium_reads_them_and_lines_keep_their_place():
    page = _page("the software being developed is well-secured.", X * 9,
                 "Few software development life cycle models", "groups:",
                 "1." + X + " Prepare the Organization (PO): Organizations should",
                 X * 3 + " Practice: The name of the practice", X * 3 + " Tasks: One or more actions")
    pdfium = ("the software being developed is well-secured.\r\nAbstract\r\nFew software development life cycle "
              "models\r\ngroups:\r\n1. Prepare the Organization (PO): Organizations should\r\n"
              "x Practice: The name of the practice\r\nx Tasks: One or more actions")
    lines = mend(page, pdfium).lines
    assert [line.text for line in lines] == [
        "the software being developed is well-secured.", "Abstract", "Few software development life cycle models",
        "groups:", "1. Prepare the Organization (PO): Organizations should",
        # pdfium's fallback encoding reads the lost bullet glyph as a letter; starting lines alone, it is a bullet
        f"{BULLET} Practice: The name of the practice", f"{BULLET} Tasks: One or more actions"]
    assert [(line.size, line.y, line.x) for line in lines] == [(line.size, line.y, line.x) for line in page.lines]


def test_a_run_spanning_lines_is_shared_at_pdfiums_line_breaks():
    page = _page("other management activities." + X, X + " " + X * 8 + " " + X, "secure software development;")
    pdfium = "other management activities.\r\nKeywords\r\nsecure software development;"
    assert [line.text for line in mend(page, pdfium).lines] == [
        "other management activities.", "Keywords", "secure software development;"]


def test_what_pdfium_cannot_place_or_read_stays_as_read():
    page = _page("Reports on the harbor " + X * 4, "A run " + X * 3 + " pdfium reads unmapped too")
    pdfium = "a different page altogether\r\nA run \ufffd\ufffd pdfium reads unmapped too"
    assert mend(page, pdfium).lines == page.lines
    # Far more characters than the run could stand for: not the run's.
    page = _page("before the run", X * 2, "after the run")
    assert mend(page, "before the run\r\n" + "many words " * 10 + "\r\nafter the run").lines == page.lines


def test_a_pdf_without_replacement_characters_does_not_open_pdfium(monkeypatch, tmp_path):
    import pypdfium2

    def refuse(*args, **kwargs):
        raise AssertionError("pdfium opened for pages pypdf read whole")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    pages = [_page("A page pypdf read whole.")]
    assert with_mapped_glyphs(tmp_path / "any.pdf", pages) is pages


def test_a_cut_pdf_is_indexed_without_replacement_characters(tmp_path):
    """The first 60 % of NIST SP 800-218: its fonts stood after the cut, so pypdf read its headings, bullets
    and list numbers as U+FFFD, too few on most pages to call the page unreadable. "The practices are
    organized into four groups:" was answered alone: its numbered items read "1.� Prepare"."""
    doc = load(_cut_nist(tmp_path), 50_000_000)
    assert doc.partial and X not in doc.text
    pages = split_pages(doc)
    assert "Abstract\n\nFew software development life cycle (SDLC) models" in pages[3]
    assert "The practices are organized into four groups:\n\n1. Prepare the Organization (PO):" in doc.text
    assert f"Each practice definition includes the following elements:\n\n{BULLET} Practice: The name" in doc.text
    # Every page read again was mended, none swapped for pdfium's raw lines.
    assert not any("re-extracted with pdfium" in warning for warning in doc.warnings)
    assert "\r" not in doc.text


def test_what_no_reading_maps_is_said_in_one_line_naming_its_pages(tmp_path, monkeypatch):
    """Without the mending (as when pdfium cannot map the glyphs either) the pages under the unreadable
    threshold keep their U+FFFD: indexed as read, and the report says where."""
    monkeypatch.setattr(pdf_unmapped, "mend", lambda page, text: page)
    doc = load(_cut_nist(tmp_path), 50_000_000)
    pages = [n + 1 for n, text in enumerate(split_pages(doc)) if X in text]
    assert pages and doc.warnings[-1] == (
        f"{doc.text.count(X):,} characters on page(s) {', '.join(map(str, pages[:10]))} are glyphs of a font "
        "the file does not map (U+FFFD): indexed as read")
    assert not any(X in warning for warning in doc.warnings[:-1])
