"""`python -m bench.followups_own_answers`: a follow-up asked after the system's own first answer."""

from __future__ import annotations

import pytest

from bench.followups_own_answers import ask_after_own_answers
from tests.rag.conftest import engine_of_files
from ui.evaluation.docsqa_set import DocsQAItem

PAGES = {
    "logs.md": "# Logs\n\nKiln writes its build log to build.log in the project folder.\n\n"
               "Rotate the log by setting max_bytes in kiln.toml.\n",
    "themes.md": "# Themes\n\nKiln themes live in the themes folder. Pick one with the theme key in kiln.toml.\n",
}


def _item(id_: str, first: str, question: str, gold: str, path: str) -> DocsQAItem:
    return DocsQAItem.model_validate({
        "id": id_, "kind": "followup", "question": question, "gold_phrases": [gold], "gold_path": path,
        "question_type": "howto",
        # The set author's paraphrase: what the tool replaces with the system's own answer.
        "history": [{"role": "user", "content": first}, {"role": "assistant", "content": "Somewhere."}]})


@pytest.fixture(scope="module")
def kiln_engine(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "kiln-own-answers", PAGES)
    yield engine
    engine.close()


def test_the_follow_up_gets_the_systems_own_answer_and_an_abstained_first_turn_is_left_out(kiln_engine):
    items = [_item("f1", "Where does Kiln write its build log?", "How do I rotate it?", "max_bytes", "logs.md"),
             _item("f2", "Which quantum chip does Kiln support?", "And which one is fastest?", "themes folder",
                   "themes.md")]

    results = ask_after_own_answers(kiln_engine, items, "kiln", "questions.jsonl")

    assert [r.id for r in results] == ["f1"]  # f2's first question finds nothing to answer
    (result,) = results
    assert "build.log" in result.first and "[1]" in result.first  # an extractive answer, quoted verbatim
    assert result.right and "max_bytes" in result.answer, result.answer
