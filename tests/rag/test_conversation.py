"""Follow-up questions on the sample article: the second turn only makes sense with the first."""

import pytest

from rag.conversation import key_terms, resolve
from rag.types import Message

FIRST = "What are cartel leaders prioritizing now?"


def _history(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained
    return [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]


def test_key_terms_come_from_the_earlier_turns():
    history = [Message(role="user", content="Why did operatives relocate their operations?"),
               Message(role="assistant", content="The spike in raids prompted it [1].")]
    terms = [t.lower() for t in key_terms(history)]
    assert {"operatives", "relocate", "operations", "raids"} <= set(terms)
    assert "why" not in terms and "[1]" not in terms


@pytest.mark.parametrize("follow_up,expected", [
    ("And what about their families?", "shield his loved ones"),
    ("What are they doing to protect them?", "shield his loved ones"),
])
def test_follow_up_retrieves_the_passage_the_conversation_points_at(sample_engine, follow_up, expected):
    history = _history(sample_engine, FIRST)
    alone = sample_engine.ask(follow_up)
    answer = sample_engine.ask(follow_up, history=history)
    assert not answer.abstained
    assert any(expected in s.text or "their families" in s.text for s in answer.sources), answer.answer
    retrieval, resolved = resolve(sample_engine.retriever, follow_up, history, 3)
    assert resolved.method == "fused" and follow_up in resolved.query and retrieval.alternatives
    assert any(expected in h.chunk.text for h in retrieval.hits[:2])
    # Without the conversation the same words find nothing the answerer trusts.
    assert alone.abstained or not any(expected in s.text for s in alone.sources)


def test_who_said_that_finds_the_speaker(sample_engine):
    history = _history(sample_engine, "How do cartel members describe the fear of being caught?")
    answer = sample_engine.ask("Who said that?", history=history)
    assert not answer.abstained
    assert any("You can’t be calm" in s.text or "high-ranking member" in s.text for s in answer.sources), answer.answer


def test_standalone_question_with_history_keeps_its_own_answer(sample_engine):
    history = _history(sample_engine, FIRST)
    answer = sample_engine.ask("What do recent initiatives include?", history=history)
    assert any("Recent initiatives include increased security measures" in s.text for s in answer.sources)
