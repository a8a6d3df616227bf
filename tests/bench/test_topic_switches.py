"""`python -m bench.topic_switches`: each question asked after one on another page."""

from __future__ import annotations

import pytest

from bench.topic_switches import ask_switches, pairs
from tests.rag.conftest import engine_of_files
from ui.evaluation.docsqa_set import DocsQAItem

PAGES = {
    "logs.md": "# Logs\n\nKiln writes its build log to build.log in the project folder.\n\n"
               "Rotate the log by setting max_bytes in kiln.toml.\n",
    "themes.md": "# Themes\n\nKiln themes live in the themes folder. Pick one with the theme key in kiln.toml.\n",
}


def _item(id_: str, question: str, gold: str, path: str, kind: str = "answerable") -> DocsQAItem:
    return DocsQAItem.model_validate({"id": id_, "kind": kind, "question": question, "gold_phrases": [gold],
                                      "gold_path": path, "question_type": "what"})


ITEMS = [_item("a1", "Where does Kiln write its build log?", "build.log", "logs.md"),
         _item("a2", "How do I rotate the build log?", "max_bytes", "logs.md"),
         _item("a3", "Where do Kiln themes live?", "themes folder", "themes.md")]


def test_each_second_question_follows_the_next_one_on_another_page():
    assert [(a.id, b.id) for a, b in pairs(ITEMS, step=1)] == [("a3", "a1"), ("a3", "a2"), ("a1", "a3")]
    assert [(a.id, b.id) for a, b in pairs(ITEMS, step=2)] == [("a3", "a1"), ("a1", "a3")]


@pytest.fixture(scope="module")
def kiln_engine(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "kiln-switches", PAGES)
    yield engine
    engine.close()


def test_a_switch_is_scored_against_the_question_asked_alone(kiln_engine):
    results = ask_switches(kiln_engine, ITEMS, "kiln", step=2)

    assert [(r.id, r.first_id) for r in results] == [("a1", "a3"), ("a3", "a1")]
    for r in results:
        assert r.right_alone and r.right_after, r
        assert r.answer_after == r.answer_alone
