"""`/v1/chat/completions` through the official `openai` client pointed at the server."""

import pytest
from openai import AuthenticationError, OpenAI


@pytest.fixture(scope="module")
def client(server):
    return OpenAI(base_url=server.url + "/v1", api_key=server.token, max_retries=0, timeout=60)


def test_completion_has_the_answer_and_citations(client):
    completion = client.chat.completions.create(
        model="citeline", messages=[{"role": "system", "content": "Be brief."},
                                    {"role": "user", "content": "What do recent initiatives include?"}])
    content = completion.choices[0].message.content
    assert "Recent initiatives include" in content and "[1]" in content
    citations = completion.model_extra["citations"]
    assert citations[0]["n"] == 1 and citations[0]["path"] == "culiacan_fentanyl_crackdown.txt"
    assert citations[0]["text"] in content


def test_streaming_completion(client):
    stream = client.chat.completions.create(
        model="citeline", stream=True,
        messages=[{"role": "user", "content": "Why did operatives relocate their operations?"}])
    text, citations, finish = "", None, None
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            text += chunk.choices[0].delta.content
        if chunk.choices and chunk.choices[0].finish_reason:
            finish = chunk.choices[0].finish_reason
        citations = (chunk.model_extra or {}).get("citations", citations)
    assert "relocate" in text and "[1]" in text and finish == "stop"
    assert citations and citations[0]["n"] == 1


def test_wrong_key_is_refused(server):
    bad = OpenAI(base_url=server.url + "/v1", api_key="wrong", max_retries=0)
    with pytest.raises(AuthenticationError):
        bad.chat.completions.create(model="citeline", messages=[{"role": "user", "content": "hi"}])
