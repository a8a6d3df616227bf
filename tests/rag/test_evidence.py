"""Evidence: the units of retrieved passages with the vectors they are scored by (real index)."""

from contextlib import closing

import pytest

from tests.rag.conftest import engine_of_files, served

# After Poetry's docs (MIT licence, docs/dependency-specification.md): a table with no lead-in,
# under the heading that says what its rows are.
WILDCARDS = """# Dependency specification

## Version constraints

### Wildcard requirements

**Wildcard requirements** allow for the latest (dependency dependent) version where the wildcard is positioned.

`1.2.*` is an example of a wildcard requirement.

| Requirement | Versions allowed |
| ----------- | ---------------- |
| *           | >=0.0.0          |
| 1.*         | >=1.0.0 <2.0.0   |
| 1.2.*       | >=1.2.0 <1.3.0   |

### Exact requirements

If you want to depend on a specific version, you can use an exact requirement such as `==1.2.3`.
"""


@pytest.fixture(scope="module")
def wildcard_engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "wildcards", {"dependency-specification.md": WILDCARDS})
    yield engine
    engine.close()


# After attrs' docs (MIT licence, docs/names.md): a sentence running through its list, an item a line.
CORE_NAMES = """# On The Core API Names

## TL;DR

We recommend our modern APIs for new code:

- `attrs.define` to define a new class,
- `attrs.mutable()` is an alias for `attrs.define`,
- `attrs.frozen()` is an alias for `define(frozen=True)`
- and `attrs.field()` to define an attribute.

They have been added in attrs 20.1.0, they are expressive, and they have modern defaults.
"""


def test_the_items_of_a_sentence_running_through_a_list_are_each_scored_as_written(tmp_path_factory):
    # Scored by the one sentence the items make (stored at ingest), the three items tied, and the first,
    # on `attrs.define`, answered what `attrs.frozen` is an alias for.
    with closing(engine_of_files(tmp_path_factory, "core-names", {"names.md": CORE_NAMES})) as engine:
        answer = engine.ask("What is attrs.frozen an alias for?")
        candidates = engine.answerer.score(engine.retrieve("What is attrs.frozen an alias for?"))
    assert answer.answer.startswith("`attrs.frozen()` is an alias for `define(frozen=True)`"), answer.answer
    items = {c.display: c.score for c in candidates if c.evidence.unit.kind == "list_item"}
    assert len(set(items.values())) == len(items) == 4, items


def test_a_table_row_is_read_with_its_header_and_section(wildcard_engine):
    answer = wildcard_engine.ask("Which versions does the wildcard requirement 1.2.* allow?")
    assert not answer.abstained
    assert "Requirement: 1.2.*; Versions allowed: >=1.2.0 <1.3.0" in answer.answer, answer.answer
    row = next(s for s in answer.sources if ">=1.2.0 <1.3.0" in s.text)
    # The row is cited as the document has it; the answer shows it with its header.
    assert row.text.startswith("| 1.2.*") and row.text.rstrip().endswith("|")


def test_a_passage_cut_inside_a_code_block_gives_no_unit_from_its_lines(tmp_path_factory):
    # Ruff's docs (MIT licence; bench/data/docsqa/ruff, configuration.md): long TOML examples and the CLI
    # help output, some chunk boundaries fall inside them. No unit of such a passage comes from the code
    # it starts inside (its comments had been headings, its lines sentences).
    from pathlib import Path

    from rag.evidence import gather
    from rag.passage import read_passages
    from rag.ref_titles import RefTargets
    from rag.retriever import Hit
    from rag.fences import FENCE, closes
    from rag.units import in_fenced_code

    text = (Path(__file__).resolve().parents[2] / "bench/data/docsqa/ruff/corpus/configuration.md").read_text()
    engine = engine_of_files(tmp_path_factory, "ruff-configuration", {"configuration.md": text})
    try:
        catalog = engine.store.catalog
        chunks = [c for cs in catalog.chunks_of_documents(d.doc_id for d in catalog.documents()).values() for c in cs]
        doc = catalog.document_text(chunks[0].doc_id)
        cut = [c for c in chunks if in_fenced_code(doc[: c.start])]
        assert cut
        hits = [Hit(c, 1.0, None, None) for c in cut]
        evidence = gather(read_passages(hits, catalog, engine.store.embedder), catalog, engine.store.embedder,
                          RefTargets(catalog))
        assert evidence

        def past_block(start: int) -> int:
            opened = ""  # the fence of the block `start` lies inside, as the document's lines open and close them
            for line in doc[:start].splitlines():
                found = FENCE.match(line)
                opened = ("" if closes(opened, line) else opened) if opened else (found.group(1) if found else "")
            at = start
            for line in doc[start:].splitlines(keepends=True):
                at += len(line)
                if closes(opened, line.rstrip("\r\n")):
                    break
            return at

        assert not [e.unit.display for e in evidence if e.unit.start < past_block(e.hit.chunk.start)]
    finally:
        engine.close()


