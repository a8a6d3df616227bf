"""A near-topic question the sample article does not answer (it never mentions Chicago) is declined
the same way on every face: CLI, HTTP API, OpenAI endpoint, Gradio chat, and with an LLM configured,
where the LLM is not even asked."""

import json
from contextlib import closing

import httpx
from gradio_client import Client
from typer.testing import CliRunner

from rag.abstention import NO_ANSWER
from ui.cli import app

NEAR_TOPIC = "What is the price of fentanyl in Chicago?"
ANSWERABLE = "Why did operatives relocate their operations?"


def test_cli_ask_json(sample_index):
    out = CliRunner().invoke(app, ["ask", NEAR_TOPIC, "--index", str(sample_index), "--json"])
    data = json.loads(out.stdout)
    assert data["abstained"] is True and data["sources"] == [] and data["answer"] == NO_ANSWER


def test_http_api(open_server):
    data = httpx.post(open_server.url + "/api/ask", json={"question": NEAR_TOPIC}, timeout=60).json()
    assert data["abstained"] is True and data["sources"] == [] and data["answer"] == NO_ANSWER
    answered = httpx.post(open_server.url + "/api/ask", json={"question": ANSWERABLE}, timeout=60).json()
    assert answered["abstained"] is False and answered["sources"]


def test_openai_endpoint(open_server):
    body = {"model": "citeline", "messages": [{"role": "user", "content": NEAR_TOPIC}]}
    reply = httpx.post(open_server.url + "/v1/chat/completions", json=body, timeout=60).json()
    assert reply["choices"][0]["message"]["content"] == NO_ANSWER and reply["citations"] == []


def test_gradio_chat(open_server):
    with closing(Client(open_server.url + "/", verbose=False)) as client:
        client.predict(api_name="/clear")
        chat = client.predict(NEAR_TOPIC, "none", api_name="/chat")[0]
    content = chat[-1]["content"]
    text = "".join(p.get("text", "") for p in content) if isinstance(content, list) else content
    assert NO_ANSWER in text and 'class="cite"' not in text


def test_llm_is_not_asked_when_the_documents_do_not_answer(sample_index, llm_server):
    from rag.engine import Engine
    from ui.settings import Settings

    llm_server.script("Chicago prices run at 20 dollars a pill [1].")
    engine = Engine(Settings(index=sample_index, llm_base_url=llm_server.url + "/v1"))
    answer = engine.ask(NEAR_TOPIC, llm="openai:scripted-model")
    assert answer.abstained and answer.sources == [] and answer.answer == NO_ANSWER
    assert llm_server.requests == []
    assert not engine.ask(ANSWERABLE, llm="openai:scripted-model").abstained
    assert len(llm_server.requests) == 1  # the answerable question did reach it
