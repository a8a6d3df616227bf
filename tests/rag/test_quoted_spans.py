"""A Markdown block quote's units and sources keep the document's characters (real index).

mkd25 read a quote's lines with their `>` marks blanked (rag/block_quotes.py); the blanked copy became every unit's
`text`, so a multi-line unit inside a quote broke `text == document_text[start:end]` and the Source panel showed the
citation without its passage. The marks are blanked only where lines are read and where text is shown.
"""

import re
from contextlib import closing

import pytest

from rag.shown_passage import shown_passage, shown_source
from rag.units import answer_units
from tests.rag.conftest import engine_of_files

# After MkDocs' docs (BSD licence; bench/data/docsqa/mkdocs/corpus/user-guide/configuration.md), trimmed.
CONFIGURATION = """# Configuration

## Build directories

### site_dir

Lets you set the directory where the output HTML and other files are created. This can either be a relative
directory, in which case it is resolved relative to the directory containing your configuration file, or it can
be an absolute directory path from the current working directory.

> NOTE:
> If you are using source code control you will normally want to ensure that
> your *build output* files are not committed into the repository. For example, if using `git`
> you might add the following line to your `.gitignore` file:
>
> ```text
> site/
> ```
>
> If you're using another tool, you should check its documentation on how to
> ignore specific directories.

**default**: `'site'`

### docs_dir

The directory containing the documentation source markdown files. This can either be a relative directory, in
which case it is resolved relative to the directory containing your configuration file, or it can be an absolute
directory path from the current working directory.

> NOTE:
> The `docs_dir` must not be the same directory as the configuration file:
> MkDocs refuses to build when
> the two coincide, because the output would be copied over its own sources.

**default**: `'docs'`
"""

QUESTIONS = ("Should the build output be committed to source control?",
             "What line do I add to .gitignore for the site directory?",
             "Can docs_dir be the same directory as the configuration file?")

# A quote mark inside the answer's prose: after a letter, a stop or a comma, or opening a line.
_MARK_SHOWN = re.compile(r"(?:[\w.,:;`*]\s+>\s)|(?:^\s*>\s)", re.MULTILINE)


@pytest.fixture(scope="module")
def mkdocs_engine(tmp_path_factory):
    with closing(engine_of_files(tmp_path_factory, "quoted", {"configuration.md": CONFIGURATION})) as engine:
        yield engine


def test_every_unit_of_a_quote_is_the_documents_characters():
    units = answer_units(CONFIGURATION, 0)
    quoted = [u for u in units if "\n>" in CONFIGURATION[u.start:u.end]]
    assert quoted, [u.text for u in units]  # multi-line units inside a quote are there to check
    for u in units:
        assert CONFIGURATION[u.start:u.end] == u.text, (u.kind, u.text)
    # What they show is read without the marks.
    assert not any(_MARK_SHOWN.search(u.display) for u in units), [u.display for u in units]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_quoted_answer_cites_the_documents_characters_and_shows_no_mark(mkdocs_engine, question):
    answer = mkdocs_engine.ask(question)
    assert not answer.abstained, question
    document = mkdocs_engine.store.catalog.document_text(answer.sources[0].doc_id)
    for source in answer.sources:
        assert document[source.start:source.end] == source.text, source
        assert document[source.passage_start:source.passage_start + len(source.passage)] == source.passage, source
    assert not _MARK_SHOWN.search(answer.answer), answer.answer
    for sentence in answer.sentences:
        assert not _MARK_SHOWN.search(sentence.text), sentence.text


def test_every_candidate_of_a_quote_is_the_documents_characters(mkdocs_engine):
    for question in QUESTIONS:
        for c in mkdocs_engine.answerer.score(mkdocs_engine.retrieve(question)):
            document = mkdocs_engine.store.catalog.document_text(c.hit.chunk.doc_id)
            assert document[c.start:c.end] == c.text, c.text
            assert not _MARK_SHOWN.search(c.display), c.display


def test_the_source_panel_shows_a_quoted_citation_in_its_passage_without_the_marks(mkdocs_engine):
    # With the blanked copy as its text, the source matched no passage at its offsets: the panel showed it alone.
    answer = mkdocs_engine.ask(QUESTIONS[0])
    source = answer.sources[0]
    shown = shown_source(source)
    assert "Lets you set the directory" in shown.text, shown.text  # the passage, not the citation alone
    assert "source code control" in shown.text[shown.start:shown.end], shown
    assert not re.search(r"^ *>", shown.text, re.MULTILINE), shown.text


def test_a_quotes_marks_are_left_out_of_a_shown_passage_and_its_code_is_code():
    shown = shown_passage(CONFIGURATION, "configuration.md")
    assert not re.search(r"^ *>", shown.text, re.MULTILINE), shown.text
    assert "If you are using source code control" in shown.text
    assert [shown.text[r.start:r.end] for r in shown.code] == ["site/\n"], shown.code
    # Offsets still map: a quoted line's words are where the document's are.
    at = CONFIGURATION.index("your *build output*")
    assert shown.text[shown.at(at):].startswith("your *build output*")
    # Outside a quote, a `> ` opening a line of code is the code's (a shell prompt).
    prompt = shown_passage("Run:\n\n```console\n> mkdocs build\n```\n", "x.md")
    assert "> mkdocs build" in prompt.text
