""""What is X?" of docs that name X on every page reaches the sentence defining X ("X is a ...").

The pages are Starlette's docs in small (BSD-3-Clause, github.com/encode/starlette docs/): the name
is in every passage, so BM25 gives it no weight, and the definition resembles the question less than
pages that only name it ("Starlette has a rapidly growing community ...").
"""

from __future__ import annotations

from rag.bm25 import search_terms
from rag.definition_terms import asked_definition_term, definition_terms, with_definition_terms
from tests.rag.conftest import engine_of_files

PAGES = {
    "index.md": (
        "# Introduction\n\nStarlette is a lightweight [ASGI][asgi] framework/toolkit,\nwhich is ideal for building "
        "async web services in Python.\n\nIt is production-ready, and gives you the following:\n\n"
        "* A lightweight, low-complexity HTTP web framework.\n* WebSocket support.\n* In-process background tasks.\n"
        "* Test client built on `httpx`.\n\n[asgi]: https://asgi.readthedocs.io/en/latest/\n"),
    "third-party-packages.md": (
        "Starlette has a rapidly growing community of developers, building tools that integrate into Starlette, "
        "tools that depend on Starlette, etc.\n\nHere are some of those third party packages:\n\n"
        "## Starlette Context\n\nMiddleware for Starlette that allows you to store and access the context data "
        "of a request.\n"),
    "contributing.md": (
        "# Contributing\n\nThank you for being interested in contributing to Starlette.\n\n## Development\n\n"
        "To start developing Starlette, create a **fork** of the Starlette repository on GitHub.\n\n"
        "Then clone your fork with the following command:\n\n```shell\n$ git clone "
        "https://github.com/YOUR-USERNAME/starlette\n```\n"),
    "sponsorship.md": (
        "# Sponsorship\n\nStarlette relies on its community. We want to express our deepest gratitude to all "
        "the sponsors of Starlette.\n"),
    "middleware.md": (
        "# Middleware\n\nStarlette includes several middleware classes for adding behavior that is applied "
        "across your entire Starlette application.\n"),
}


def test_a_sentence_defining_a_name_gives_that_name_a_term():
    text = "Starlette is a lightweight ASGI framework. Here is an example. It is a toolkit."
    assert definition_terms(text) == ["isdefstarlette"]
    assert definition_terms("- **ruff-action** is a GitHub Action for Ruff.") == ["isdefruffaction"]
    assert definition_terms("Starlette is not tied to any database. Using Starlette is easy.") == []
    assert with_definition_terms("plain text") == "plain text"


def test_a_paper_presenting_a_name_defines_it():
    text = "Methods. We present VESPA, software capable of automating a selective pressure analysis."
    assert definition_terms(text) == ["isdefvespa"]
    assert definition_terms("we introduce **Foo Bar** (FB), a method for ...") == ["isdeffoobar"]
    assert definition_terms("We describe the pipeline in Section 2. We present results.") == []


def test_only_a_question_asking_what_x_is_looks_the_term_up():
    assert asked_definition_term("What is Starlette?") == "isdefstarlette"
    assert asked_definition_term("what's `ruff-action`") == "isdefruffaction"
    assert asked_definition_term("What is the default?") == "isdefdefault"
    assert asked_definition_term("How do I install Starlette?") is None
    assert asked_definition_term("What is a JWT, and is it encrypted?") is None
    assert asked_definition_term("What is it?") is None
    assert "isdefstarlett" in search_terms("What is Starlette?")  # stemmed as the indexed text is


def test_what_is_the_name_on_every_page_is_answered_by_its_definition(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "starlette", PAGES)
    hits = engine.retrieve("What is Starlette?", 3, mode="bm25").hits
    assert hits and hits[0].chunk.path == "index.md", [h.chunk.path for h in hits]
    answer = engine.ask("What is Starlette?")
    assert not answer.abstained
    assert answer.sentences[0].text.startswith("Starlette is a lightweight ASGI framework/toolkit"), answer.text


def test_an_ingest_that_changes_nothing_rebuilds_a_bm25_index_of_an_older_format(tmp_path_factory):
    import json
    from pathlib import Path

    from ingest.pipeline import ingest
    from rag.bm25 import FORMAT, META_FILE
    from rag.engine import Engine
    from ui.settings import Settings

    engine = engine_of_files(tmp_path_factory, "older", PAGES)
    index, root = engine.store.paths.root, engine.store.catalog.documents()[0].root
    engine.close()
    meta_file = index / "bm25" / META_FILE
    # An index written before definitions had terms of their own.
    meta_file.write_text(json.dumps({**json.loads(meta_file.read_text()), "format": FORMAT - 1}))
    report = ingest([Path(root)], Settings(index=index))
    assert report.unchanged == len(PAGES)
    assert json.loads(meta_file.read_text())["format"] == FORMAT
    hits = Engine(Settings(index=index)).retrieve("What is Starlette?", 3, mode="bm25").hits
    assert hits and hits[0].chunk.path == "index.md"
