"""`citeline serve` as a real process: health, OpenAPI docs, embedding policy headers."""

import json

import httpx


def test_health(server):
    data = httpx.get(server.url + "/healthz").json()
    assert data["status"] == "ok" and data["documents"] >= 1 and data["chunks"] >= 1


def test_openapi_docs_list_the_api(server):
    assert httpx.get(server.url + "/docs").status_code == 200
    paths = httpx.get(server.url + "/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/cite", "/api/documents", "/api/documents/{doc_id}", "/api/ingest",
                 "/api/feedback", "/healthz", "/v1/chat/completions"):
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
    # generator, and returns the chat (as HTML), the emptied textbox and the turn as JSON.
    chat, cleared, turn = client.predict("What do recent initiatives include?", "none", api_name="/chat")
    client.close()
    assert json.loads(turn)["sources"][0]["path"] == "culiacan_fentanyl_crackdown.txt"
    content = chat[-1]["content"]
    # Gradio 6 returns message content as a list of typed parts.
    html = "".join(part["text"] for part in content) if isinstance(content, list) else content
    assert "Recent initiatives include increased security measures" in html
    assert "<mark>" in html and "culiacan_fentanyl_crackdown.txt" in html
    assert [m["role"] for m in chat] == ["user", "assistant"]
    # The box is emptied when the question is taken; the final output leaves it as the visitor has
    # typed since (Gradio's no-change update), never the question asked.
    assert cleared in ("", {"__type__": "update"}), cleared


def test_a_bad_llm_setting_is_one_line_not_a_traceback(sample_index, tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.ui.conftest import start_server, stop_server

    refused = subprocess.run([sys.executable, "-m", "ui.cli", "serve", "--index", str(sample_index), "--port", "0"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120,
                             env={**os.environ, "CITELINE_LLM_CHOICES": '["nonsense:x"]'})
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "error: llm_choices: unknown LLM backend 'nonsense': use none, llamacpp:PATH.gguf, ollama:MODEL or openai:MODEL"]

    # A generator that is configured right but missing: the server starts, says so once, and a
    # question asking for it is a 503 naming it; no traceback reaches the log.
    log = tmp_path / "serve.log"
    proc, url = start_server(sample_index, log, {"CITELINE_LLM": "llamacpp:/no/such/model.gguf",
                                                 "CITELINE_API_TOKEN": ""})
    try:
        reply = httpx.post(url + "/api/ask", json={"question": "Why did operatives relocate?"}, timeout=60)
        assert reply.status_code == 503 and reply.json()["detail"].startswith("llm: ")
        assert "GGUF file not found: /no/such/model.gguf" in reply.json()["detail"]
        extractive = httpx.post(url + "/api/ask", json={"question": "Why did operatives relocate?", "llm": "none"},
                                timeout=60)
        assert extractive.status_code == 200 and not extractive.json()["abstained"]
    finally:
        stop_server(proc)
    text = log.read_text()
    assert "warning: llm: GGUF file not found: /no/such/model.gguf" in text
    assert "Traceback" not in text


def test_health_gives_the_index_path_only_with_the_token(server):
    # try8: /healthz, open to anyone, gave the index folder's path on the server's disk.
    anonymous = httpx.get(server.url + "/healthz").json()
    assert anonymous["index"] is None and anonymous["documents"] >= 1
    assert httpx.get(server.url + "/healthz", headers=server.auth).json()["index"] == str(server.index)


def test_health_gives_the_index_path_on_an_open_server(open_server):
    assert httpx.get(open_server.url + "/healthz").json()["index"]


def test_a_port_in_use_is_one_line_and_exit_1_not_a_traceback(sample_index):
    import os
    import socket
    import subprocess
    import sys

    from tests.conftest import ROOT

    # try25: a second `citeline serve` on the same port printed a 30-line traceback ending in errno 98.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        refused = subprocess.run([sys.executable, "-m", "ui.cli", "serve", "--index", str(sample_index),
                                  "--port", str(port)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                                 env={**os.environ, "CITELINE_API_TOKEN": ""})
    assert refused.returncode == 1, refused.stderr
    assert refused.stderr.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{port}: the port is already in use (another citeline serve?)"]
    assert "Traceback" not in refused.stderr + refused.stdout



def test_a_stop_ends_what_clients_left_open_after_the_shutdown_timeout(sample_index, tmp_path):
    import shutil

    from gradio_client import Client

    from tests.ui.conftest import start_server

    # A Gradio client that asked once and was never closed holds a stream open; uvicorn waited for it, so a
    # stopped server (Ctrl-C, a service manager's SIGTERM) hung on whatever its clients left open.
    index = tmp_path / "index"
    shutil.copytree(sample_index, index)
    proc, url = start_server(index, tmp_path / "serve.log", {"CITELINE_API_TOKEN": "", "CITELINE_ALLOWED_ORIGINS": "",
                                                             "CITELINE_HTTP_SHUTDOWN_TIMEOUT": "1"})
    try:
        client = Client(url + "/", verbose=False)
        chat, _, _ = client.predict("What do herons eat?", "none", api_name="/chat")
        assert chat
        proc.terminate()
        proc.wait(timeout=30)  # without the timeout it waited as long as the client lived
        # A stop working as configured is one line, not uvicorn's traceback of the cancelled request.
        log = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert "Traceback" not in log and "CancelledError" not in log, log[-2000:]
        assert "closed a request still open 1 s after the stop" in log, log[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
