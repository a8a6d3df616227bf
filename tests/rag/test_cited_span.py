"""A source that cites a reference entry or a section from its heading shows the heading's words, not
its Markdown marks ("`logLevel` The log level ...", not "### `logLevel` ..."), and its span still equals
the document's text. Real pages: Flask's config.rst (tests/rag/data/flask) and Ruff's editor settings
page (bench/data/docsqa/ruff, see its NOTICE)."""

from pathlib import Path

import pytest

from tests.rag.conftest import engine_of_files

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"config.rst": ROOT / "tests/rag/data/flask/config.rst",
         "settings.md": ROOT / "bench/data/docsqa/ruff/corpus/editors/settings.md"}


@pytest.fixture(scope="module")
def entries_engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "entries", {name: p.read_text(encoding="utf-8") for name, p in PAGES.items()})
    yield engine
    engine.close()


@pytest.mark.parametrize("question,opening", [
    ("What does SESSION_COOKIE_SAMESITE do?", "SESSION_COOKIE_SAMESITE\n\nRestrict how cookies are sent"),
    ("What does the logLevel setting do?", "`logLevel`\n\nThe log level to use for the server."),
])
def test_a_source_cited_from_an_entrys_heading_shows_its_words(entries_engine, question, opening):
    answer = entries_engine.ask(question)
    assert not answer.abstained and answer.sources, answer.answer
    first = answer.sources[0]
    assert first.text.startswith(opening), first.text
    # Still an exact passage: the span is the document's text, one heading mark nearer the words.
    document = entries_engine.document(first.doc_id).text
    assert document[first.start:first.end] == first.text
    assert document[:first.start].endswith("# ")


def test_a_quote_pasted_with_its_headings_marks_is_found_without_them(entries_engine):
    matches = entries_engine.cite("### `logLevel`\n\nThe log level to use for the server.", 3)
    assert matches[0].kind == "exact" and matches[0].text == "`logLevel`\n\nThe log level to use for the server."
    assert matches[0].before.endswith("### ")


def test_only_a_heading_lines_marks_are_left_out():
    from rag.passage import heading_marks_length

    assert heading_marks_length("", "## Usage\n\nRun it.") == 3
    assert heading_marks_length("Intro.\n\n", "###### ForeignKey.on_delete") == 7
    assert heading_marks_length("see ", "# 1 below") == 0  # within a line: not a heading
    assert heading_marks_length("Text.\n\n```bash\n", "# install it first\npip install x") == 0  # a comment
    assert heading_marks_length("```bash\nx\n```\n\n", "# After the block") == 2
    assert heading_marks_length("", "#hashtag") == 0
