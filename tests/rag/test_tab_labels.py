"""Content tabs' labels: which tabs a line of a page is in (rag/tab_labels.py)."""

from pathlib import Path

from rag.tab_labels import TabLines, enclosing_tabs, tabs_of
from tests.rag.conftest import PIP_DEFAULT_PATHS

# After Hatch's docs (MIT licence, docs/install.md): tabs nested in tabs, a step's code in a list item.
NESTED = """## Installers

=== "macOS"
    === "GUI installer"
        1. In your browser, download the `.pkg` file.
        2. Run your downloaded file.
    === "Command line installer"
        1. Download the file using the `curl` command.

            ```
            curl -Lo hatch-universal.pkg https://example.org/hatch-universal.pkg
            ```

=== "Windows"
    === "Command line installer"
        1. Download and run the installer using `msiexec`.

            === "x64"
                ```
                msiexec /passive /i hatch-x64.msi
                ```

## pip

Hatch is available on PyPI.
"""


def _at(text: str) -> int:
    return NESTED.index(text)


def test_a_line_is_in_each_tab_above_it_indented_less():
    assert enclosing_tabs(NESTED, _at("2. Run your")) == ("macOS", "GUI installer")
    # The list item between the code and its tab holds the code but names nothing.
    assert enclosing_tabs(NESTED, _at("curl -Lo")) == ("macOS", "Command line installer")
    assert enclosing_tabs(NESTED, _at("msiexec /passive")) == ("Windows", "Command line installer", "x64")


def test_a_line_after_the_tabs_is_in_none():
    assert enclosing_tabs(NESTED, _at("Hatch is available")) == ()
    assert enclosing_tabs(NESTED, _at("## pip")) == ()


def test_a_span_opening_with_tab_lines_is_in_the_tabs_they_open():
    start = _at('=== "Windows"')
    assert tabs_of(NESTED, start, _at("## pip")) == ("Windows", "Command line installer")


def test_one_reading_asked_line_after_line_answers_as_each_line_asked_alone():
    # TabLines keeps each line's answer and skips past lines already read: asked from the bottom up, then top
    # down, every offset answers as a fresh reading does.
    lines = TabLines(NESTED)
    offsets = list(range(len(NESTED)))
    assert [lines.enclosing(at) for at in reversed(offsets)][::-1] == [TabLines(NESTED).enclosing(at) for at in offsets]
    assert [lines.enclosing(at) for at in offsets] == [TabLines(NESTED).enclosing(at) for at in offsets]
    assert lines.enclosing(_at("msiexec /passive")) == ("Windows", "Command line installer", "x64")


# Click's docs/shell-completion.md (tests/ingest/fixtures/click, BSD-3-Clause): sphinx-tabs in MyST eval-rst blocks.
CLICK = (Path(__file__).parent.parent / "ingest" / "fixtures" / "click" / "shell-completion.md").read_text()


def test_an_eval_rst_block_s_tabs_name_the_lines_under_them():
    assert enclosing_tabs(CLICK, CLICK.index('eval "$(_FOO_BAR_COMPLETE=bash_source')) == ("Bash",)
    assert enclosing_tabs(CLICK, CLICK.index("Add this to ``~/.zshrc``")) == ("Zsh",)
    assert enclosing_tabs(CLICK, CLICK.index(".. tabs::")) == ()


# sphinx-inline-tabs' MyST tabs hold their lines by their fences, not by an indent; a code block's fence inside one
# closes no tab.
MYST_TABS = PIP_DEFAULT_PATHS + "\nYou can use `pip cache dir` to get the cache directory.\n"


def test_a_myst_tabs_lines_are_in_it():
    assert enclosing_tabs(MYST_TABS, MYST_TABS.index("~/.cache")) == ("Linux",)
    assert enclosing_tabs(MYST_TABS, MYST_TABS.index("Pip will also")) == ("Linux",)
    assert enclosing_tabs(MYST_TABS, MYST_TABS.index("%LocalAppData%")) == ("Windows",)
    assert enclosing_tabs(MYST_TABS, MYST_TABS.index("You can use")) == ()
    assert enclosing_tabs(MYST_TABS, MYST_TABS.index("### Default")) == ()
    # A unit starting at the tab's line (its label over its code) is in the tab.
    start = MYST_TABS.index("````{tab} Windows")
    assert tabs_of(MYST_TABS, start, MYST_TABS.index("````\n\nYou")) == ("Windows",)


def test_a_chunk_ending_inside_a_myst_tab_is_in_it_to_its_end():
    cut = MYST_TABS[: MYST_TABS.index("Pip will also") + 10]
    assert enclosing_tabs(cut, len(cut) - 3) == ("Linux",)
