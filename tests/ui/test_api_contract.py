"""The refusals of the Guard (ui/guard.py), which answers before any route runs, are documented in
openapi.json for every route they can reach, and their bodies are the API's one error shape."""

from __future__ import annotations

import httpx
import pytest

from ui.api.errors import ErrorBody

ERROR_REF = "#/components/schemas/ErrorBody"


@pytest.fixture(scope="module")
def spec(server) -> dict:
    return httpx.get(server.url + "/openapi.json", timeout=30).json()


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path.replace("{doc_id}", "0123abcd").replace("{model}", "citeline"), operation)
            for path, methods in spec["paths"].items() for method, operation in methods.items()]


def assert_documented_error(operation: dict, response: httpx.Response, status: int) -> ErrorBody:
    assert response.status_code == status, response.text
    declared = operation["responses"][str(status)]["content"]["application/json"]["schema"]["$ref"]
    assert declared == ERROR_REF
    body = ErrorBody.model_validate(response.json())
    assert body.error.message == body.detail and body.error.param and body.detail.startswith(body.error.param + ": ")
    return body


def test_every_route_but_healthz_documents_its_401(server, spec):
    checked = []
    for method, path, operation in operations(spec):
        if path == "/healthz":
            continue
        response = httpx.request(method, server.url + path, json={} if method == "POST" else None, timeout=30)
        body = assert_documented_error(operation, response, 401)
        assert body.error.type == "authentication_error"
        checked.append(path)
    assert {"/api/ask", "/api/ingest", "/v1/chat/completions", "/v1/models/citeline"} <= set(checked)


def test_every_post_documents_the_guards_refusals(server, spec):
    posts = [(path, operation) for method, path, operation in operations(spec) if method == "POST"]
    assert len(posts) >= 4
    too_big = b"x" * 1_000_001  # over settings.max_request_bytes; uploads have a higher limit (checked by size)
    for path, operation in posts:
        url = server.url + path
        foreign = httpx.post(url, json={}, headers={**server.auth, "Origin": "http://elsewhere.example"}, timeout=30)
        assert assert_documented_error(operation, foreign, 403).error.type == "permission_error"

        def chunked():
            yield b"{}"

        unsized = httpx.post(url, content=chunked(), headers={**server.auth, "Content-Type": "application/json"},
                             timeout=30)
        assert_documented_error(operation, unsized, 411)
        if path != "/api/ingest":
            oversized = httpx.post(url, content=too_big, headers={**server.auth, "Content-Type": "application/json"},
                                   timeout=30)
            assert_documented_error(operation, oversized, 413)


def test_validation_errors_are_one_line_not_arrays(server, spec):
    operation = spec["paths"]["/api/ask"]["post"]
    response = httpx.post(server.url + "/api/ask", json={"k": 0}, headers=server.auth, timeout=30)
    body = assert_documented_error(operation, response, 422)
    assert body.error.param == "question" and "\n" not in body.detail


def test_chat_completions_documents_both_of_its_media_types(spec):
    ok = spec["paths"]["/v1/chat/completions"]["post"]["responses"]["200"]["content"]
    assert ok["application/json"]["schema"]["$ref"] == "#/components/schemas/ChatCompletion"
    assert "text/event-stream" in ok
    assert {"400", "401", "403", "411", "413", "422", "503"} <= set(spec["paths"]["/v1/chat/completions"]["post"]["responses"])


def test_every_documented_error_is_the_one_error_shape(spec):
    errors = [(path, status, response) for path, methods in spec["paths"].items() for operation in methods.values()
              for status, response in operation["responses"].items() if int(status) >= 400]
    assert len(errors) > 20
    for path, status, response in errors:
        assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF, (path, status)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_a_sources_shown_passage_is_named_as_the_engine_names_it(spec):
    # rag/shown_passage.py's ShownQuote is this shape (plus the pieces the page sets it in); its ShownPassage is
    # another (the page with its kept runs).
    shown = spec["components"]["schemas"]["ApiSource"]["properties"]["shown"]
    assert {"$ref": "#/components/schemas/ShownQuote"} in shown["anyOf"]
    assert set(spec["components"]["schemas"]["ShownQuote"]["properties"]) == {"text", "start", "end", "pieces"}
    assert "ShownPassage" not in spec["components"]["schemas"]


def test_an_answer_sends_the_servers_one_reading_beside_its_words(spec):
    # The embed shows the answer as the server read it (rag/shown_answer.py): new fields, none removed.
    schemas = spec["components"]["schemas"]
    assert {"answer", "sources", "abstained", "sentences", "id", "joints"} <= set(schemas["AskResponse"]["properties"])
    assert {"text", "citations", "supported", "code_at", "pieces", "code", "code_cut", "code_note"} <= set(
        schemas["ApiSentence"]["properties"])
    assert set(schemas["AskResponse"]["required"]) == {"answer", "sources", "abstained", "sentences"}
