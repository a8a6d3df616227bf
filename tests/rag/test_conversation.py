"""Follow-up questions on the sample article: the second turn only makes sense with the first.

Each elliptic follow-up below abstains when asked alone and, with the conversation, cites the one
sentence that answers it; the condense-question path is driven through a real OpenAI-protocol
server (tests/llm_server.py) for a good rewrite and for each fallback."""

import logging

import pytest

from rag.conversation import fused_retrieval, key_terms, naive_question, resolve
from rag.types import Message
from tests.conftest import SAMPLE_FILE, closed_port

TEXT = SAMPLE_FILE.read_text(encoding="utf-8")

RELOCATE = ("The spike in raids has prompted operatives to relocate their operations further away from Sinaloa, "
            "effectively curtailing production capabilities.")
FAMILIES = ("Interviewed operatives reveal a disturbing trend: leaders now prioritize survival over profits, with "
            "many taking drastic measures to protect themselves and their families.")
LOVED_ONES = ("One known cartel leader has reportedly begun strategizing on how to shield his loved ones against "
              "potential American military interventions.")
SPEAKER = "A high-ranking member of the Sinaloa Cartel explained the current climate:"


def _made_of(text, sentences):
    for sentence in sentences:
        text = text.replace(sentence, "")
    return not text.strip()


def _history(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained
    return [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]


def test_the_quoted_sentences_are_the_articles_own():
    for sentence in (RELOCATE, FAMILIES, LOVED_ONES, SPEAKER):
        assert sentence in TEXT


def test_key_terms_come_from_the_earlier_turns():
    history = [Message(role="user", content="Why did operatives relocate their operations?"),
               Message(role="assistant", content="The spike in raids prompted it [1].")]
    terms = [t.lower() for t in key_terms(history)]
    assert {"operatives", "relocate", "operations", "raids"} <= set(terms)
    assert "why" not in terms and "[1]" not in terms


@pytest.mark.parametrize("first,follow_up,sentences", [
    ("Why did operatives relocate their operations?", "Where to?", [RELOCATE]),
    ("What are cartel leaders prioritizing now?", "And what about their families?", [FAMILIES, LOVED_ONES]),
])
def test_follow_up_cites_the_right_sentence_only_with_history(sample_engine, first, follow_up, sentences):
    alone = sample_engine.ask(follow_up)
    assert alone.abstained and not alone.sources, alone.answer
    answer = sample_engine.ask(follow_up, history=_history(sample_engine, first))
    assert not answer.abstained
    # The leading citation opens with the sentence that answers; nothing cited lies outside the answering
    # ones (a paragraph of them is one unit, cited as one span).
    assert answer.sources[0].text.startswith(sentences[0]), answer.answer
    assert all(_made_of(s.text, sentences) for s in answer.sources), answer.answer
    assert all(TEXT[s.start:s.end] == s.text for s in answer.sources)


def test_who_said_that_cites_the_speaker_only_with_history(sample_engine):
    alone = sample_engine.ask("Who said that?")
    assert alone.abstained and not alone.sources
    history = _history(sample_engine, "How do cartel members describe the fear of being caught?")
    answer = sample_engine.ask("Who said that?", history=history)
    assert not answer.abstained
    assert any(s.text.startswith(SPEAKER) for s in answer.sources), answer.answer


def test_standalone_question_with_history_keeps_its_own_answer(sample_engine):
    history = _history(sample_engine, "What are cartel leaders prioritizing now?")
    alone = sample_engine.ask("What do recent initiatives include?")
    answer = sample_engine.ask("What do recent initiatives include?", history=history)
    assert answer.sources[0].text.startswith("Recent initiatives include increased security measures")
    assert [s.text for s in answer.sources] == [s.text for s in alone.sources]


def test_the_naive_reading_is_searched_once(sample_engine, relocate_history):
    # The fusion searches the question before and the follow-up asked together; the naive reading
    # (rag/readings.py) answers from that search's first k hits, which a search for k finds too.
    _, resolved = fused_retrieval(sample_engine.retriever, FOLLOW_UP, relocate_history, 3)
    together = naive_question(FOLLOW_UP, relocate_history)
    alone = sample_engine.retriever.retrieve(together, 3)
    assert resolved.together is not None and resolved.together.query == together
    assert [h.chunk.chunk_id for h in resolved.together.hits] == [h.chunk.chunk_id for h in alone.hits]
    _, without = fused_retrieval(sample_engine.retriever, FOLLOW_UP, [relocate_history[1]], 3)
    assert without.together is None  # no question before it


# The condense-question path: an LLM rewrites the follow-up; every failure falls back to fusion.

FIRST = "Why did operatives relocate their operations?"
FOLLOW_UP = "Where to?"
REWRITE = "Where did operatives relocate their operations after the spike in raids?"


def _model(base_url: str):
    from rag.llms.factory import chat_model
    from rag.settings import LLMSettings

    return chat_model("openai:scripted", LLMSettings(llm_base_url=base_url, llm_timeout=10))


@pytest.fixture(scope="module")
def relocate_history(sample_engine):
    return _history(sample_engine, FIRST)


def test_a_good_rewrite_is_what_retrieval_asks(sample_engine, llm_server, relocate_history):
    llm_server.script(REWRITE)
    retrieval, resolved = resolve(sample_engine.retriever, FOLLOW_UP, relocate_history, 3, _model(llm_server.url + "/v1"))
    assert (resolved.method, resolved.query) == ("condensed", REWRITE)
    assert retrieval.query == REWRITE and RELOCATE in retrieval.hits[0].chunk.text
    # The model was shown the conversation and the follow-up.
    prompt = llm_server.requests[-1]["messages"][-1]["content"]
    assert FIRST in prompt and f"Follow-up question: {FOLLOW_UP}" in prompt


def _falls_back_to_fusion(engine, history, retrieval, resolved) -> None:
    fused, expected = fused_retrieval(engine.retriever, FOLLOW_UP, history, 3)
    assert resolved == expected and resolved.method == "fused"
    assert resolved.query.startswith(FOLLOW_UP) and "relocate" in resolved.query
    assert [h.chunk.chunk_id for h in retrieval.hits] == [h.chunk.chunk_id for h in fused.hits]


@pytest.mark.parametrize("reply", [
    "How do I bake sourdough bread?",  # shares no word with the conversation
    "",  # nothing
    "Where did they go? " * 30,  # rambling, over 300 characters
])
def test_an_unusable_rewrite_falls_back_to_fusion(sample_engine, llm_server, relocate_history, reply):
    llm_server.script(reply)
    retrieval, resolved = resolve(sample_engine.retriever, FOLLOW_UP, relocate_history, 3, _model(llm_server.url + "/v1"))
    assert len(llm_server.requests) == 1  # the model was asked, and its reply refused
    _falls_back_to_fusion(sample_engine, relocate_history, retrieval, resolved)


def test_a_failing_llm_falls_back_to_fusion(sample_engine, relocate_history, caplog):
    with closed_port() as port:
        url = f"http://127.0.0.1:{port}/v1"
        with caplog.at_level(logging.WARNING, logger="rag.conversation"):
            retrieval, resolved = resolve(sample_engine.retriever, FOLLOW_UP, relocate_history, 3, _model(url))
    assert "condense-question failed" in caplog.text
    _falls_back_to_fusion(sample_engine, relocate_history, retrieval, resolved)
    answer = sample_engine.answerer.answer(retrieval)
    assert not answer.abstained and answer.sources[0].text == RELOCATE
