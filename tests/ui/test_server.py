"""`citeline serve` as a real process on a free port, asked through gradio_client."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_index):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--index", str(sample_index), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stdout.read()}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("server did not start in 120 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_health(server):
    data = httpx.get(server + "/healthz").json()
    assert data["status"] == "ok" and data["documents"] == 1


def test_chat_answers_through_gradio_client(server):
    from gradio_client import Client

    client = Client(server + "/", verbose=False)
    html = client.predict("What do recent initiatives include?", api_name="/chat")
    assert "Recent initiatives include increased security measures" in html
    assert 'href="#src-1"' in html and "<mark>" in html
    assert "culiacan_fentanyl_crackdown.txt" in html
