"""A Markdown passage as its page reads (rag/shown_passage.py): framing lines, fences and include
directives left out, every other character kept, and a span of the source mapped onto what is shown."""

import pytest

from rag.shown_passage import shown_passage

PAGE = '''## Print the Deleted Object

Now the hero is deleted from the database.

If we tried to use `session.refresh()` with it, it would raise an exception.

//// tab | Python 3.10+

```Python hl_lines="13"
# Code above omitted 👆

{!./docs_src/tutorial/delete/tutorial001_py310.py[ln:70-80]!}

{* ./docs_src/tutorial/delete/tutorial001.py ln[1:4] hl[3] *}
```

////

/// details | 👀 Full file preview

<div class="termy">

```console
$ python app.py
```

</div>

///

=== "Python 3.7+"

    Tabbed text.

!!! tip
    A tip.

<!-- a comment -->
The end.
'''


def _assert_own(shown, text: str) -> None:
    """Every character shown is the source's own, at its offset."""
    for run in shown.kept:
        assert shown.text[run.shown : run.shown + run.end - run.start] == text[run.start : run.end]


def test_framing_lines_and_fences_are_left_out_and_the_rest_kept():
    shown = shown_passage(PAGE, "docs/delete.md")
    assert shown.text == '''## Print the Deleted Object

Now the hero is deleted from the database.

If we tried to use `session.refresh()` with it, it would raise an exception.

$ python app.py

Python 3.7+

Tabbed text.

A tip.

The end.
'''


def test_a_span_maps_onto_the_same_characters():
    shown = shown_passage(PAGE, "docs/delete.md")
    for sentence in ("If we tried to use `session.refresh()` with it, it would raise an exception.", "The end.",
                     "$ python app.py", "A tip."):
        start = PAGE.index(sentence)
        assert shown.text[shown.at(start):shown.at(start + len(sentence))] == sentence
    # A span running over left-out lines shows what of it is kept, from its first to its last character.
    start, end = PAGE.index("If we tried"), PAGE.index("/// details")
    assert shown.text[shown.at(start):shown.at(end)] == ("If we tried to use `session.refresh()` with it, it would "
                                                         "raise an exception.\n\n")
    assert shown.at(len(PAGE)) == len(shown.text) and shown.at(0) == 0


def test_code_keeps_its_own_html_and_a_directive_its_code():
    page = '```html\n<div class="x">\n---\n</div>\n```\n\n```{code-block} python\n:caption: a.py\n\nimport a\n```\n'
    assert shown_passage(page, "a.md").text == '<div class="x">\n---\n</div>\n\nimport a\n'


def test_other_documents_are_shown_as_they_are():
    text = "/// not markup here\n<div>\n```x\ny\n```\n"
    shown = shown_passage(text, "notes.txt")
    assert shown.text == text and shown.at(7) == 7


def test_restructured_text_and_html_read_as_the_markdown_their_loaders_write():
    # ingest writes an .rst or .html page's headings as `#` lines and its code in fences: a reader is shown neither
    text = "## How to generate good secret keys\n\nRun this:\n\n```\n$ python -c 'import secrets'\n```\n"
    for path in ("docs/config.rst", "site/deploy.HTML", "page.htm"):
        shown = shown_passage(text, path)
        assert shown.markdown and "```" not in shown.text, path
        assert shown.text[shown.code[0].start:shown.code[0].end] == "$ python -c 'import secrets'\n"
    assert not shown_passage(text, "notes.txt").markdown


def test_a_passage_ending_inside_a_code_block_keeps_its_last_code_line():
    text = "Create the engine:\n\n```Python\nengine = create_engine(url)\nSQLModel.metadata.create_all(engine)"
    shown = shown_passage(text, "tutorial/engine.md").text
    assert "SQLModel.metadata.create_all(engine)" in shown and "```" not in shown


def test_a_block_of_include_lines_only_is_left_out_whole():
    text = ("Create the database and table:\n\n```Python hl_lines=\"16\"\n{!./docs_src/tutorial/create_db.py!}\n\n"
            "# Code above omitted 👆\n```\n\nThen run it.\n")
    shown = shown_passage(text, "tutorial/create-db.md").text
    assert shown == "Create the database and table:\n\nThen run it.\n", shown


