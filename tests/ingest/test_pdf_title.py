"""A PDF's title as its first page shows it, on real papers (bench/data/docsqa/{pdfdev,papers}, licences
in their NOTICE files): all the lines of a title set on several, not a masthead at the foot of the page,
not the label over the title, not a template's placeholder."""

from pathlib import Path

import pytest

from ingest.loaders import load
from ingest.titles import is_junk_title
from tests.conftest import corpus_document

LIMIT = 100_000_000


@pytest.mark.parametrize(("pdf", "title"), [
    # Two lines; had been the first alone.
    ("pdfdev/corpus/micropub-2025-fly-cell-atlas-ovary.pdf",
     "Analysis of Transcripts in the Fly Cell Atlas Reveals Additional Cell Populations in the Drosophila "
     "melanogaster Ovary"),
    ("papers/corpus/peerj-cs-2017-vespa.pdf", "VESPA: Very large-scale Evolutionary and Selective Pressure Analyses"),
    # Five lines.
    ("papers/corpus/bmc-2014-quality-improvement-malawi.pdf",
     "Understanding the barriers to setting up a healthcare quality improvement process in resource-limited "
     "settings: a situational analysis at the Medical Department of Kamuzu Central Hospital in Lilongwe, Malawi"),
    # Had been "Clinical Science www.clinsci.org", the journal's masthead set larger at the page's foot.
    ("papers/corpus/clinical-science-2014-ace-n-domain-inhibitors.pdf",
     "Fragment-based design for the development of N-domain-selective angiotensin-1-converting enzyme inhibitors"),
    # Had been "Research Article", the label set in the title's size above it.
    ("papers/corpus/rrp-2010-heart-failure-programmes.pdf", "Patient Experiences of Structured Heart Failure Programmes"),
])
def test_the_title_is_the_first_pages_title_all_of_it(pdf, title):
    assert corpus_document(pdf).title == title


@pytest.mark.parametrize("title", [
    "Paper Title (use style: paper title)",  # IEEE's template, left in many papers' metadata
    "Research Article", "R E S E A R C H A R T I C L E Open Access", "Review",
])
def test_placeholders_and_labels_are_no_titles(title):
    assert is_junk_title(title)


@pytest.mark.parametrize("title", ["A Review of OCR Engines", "Zero Trust Architecture", "Open Access Publishing Models"])
def test_titles_that_only_name_such_words_are_kept(title):
    assert not is_junk_title(title)


def _manual(path: Path, lines_under_title: list[str], gap: float = 6) -> Path:
    """A manual's title page, as a series sets it: the series' name large, what follows in the body's
    size, then a page of body text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=18)
    pdf.cell(0, 10, "The Harbour Systems Manual", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    pdf.set_y(pdf.get_y() + gap - 6)
    for line in lines_under_title:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 5, "Moorings are allocated by the harbour master every spring. " * 12)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(("under", "title"), [
    # The volume line tells the two manuals of a series apart (the RISC-V manuals, volumes I and II).
    (["Volume I: Moorings and Berths", "Document Version 2.2"],
     "The Harbour Systems Manual, Volume I: Moorings and Berths"),
    (["Volume II: Pilotage", "Document Version 1.10"], "The Harbour Systems Manual, Volume II: Pilotage"),
    (["Part 3 - Dredging"], "The Harbour Systems Manual, Part 3 - Dredging"),
    # An author or edition line is no part of the title.
    (["Andrew Harbourmaster, Krste Quay", "May 7, 2017"], "The Harbour Systems Manual"),
    (["Document Version 2.2", "Volume I: Moorings"], "The Harbour Systems Manual"),
])
def test_the_volume_line_under_a_series_title_is_part_of_it(tmp_path, under, title):
    assert load(_manual(tmp_path / "manual.pdf", under), LIMIT).title == title


def test_a_volume_line_far_below_the_title_is_not(tmp_path):
    assert load(_manual(tmp_path / "manual.pdf", ["Volume I: Moorings"], gap=60), LIMIT).title == (
        "The Harbour Systems Manual")


def _paper(path: Path, metadata_title: str, page_title: str | None) -> Path:
    """A paper whose metadata names `metadata_title` and whose first page sets `page_title` large (none
    when None)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(metadata_title)
    pdf.add_page()
    if page_title is not None:
        pdf.set_font("helvetica", size=18)
        pdf.cell(0, 10, page_title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, "Moorings are allocated by the harbour master every spring. " * 30)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(("metadata", "page", "title"), [
    # Word's title of the draft a paper grew from, nowhere in it (Dynamo, SOSP 2007: "System Model").
    ("System Model", "Harbour: Highly Available Mooring Allocation", "Harbour: Highly Available Mooring Allocation"),
    # The metadata is right where page 1 misreads or glues the title, and where page 1 sets none.
    ("2Q: Mooring Allocation for Small Harbours", "X3: Mooring Allocation for Small Harbours",
     "2Q: Mooring Allocation for Small Harbours"),
    ("Mooring Allocation for Small Harbours", "MooringAllocationforSmall Harbours", "Mooring Allocation for Small Harbours"),
    ("Mooring Allocation for Small Harbours", None, "Mooring Allocation for Small Harbours"),
    # A cover's stamp set large is no title to prefer.
    ("Mooring Allocation for Small Harbours", "CONFIDENTIAL", "Mooring Allocation for Small Harbours"),
])
def test_a_metadata_title_nowhere_on_page_one_gives_way_to_its_title(tmp_path, metadata, page, title):
    assert load(_paper(tmp_path / "paper.pdf", metadata, page), LIMIT).title == title


@pytest.mark.parametrize(("metadata", "title"), [
    # The 2Q paper's (VLDB 1994) metadata title, double spaces and all.
    ("2Q: Mooring Allocation for Small  Harbours  Revisited", "2Q: Mooring Allocation for Small Harbours Revisited"),
    # Letter-spaced, words two spaces apart.
    ("M o o r i n g  A l l o c a t i o n  f o r  S m a l l  H a r b o u r s", "Mooring Allocation for Small Harbours"),
])
def test_a_metadata_titles_spaces_are_as_one_reads_them(tmp_path, metadata, title):
    assert load(_paper(tmp_path / "paper.pdf", metadata, None), LIMIT).title == title
