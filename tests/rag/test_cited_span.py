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
    # Fences pair by character and length, as CommonMark pairs them: a "```" line inside a "````" or
    # "~~~" block is the code's text (the block goes on), and a "~~~" line inside a "```" block too.
    assert heading_marks_length("````markdown\n```python\nx = 1\n```\n", "# a comment in the example") == 0
    assert heading_marks_length("~~~\n```\n", "# still code") == 0
    assert heading_marks_length("```\n~~~\n```\n\n", "# After the block") == 2
    assert heading_marks_length("````\n```\n````\n\n", "# After the block") == 2
    # A line of inline code that starts with three backticks opens no block.
    assert heading_marks_length("```x``` is inline.\n\n", "# A heading") == 2


# A shell session longer than a passage: later passages start inside its code block, on a comment.
KILN = "# Kiln firing\n\nRun these commands in order to fire a full schedule.\n\n```bash\n" + "".join(
    f"# Cone {i:02d}\nkiln fire --cone {i} --hold {i * 5}m --vent {i % 3}\n" for i in range(1, 81)) + \
    "```\n\n## Cooling\n\nLet the kiln cool for eight hours before opening the lid.\n"


def test_a_comment_a_passage_starts_inside_code_with_keeps_its_mark(tmp_path_factory):
    # The passage's own text has no fence before the comment: only the document's tells it is code.
    from rag.passage import source

    engine = engine_of_files(tmp_path_factory, "kiln", {"kiln.md": KILN})
    try:
        catalog = engine.answerer.catalog
        doc_id = engine.documents(limit=None).documents[0].doc_id
        document = engine.document(doc_id).text
        chunks = sorted(catalog.chunks(catalog.chunk_ids_of(doc_id)).values(), key=lambda c: c.start)
        inside = [c for c in chunks if c.text.startswith("# Cone ")]
        assert len(inside) >= 2, [c.text[:20] for c in chunks]
        for chunk in inside:
            line = chunk.text[: chunk.text.index("\n")]
            cited = source(1, chunk, line, chunk.start, chunk.start + len(line), 1.0, catalog)
            assert cited.text == line and cited.start == chunk.start, cited.text
        # The heading after the block is a heading still.
        cooling = next(c for c in chunks if c.text.startswith("## Cooling"))
        cited = source(1, cooling, "## Cooling", cooling.start, cooling.start + 10, 1.0, catalog)
        assert cited.text == "Cooling" and document[cited.start:cited.end] == "Cooling"
    finally:
        engine.close()
