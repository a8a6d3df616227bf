"""A how-to reads the best page's best chunk the k retrieved passages left out (rag/page_window.py)."""

from pathlib import Path

import pytest

from tests.rag.conftest import engine_of_files

DOCSQA = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa"
PAGES = ("linter.md", "configuration.md", "faq.md", "tutorial.md", "formatter.md")


@pytest.fixture(scope="module")
def ruff_linter(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "ruff-linter", {
        name: (DOCSQA / "ruff" / "corpus" / name).read_text(encoding="utf-8") for name in PAGES})
    yield engine
    engine.close()


QUESTION = "How do I silence a single warning on one particular line of code?"


def test_the_instruction_is_outside_the_passages_retrieved(ruff_linter):
    # Ruff a03: the five passages are chunks of linter.md (and its neighbours) about block-level and
    # file-level suppression; the chunk saying "To ignore an individual violation, add `# noqa: {code}`"
    # ranks lower on the fit of its whole chunk.
    retrieval = ruff_linter.retrieve(QUESTION)
    assert retrieval.hits[0].chunk.path == "linter.md"
    assert not any("To ignore an individual violation" in h.chunk.text for h in retrieval.hits)


def test_a_how_to_reads_the_best_pages_best_unread_chunk(ruff_linter):
    from rag.page_window import page_passage

    retrieval = ruff_linter.retrieve(QUESTION)
    answerer = ruff_linter.answerer
    added = page_passage(retrieval.hits[0].chunk.doc_id, retrieval.hits, answerer.catalog, answerer.embedder,
                         retrieval.query, retrieval.query_vector, answerer.settings.overlap_weight)
    assert len(added) == 1
    assert added[0].chunk.path == "linter.md"
    assert "To ignore an individual violation" in added[0].chunk.text


def test_a_how_to_is_answered_from_the_chunk_retrieval_left_out(ruff_linter):
    answer = ruff_linter.ask(QUESTION)
    assert not answer.abstained
    assert "To ignore an individual violation, add `# noqa: {code}`" in answer.answer, answer.answer
