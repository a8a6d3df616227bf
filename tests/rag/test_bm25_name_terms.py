"""A flag or a dotted name named in a question is a term of its own: BM25 finds the one passage
documenting it among the many that share its words ("--no-sync" is "no" and "sync"; "--frozen" is
the "frozen" of every traceback; "poetry.toml" is "poetry", on every page of Poetry's docs, and
"toml", on every page about `pyproject.toml`)."""

from __future__ import annotations

import pytest

from rag.bm25 import search_terms, with_dotted_terms, with_flag_terms
from tests.rag.conftest import engine_of_files

# uv's docs in small: every page says "sync", tracebacks say "<frozen importlib._bootstrap>".
FLAG_PAGES = {
    "sync.md": ("# Syncing\n\nSyncing installs the locked packages into the environment. `uv sync` syncs the "
                "project; syncing is exact by default.\n\n## Partial syncs\n\nSyncing one package at a time is "
                "possible with `--package`; syncing extras needs `--extra`.\n"),
    "run.md": ("# Running commands\n\n`uv run` syncs the environment before it runs the command. To run without "
               "checking if the environment is up-to-date, use the `--no-sync` option.\n"),
    "lock.md": ("# Locking\n\nLocking resolves the dependencies; the lockfile is synced to the environment on "
                "every sync. Syncing keeps the environment in step with the lock.\n"),
    "errors.md": ("# Build failures\n\n```\nFile \"<frozen importlib._bootstrap>\", line 1360, in _find_and_load\n"
                  "File \"<frozen importlib._bootstrap>\", line 1331, in _find_and_load_unlocked\n```\n\n"
                  "A frozen module failed to import while the package was built.\n"),
    "frozen.md": ("# The lockfile in CI\n\nTo use the lockfile without checking if it is up-to-date, pass "
                  "`--frozen` to `uv run` or `uv sync`.\n"),
}

# Poetry's docs in small: the project's name and `pyproject.toml` everywhere, `poetry.toml` once.
DOTTED_PAGES = {
    "pyproject.md": ("# The pyproject.toml file\n\nThe `tool.poetry` section of the `pyproject.toml` file is "
                     "composed of multiple sections. Poetry reads the `pyproject.toml` file of the project; "
                     "the toml file holds the project's metadata for Poetry.\n"),
    "basic-usage.md": ("# Basic usage\n\nPoetry creates a `pyproject.toml` file for a new project. Poetry then "
                       "reads that toml file, and the `poetry.lock` file, whenever it installs the project.\n"),
    "configuration.md": ("# Configuration\n\n## Local configuration\n\nSettings specific to a project are set "
                         "with the `--local` option of `poetry config`. They are stored in the `poetry.toml` "
                         "file, which is separate from the project's metadata.\n"),
}


def test_a_flag_adds_one_term_and_plain_words_none():
    assert with_flag_terms("use the `--no-sync` option") == "use the `--no-sync` option\nflagnosync"
    assert with_flag_terms("a well-known word, e-mail and 2--3 pages") == "a well-known word, e-mail and 2--3 pages"
    assert "flagnosync" in search_terms("What does the --no-sync flag do?")


def test_a_dotted_name_adds_one_term_and_numbers_or_abbreviations_none():
    assert with_dotted_terms("see `poetry.toml` and httpx.Client") == (
        "see `poetry.toml` and httpx.Client\ndotpoetrytoml dothttpxclient")
    assert with_dotted_terms("Python 3.9, e.g. a list. Then more.") == "Python 3.9, e.g. a list. Then more."
    assert "dotpoetrytoml" in search_terms("What is the poetry.toml file for?")


@pytest.mark.parametrize("name, pages, question, documented", [
    ("flags", FLAG_PAGES, "What does the --no-sync flag do?", "run.md"),
    ("flags", FLAG_PAGES, "What is --frozen for?", "frozen.md"),
    ("dotted", DOTTED_PAGES, "What is the poetry.toml file for?", "configuration.md"),
])
def test_a_question_naming_it_finds_the_passage_that_documents_it(tmp_path_factory, name, pages, question,
                                                                   documented):
    engine = engine_of_files(tmp_path_factory, name, pages)
    hits = engine.retrieve(question, 3, mode="bm25").hits
    assert hits and hits[0].chunk.path == documented, [h.chunk.path for h in hits]
