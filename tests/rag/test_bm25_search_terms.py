"""Which words of a question BM25 looks up: no question words, no term most passages hold."""

from __future__ import annotations

import pytest

from rag.bm25 import query_terms, search_terms

# A small docs site, every page naming its project (as docs do), one page phrased as questions.
PAGES = {
    "intro.md": "# Introduction\n\nKiln is a tool for building static sites from Markdown files.\n",
    "logs.md": "# Logs\n\nKiln writes its build log to build.log. Rotate the log by setting max_bytes in kiln.toml.\n",
    "faq.md": ("# FAQ\n\n## How do I report a bug in Kiln?\n\nOpen an issue. How do I know which version I have? "
               "Run kiln version. What do I do when it fails? Read the message.\n"),
    "themes.md": "# Themes\n\nKiln themes live in the themes folder. Pick one with theme in kiln.toml.\n",
    "deploy.md": "# Deploying\n\nKiln copies the built site to any static host with kiln deploy.\n",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory, embedder):
    from ingest.index_writer import IndexWriter
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    root = tmp_path_factory.mktemp("kiln")
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    settings = Settings(index=root.parent / f"{root.name}-index")
    report = ingest([root], settings)
    assert report.added == len(PAGES) and not report.failed
    return Engine(settings.engine, IndexWriter(settings.ingest))


def test_question_words_are_no_search_terms_though_indexed_text_keeps_them():
    question = "How do I rotate the log, and which setting does it?"
    assert {"how", "do", "which", "doe"} <= set(query_terms(question))
    assert search_terms(question) == ["rotat", "log", "set"]


def test_a_how_do_i_question_finds_its_topic_not_the_page_of_questions(engine):
    hits = engine.retrieve("How do I rotate the log?", 3, mode="bm25").hits
    assert hits and hits[0].chunk.path == "logs.md"
    assert all(h.chunk.path != "faq.md" for h in hits)


def test_a_term_in_most_passages_is_no_ranking_of_its_own(engine):
    # "kiln" is on every page: BM25 alone has nothing to tell them apart by ...
    assert engine.retrieve("How does Kiln work?", 3, mode="bm25").hits == []
    # (but for where Kiln is defined, rag/definition_terms.py) ...
    assert engine.retrieve("What is Kiln?", 3, mode="bm25").hits[0].chunk.path == "intro.md"
    # ... and still counts beside a rarer term.
    themes = engine.retrieve("Kiln themes", 3, mode="bm25").hits
    assert themes and themes[0].chunk.path == "themes.md"
    # Hybrid search then ranks by the encoder alone.
    assert engine.retrieve("What is Kiln?", 1).hits[0].chunk.path == "intro.md"


def test_a_statement_keeps_its_auxiliaries_and_a_question_without_its_mark_does_not():
    assert search_terms("Statins can have effects on you.") == query_terms("Statins can have effects on you.")
    assert search_terms("So you can rotate logs") == query_terms("So you can rotate logs")
    assert search_terms("how do I rotate logs") == ["rotat", "log"]


def test_the_terms_of_a_text_asked_again_are_looked_up():
    from rag.terms import terms

    text = "Ruff's linter and formatter can be used independently of one another."
    first = terms(text)
    assert terms("".join(text)) is first  # an equal string, not only the same object
    assert first == frozenset(query_terms(text))