# After Hatch's docs (MIT licence, docs/install.md, trimmed): installers in tabs nested in tabs, then
# standalone binaries in one tab per platform. None of a tab's lines names its platform.
HATCH_INSTALL = """# Installation

## Installers

=== "macOS"
    === "GUI installer"
        1. In your browser, download the `.pkg` file: [hatch-universal.pkg](https://example.org/hatch-universal.pkg)
        2. Run your downloaded file and follow the on-screen instructions.
        3. Restart your terminal.
    === "Command line installer"
        1. Download the file using the `curl` command. The `-o` option specifies the file name that the downloaded package is written to.

            ```
            curl -Lo hatch-universal.pkg https://example.org/hatch-universal.pkg
            ```
        2. Run the standard macOS `installer` program, specifying the downloaded `.pkg` file as the source. Use the `-pkg` parameter to specify the name of the package to install, and the `-target /` parameter for the drive in which to install the package. The files are installed to `/usr/local/hatch`.

            ```
            sudo installer -pkg ./hatch-universal.pkg -target /
            ```
        3. Restart your terminal.

=== "Windows"
    === "GUI installer"
        1. In your browser, download one the `.msi` files:
              - [hatch-x64.msi](https://example.org/hatch-x64.msi)
        2. Run your downloaded file and follow the on-screen instructions.
        3. Restart your terminal.
    === "Command line installer"
        1. Download and run the installer using the standard Windows `msiexec` program, specifying one of the `.msi` files as the source. Use the `/passive` and `/i` parameters to request an unattended, normal installation.

            ```
            msiexec /passive /i https://example.org/hatch-x64.msi
            ```
        2. Restart your terminal.

## Standalone binaries

After downloading the archive corresponding to your platform and architecture, extract the binary to a directory that is on your PATH and rename to `hatch`.

=== "Linux"
    - [hatch-aarch64-unknown-linux-gnu.tar.gz](https://example.org/hatch-aarch64-unknown-linux-gnu.tar.gz)
    - [hatch-x86_64-unknown-linux-gnu.tar.gz](https://example.org/hatch-x86_64-unknown-linux-gnu.tar.gz)
    - [hatch-x86_64-unknown-linux-musl.tar.gz](https://example.org/hatch-x86_64-unknown-linux-musl.tar.gz)

=== "macOS"
    - [hatch-aarch64-apple-darwin.tar.gz](https://example.org/hatch-aarch64-apple-darwin.tar.gz)
    - [hatch-x86_64-apple-darwin.tar.gz](https://example.org/hatch-x86_64-apple-darwin.tar.gz)

=== "Windows"
    - [hatch-x86_64-pc-windows-msvc.zip](https://example.org/hatch-x86_64-pc-windows-msvc.zip)

## pip

Hatch is available on PyPI and can be installed with pip.

```
pip install hatch
```
"""

# After Hatch's docs (MIT licence, docs/plugins/environment/virtual.md): an options table whose rows run
# long, so that a chunk boundary falls between its header and its last rows.
HATCH_VIRTUAL = """# Virtual environment

This uses virtual environments backed by virtualenv or UV.

## Options

| Option | Default | Description |
| --- | --- | --- |
| `python` | | The version of Python to find on your system and subsequently use to create the environment, defaulting to the `HATCH_PYTHON` environment variable, followed by the normal resolution logic. Setting the `HATCH_PYTHON` environment variable to `self` will force the use of the Python executable Hatch is running on. |
| `python-sources` | `['external', 'internal']` | This may be set to an array of strings that are either the literal `internal` or `external`. External considers only Python executables that are already on `PATH`. Internal considers only internally managed Python distributions. |
| `path` | | An explicit path to the virtual environment. The path may be absolute or relative to the project root. Any environments that inherit this option will also use this path. The environment variable `HATCH_ENV_TYPE_VIRTUAL_PATH` may be used, which will take precedence. |
| `system-packages` | `false` | Whether or not to give the virtual environment access to the system `site-packages` directory |
| `installer` | `pip` | When set to `uv`, UV will be used in place of virtualenv & pip for virtual environment creation and dependency management, respectively. If you intend to provide UV yourself, you may set the `HATCH_ENV_TYPE_VIRTUAL_UV_PATH` environment variable which should be the absolute path to a UV binary. |

## Location

The location of environments is determined by the `path` option, then the data directory.
"""


@pytest.fixture(scope="module")
def hatch_engine(tmp_path_factory):
    files = {"install.md": HATCH_INSTALL, "plugins/environment/virtual.md": HATCH_VIRTUAL}
    with closing(engine_of_files(tmp_path_factory, "hatch", files)) as engine:
        yield engine


def test_a_question_naming_a_tab_is_answered_from_it_and_its_locator_names_it(hatch_engine):
    answer = hatch_engine.ask("How do I install Hatch on Linux?")
    assert not answer.abstained
    assert "linux-gnu" in answer.answer, answer.answer
    # The macOS tab's steps answer another platform's question.
    assert ".pkg" not in answer.answer and "-pkg" not in answer.answer, answer.answer
    linux = next(s for s in answer.sources if "linux-gnu" in s.text)
    assert linux.heading == "Installation › Standalone binaries › Linux", linux.heading


def test_a_row_cut_from_its_header_by_a_chunk_boundary_reads_with_it(hatch_engine):
    answer = hatch_engine.ask("How do I use uv instead of pip in my environments?")
    assert not answer.abstained
    assert "Option: `installer`; Default: `pip`; Description: When set to `uv`" in answer.answer, answer.answer
    assert "`installer` | `pip`" not in answer.answer, answer.answer


# A page about HTML: the tag it teaches is text of the page (`&lt;img` in its source).
IMAGES = """<html><head><title>Images</title></head><body><h1>Images</h1>
<p>To embed a picture in a page, write the element &lt;img src="logo.png" alt="Logo"&gt; where it should appear.</p>
<p>The alt attribute describes the picture for readers who cannot see it.</p>
</body></html>"""


@pytest.fixture(scope="module")
def html_engine(tmp_path_factory):
    yield from served(tmp_path_factory, "images", {"images.html": IMAGES})


def test_a_web_pages_written_tag_is_shown_in_the_answer(html_engine):
    answer = html_engine.ask("How do I embed a picture in a page?")
    assert not answer.abstained
    assert '<img src="logo.png" alt="Logo">' in answer.answer
