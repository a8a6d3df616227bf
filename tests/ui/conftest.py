"""One real `citeline serve` process for the UI tests: a copy of the sample index, a token, an
allowed embedding origin, a small upload limit; started once per session on port 0."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

TOKEN = "test-token-3f9a"
MAX_UPLOAD = 200_000


def free_port() -> int:
    """A port nothing listens on (for "no server answers there"); servers bind port 0 instead."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_SERVING = re.compile(r"Citeline is serving on (http://127\.0\.0\.1:\d+)/")


def start_server(index: Path, log: Path, env: dict[str, str], seconds: float = 180) -> tuple[subprocess.Popen, str]:
    """`citeline serve --port 0`: the kernel picks the port, the server prints it, we read it back."""
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--index", str(index), "--port", "0"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True, env={**os.environ, **env},
        )
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        found = _SERVING.search(log.read_text())
        if found:
            wait_for(found.group(1) + "/healthz", proc, deadline - time.time())
            return proc, found.group(1)
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"the server did not start in {seconds:.0f} s: {log.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


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
    # The helper site on that origin: bound and listening from the start, so its port is held by
    # it (never picked, released and hoped for); the embed test writes its page and serves it.
    embed_site: http.server.ThreadingHTTPServer
    embed_dir: Path
    log: Path

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="session")
def server(sample_index, tmp_path_factory) -> Server:
    index = tmp_path_factory.mktemp("served") / "index"
    shutil.copytree(sample_index, index)  # uploads write to the index: never to the shared one
    embed_dir = tmp_path_factory.mktemp("site")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(embed_dir))
    handler.log_message = lambda *a: None
    embed_site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    embed_origin = f"http://127.0.0.1:{embed_site.server_address[1]}"
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    env = {
        "CITELINE_API_TOKEN": TOKEN,
        "CITELINE_ALLOWED_ORIGINS": json.dumps([embed_origin]),
        "CITELINE_MAX_UPLOAD_BYTES": str(MAX_UPLOAD),
        "CITELINE_MAX_QUESTION_CHARS": "500",
    }
    proc, url = start_server(index, log, env)
    try:
        yield Server(url, index, TOKEN, embed_origin, embed_site, embed_dir, log)
    finally:
        stop_server(proc)
        embed_site.server_close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    path = ROOT / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class OpenServer:
    """A server with no token (as `citeline serve` runs by default) and short limits and timeouts."""

    url: str
    index: Path
    upload_cache: Path  # the private Gradio upload folder of the server process
    orphan: str  # an unindexed file left in uploads/ before the start (a server killed mid-upload)
    kept: str  # an indexed upload that must survive the start
    log: Path


OPEN_LIMITS = {
    "CITELINE_MAX_UPLOAD_BYTES": "100000",
    "CITELINE_MAX_UPLOAD_FILES": "3",
    "CITELINE_UPLOAD_CACHE_BYTES": "500000",
    "CITELINE_HTTP_HEADER_TIMEOUT": "2",
    "CITELINE_HTTP_BODY_TIMEOUT": "2",
    "CITELINE_MAX_QUESTION_CHARS": "500",
    "CITELINE_MAX_HISTORY_MESSAGES": "2",
}


@pytest.fixture(scope="session")
def open_server(sample_index, tmp_path_factory) -> OpenServer:
    from ingest.pipeline import ingest
    from rag.settings import Settings

    index = tmp_path_factory.mktemp("open") / "index"
    shutil.copytree(sample_index, index)
    uploads = index / "uploads"
    uploads.mkdir()
    (uploads / "kept.txt").write_text("The kept upload says that herons nest in the old mill.\n")
    assert ingest([uploads / "kept.txt"], Settings(index=index)).added == 1
    (uploads / "orphan.txt").write_text("Stored, never indexed: the server was killed.\n")
    log = tmp_path_factory.mktemp("logs") / "open-serve.log"
    proc, url = start_server(index, log, {**OPEN_LIMITS, "CITELINE_API_TOKEN": "", "CITELINE_ALLOWED_ORIGINS": ""})
    cache = Path(re.search(r"held in (\S+) until", log.read_text()).group(1))
    try:
        yield OpenServer(url, index, cache, "orphan.txt", "kept.txt", log)
    finally:
        stop_server(proc)
    assert not cache.exists(), f"the server left its upload folder {cache} behind"

