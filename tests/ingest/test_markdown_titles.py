"""A Markdown page's title, on real pages: front matter, its own H1, else its file name."""

from pathlib import Path

import pytest

from ingest.loaders import load

LIMIT = 10_000_000
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
HTTPX = ROOT / "bench/data/docsqa/httpx/corpus"


def test_a_page_without_an_h1_is_named_after_its_file_not_a_deep_heading():
    # Starlette's testclient.md: prose, then "### Change client address" (which had named the page).
    assert load(FIXTURES / "starlette/testclient.md", LIMIT).title == "Testclient"


@pytest.mark.parametrize(("page", "title"), [
    ("advanced/ssl.md", "SSL"),  # had been "Enabling and disabling verification", an H3 after prose
    ("advanced/clients.md", "Clients"),  # had been "Why use a Client?": an H2 after an admonition
    ("advanced/event-hooks.md", "Event hooks"),  # no heading: had been the first line, cut
    ("index.md", "HTTPX"),  # a README's <h1 align="center"> written as HTML
    ("quickstart.md", "QuickStart"),  # its own H1
])
def test_httpx_pages(page, title):
    assert load(HTTPX / page, LIMIT).title == title


def test_front_matter_title_comes_first():
    page = ROOT / "bench/data/docsqa/poetry/corpus/building-extension-modules.md"
    assert load(page, LIMIT).title == "Building extension modules"  # its H1 says "Building Extension Modules"


def test_an_h1_after_a_comment_still_names_the_page():
    assert load(ROOT / "bench/data/docsqa/ruff/corpus/README.md", LIMIT).title == "Ruff"


def test_a_heading_naming_a_tag_keeps_its_words():
    # A `<script>` or `<style>` hides its content only up to its closing tag; one that never closes is a
    # tag named in prose ("Using <script> tags safely"), whose later words were all dropped.
    from ingest.markdown_blocks import inline_words

    assert inline_words("Using <script> tags safely") == "Using tags safely"
    assert inline_words("The <style> element and its scope") == "The element and its scope"
    assert inline_words("Beacon <script>alert(1)</script> protocol") == "Beacon protocol"


def test_a_front_matter_title_that_spells_the_file_name_its_own_way_is_kept():
    # Hugo's installation/macos.md says `title: macOS`; the file's name had made it "Macos".
    assert load(FIXTURES / "hugo/macos.md", LIMIT).title == "macOS"


def test_an_index_page_without_a_title_is_named_by_its_first_line_not_its_folder(tmp_path):
    # SQLModel's docs/index.md: its H1 hidden by a style, a logo, then a tagline; it had been "Docs".
    page = tmp_path / "docs" / "index.md"
    page.parent.mkdir()
    page.write_text('<style>\n.md-typeset h1 { display: none; }\n</style>\n\n<p align="center">\n'
                    '  <a href="https://otters.example"><img src="logo.svg" alt="Otterly"></a>\n<!-- only-mkdocs -->\n'
                    '</p>\n<p align="center">\n    <em>Otterly, river census in Python.</em>\n</p>\n\n'
                    "Otterly counts otters.\n\n## Install\n\nRun pip.\n")
    assert load(page, LIMIT).title == "Otterly, river census in Python."


def test_an_index_page_with_only_sections_is_named_by_its_folder(tmp_path):
    page = tmp_path / "tutorial" / "index.md"
    page.parent.mkdir()
    page.write_text("{% include 'banner.html' %}\n\n## First steps\n\nRun pip.\n")
    assert load(page, LIMIT).title == "Tutorial"


def test_a_myst_include_is_said_not_followed(tmp_path):
    # try21: attrs' index.md and overview.md take their examples from ../README.md by ```{include}; ingest said
    # nothing, while reStructuredText's `.. include::` is said.
    (tmp_path / "README.md").write_text("Secret example.\n")
    page = tmp_path / "docs" / "index.md"
    page.parent.mkdir()
    page.write_text("# attrs\n\n```{include} ../README.md\n:start-after: <!-- teaser-begin -->\n```\n\n"
                    ":::{literalinclude} ../x.py\n:::\n\n```python\n{include}\n```\n")
    doc = load(page, 1_000_000)
    assert "Secret example." not in doc.text
    assert doc.warnings == ["2 include/literalinclude directive(s) not followed: the files they name are not "
                            "read (ingest those files themselves)"]
    plain = tmp_path / "plain.md"
    plain.write_text("# Plain\n\nNo includes here: `{include}` is a word in code.\n")
    assert load(plain, 1_000_000).warnings == []
