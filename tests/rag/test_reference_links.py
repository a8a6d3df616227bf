"""A shortcut reference link (`[httpx.AsyncClient]`, defined elsewhere in its file) is shown as its text; brackets the
file defines no link for are the text's own (a snippet written for this test, in the form of Starlette's docs)."""

from rag.reference_links import defined_labels, shown_links
from rag.units import answer_units

DOCUMENT = """# Test Client

You can use [httpx.AsyncClient] to test your application asynchronously, or read [the AnyIO docs][anyio].

The table [tool.poetry] stays as written, and so does `[httpx.AsyncClient]` in code.

[httpx.AsyncClient]: https://www.python-httpx.org/api/#asyncclient
[anyio]: https://anyio.readthedocs.io/
"""


def test_a_shortcut_link_the_file_defines_is_shown_as_its_text():
    links = defined_labels(DOCUMENT)
    assert links == frozenset({"httpx.asyncclient", "anyio"})
    passage = DOCUMENT[: DOCUMENT.index("[httpx.AsyncClient]:")]
    shown = [u.display for u in answer_units(passage, 0, links=links) if u.kind == "sentence"]
    assert "You can use httpx.AsyncClient to test your application asynchronously, or read the AnyIO docs." in shown
    assert "The table [tool.poetry] stays as written, and so does `[httpx.AsyncClient]` in code." in shown


def test_brackets_in_the_code_a_lead_in_quotes_stay_as_written():
    # The lead-in's words are prose (its link shown as text); the code block it introduces is code, whatever
    # labels the file defines.
    text = "Read [httpx.AsyncClient] first, then write:\n\n```python\nclients = [httpx.AsyncClient]\n```\n"
    units = answer_units(text, 0, links=frozenset({"httpx.asyncclient"}))
    quoting = [u.display for u in units if u.kind in ("lead_in", "introduced_code")]
    assert quoting and all(d.endswith("\nclients = [httpx.AsyncClient]") for d in quoting), quoting
    assert all(d.startswith("Read httpx.AsyncClient first") for d in quoting), quoting


def test_a_footnote_reference_is_no_shortcut_link():
    document = "Ranges are closed [^1] on both ends.\n\n[^1]: Except in the legacy resolver.\n"
    assert defined_labels(document) == frozenset()
    assert shown_links("Ranges are closed [^1] on both ends.", defined_labels(document)) == \
        "Ranges are closed [^1] on both ends."
