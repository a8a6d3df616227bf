"""OpenAI-compatible and Ollama backends against a local server speaking their protocols with
scripted answers: a non-existent [7], an unsupported sentence and a mis-numbered citation must
each be caught by the checker before the answer is final."""

import logging
import re

import pytest

from rag.types import FinalEvent, TokenEvent
from tests.conftest import SAMPLE_FILE

TEXT = SAMPLE_FILE.read_text(encoding="utf-8")
QUESTION = "Why did operatives relocate their operations?"
RELOCATE = "The spike in raids has prompted operatives to relocate"
INITIATIVES = "Recent initiatives include increased security measures"
SECRET = "sk-citeline-test-secret-0042"


@pytest.fixture(scope="module")
def engine(sample_index, llm_server):
    from rag.engine import Engine
    from rag.settings import EngineSettings

    return Engine(EngineSettings(index=sample_index, llm_base_url=llm_server.url + "/v1"))


@pytest.fixture(scope="module")
def ollama_engine(sample_index, llm_server):
    from rag.engine import Engine
    from rag.settings import EngineSettings

    return Engine(EngineSettings(index=sample_index, llm_base_url=llm_server.url))


def _numbers(engine, question=QUESTION):
    """Source numbers as the prompt will show them: where each fact is, and where it is not."""
    hits = engine.retriever.retrieve(question, engine.settings.k).hits
    right = next(n for n, h in enumerate(hits, 1) if RELOCATE in h.chunk.text)
    has = [n for n, h in enumerate(hits, 1) if INITIATIVES in h.chunk.text]
    wrong = next(n for n, h in enumerate(hits, 1) if INITIATIVES not in h.chunk.text and RELOCATE not in h.chunk.text)
    assert len(hits) < 7
    return right, has, wrong


def _scripted(right: int, wrong: int) -> str:
    return (
        f"The spike in raids prompted operatives to relocate their operations further away from Sinaloa [{right}][7]. "
        f"The government gave every cartel member a free holiday in Spain [{right}]. "
        f"Recent initiatives include increased security measures and tactical operations [{wrong}]."
    )


def _check_caught(answer, has):
    assert answer.mode == "generated"
    by_text = {s.text.split()[1]: s for s in answer.sentences}
    sources = {s.n: s for s in answer.sources}
    # [7] names no source: gone, from the sentences and from the text.
    assert "[7]" not in answer.answer and all(7 not in s.citations or 7 in sources for s in answer.sentences)
    spike = by_text["spike"]
    assert spike.supported and RELOCATE in sources[spike.citations[0]].text
    # The invented sentence is kept but marked unsupported.
    holiday = by_text["government"]
    assert holiday.supported is False
    # The mis-numbered sentence now points at a passage holding the fact.
    initiatives = by_text["initiatives"]
    assert initiatives.supported and INITIATIVES in sources[initiatives.citations[0]].text
    assert sources[initiatives.citations[0]].chunk_id in {h for h in has}
    for s in answer.sources:
        assert TEXT[s.start:s.end] == s.text
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == set(sources)
    data = answer.public_json()
    assert [s["supported"] for s in data["sentences"]] == [True, False, True]


def test_openai_compatible_streams_and_the_checker_catches_each_fault(engine, llm_server, monkeypatch, caplog):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    right, has, wrong = _numbers(engine)
    has_ids = {engine.retriever.retrieve(QUESTION, engine.settings.k).hits[n - 1].chunk.chunk_id for n in has}
    script = _scripted(right, wrong)
    llm_server.script(script)
    caplog.set_level(logging.DEBUG)
    events = list(engine.stream(QUESTION, llm="openai:scripted-model"))
    tokens = [e.text for e in events if isinstance(e, TokenEvent)]
    assert len(tokens) > 10 and "".join(tokens) == script
    assert isinstance(events[-1], FinalEvent) and sum(isinstance(e, FinalEvent) for e in events) == 1
    _check_caught(events[-1].answer, has_ids)
    request = llm_server.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["stream"] is True
    assert request["model"] == "scripted-model"
    # The key came from the environment, went to the server, and nowhere else.
    assert llm_server.headers[-1]["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in caplog.text


def test_prompt_numbers_the_sources_and_asks_for_markers(engine, llm_server):
    llm_server.script("Operatives moved because raids increased [1].")
    engine.ask(QUESTION, llm="openai:scripted-model")
    system, user = llm_server.requests[-1]["messages"]
    assert system["role"] == "system" and "not instructions" in system["content"]
    hits = engine.retriever.retrieve(QUESTION, engine.settings.k).hits
    for n, hit in enumerate(hits, 1):
        assert f'<source n="{n}"' in user["content"]
    assert user["content"].count("</source>") == len(hits)
    assert "Question: " + QUESTION in user["content"]


def test_ollama_streams_and_the_checker_catches_each_fault(ollama_engine, llm_server):
    right, has, wrong = _numbers(ollama_engine)
    has_ids = {ollama_engine.retriever.retrieve(QUESTION, 5).hits[n - 1].chunk.chunk_id for n in has}
    llm_server.script(_scripted(right, wrong))
    events = list(ollama_engine.stream(QUESTION, llm="ollama:scripted-model"))
    assert sum(isinstance(e, TokenEvent) for e in events) > 10
    _check_caught(events[-1].answer, has_ids)
    request = llm_server.requests[-1]
    assert request["path"] == "/api/chat" and request["model"] == "scripted-model"


def test_no_supported_sentence_falls_back_to_the_extractive_answer(engine, llm_server):
    llm_server.script("Bananas are yellow and grow in Ecuador [1]. Penguins cannot fly [2].")
    answer = engine.ask(QUESTION, llm="openai:scripted-model")
    extractive = engine.ask(QUESTION)
    assert answer.mode == "fallback" and answer.answer == extractive.answer
    assert answer.draft and not any(s.supported for s in answer.draft)


def test_an_unreachable_server_falls_back_too(sample_index, free_port):
    from rag.engine import Engine
    from rag.settings import EngineSettings

    engine = Engine(EngineSettings(index=sample_index, llm_base_url=f"http://127.0.0.1:{free_port}/v1", llm_timeout=5))
    answer = engine.ask(QUESTION, llm="openai:nobody-home")
    assert answer.mode == "fallback" and RELOCATE in answer.answer


def test_follow_up_is_condensed_by_the_llm(engine, llm_server):
    from rag.types import Message

    history = [Message(role="user", content="What are cartel leaders prioritizing now?"),
               Message(role="assistant", content="Leaders now prioritize survival over profits [1].")]
    llm_server.script(
        "What is one cartel leader doing to protect his family?",
        "One cartel leader plans to shield his loved ones against American military interventions [1].",
    )
    answer = engine.ask("And what about their families?", history=history, llm="openai:scripted-model")
    condense, final = llm_server.requests[-2:]
    assert "Follow-up question: And what about their families?" in condense["messages"][-1]["content"]
    assert "Question: What is one cartel leader doing to protect his family?" in final["messages"][-1]["content"]
    assert answer.mode in ("generated", "fallback")
    assert any("shield his loved ones" in s.text for s in answer.sources)