def test_front_matter_is_no_line_of_the_page():
    text = "---\ntitle: Otters\ntags: [a, b]\n---\n\n# Otters\n\nOtters hold hands.\n"
    shown = shown_passage(text, "otters.md")
    assert shown.text == "# Otters\n\nOtters hold hands.\n", shown.text
    start = text.index("Otters hold")
    assert shown.text[shown.at(start):shown.at(start + 18)] == "Otters hold hands."


def test_a_python_line_starting_like_an_include_is_shown_and_a_snippet_line_is_not():
    page = 'Merge them:\n\n```python\n--8<-- "docs/setup.py"\nmerged = (\n    {*a, *b}\n)\n```\n'
    shown = shown_passage(page, "x.md").text
    assert "    {*a, *b}\n" in shown and "merged = (" in shown
    assert "--8<--" not in shown and "```" not in shown


def test_include_lines_of_each_form_beside_real_code_are_left_out():
    page = '```python\n{!./docs_src/x.py!}\n{* ./docs_src/x.py hl[3] *}\n--8<-- "x.md"\nimport os\n```\n'
    assert shown_passage(page, "x.md").text == "import os\n"


def test_a_lookup_matching_words_the_page_reading_leaves_out_still_shows_and_marks_them():
    # An admonition's title and a link definition are lines the reading hides: a mark on nothing would
    # show the reader no trace of what the lookup found.
    from rag.shown_passage import shown_match
    from rag.types import CiteMatch

    for before, text, after in (('Intro text.\n\n!!! warning "', "Deprecated since version 2.0", '"\n\n    Use the new client.\n'),
                                ("Intro text.\n\n", "[pypi]: https://pypi.org/project/citeline", "\n\nMore.\n")):
        match = CiteMatch(kind="exact", score=1.0, doc_id="d", path="page.md", title="Page", start=13,
                          end=13 + len(text), text=text, before=before, after=after)
        quote = shown_match(match)
        assert quote.text[quote.start : quote.end] == text
        assert "Intro text." in quote.text


# Written for this test in the form Starlette's docs use (docs/middleware.md): a titled admonition and content tabs
# whose code is indented under them.
BOXES = '''The middleware will handle both standard and streaming responses.

??? info "Buffer on streaming responses"
    On streaming responses, the middleware will buffer the response.

    Instead, we buffer the response until it reaches a certain size.

=== "❌ Don't"

    ```python
    class MockResponseBodyMiddleware:
        def __init__(self, app):
            self.should_mock = False
    ```

!!! note
    Untitled.
'''


def test_a_boxs_title_and_a_tabs_label_head_their_text_which_is_shown_flush_left():
    shown = shown_passage(BOXES, "docs/middleware.md")
    assert shown.text == '''The middleware will handle both standard and streaming responses.

Buffer on streaming responses
On streaming responses, the middleware will buffer the response.

Instead, we buffer the response until it reaches a certain size.

❌ Don't

class MockResponseBodyMiddleware:
    def __init__(self, app):
        self.should_mock = False

Untitled.
''', shown.text
    _assert_own(shown, BOXES)
    at = BOXES.index("self.should_mock")
    assert shown.text[shown.at(at) :].startswith("self.should_mock = False")


def test_a_cited_span_running_past_its_passage_is_shown_within_its_tab():
    from rag.shown_passage import shown_source
    from rag.types import Source

    code_at = BOXES.index("class MockResponseBodyMiddleware")
    end = BOXES.index("\n    ```\n\n!!!")
    # The chunk ends inside the tab's code; the answer quoted the code whole from the document.
    passage = BOXES[: BOXES.index("def __init__")]
    source = Source(n=1, doc_id="d", path="docs/middleware.md", title="Middleware", start=code_at, end=end,
                    text=BOXES[code_at:end], chunk_id="c", passage=passage, passage_start=0)
    quote = shown_source(source)
    assert quote.text[quote.start : quote.end] == ("class MockResponseBodyMiddleware:\n    def __init__(self, app):\n"
                                                   "        self.should_mock = False"), quote.text
    assert "❌ Don't\n\nclass MockResponseBodyMiddleware:" in quote.text


