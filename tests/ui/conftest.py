"""One real `citeline serve` process for the UI tests: a copy of the sample index, a token, an
allowed embedding origin, a small upload limit; started once per session on free ports."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

TOKEN = "test-token-3f9a"
MAX_UPLOAD = 200_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


@dataclass
class Server:
    url: str
    index: Path
    token: str
    embed_origin: str  # the one other origin allowed to frame the chat
    embed_port: int
    log: Path

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="session")
def server(sample_index, tmp_path_factory) -> Server:
    index = tmp_path_factory.mktemp("served") / "index"
    shutil.copytree(sample_index, index)  # uploads write to the index: never to the shared one
    port, embed_port = free_port(), free_port()
    embed_origin = f"http://127.0.0.1:{embed_port}"
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    env = {
        **os.environ,
        "CITELINE_API_TOKEN": TOKEN,
        "CITELINE_ALLOWED_ORIGINS": json.dumps([embed_origin]),
        "CITELINE_MAX_UPLOAD_BYTES": str(MAX_UPLOAD),
        "CITELINE_MAX_QUESTION_CHARS": "500",
    }
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--index", str(index), "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True, env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/healthz", proc)
        yield Server(url, index, TOKEN, embed_origin, embed_port, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    path = ROOT / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
