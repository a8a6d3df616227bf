"""A report's cover lines are text under its title, not headings over its body (ingest/pdf_front_matter.py)."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from ingest.loaders import LoadedDocument, load

LIMIT = 100_000_000
DOCSQA = Path(__file__).resolve().parents[2] / "bench/data/docsqa"
ZERO_TRUST = DOCSQA / "papers/corpus/nist-sp-800-207-zero-trust-architecture.pdf"
SSDF = DOCSQA / "pdfdev/corpus/nist-sp-800-218-secure-software-development-framework.pdf"
# What NIST sets large on its cover and title page: the authors, an affiliation, where the report is
# available, its date.
COVER_LINES = {"Scott Rose Oliver Borchert", "Advanced Network Technologies Division Information Technology Laboratory",
               "This publication is available free of charge from:", "August 2020", "Murugiah Souppaya",
               "Donna Dodson*", "February 2022", "NIST Special Publication 800-207", "NIST Special Publication 800-218"}


@pytest.fixture(scope="module")
def zero_trust() -> LoadedDocument:
    return load(ZERO_TRUST, LIMIT)


@pytest.fixture(scope="module")
def ssdf() -> LoadedDocument:
    return load(SSDF, LIMIT)


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
