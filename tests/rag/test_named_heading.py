"""The heading an answer shows over a unit that only points at the code its section names (rag/named_heading.py)."""

import pytest

from rag.named_heading import naming_heading
from tests.rag.conftest import pages_of


@pytest.mark.parametrize("heading, shown, expected", [
    # FastAPI a13: "HTMLResponse" is named only in the heading.
    ("Return an `HTMLResponse` directly",
     "In this example, the function `generate_html_response()` already generates and returns a `Response`.",
     "Return an `HTMLResponse` directly"),
    # The unit names it itself: the heading adds nothing.
    ("About `root_path`", "Pass `root_path` to the app.", ""),
    # A heading with no code names nothing the unit could lack.
    ("Request Files", "Files will be uploaded as form data.", ""),
    # A heading as long as a sentence is no label.
    ("Using `" + "x" * 80 + "`", "It works.", ""),
    ("", "It works.", ""),
])
def test_a_heading_stands_over_a_unit_only_when_it_names_code_the_unit_lacks(heading, shown, expected):
    assert naming_heading(heading, shown) == expected


def test_a_how_to_answered_by_an_example_shows_what_its_section_names(tmp_path_factory):
    # FastAPI a13: the cited unit is the answer's own section ("Return an `HTMLResponse` directly") but says only
    # "the function `generate_html_response()` ... returns a `Response`": what to return was nowhere in the answer.
    with pages_of(tmp_path_factory, "fastapi", ["advanced/custom-response.md", "advanced/response-directly.md",
                                                "tutorial/first-steps.md"]) as fastapi:
        answer = fastapi.ask("How do I return an HTML page instead of JSON?")
    assert not answer.abstained
    assert "HTMLResponse" in answer.answer, answer.answer
    # Once: the heading stands over its unit, not over every unit of its section.
    assert answer.answer.count("Return an `HTMLResponse` directly") <= 1, answer.answer
