"""`citeline serve` as a real process: health, OpenAPI docs, embedding policy headers."""

import httpx


def test_health(server):
    data = httpx.get(server.url + "/healthz").json()
    assert data["status"] == "ok" and data["documents"] >= 1 and data["chunks"] >= 1


def test_openapi_docs_list_the_api(server):
    assert httpx.get(server.url + "/docs").status_code == 200
    paths = httpx.get(server.url + "/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/cite", "/api/documents", "/api/documents/{doc_id}", "/api/ingest",
                 "/healthz", "/v1/chat/completions"):
        assert path in paths


def test_chat_page_and_embed_script_are_served(server):
    page = httpx.get(server.url + "/", headers=server.auth)
    assert page.status_code == 200 and "Citeline" in page.text
    script = httpx.get(server.url + "/embed.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "/embed" in script.text


def test_frame_ancestors_allow_only_the_configured_origin(server):
    csp = httpx.get(server.url + "/embed").headers["content-security-policy"]
    assert f"frame-ancestors 'self' {server.embed_origin}" in csp
    assert "script-src 'self'" in csp


def test_cors_answers_the_allowed_origin_only(server):
    def preflight(origin):
        return httpx.options(server.url + "/api/ask", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})

    ok = preflight(server.embed_origin)
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == server.embed_origin
    other = preflight("http://evil.example")
    assert "access-control-allow-origin" not in other.headers


def test_chat_answers_through_gradio_client(server):
    """The Gradio app's own API, as `gradio_client` users call it, keeps history and citations."""
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False, headers=server.auth)
    # The conversation stays in session state on the server: the call takes the question and the
    # generator, and returns the chat (as HTML) and the emptied textbox.
    chat, cleared = client.predict("What do recent initiatives include?", "none", api_name="/chat")
    content = chat[-1]["content"]
    # Gradio 6 returns message content as a list of typed parts.
    html = "".join(part["text"] for part in content) if isinstance(content, list) else content
    assert "Recent initiatives include increased security measures" in html
    assert "<mark>" in html and "culiacan_fentanyl_crackdown.txt" in html
    assert [m["role"] for m in chat] == ["user", "assistant"] and cleared == ""