def test_an_indented_code_block_is_shown_as_code():
    """Code indented four spaces (Django REST framework's docs): the /view page and the Source panel set it
    as code, as a fenced block's; a list item's indented paragraph stays prose."""
    text = "Set it like this:\n\n    REST_FRAMEWORK = {\n        'anon': '100/day',\n    }\n\n- item\n\n    more of the item\n"
    shown = shown_passage(text, "api-guide/throttling.md")
    code = "".join(shown.text[r.start:r.end] for r in shown.code)
    assert "REST_FRAMEWORK = {" in code and "'anon': '100/day'," in code
    assert "more of the item" not in code


@pytest.mark.parametrize("text,shown_text", [
    # try39 (attrs' docs): a passage starting inside a `:::{note}` box showed its closing ":::", then "(validators)=";
    # a `%` comment line showed too. A console prompt `%` in code, and "50%" in prose, stay.
    pytest.param(":::\n\n(validators)=\n\n## Validators\n\nValidators run after converters.\n% {func} does not work here.\n"
                 "More text.\n\n```console\n% python app.py\n```\n\n50% of it.\n",
                 "## Validators\n\nValidators run after converters.\nMore text.\n\n% python app.py\n\n50% of it.\n",
                 id="myst target, comment, a box's closing fence"),
    # An eval-rst field's `:param `, an admonition's `.. note:: ` before the text on its line, a literal block's "::".
    pytest.param("# Prompts\n\n```{eval-rst}\n.. note:: Prompts read from stdin.\n\nFor example::\n\n    click.prompt('Name')\n\n"
                 ":param text: the text to show for the prompt\n    on two lines.\n:returns: the value typed.\n```\n",
                 "# Prompts\n\nPrompts read from stdin.\n\nFor example:\n\nclick.prompt('Name')\n\n"
                 "text: the text to show for the prompt\non two lines.\nreturns: the value typed.\n",
                 id="eval-rst field, note, literal block"),
])
def test_markup_the_page_does_not_show_is_left_out(text, shown_text):
    shown = shown_passage(text, "page.md")
    assert shown.text == shown_text
    _assert_own(shown, text)


def test_an_eval_rst_block_reads_as_its_page_with_its_tabs_labels():
    # Click's docs/shell-completion.md (tests/ingest/fixtures/click, BSD-3-Clause, Copyright 2014 Pallets).
    from pathlib import Path

    page = (Path(__file__).parent.parent / "ingest" / "fixtures" / "click" / "shell-completion.md").read_text()
    text = page[page.index("Provide your users") : page.index("Using `eval` means")]
    shown = shown_passage(text, "shell-completion.md")
    assert ".. " not in shown.text and "eval-rst" not in shown.text
    assert shown.text.startswith("Provide your users with the following instructions customized to your program "
                                 "name. This uses `foo-bar` as an example.\n\nBash\n\nAdd this to ``~/.bashrc``:\n\n"
                                 'eval "$(_FOO_BAR_COMPLETE=bash_source foo-bar)"\n\nZsh\n')
    assert "\n$env:_FOO_BAR_COMPLETE = 'powershell_source'\nfoo-bar | Out-String | Invoke-Expression\n" in shown.text
    assert [shown.text[c.start : c.end].strip() for c in shown.code][:2] == [
        'eval "$(_FOO_BAR_COMPLETE=bash_source foo-bar)"', 'eval "$(_FOO_BAR_COMPLETE=zsh_source foo-bar)"']
    _assert_own(shown, text)


# After pip's docs (MIT licence; docs/html/installation.md, topics/configuration.md): a MyST tab, and a definition
# list in one.
MYST_TABS = """If run directly:

````{tab} Windows
```doscon
C:> .\\pip.pyz
```

then the currently active Python interpreter will be used.
````

```{tab} Windows

User
: {file}`%APPDATA%\\pip\\pip.ini`
```
"""


def test_a_myst_tab_shows_its_label_over_its_text_and_a_definition_its_text_under_its_term():
    shown = shown_passage(MYST_TABS, "installation.md")
    assert shown.text == ("If run directly:\n\nWindows\nC:> .\\pip.pyz\n\nthen the currently active Python interpreter "
                          "will be used.\n\nWindows\n\nUser\n{file}`%APPDATA%\\pip\\pip.ini`\n")
    at = MYST_TABS.index("C:>")
    assert shown.text[shown.at(at) :].startswith("C:> .")
