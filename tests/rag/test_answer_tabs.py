"""An answer over content tabs (real index): a tab's label shown once over the units of one tab, and a tip's code
that only pages the script is no step (try25's "How do I install uv on macOS or Linux?")."""

from contextlib import closing
from dataclasses import replace

import pytest

from rag.answerer import answer_from
from rag.pager_code import only_pages
from tests.rag.conftest import PIP_DEFAULT_PATHS, engine_of_files

# Trimmed from uv's docs (MIT or Apache-2.0, docs/index.md and docs/getting-started/installation.md of astral-sh/uv).
INDEX = """# uv

An extremely fast Python package and project manager.

## Installation

Install uv with our official standalone installer:

=== "macOS and Linux"

    ```console
    $ curl -LsSf https://astral.sh/uv/install.sh | sh
    ```

=== "Windows"

    ```pwsh-session
    PS> powershell -ExecutionPolicy ByPass -c "irm https://astral.sh/uv/install.ps1 | iex"
    ```

Then, check out the first steps or read on for a brief overview.
"""

INSTALLATION = """# Installing uv

## Installation methods

Install uv with our standalone installers or your package manager of choice.

### Standalone installer

uv provides a standalone installer to download and install uv:

=== "macOS and Linux"

    Use `curl` to download the script and execute it with `sh`:

    ```console
    $ curl -LsSf https://astral.sh/uv/install.sh | sh
    ```

    If your system doesn't have `curl`, you can use `wget`:

    ```console
    $ wget -qO- https://astral.sh/uv/install.sh | sh
    ```

=== "Windows"

    Use `irm` to download the script and execute it with `iex`:

    ```pwsh-session
    PS> powershell -ExecutionPolicy ByPass -c "irm https://astral.sh/uv/install.ps1 | iex"
    ```

!!! tip

    The installation script may be inspected before use:

    === "macOS and Linux"

        ```console
        $ curl -LsSf https://astral.sh/uv/install.sh | less
        ```

    === "Windows"

        ```pwsh-session
        PS> powershell -c "irm https://astral.sh/uv/install.ps1 | more"
        ```

    Alternatively, the installer or binaries can be downloaded directly from GitHub.

To change the installation path, use `UV_INSTALL_DIR`:

=== "macOS and Linux"

    ```console
    $ curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR="/custom/path" sh
    ```
"""


@pytest.fixture(scope="module")
def uv_engine(tmp_path_factory):
    files = {"index.md": INDEX, "getting-started/installation.md": INSTALLATION}
    with closing(engine_of_files(tmp_path_factory, "uv", files)) as engine:
        yield engine


def _candidates(engine, question: str) -> list:
    return engine.answerer.score(engine.retrieve(question))


def _one(candidates: list, words: str):
    return next(c for c in candidates if words in c.display and "\n$ " in c.display)


def test_a_tabs_label_is_shown_once_over_consecutive_units_of_that_tab(uv_engine):
    # On uv's docs the answer read "…macOS and Linux: $ curl … | sh [1] macOS and Linux: $ curl … [2]".
    candidates = _candidates(uv_engine, "How do I install uv on macOS or Linux?")
    first, second = _one(candidates, "official standalone installer"), _one(candidates, "UV_INSTALL_DIR")
    answer = answer_from([first, second], uv_engine.store.catalog)
    assert answer.answer.count("macOS and Linux:") == 1, answer.answer
    assert "To change the installation path, use `UV_INSTALL_DIR`:\n$ curl" in answer.answer, answer.answer
    assert answer.sentences[1].text[answer.sentences[1].code_at:].startswith("$ curl"), answer.sentences[1]
    # Another tab's label after it is shown: it names what differs.
    assert answer_from([second, first], uv_engine.store.catalog).answer.count("macOS and Linux:") == 1


def test_a_paged_script_and_a_command_shown_again_are_no_further_step(uv_engine):
    candidates = _candidates(uv_engine, "How do I install uv on macOS or Linux?")
    best = _one(candidates, "official standalone installer")
    paged, again = _one(candidates, "| less"), _one(candidates, "Use `curl` to download")
    others = [replace(c, score=best.score) for c in (paged, again)]
    assert uv_engine.answerer.select([best, *others]) == [best]


def test_an_answer_on_uv_install_shows_one_install_command(uv_engine):
    answer = uv_engine.ask("How do I install uv on macOS or Linux?")
    assert not answer.abstained
    assert answer.answer.count("$ curl -LsSf https://astral.sh/uv/install.sh | sh") == 1, answer.answer
    assert "| less" not in answer.answer, answer.answer


def test_code_that_only_pipes_into_a_pager_only_pages():
    assert only_pages("$ curl -LsSf https://astral.sh/uv/install.sh | less")
    assert only_pages('PS> powershell -c "irm https://astral.sh/uv/install.ps1 | more"')
    assert only_pages("$ git log | less -R\ncommit 1a2b")  # its output is no command
    assert not only_pages("$ curl -LsSf https://astral.sh/uv/install.sh | sh")
    assert not only_pages("git log | less\ngit diff")
    assert not only_pages("")


def test_a_comment_line_is_no_prompt_of_a_command():
    # `#` starts a shell comment: a commented pager line over the real install command made the block look
    # like paging only, and a comment over the pager line was read as the block's only command.
    assert not only_pages("# curl -LsSf https://astral.sh/uv/install.sh | less\ncurl -LsSf https://astral.sh/uv/install.sh | sh")
    assert only_pages("# Inspect the script first\ncurl -LsSf https://astral.sh/uv/install.sh | less")
    assert not only_pages("# only a comment | less")


PIP_CACHING = """# Caching

## Where is the cache stored

You can use `pip cache dir` to get the cache directory that pip is currently configured to use.

""" + PIP_DEFAULT_PATHS


def test_a_myst_tabs_units_are_in_its_tab(tmp_path_factory):
    # Read as code blocks, the tabs' units were in no tab: the answer to "... on Windows?" could not tell the
    # Windows tab's path from the Linux one's, and its locator did not name the tab.
    with closing(engine_of_files(tmp_path_factory, "pip-tabs", {"topics/caching.md": PIP_CACHING})) as engine:
        candidates = _candidates(engine, "Where is pip's cache stored on Windows?")
    windows = next(c for c in candidates if c.display == "%LocalAppData%\\pip\\Cache")
    linux = next(c for c in candidates if c.display == "~/.cache/pip")
    assert windows.evidence.tabs == ("Windows",) and linux.evidence.tabs == ("Linux",)
    assert windows.score > linux.score
