"""MyST eval-rst blocks read as the reST they hold: code, paragraphs and items as a built page shows them,
directive lines markup, every line of the block in one part or another (none lost, none read twice).

The page is Click's docs/shell-completion.md (tests/ingest/fixtures/click, BSD-3-Clause, Copyright 2014 Pallets);
the other snippets after its docs/options.md and docs/advanced.md."""

import time
from pathlib import Path

import pytest

from rag.eval_rst import directive_label, opens_eval_rst, rst_parts, tab_directive_label

# The body of the page's first eval-rst block: sphinx-tabs, each a lead-in over a code block.
PAGE = (Path(__file__).parent.parent / "ingest" / "fixtures" / "click" / "shell-completion.md").read_text()
TABS = PAGE[PAGE.index("```{eval-rst}\n") + 14 : PAGE.index("```\n\nUsing `eval`")]

EXAMPLE = """\
.. click:example::

    @click.command()
    @click.option('--version', is_flag=True, is_eager=True)
    def hello():
        click.echo('Hello World!')

.. click:run::

    invoke(hello, args=['--version'])
"""


def _read(text: str) -> list[tuple[str, str]]:
    lines = text.splitlines()
    out = []
    for part in rst_parts(lines):
        held = lines[part.first : part.last + 1]
        held[-1] = held[-1][: len(held[-1]) - part.cut]
        held[0] = held[0][part.skip :]
        out.append((part.kind, "\n".join(held).strip()))
    return out


def _covered(text: str) -> None:
    """Every line with words is in exactly one part."""
    lines = text.splitlines()
    seen = [0] * len(lines)
    for part in rst_parts(lines):
        for k in range(part.first, part.last + 1):
            seen[k] += 1
    assert all(n == 1 for n, line in zip(seen, lines) if line.strip()), seen
    assert all(n <= 1 for n in seen)


def test_tabs_read_as_labels_prose_and_code():
    parts = _read(TABS)
    assert parts[:5] == [("marker", ".. tabs::"), ("label", ".. group-tab:: Bash"),
                         ("paragraph", "Add this to ``~/.bashrc``:"), ("marker", ".. code-block:: bash"),
                         ("code", 'eval "$(_FOO_BAR_COMPLETE=bash_source foo-bar)"')]
    assert ("paragraph", "This is the same file used for the activation script method\n        below. For Fish it's "
                         "probably always easier to use that method.") in parts
    assert parts[-1][0] == "code" and parts[-1][1].endswith("Remove-Item Env:_FOO_BAR_COMPLETE")
    _covered(TABS)


def test_an_example_is_code_and_its_run_is_markup():
    parts = _read(EXAMPLE)
    assert [kind for kind, _ in parts] == ["marker", "code", "marker", "marker"]
    assert parts[1][1].startswith("@click.command()") and parts[1][1].endswith("click.echo('Hello World!')")
    _covered(EXAMPLE)


def test_a_directive_with_options_and_no_blank_line_before_its_body():
    text = ".. code-block:: python\n    :caption: cli.py\n    import click\n\nAfter it.\n"
    assert _read(text) == [("marker", ".. code-block:: python"), ("marker", ":caption: cli.py"),
                           ("code", "import click"), ("paragraph", "After it.")]


def test_a_literal_block_after_a_paragraph_ending_in_two_colons():
    text = "Call it so::\n\n    cli --help\n\nOr so ::\n\n    cli -h\n\n::\n\n    cli\n"
    assert _read(text) == [("paragraph", "Call it so:"), ("code", "cli --help"), ("paragraph", "Or so"),
                           ("code", "cli -h"), ("marker", "::"), ("code", "cli")]


def test_fields_read_without_their_colons():
    text = ":param name: the name to greet.\n:returns: the greeting,\n    on two lines.\n"
    assert _read(text) == [("paragraph", "name: the name to greet."),
                           ("paragraph", "returns: the greeting,\n    on two lines.")]


def test_an_admonition_with_text_on_its_line_keeps_the_text():
    text = ".. note:: Writing to params directly\n   bypasses the pipeline.\n\n.. caution::\n\n   Prefer the wrapper.\n"
    parts = rst_parts(text.splitlines())
    assert parts[0].kind == "label" and parts[0].label == "Note" and parts[0].last == 1
    assert _read(text)[0] == ("label", "Writing to params directly\n   bypasses the pipeline.")
    assert _read(text)[1:] == [("label", ".. caution::"), ("paragraph", "Prefer the wrapper.")]


def test_comments_targets_titles_and_items():
    text = ".. _label:\n\n.. |x| replace:: y\n\nTitle\n=====\n\n* one\n* two\n\n*   .. autoclass:: Choice\n       :noindex:\n"
    assert _read(text) == [("marker", ".. _label:"), ("marker", ".. |x| replace:: y"), ("paragraph", "Title"),
                           ("marker", "====="), ("item", "* one"), ("item", "* two"),
                           ("marker", "*   .. autoclass:: Choice\n       :noindex:")]


@pytest.mark.parametrize("text", [
    "", "\n\n", "::", ".. code-block:: python", ".. code-block:: python\n", ".. note::", ".. tabs::\n    .. tab::",
    "Text::", "Text::\n\n", "    indented alone\n", "* \n", ":: x\n    y", ".. \n   z", ":a:\n:b:", "=====\n",
    "\t.. code-block::\tpython\n\n\t\tx\n", ".. code-block:: python\n\n    ```\n    x\n    ```\n",
])
def test_hostile_bodies_are_read_whole(text):
    _covered(text)


def test_labels():
    assert directive_label(".. note::") == "Note"
    assert directive_label("   .. versionadded:: 8.2 text") == "Added in version 8.2"
    assert directive_label(".. seealso::") == "See also"
    assert directive_label(".. code-block:: python") == "" and directive_label("Text") == ""
    assert tab_directive_label("    .. group-tab:: OSX/Linux") == "OSX/Linux"
    assert tab_directive_label(".. tab:: Windows  ") == "Windows"
    assert tab_directive_label(".. tabs::") is None and tab_directive_label(".. group-tab::") is None


def test_the_opening_fence():
    assert opens_eval_rst("```{eval-rst}") and opens_eval_rst("  ~~~~ {eval-rst} ") and opens_eval_rst("```eval_rst")
    assert not opens_eval_rst("```rst") and not opens_eval_rst("```{note}") and not opens_eval_rst("``` {eval-rst} x")


def test_linear_time():
    for text in (".. note:: x" + " " * 200_000 + "y", "* a\n  b\n" * 30_000, "Para::\n\n    code\n\n" * 20_000,
                 ".. code-block:: python\n\n    x = 1\n\n" * 20_000):
        began = time.process_time()
        rst_parts(text.splitlines())
        assert time.process_time() - began < 3


def test_an_object_description_shows_its_signature_as_code_and_its_body_as_text():
    # attrs' docs/extending.md (MIT): a hook's signature as Sphinx's Python domain writes it.
    body = (".. function:: your_hook(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]\n"
            "   :noindex:\n\n   Called with the class and its fields.\n\n.. py:class:: Hook\n\n.. autofunction:: attrs.define\n")
    assert _read(body) == [("code", "your_hook(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]"),
                           ("marker", ":noindex:"), ("paragraph", "Called with the class and its fields."),
                           ("code", "Hook"), ("marker", ".. autofunction:: attrs.define")]
