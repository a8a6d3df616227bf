"""A document's own citation marks as an answer shows them: "[ref 12]", never a bare "[12]" that reads
as Citeline's marker; code as written. Sentences from the dev papers (bench/data/docsqa/{pdfdev,papers})."""

import pytest

from rag.document_marks import relabel, shown_unit
from rag.markers import parse_marked


@pytest.mark.parametrize(("text", "shown"), [
    ("ACE plays a critical role in blood pressure regulation and electrolyte homoeostasis [1,2].",
     "ACE plays a critical role in blood pressure regulation and electrolyte homoeostasis [refs 1,2]."),
    ("The direct medical costs of heart failure treatment constitute from 1% to 2% of total healthcare "
     "expenditures in developed countries [4].",
     "The direct medical costs of heart failure treatment constitute from 1% to 2% of total healthcare "
     "expenditures in developed countries [ref 4]."),
    ("The resulting calcium influx converts light into an electrical response.[12,33]",
     "The resulting calcium influx converts light into an electrical response.[refs 12,33]"),
    ("Since most crb mutants have abnormally shaped rhabdomeres that do not extend completely,[14–16] we next asked",
     "Since most crb mutants have abnormally shaped rhabdomeres that do not extend completely,[refs 14–16] we next asked"),
    # Marks that stay: not numbers, a Markdown link's text.
    ("share provenance data (e.g., in a software bill of materials [SBOM]).",
     "share provenance data (e.g., in a software bill of materials [SBOM])."),
    ("See [1](https://example.org) and [2][docs].", "See [1](https://example.org) and [2][docs]."),
])
def test_marks_are_relabelled(text, shown):
    assert relabel(text) == shown


def test_a_mark_right_after_a_word_is_a_citation_only_in_a_printed_document():
    pdf = "Rh1 comprises the Opsin protein (encoded by the gene ninaE[19]) conjugated to a chromophore."
    assert "ninaE[ref 19])" in shown_unit(pdf, "sentence", "proteomics.pdf")
    prose = "The script's first argument is sys.argv[1] and the rest follow [2]."
    assert shown_unit(prose, "sentence", "guide.md") == "The script's first argument is sys.argv[1] and the rest follow [ref 2]."


def test_code_is_left_as_written():
    assert shown_unit("first = items[0]\nlast = items[-1]  # see [3]", "code", "paper.pdf").endswith("see [3]")
    assert relabel("Use `argv[1]` for the path [5].") == "Use `argv[1]` for the path [ref 5]."


def test_an_answer_made_of_relabelled_units_cites_only_its_own_sources():
    sentence = relabel("ACE plays a critical role in electrolyte homoeostasis [1,2].")
    parsed = parse_marked(f"{sentence} [2]")
    assert [s.numbers for s in parsed] == [[2]]  # the paper's 1 and 2 are no markers


def _lead_in_shown(document: str, path: str = "guide.md") -> str:
    from rag.units import answer_units

    unit = next(u for u in answer_units(document) if u.kind in ("lead_in", "introduced_code") and "[" in u.display)
    return shown_unit(unit.display, unit.kind, path, unit.text)


@pytest.mark.parametrize("fence", ["```python", "```{code-block} python\n:caption: cat.py\n:linenos:\n"])
def test_a_lead_in_mark_is_relabelled_before_a_myst_directive_s_options(fence):
    """A MyST code-block opens with options the display drops: the lead-in's "[3]" is still the
    document's, and the code's `argv[1]` still as written."""
    shown = _lead_in_shown(f"Use the helper as shown in the guide [3]:\n\n{fence}\n\nx = argv[1]\n```\n")
    assert "guide [ref 3]" in shown and "argv[1]" in shown


def test_when_the_code_start_is_not_found_the_lead_in_line_is_still_relabelled():
    # The display's code does not start with the block's first line as the text holds it.
    shown = shown_unit("Run it as the paper says [2]:\nrun(x[1])", "lead_in", "guide.md",
                       "Run it as the paper says [2]:\n```\n  # nothing of this shows\n```\n")
    assert shown == "Run it as the paper says [ref 2]:\nrun(x[1])"


def test_the_code_of_a_lead_in_is_found_when_its_first_line_is_indented_past_the_others():
    # The code is shown de-indented evenly (rag/units.py): a first line deeper than the rest keeps
    # some of its indent, and is still where the code starts.
    from rag.document_marks import code_start
    from rag.units import answer_units

    text = "Write this:\n\n```python\n        x = compute(\n    a, b)\nprint(x)\n```\n\nDone.\n"
    unit = next(u for u in answer_units(text) if u.kind == "lead_in")
    shown = shown_unit(unit.display, unit.kind, "page.md", unit.text)
    at = code_start(shown, unit.kind, unit.text)
    assert at is not None and shown[at:] == "        x = compute(\n    a, b)\nprint(x)"


def test_the_code_of_a_lead_in_to_an_indented_block_is_left_as_written():
    """Code indented four spaces (Django REST framework's docs) is code as a fenced block's is."""
    shown = _lead_in_shown("Use the helper as shown in the guide [3]:\n\n    x = argv[1]\n    y = argv[2]\n")
    assert "guide [ref 3]" in shown and "x = argv[1]" in shown
