"""A follow-up asking only for an example ("Give an example.") is answered by the example given where the
point was made, the quoted list item's own sentence naming a particular system, not by another section
saying "Another example of ..." (a tryout's case on a design-advice paper, on a page written here)."""

import pytest

from rag.asked_example import MARKED, NAMED, asks_for_example, example_rank, next_paragraph_end, paragraph_start
from rag.followup import follow_up
from rag.types import Message
from tests.rag.conftest import served

ADVICE = """# Advice on building systems

## Speed

- Keep a cache of answers to expensive questions. A cache pays when the same question comes back often and
  its answer changes rarely.
- Use batch processing if possible. Doing work in one pass over the data costs less than doing it piece by
  piece, and recovery from errors is simpler. The Harbour Savings Bank records deposits during the day in
  an online system and replaces its figures each night with the results of a batch run. Its long-term
  records are then easy to trust.

## Hints

A hint is information that may be wrong but is cheap to check. Another example of hints is the routing
table of a packet network, which may point the wrong way for a moment after a link fails. A more curious
example is a shared cable, where silence on the wire is taken as a hint that a packet can be sent.

## Safety

Avoid disaster rather than chase the best performance. A system that degrades gracefully under load is
worth more than one that is fastest when all goes well.
"""

@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    yield from served(tmp_path_factory, "asked_example", {"advice.md": ADVICE})


@pytest.fixture(scope="module")
def history(engine):
    """The turn "Give an example." follows: a question on batch processing, answered by its list item."""
    asked = "Why use batch processing?"
    return [Message(role="user", content=asked), Message(role="assistant", content=engine.ask(asked).answer)]


def test_asking_only_for_an_example():
    for question in ["Give an example.", "Can you give me an example?", "Any examples?", "For instance?",
                     "What is an example of that?", "Show me an example of it, please."]:
        assert asks_for_example(question), question
    for question in ["Give an example of a plugin.", "What does the example use?", "Is there an example?",
                     "Which database does the example use and why?"]:
        assert not asks_for_example(question), question


def test_what_gives_an_example():
    assert example_rank("For example, a cache of DNS answers.", "sentence") == MARKED
    assert example_rank("print('hi')", "code") == MARKED
    assert example_rank("The Harbour Savings Bank records deposits.", "sentence") == NAMED
    assert example_rank("Doing work in one pass costs less. Recovery is simpler.", "sentence") is None


def test_the_paragraph_and_the_next_one():
    text = "One.\n\nTwo here. More.\n\nThree.\n\nFour."
    assert paragraph_start(text, 10, 18) == 16 and paragraph_start(text, 10, 12) == 10
    assert next_paragraph_end(text, 10, 18) == 10 + text.index("\n\nFour")
    assert next_paragraph_end("One.\n\n## Next\n\nText", 0, 2) == 4


def test_the_first_answer_quotes_the_item_with_its_example(engine, history):
    # The case itself: without it the test below proves nothing.
    assert "The Harbour Savings Bank records deposits" in history[1].content, history[1].content
    followup = follow_up("Give an example.", history, engine.retriever)
    assert followup is not None and followup.asks_example and followup.elliptic
    assert not follow_up("Why is recovery simpler?", history, engine.retriever).asks_example


def test_give_an_example_is_answered_by_the_example_in_the_quoted_item(engine, history):
    answer = engine.ask("Give an example.", history=history)
    assert not answer.abstained and "The Harbour Savings Bank records deposits" in answer.answer, answer.answer
    assert "routing table" not in answer.answer and "shared cable" not in answer.answer, answer.answer
