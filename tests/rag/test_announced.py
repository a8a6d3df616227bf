"""A follow-up asking what the previous answer announced ("What are they?" after an answer quoting "The
following rules apply:") is answered by what comes after the colon, not by the sentence again (a tryout's
case, on a handbook page written here)."""

import pytest

from rag.announced import announces, asks_what_they_are, next_start
from rag.followup import follow_up
from rag.types import Message
from tests.rag.conftest import served

HANDBOOK = """# Library handbook

## Borrowing

Members may borrow up to ten books at a time. Loans last three weeks and can be renewed twice online.

## Quiet rooms

The reading rooms on the second floor are quiet rooms. The following rules apply:

- Phones must be switched to silent mode.
- Food and drinks other than water are not allowed.
- Group discussions must take place in the study pods.

## Opening hours

The library opens at 8 am on weekdays and at 10 am on Saturdays. It is closed on Sundays.
"""

QUESTION = "Are the reading rooms on the second floor quiet?"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    yield from served(tmp_path_factory, "announced", {"handbook.md": HANDBOOK})


def _history(engine):
    first = engine.ask(QUESTION)
    return [Message(role="user", content=QUESTION), Message(role="assistant", content=first.answer)]


def test_a_sentence_ending_in_a_colon_announces_what_follows():
    assert announces("The following rules apply:") and announces("**Options:**")
    assert not announces("Phones must be switched to silent mode.") and not announces("Use a: b")


def test_asking_what_they_are_and_nothing_more():
    for question in ["What are they?", "And what are those?", "Which ones?", "What are the rules?"]:
        assert asks_what_they_are(question), question
    for question in ["Why do they apply?", "What are they for?", "Are they strict?", "What is the capital of it?"]:
        assert not asks_what_they_are(question), question


def test_the_text_after_a_span_goes_on_past_blank_space():
    assert next_start("apply:\n\n- Phones", 100, 106) == 108
    assert next_start("apply:   ", 100, 106) is None and next_start("apply:", 100, 90) is None


def test_the_first_answer_quotes_the_announcing_sentence_alone(engine):
    # The case itself: without it the test below proves nothing.
    history = _history(engine)
    assert history[1].content.rstrip().endswith("The following rules apply: [1]"), history[1].content
    followup = follow_up("What are they?", history, engine.retriever)
    assert followup is not None and followup.asks_announced
    assert not follow_up("Why do they apply?", history, engine.retriever).asks_announced


def test_what_are_they_is_answered_by_what_the_colon_announced(engine):
    answer = engine.ask("What are they?", history=_history(engine))
    assert not answer.abstained and "Phones must be switched to silent mode." in answer.answer, answer.answer
    assert "quiet rooms. The following rules apply:" not in answer.answer, answer.answer


NETWORK = """# Network design

## Checks at the ends

The mail service adopts the end-to-end strategy at every level: each host checks that a message arrived
whole, and the network in between only does its best to deliver it. There are two problems with the
end-to-end strategy. First, it needs a cheap test for success. Second, a working system can hide severe
performance defects until it is put under heavy load.

## Routing

Each switch keeps a table of routes, refreshed every few seconds from its neighbours.
"""


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    yield from served(tmp_path_factory, "announced-count", {"network.md": NETWORK})


def test_a_sentence_counting_what_it_names_announces_it():
    assert announces("There are two problems with the end-to-end strategy.") and announces("It has three parts.")
    assert not announces("There are many ways.") and not announces("He has two cats and a dog. Then.")
    assert asks_what_they_are("What are its problems?") and not asks_what_they_are("What is its default?")


def test_what_are_its_problems_is_answered_by_the_sentences_after_the_count(network):
    # The tryout's first answer: two sentences quoted, the second counting the problems.
    said = ("The mail service adopts the end-to-end strategy at every level: each host checks that a message arrived "
            "whole, and the network in between only does its best to deliver it. [1] There are two problems with the "
            "end-to-end strategy. [2]")
    history = [Message(role="user", content="What does the end-to-end strategy require?"),
               Message(role="assistant", content=said)]
    followup = follow_up("What are its problems?", history, network.retriever)
    assert followup is not None and followup.asks_announced and all(q.exact for q in followup.quotes)
    answer = network.ask("What are its problems?", history=history)
    assert "First, it needs a cheap test for success." in answer.answer, answer.answer
