"""A flag named in a question is a term of its own: BM25 finds the one passage documenting it
among the many that share its words ("--no-sync" is "no" and "sync"; "--frozen" is the
"frozen" of every traceback)."""

from __future__ import annotations

from rag.bm25 import search_terms, with_flag_terms
from tests.rag.conftest import engine_of_files

# uv's docs in small: every page says "sync", tracebacks say "<frozen importlib._bootstrap>".
PAGES = {
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


def test_a_flag_adds_one_term_and_plain_words_none():
    assert with_flag_terms("use the `--no-sync` option") == "use the `--no-sync` option\nflagnosync"
    assert with_flag_terms("a well-known word, e-mail and 2--3 pages") == "a well-known word, e-mail and 2--3 pages"
    assert "flagnosync" in search_terms("What does the --no-sync flag do?")


def test_a_question_naming_a_flag_finds_the_passage_that_documents_it(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "flags", PAGES)
    hits = engine.retrieve("What does the --no-sync flag do?", 3, mode="bm25").hits
    assert hits and hits[0].chunk.path == "run.md", [h.chunk.path for h in hits]
    hits = engine.retrieve("What is --frozen for?", 3, mode="bm25").hits
    assert hits and hits[0].chunk.path == "frozen.md", [h.chunk.path for h in hits]
