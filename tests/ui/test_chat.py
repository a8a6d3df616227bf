"""The Gradio chat as its API clients and readers meet it: named endpoints, and Clear forgets."""

import json
from contextlib import closing

from gradio_client import Client

FIRST = "What are cartel leaders prioritizing now?"
FOLLOW_UP = "And what about their families?"


def _last_answer(result) -> str:
    content = result[0][-1]["content"]  # the client hands back a message's content as typed parts
    return "".join(part.get("text", "") for part in content) if isinstance(content, list) else content


def test_endpoints_have_names(open_server):
    with closing(Client(open_server.url + "/", verbose=False)) as client:
        names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/chat", "/cite", "/upload", "/clear"} <= names
    assert not any(name.startswith("/lambda") for name in names)


def test_clear_forgets_the_conversation(open_server):
    with closing(Client(open_server.url + "/", verbose=False)) as client:
        client.predict(FIRST, "none", api_name="/chat")
        with_history = _last_answer(client.predict(FOLLOW_UP, "none", api_name="/chat"))
        assert 'class="cite"' in with_history  # the follow-up is answered from the conversation

        client.predict(api_name="/clear")
        result = client.predict(FOLLOW_UP, "none", api_name="/chat")
    assert len(result[0]) == 2  # the screen was cleared: only this turn is shown
    # ... and so was the history: alone, the elliptic follow-up finds nothing to answer from.
    assert 'class="cite"' not in _last_answer(result)


def test_example_questions_come_from_the_corpus_and_are_answered(open_server):
    import httpx

    config = httpx.get(open_server.url + "/config", timeout=60).json()
    [dataset] = [c for c in config["components"] if c.get("type") == "dataset"]
    questions = [sample[0] for sample in dataset["props"]["samples"]]
    assert questions and all("report?" not in q for q in questions)  # not "What does “<title>” report?"
    for question in questions:
        answer = httpx.post(open_server.url + "/api/ask", json={"question": question}, timeout=60).json()
        assert not answer["abstained"], question
        assert answer["sources"] and all(s["text"].strip() != s["title"].strip() for s in answer["sources"])


def test_api_clients_get_the_turn_as_data(open_server):
    question = "Why did operatives <b>relocate</b> their operations & when?"
    with closing(Client(open_server.url + "/", verbose=False)) as client:
        client.predict(api_name="/clear")
        chat, _, raw = client.predict(question, "none", api_name="/chat")
    turn = json.loads(raw)
    assert turn["question"] == question  # as typed; the chat's own message is display HTML
    assert turn["abstained"] is False and "[1]" in turn["answer"]
    source = turn["sources"][0]
    assert source["n"] == 1 and source["path"].endswith(".txt")
    assert source["text"] in source["passage"] and source["url"].startswith("/view/")
