"""`/v1/chat/completions` through the official `openai` client pointed at the server."""

import httpx
import pytest
from openai import AuthenticationError, BadRequestError, NotFoundError, OpenAI


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


def _rate(server, answer_id: str, rating: str) -> dict:
    r = httpx.post(server.url + "/api/feedback", json={"answer_id": answer_id, "rating": rating},
                   headers=server.auth, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_an_openai_client_user_can_rate_the_answer(client, server):
    completion = client.chat.completions.create(
        model="citeline", messages=[{"role": "user", "content": "What do recent initiatives include?"}])
    answer_id = completion.model_extra["answer_id"]
    assert len(answer_id) == 32
    assert _rate(server, answer_id, "down")["answer_id"] == answer_id

    stream = client.chat.completions.create(
        model="citeline", stream=True,
        messages=[{"role": "user", "content": "Why did operatives relocate their operations?"}])
    streamed = [(chunk.model_extra or {}).get("answer_id") for chunk in stream]
    [streamed_id] = [a for a in streamed if a]
    assert streamed_id != answer_id and _rate(server, streamed_id, "up")["rating"] == "up"

    schemas = httpx.get(server.url + "/openapi.json", timeout=30).json()["components"]["schemas"]
    assert "answer_id" in schemas["ChatCompletion"]["properties"]


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
    with pytest.raises(AuthenticationError) as caught:
        bad.chat.completions.create(model="citeline", messages=[{"role": "user", "content": "hi"}])
    assert caught.value.type == "authentication_error" and caught.value.param == "token"


QUESTION = "What do recent initiatives include?"


def test_models_retrieve_names_the_model(client):
    assert client.models.retrieve("citeline").id == "citeline"
    # `citeline` (every collection the caller may read) and each collection: an old index holds the default one.
    assert [m.id for m in client.models.list()] == ["citeline", "default"]
    assert client.models.retrieve("default").id == "default"
    with pytest.raises(NotFoundError) as caught:
        client.models.retrieve("gpt-4o")
    assert caught.value.param == "model" and "gpt-4o" in caught.value.message


def test_usage_counts_characters_and_says_so(client):
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}]
    completion = client.chat.completions.create(model="citeline", messages=messages)
    usage = completion.usage
    assert usage.model_extra["unit"] == "characters"
    assert usage.prompt_tokens == len("Be brief.") + len(QUESTION)
    assert usage.completion_tokens == len(completion.choices[0].message.content)
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_stream_sends_the_usage_chunk_when_asked(client):
    def chunks(**options):
        return list(client.chat.completions.create(
            model="citeline", stream=True, messages=[{"role": "user", "content": QUESTION}], **options))

    asked = chunks(stream_options={"include_usage": True})
    last = asked[-1]
    assert last.choices == [] and last.usage is not None
    text = "".join(c.choices[0].delta.content or "" for c in asked if c.choices)
    assert last.usage.completion_tokens == len(text) and last.usage.prompt_tokens == len(QUESTION)
    assert all(c.usage is None for c in asked[:-1])
    assert all(c.usage is None and c.choices for c in chunks())  # not asked: no usage chunk


@pytest.mark.parametrize(("param", "value"), [
    ("n", 2),
    ("tools", [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]),
    ("tool_choice", "required"),
    ("response_format", {"type": "json_object"}),
    ("logprobs", True),
    ("top_logprobs", 3),
    ("modalities", ["text", "audio"]),
])
def test_unsupported_parameters_are_refused_by_name(client, param, value):
    with pytest.raises(BadRequestError) as caught:
        client.chat.completions.create(model="citeline", messages=[{"role": "user", "content": QUESTION}],
                                       **{param: value})
    error = caught.value
    assert error.param == param and error.code == "unsupported_parameter" and error.type == "invalid_request_error"
    assert error.body["message"].startswith(f"{param}: ")


def test_supported_values_of_those_parameters_are_accepted(client):
    completion = client.chat.completions.create(
        model="citeline", messages=[{"role": "user", "content": QUESTION}], n=1, tool_choice="none",
        response_format={"type": "text"}, logprobs=False, modalities=["text"], temperature=0.2)
    assert "[1]" in completion.choices[0].message.content and completion.model_extra["citations"]


def test_stream_options_without_stream_is_refused(client):
    with pytest.raises(BadRequestError) as caught:
        client.chat.completions.create(model="citeline", messages=[{"role": "user", "content": QUESTION}],
                                       stream_options={"include_usage": True})
    assert caught.value.param == "stream_options"


@pytest.mark.parametrize("content", ["   ", [{"type": "image_url", "image_url": {"url": "https://example.org/a.png"}}]])
def test_a_message_without_text_is_refused_naming_messages(client, content):
    # The message names the request's own field: /v1 has no `question`.
    with pytest.raises(BadRequestError) as caught:
        client.chat.completions.create(model="citeline", messages=[{"role": "user", "content": content}])
    assert caught.value.param == "messages"
    assert caught.value.body["message"] == "messages: the last user message has no text to ask"


@pytest.mark.parametrize("body", [{"stream": "yes"}, {"stream": 1}, {"logprobs": "false"},
                                  {"stream": True, "stream_options": {"include_usage": "true"}}])
def test_a_boolean_sent_as_anything_else_is_a_400_naming_it(server, body):
    # Pydantic's lax mode took "yes" for true and streamed; OpenAI answers 400 for a non-boolean.
    request = {"model": "citeline", "messages": [{"role": "user", "content": "What do recent initiatives include?"}],
               **body}
    r = httpx.post(server.url + "/v1/chat/completions", json=request, headers=server.auth, timeout=60)
    assert r.status_code == 400, r.text
    named = "stream_options.include_usage" if "stream_options" in body else next(iter(body))
    assert r.json()["error"]["param"] == named and "boolean" in r.json()["detail"]
