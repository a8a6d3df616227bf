"""Abstention: near-topic questions the documents do not answer abstain; answerable ones don't."""

import pytest

from rag.abstention import Abstention, Signals
from rag.settings import Settings


@pytest.mark.parametrize("question", [
    "How do I add rate limiting to my API?",
    "How do I connect to a PostgreSQL database?",
])
def test_near_topic_question_the_docs_do_not_answer_abstains(structured_engine, question):
    answer = structured_engine.ask(question)
    assert answer.abstained and answer.sources == [], answer.answer


def test_the_same_index_answers_what_it_holds(structured_engine):
    assert not structured_engine.ask("How do I receive uploaded files?").abstained
    assert not structured_engine.ask("What chunk size does GFS use?").abstained


def test_coverage_of_the_question_terms_decides_near_the_threshold():
    abstention = Abstention(Settings())
    close = Settings().min_answer_support - 0.05
    assert abstention.abstains(Signals(best_score=close, best_relevance=close, coverage=0.0))
    assert not abstention.abstains(Signals(best_score=close, best_relevance=close, coverage=1.0))
    # An elliptic follow-up is held only to min_relevance: its own words are few by nature.
    assert not abstention.abstains(Signals(best_score=close, best_relevance=close, coverage=0.0), elliptic=True)
    assert abstention.abstains(Signals(best_score=0.1, best_relevance=0.1, coverage=1.0), elliptic=True)


def test_a_name_the_passages_never_mention_is_not_answered_from_them(sample_engine):
    # Near-topic questions (issue 18): the article is about fentanyl, never about Chicago or 2023.
    for question in ("What is the price of fentanyl in Chicago?", "How many people died of overdoses in 2023?"):
        answer = sample_engine.ask(question)
        assert answer.abstained and not answer.sources, (question, answer.answer)
    # Names it does mention, and a misspelt one, are answered.
    assert not sample_engine.ask("What did Mexican authorities do after threats from the Trump administration?").abstained
    assert not sample_engine.ask("What do fentanyl producers in Culiacan fear?").abstained


def test_unknown_name_forgives_typos_and_reads_figures():
    from rag.abstention import unknown_name
    from rag.types import Chunk

    chunk = Chunk("c", "d", "p.txt", "Networks", 0, 0, 80,
                  "ARPANET and SITA HLN became operational in 1969; Gegeen ruled until 1323.")
    assert unknown_name("When did ARPNET become operational?", [chunk]) == ""
    assert unknown_name("When was Geegen the emperor?", [chunk]) == ""
    assert unknown_name("What happened to ARPANET in 1975?", [chunk]) == "1975"
    assert unknown_name("When did Chicago get a network?", [chunk]) == "Chicago"
    assert unknown_name("when did it start?", [chunk]) == ""
