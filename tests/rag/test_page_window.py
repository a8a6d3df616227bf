"""A how-to also reads the first page's best chunk the k retrieved passages left out; that chunk's units
count only when one answers better than the read winner, and then stand second behind a winner of sound
form (rag/page_window.py, `_guarded` in rag/answerer.py). On Ruff's own pages
(bench/data/docsqa/ruff/corpus): dev items Ruff a03 (the chunk is found, the guard keeps the read
winner) and a32 (won)."""

from pathlib import Path

import pytest

from tests.rag.conftest import engine_of_files

RUFF = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "ruff" / "corpus"
PAGES = ("linter.md", "configuration.md", "faq.md", "tutorial.md", "formatter.md", "editors/settings.md",
         "editors/setup.md", "editors/features.md")

SILENCE = "How do I silence a single warning on one particular line of code?"
NOQA = "To ignore an individual violation, add `# noqa: {code}`"
FORMATTER_ONLY = "I only want Ruff as a formatter in my editor, with no lint diagnostics; what do I set?"
LINT_ENABLE = "Set to `false` to use Ruff exclusively as a formatter."


@pytest.fixture(scope="module")
def ruff(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "ruff-pages",
                             {name: (RUFF / name).read_text(encoding="utf-8") for name in PAGES})
    yield engine
    engine.close()


@pytest.mark.parametrize("question, text, page", [(SILENCE, NOQA, "linter.md"),
                                                  (FORMATTER_ONLY, LINT_ENABLE, "editors/settings.md")])
def test_the_answer_is_on_the_first_page_outside_the_passages_read(ruff, question, text, page):
    retrieval = ruff.retrieve(question)
    assert retrieval.hits[0].chunk.path == page
    assert not any(text in h.chunk.text for h in retrieval.hits)


@pytest.mark.parametrize("question, text", [(SILENCE, NOQA), (FORMATTER_ONLY, LINT_ENABLE)])
def test_the_best_unread_chunk_of_the_first_page_holds_it(ruff, question, text):
    from rag.page_window import best_unread
    from rag.passage import read_passages

    retrieval = ruff.retrieve(question)
    answerer = ruff.answerer
    passage = best_unread(retrieval.hits[0].chunk.doc_id, retrieval.hits, answerer.catalog, retrieval.query,
                          retrieval.query_vector, answerer.settings.overlap_weight)
    assert passage is not None and text in passage.chunk.text
    # Read as any passage is: its sentences at their document spans, one stored vector each.
    assert [s.text for s in passage.sentences] == [s.text for s in read_passages([passage.hit], answerer.catalog,
                                                                                  answerer.embedder)[0].sentences]
    assert passage.sentences[0].start >= passage.chunk.start and len(passage.vectors) == len(passage.sentences)


def test_an_added_unit_stands_second_behind_a_read_winner_of_sound_form(ruff):
    # "Set to `false` to use Ruff exclusively as a formatter." (editors/settings.md, `lint.enable`)
    # answers better than the read winner, "The Ruff Language Server provides a set of configuration
    # options ...", a sound statement: it follows it.
    answer = ruff.ask(FORMATTER_ONLY)
    assert not answer.abstained
    assert LINT_ENABLE in answer.answer, answer.answer
    assert not answer.answer.startswith(LINT_ENABLE), answer.answer
