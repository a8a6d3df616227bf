"""The extractive answerer on the sample article: right sentence cited, exact spans, abstention."""

from pathlib import Path

import pytest

from tests.conftest import SAMPLE_FILE
from tests.rag.conftest import engine_of_files

TEXT = SAMPLE_FILE.read_text(encoding="utf-8")

QUESTIONS = {
    "What did a high-ranking member of the Sinaloa Cartel say about the current climate?":
        "You can’t be calm, you can’t even sleep",
    "What has happened to lab operators who produced fentanyl?":
        "several lab operators who previously contributed to the production of fentanyl",
    "Why did operatives relocate their operations?":
        "The spike in raids has prompted operatives to relocate",
    "What is the Mexican government's crackdown a response to?":
        "a direct response to international pressure",
    "What do recent initiatives include?":
        "Recent initiatives include increased security measures",
    "What is one cartel leader doing to protect his family?":
        "shield his loved ones against potential American military interventions",
    "What are cartel leaders prioritizing now?":
        "leaders now prioritize survival over profits",
}


@pytest.mark.parametrize("question,expected", list(QUESTIONS.items()))
def test_cites_the_sentence_that_answers(sample_engine, question, expected):
    answer = sample_engine.ask(question)
    assert not answer.abstained
    assert any(expected in s.text for s in answer.sources), answer.answer
    for s in answer.sources:
        assert TEXT[s.start:s.end] == s.text
        assert s.path == SAMPLE_FILE.name
    # Every sentence of the answer carries a marker that points at a listed source.
    numbers = {s.n for s in answer.sources}
    assert answer.sentences and all(set(sent.citations) <= numbers and sent.citations for sent in answer.sentences)
    assert 1 <= len(answer.sources) <= 3


@pytest.mark.parametrize("question", [
    "How do I bake sourdough bread?",
    "Who won the 2018 World Cup final?",
    "What is the capital of Australia?",
])
def test_abstains_when_nothing_relevant(sample_engine, question):
    answer = sample_engine.ask(question)
    assert answer.abstained
    assert answer.sources == []


def test_answer_markers_match_sources(sample_engine):
    import re

    answer = sample_engine.ask("Why are cartel operatives afraid?")
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)]
    assert sorted(set(markers)) == [s.n for s in answer.sources]


# Poetry's settings reference (MIT licence; bench/data/docsqa/poetry): short sections named by a
# heading each, several of them in one chunk.
POETRY_CONFIGURATION = (Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "poetry" / "corpus"
                        / "configuration.md")


@pytest.fixture(scope="module")
def settings_reference(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "poetry-settings",
                             {"configuration.md": POETRY_CONFIGURATION.read_text(encoding="utf-8")})
    yield engine
    engine.close()


def test_a_setting_is_answered_from_the_section_its_heading_names(settings_reference):
    answer = settings_reference.ask("What does the solver.lazy-wheel setting do?")
    assert not answer.abstained
    assert "HTTP range requests" in answer.answer, answer.answer
