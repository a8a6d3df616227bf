"""A PDF's title as its first page shows it, on real papers (bench/data/docsqa/{pdfdev,papers}, licences
in their NOTICE files): all the lines of a title set on several, not a masthead at the foot of the page,
not the label over the title, not a template's placeholder."""

from pathlib import Path

import pytest

from ingest.loaders import load
from ingest.titles import is_junk_title

LIMIT = 100_000_000
DOCSQA = Path(__file__).resolve().parents[2] / "bench/data/docsqa"


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
    assert load(DOCSQA / pdf, LIMIT).title == title


@pytest.mark.parametrize("title", [
    "Paper Title (use style: paper title)",  # IEEE's template, left in many papers' metadata
    "Research Article", "R E S E A R C H A R T I C L E Open Access", "Review",
])
def test_placeholders_and_labels_are_no_titles(title):
    assert is_junk_title(title)


@pytest.mark.parametrize("title", ["A Review of OCR Engines", "Zero Trust Architecture", "Open Access Publishing Models"])
def test_titles_that_only_name_such_words_are_kept(title):
    assert not is_junk_title(title)
