"""MyST roles as the built page shows them, and ordinary Markdown left as written: only a known role's
name before a code span makes a role."""

import time

import pytest

from rag.sphinx_roles import shown_roles


@pytest.mark.parametrize("text", [
    'Send `{"a": 1}` as the body.',
    "The template reads ${name}`x` at run time.",
    r"LaTeX writes \textbf{x}`bold` for bold.",
    "Jinja prints {{x}}`y` as is.",
    "Save the output with `shell file.{txt}`x`` next to it.",
    "Write it to file.{txt}`x` first.",
    "Run {command-line}`foo` and `ruff:{major}.{minor}`.",
    "A set like {a}`b` in prose.",
    # No code span follows (two backticks with nothing between are literal): no role, as MyST reads it.
    "Call {func}`` first.",
])
def test_ordinary_markdown_is_left_as_written(text):
    assert shown_roles(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("the {func}`confirm` function", "the `confirm` function"),
    ("see {ref}`options <options>`", "see options"),
    ("read {doc}`/tutorial/index`", "read tutorial/index"),
    ("{py:class}`~click.core.Context` holds it", "`Context` holds it"),
    ("{py:deco}`click.command` makes one", "click.command makes one"),
    ("the area is {math}`\\pi r^2`", "the area is \\pi r^2"),
    ("index {sub}`i` and power {sup}`2`", "index i and power 2"),
    ("press {kbd}`Ctrl+C`", "press `Ctrl+C`"),
    ("open {file}`setup.cfg`", "open `setup.cfg`"),
    ("{abbr}`CLI (command-line interface)` tools", "CLI (command-line interface) tools"),
    # pip's docs (try40): "pip will use {pep}`660`" read "pip will use 660"; a number alone names nothing.
    ("as {pep}`660` says", "as PEP 660 says"),
    ("see {rfc}`2616`", "see RFC 2616"),
    ("see {pep}`the packaging PEP <517>`", "see the packaging PEP"),
    (":pep:`8` style", "PEP 8 style"),
    # pip's docs: {pypi}`keyring` names a project on PyPI.
    ("install {pypi}`keyring` first", "install keyring first"),
    # A role that shows nothing on the built page (Sphinx drops "~" and the path before the last dot) is
    # nothing here too, not an empty code span ("``" reads as two backticks) the passage does not show.
    ("call {func}`~` here", "call  here"),
    ("see {ref}`!` here", "see  here"),
])
def test_known_roles_are_shown_as_the_built_page_shows_them(text, shown):
    assert shown_roles(text) == shown


def test_linear_time_on_braces_and_backticks():
    started = time.perf_counter()
    shown_roles("{txt}`" * 20_000 + "{func}`x`" + "`" * 20_000)
    assert time.perf_counter() - started < 5


def test_a_ref_without_a_title_shows_its_section_s_title_or_its_label_as_words():
    from rag.sphinx_roles import untitled_refs

    text = "See {ref}`shell-completion` and {ref}`callback_order`, or {ref}`the guide <complex-guide>`."
    assert shown_roles(text, {"shell-completion": "Shell Completion"}) == \
        "See Shell Completion and callback order, or the guide."
    assert untitled_refs(text) == {"shell-completion", "callback_order"}
    assert untitled_refs("`{ref}`in-code`` and plain text") == set()


def test_rest_roles_of_an_eval_rst_block_are_shown_as_the_built_page_shows_them():
    assert shown_roles("Writing to :attr:`~click.Context.params` directly; see :ref:`exit-codes`.") == \
        "Writing to `params` directly; see exit codes."
    for text in ("key:`value` and :unknown:`x` stay", "`:func:`x`` is code", "a::`b` c"):
        assert shown_roles(text) == text
