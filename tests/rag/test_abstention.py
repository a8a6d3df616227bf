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
