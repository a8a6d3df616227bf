"""reStructuredText's lists of terms (definition lists, field lists, option lists) read as the built page
sets them: each term with its definition, not a paragraph of its own above a definition that names nothing."""

from ingest.loaders import load

LIMIT = 50_000_000

# Written for this test (try42): the shapes of requests' "Available hooks:" list, a classifier, a
# definition opening with a list, Sphinx's info fields and a program's options.
HOOKS = """\
Event Hooks
===========

Available hooks:

``response``:
    The response generated from a Request.

``timeout`` : float
    Seconds to wait for the server. Applies to each read.

    A second paragraph about it.

kinds
    * connect
    * read

.. py:function:: fetch(url, retries=0)

   Fetch the page.

   :param url: The address to fetch.
   :param int retries: How many times to try again.
   :returns: The body as bytes.
   :raises ValueError: When the address is empty.

:Author: Ann Lee

-v, --verbose    Print every request.
--output=FILE    Write the body to FILE.
"""


def _load(tmp_path, text):
    page = tmp_path / "hooks.rst"
    page.write_text(text)
    return load(page, LIMIT)


def test_a_term_is_read_with_its_definition(tmp_path):
    # try42: "Which event hooks are available?" of requests' docs: "response:" was a paragraph of its
    # own, "The response generated from a Request." a sentence naming no hook.
    doc = _load(tmp_path, HOOKS)
    assert "response: The response generated from a Request." in doc.text
    # A classifier was glued to its term ("timeoutfloat"); only the first paragraph takes the term.
    assert "timeout (float): Seconds to wait for the server. Applies to each read.\n\nA second paragraph" in doc.text
    assert "timeoutfloat" not in doc.text
    # A definition opening with a list keeps its term above it, as the list's lead-in.
    assert "kinds:\n\n- connect\n\n- read" in doc.text


def test_fields_and_options_are_read_with_their_text(tmp_path):
    doc = _load(tmp_path, HOOKS)
    assert "url: The address to fetch." in doc.text
    assert "retries: How many times to try again." in doc.text
    assert "Returns: The body as bytes." in doc.text
    assert "Raises ValueError: When the address is empty." in doc.text
    assert "Author: Ann Lee" in doc.text
    assert "-v, --verbose: Print every request." in doc.text
    assert "--output=FILE: Write the body to FILE." in doc.text
    assert "param url" not in doc.text


def test_the_answer_unit_names_its_term(tmp_path):
    from rag.units import answer_units

    doc = _load(tmp_path, HOOKS)
    shown = [unit.display for unit in answer_units(doc.text)]
    assert any(text.startswith("response: The response generated from a Request.") for text in shown)
    assert any(text.startswith("url: The address to fetch.") for text in shown)
    assert any(text.endswith("kinds:\n- connect\n- read") for text in shown)


LEAD_IN = """\
Quickstart
==========

First, make sure that:

* Kiln is installed
* Kiln is up-to-date

Then:

#. Load the shelves.
#. Close the lid.

   * Check the seal.

+--------+---------------+
| Cone   | * 04 is low   |
|        | * 10 is high  |
+--------+---------------+
"""


def test_a_lists_items_are_marked_so_its_lead_in_is_read_with_it(tmp_path):
    # try42: requests' "First, make sure that:" was cited alone; its items were paragraphs with no marker,
    # and answer units are built from the text alone.
    from rag.units import answer_units

    doc = _load(tmp_path, LEAD_IN)
    assert "First, make sure that:\n\n- Kiln is installed\n\n- Kiln is up-to-date" in doc.text
    assert "1. Load the shelves.\n\n2. Close the lid.\n\nCheck the seal." in doc.text
    assert "Cone | 04 is low 10 is high" in doc.text  # a cell's list is the row's text, unmarked
    leads = [unit.display for unit in answer_units(doc.text) if unit.kind == "lead_in"]
    assert "First, make sure that:\n- Kiln is installed\n- Kiln is up-to-date" in leads
    assert "Then:\n1. Load the shelves.\n2. Close the lid." in leads
