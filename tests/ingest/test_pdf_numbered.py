"""Numbered headings set in bold at the body's size head their sections (ingest/pdf_numbered.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import LoadedDocument, load
from ingest.pdf_numbered import numbered_levels
from ingest.pdf_text import Line

LIMIT = 10_000_000
NIST_207 = Path(__file__).resolve().parents[2] / "bench/data/docsqa/papers/corpus/nist-sp-800-207-zero-trust-architecture.pdf"


@pytest.fixture(scope="module")
def zero_trust() -> LoadedDocument:
    """NIST SP 800-207 (papers dev set, public domain): its sections are headed in bold at 12 pt over
    12 pt text, its sub-sections at 11 pt; the text had no heading past its cover pages."""
    return load(NIST_207, LIMIT)


def _path_of(doc: LoadedDocument, sentence: str) -> tuple[str, ...]:
    at = doc.text.index(sentence)
    return next(b.path for b in doc.blocks if b.kind != "heading" and b.start <= at < b.end)


def test_a_passage_under_a_numbered_sub_sub_section_has_its_heading_path(zero_trust):
    path = _path_of(zero_trust, "The enhanced identity governance approach to developing a ZTA")
    assert path[-3:] == ("3 Logical Components of Zero Trust Architecture",
                         "3.1 Variations of Zero Trust Architecture Approaches",
                         "3.1.1 ZTA Using Enhanced Identity Governance")


def test_the_next_section_closes_the_sub_sections_before_it(zero_trust):
    path = _path_of(zero_trust, "Any enterprise environment can be designed with zero trust tenets in mind")
    assert path[-1] == "4 Deployment Scenarios/Use Cases"
    assert not any(heading.startswith("3") for heading in path)


def test_a_heading_wrapped_onto_a_second_line_is_one_heading(zero_trust):
    headings = [zero_trust.text[b.start:b.end] for b in zero_trust.blocks if b.kind == "heading"]
    assert "6 Zero Trust Architecture and Possible Interactions with Existing Federal Guidance" in headings
    assert "Guidance" not in headings


def test_contents_entries_and_numbered_list_items_are_no_headings(zero_trust):
    headings = [zero_trust.text[b.start:b.end] for b in zero_trust.blocks if b.kind == "heading"]
    numbered = [h for h in headings if h[:1].isdigit()]
    # Each section once (its contents entry is none), and no tenet of the numbered lists under 2.1 and 2.2.
    assert len(numbered) == len(set(numbered)) == 53, numbered
    assert not any(h.startswith(("1. ", "4. ")) for h in headings), headings


def _line(text: str, y: float, bold: bool = True, size: float = 11.0) -> Line:
    return Line(text, size, y, 72.0, bold=bold)


def test_a_numbered_line_is_a_heading_only_bold_short_and_in_sequence():
    page = [
        _line("1 Scope", 700),
        _line("This report covers the harbor's piers.", 686, bold=False),
        _line("1.1 Piers Built Before the War", 660),
        _line("2 The Piers Are Sound and Need No Repair Before Winter.", 640),  # a sentence
        _line("1.2 Repairs", 620, bold=False),  # not bold
        _line("3.4 Breakers", 600),  # no section 2 or 3 before it
        _line("1.2 Repairs", 580),
    ]
    assert numbered_levels([page], 2) == [[3, 0, 4, 0, 0, 0, 4]]


def test_a_page_listing_contents_has_no_heading():
    page = [
        _line("1 Scope ........................ 3", 700),
        _line("1.1 Piers Built Before the War .... 4", 686),
        _line("1.2 Repairs Done Since the Storms of", 672),
        _line("the Winter", 658),
        _line("2 Outlook ...................... 9", 644),
    ]
    assert numbered_levels([page, [_line("1 Scope", 700)]], 0) == [[0] * 5, [1]]
