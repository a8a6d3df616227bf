"""A report's cover lines are text under its title, not headings over its body (ingest/pdf_front_matter.py)."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from ingest.loaders import LoadedDocument, load
from tests.conftest import corpus_document

LIMIT = 100_000_000
ZERO_TRUST = "papers/corpus/nist-sp-800-207-zero-trust-architecture.pdf"
SSDF = "pdfdev/corpus/nist-sp-800-218-secure-software-development-framework.pdf"
# What NIST sets large on its cover and title page: the authors, an affiliation, where the report is
# available, its date.
COVER_LINES = {"Scott Rose Oliver Borchert", "Advanced Network Technologies Division Information Technology Laboratory",
               "This publication is available free of charge from:", "August 2020", "Murugiah Souppaya",
               "Donna Dodson*", "February 2022", "NIST Special Publication 800-207", "NIST Special Publication 800-218"}


@pytest.fixture(scope="module")
def zero_trust() -> LoadedDocument:
    return corpus_document(ZERO_TRUST)


@pytest.fixture(scope="module")
def ssdf() -> LoadedDocument:
    return corpus_document(SSDF)


def _page(doc: LoadedDocument, start: int) -> int:
    return bisect.bisect_right(doc.page_starts, start)


def _block_with(doc: LoadedDocument, words: str):
    return next(b for b in doc.blocks if b.kind != "heading" and words in doc.text[b.start:b.end])


def test_a_reports_body_is_under_its_title_not_its_cover_date(zero_trust):
    """NIST SP 800-207's body was located "Zero Trust Architecture › August 2020": the cover's date, set
    larger than the body, was read as a heading over everything after it."""
    assert zero_trust.title == "Zero Trust Architecture"
    tenets = _block_with(zero_trust, "basic tenets")
    assert _page(zero_trust, tenets.start) > 2
    assert tenets.path == ("Zero Trust Architecture",)
    assert not any(set(b.path) & COVER_LINES for b in zero_trust.blocks if _page(zero_trust, b.start) > 2)


def test_the_cover_lines_are_text_under_the_title(zero_trust):
    date = _block_with(zero_trust, "August 2020")
    assert _page(zero_trust, date.start) == 2
    assert date.kind == "paragraph" and date.path == ("Zero Trust Architecture",)
    headings = [b.label for b in zero_trust.blocks if b.kind == "heading"]
    assert headings[0] == "Zero Trust Architecture" and not set(headings) & COVER_LINES


def test_a_title_ending_in_a_colon_keeps_its_subtitle(ssdf):
    """NIST SP 800-218 sets its title on two sizes, "... (SSDF) Version 1.1:" over its subtitle: both stay
    the title's headings; its authors, availability line and date ("February 2022") no longer head the body."""
    title = ("Secure Software Development Framework (SSDF) Version 1.1:",
             "Recommendations for Mitigating the Risk of Software Vulnerabilities")
    assert ssdf.title == " ".join(title)
    practice = _block_with(ssdf, "Secure and harden development endpoints")
    assert practice.path == title
    assert not any(set(b.path) & COVER_LINES for b in ssdf.blocks)


def _pdf(path: Path, pages: list[list[tuple[int, str]]]) -> Path:
    """A PDF of `pages`, each a list of (font size, text) set one after another."""
    from fpdf import FPDF

    pdf = FPDF()
    for lines in pages:
        pdf.add_page()
        for size, text in lines:
            pdf.set_font("helvetica", size=size)
            pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_a_cover_of_a_title_authors_and_a_date_heads_nothing(tmp_path):
    """The rule reads the cover's shape (large lines, no sentence), not NIST's wording."""
    body = "Moorings are allocated by the harbour master every spring. " * 20
    doc = load(_pdf(tmp_path / "report.pdf", [
        [(24, "Harbour Mooring Allocation"), (14, "Ada Quay and Ben Pier"), (14, "Harbour Research Institute"),
         (14, "March 2027")],
        [(14, "Background"), (10, body), (14, "Allocation"), (10, body)]]), LIMIT)
    assert doc.title == "Harbour Mooring Allocation"
    allocation = next(b for b in doc.blocks if b.kind == "heading" and b.label == "Allocation")
    assert allocation.path == ("Harbour Mooring Allocation", "Allocation")
    date = _block_with(doc, "March 2027")
    assert date.kind == "paragraph" and date.path == ("Harbour Mooring Allocation",)


def test_a_memos_short_sections_on_page_one_stay_headings(tmp_path):
    """A page 1 of as many headings as paragraphs is no cover when its paragraphs are sentences."""
    doc = load(_pdf(tmp_path / "memo.pdf", [
        [(24, "Harbour Moorings for 2027"), (14, "Purpose"),
         (10, "This memo sets out how the moorings are allocated for next spring. Owners keep the berths they "
              "held this year. New owners wait for a berth to fall free, in the order they applied."),
         (14, "Action"),
         (10, "Owners confirm their berths with the harbour master by the end of March. A berth not confirmed "
              "by then goes to the first owner waiting, who is told by letter.")]]), LIMIT)
    action = _block_with(doc, "Owners confirm")
    assert action.path == ("Harbour Moorings for 2027", "Action")
