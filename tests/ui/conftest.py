"""Real `citeline serve` processes for the UI tests, each on a copy of the sample index, started once
per session on port 0: `server` (a token, an allowed embedding origin, a small upload limit) and
`open_server` (no token, short limits and timeouts) keep a fixed corpus, checked at the session's end;
tests that upload use `upload_server` and `upload_open_server`, configured alike."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TOKEN = "test-token-3f9a"
MAX_UPLOAD = 200_000


_SERVING = re.compile(r"Citeline is serving on (http://127\.0\.0\.1:\d+)/")


# A browser's chat tab holds an event stream open: each stop would otherwise wait out the default.
_QUICK_STOP = {"CITELINE_HTTP_SHUTDOWN_TIMEOUT": "1"}


def start_server(index: Path, log: Path, env: dict[str, str], seconds: float = 180) -> tuple[subprocess.Popen, str]:
    """`citeline serve --port 0`: the kernel picks the port, the server prints it, we read it back."""
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--index", str(index), "--port", "0"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **_QUICK_STOP, **env},
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


@contextmanager
def open_index_server(index: Path, log: Path) -> Iterator[str]:
    """`citeline serve` on `index` with no token and no allowed origins, logging to `log`; yields the server's URL
    and stops it after."""
    proc, url = start_server(index, log, {"CITELINE_API_TOKEN": "", "CITELINE_ALLOWED_ORIGINS": ""})
    try:
        yield url
    finally:
        stop_server(proc)


def engine_answer(index: Path, question: str):
    """`question` asked of the engine on `index` as `citeline serve` would load it: the answer every face shows."""
    from ingest.index_writer import IndexWriter
    from rag.engine import Engine
    from ui.settings import Settings

    settings = Settings(index=index)
    return Engine(settings.engine, IndexWriter(settings.ingest)).ask(question)


def ask_in_chat(page, url: str, question: str, shown: str = "#chatbot a.cite") -> None:
    """`question` asked in the chat page at `url`, once its index is loaded; returns when `shown` is on the page."""
    page.goto(url + "/")
    page.locator("#index-status").get_by_text("document(s)").wait_for(timeout=60_000)
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.locator(shown).first.wait_for(timeout=60_000)


def ask_in_embed(page, url: str, question: str, shown: str = ".msg.bot a.cite") -> None:
    """`question` asked in the embed at `url`, once it takes questions; returns when `shown` is on the page."""
    page.goto(f"{url}/embed")
    page.locator("#question:not([disabled])").wait_for()
    page.fill("#question", question)
    page.press("#question", "Enter")
    page.locator(shown).first.wait_for(timeout=60_000)


@contextmanager
def corpus_server(root: Path, files: dict[str, str], env: dict[str, str]) -> Iterator[str]:
    """`citeline serve` on a new index of `files` (name -> text), written to `root/corpus` and ingested
    into `root/index`; yields the server's URL and stops it after."""
    from ingest.pipeline import ingest
    from ui.settings import Settings

    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    assert ingest([corpus], Settings(index=root / "index")).added == len(files)
    proc, url = start_server(root / "index", root / "serve.log", env)
    try:
        yield url
    finally:
        stop_server(proc)


def static_site(directory: Path) -> http.server.ThreadingHTTPServer:
    """A quiet static server of `directory` on a port of its own, bound at once (not yet serving)."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *a: None
    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)


def site_origin(site: http.server.ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{site.server_address[1]}"


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


@contextmanager
def _token_server(sample_index: Path, tmp_path_factory, name: str) -> Iterator[Server]:
    index = tmp_path_factory.mktemp(name) / "index"
    shutil.copytree(sample_index, index)  # uploads write to the index: never to the shared one
    embed_dir = tmp_path_factory.mktemp("site")
    embed_site = static_site(embed_dir)
    embed_origin = site_origin(embed_site)
    log = tmp_path_factory.mktemp("logs") / f"{name}.log"
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


def indexed_paths(url: str, headers: dict | None = None) -> list[str]:
    """The paths of the documents a server holds."""
    r = httpx.get(url + "/api/documents", params={"limit": 1000}, headers=headers or {}, timeout=60)
    r.raise_for_status()
    return sorted(d["path"] for d in r.json()["documents"])


@contextmanager
def _fixed_corpus(url: str, headers: dict | None = None) -> Iterator[None]:
    """The shared servers' documents must be the same at the end of the session as at its start:
    tests that upload take `upload_server` or `upload_open_server` instead."""
    before = indexed_paths(url, headers)
    yield
    after = indexed_paths(url, headers)
    assert after == before, f"a test changed a shared server's documents ({before} -> {after}): uploads go to " \
                            "`upload_server` / `upload_open_server`"


@pytest.fixture(scope="session")
def server(sample_index, tmp_path_factory) -> Iterator[Server]:
    """The sample corpus behind a token, shared by the session; its documents never change."""
    with _token_server(sample_index, tmp_path_factory, "served") as served, _fixed_corpus(served.url, served.auth):
        yield served


@pytest.fixture(scope="session")
def upload_server(sample_index, tmp_path_factory) -> Iterator[Server]:
    """Configured as `server`, for the tests that upload: they see each other's documents, nobody else does."""
    with _token_server(sample_index, tmp_path_factory, "served-uploads") as served:
        yield served


@pytest.fixture(scope="session")
def held(sample_index, tmp_path_factory):
    """A server whose answers run until the test lets them go (tests/ui/held_server.py), no token; shared by
    the chat modules' tests that hold an answer, each leaving it released."""
    from tests.ui.held_server import held_server

    with held_server(sample_index, tmp_path_factory, "held", {}) as served:
        yield served


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


@contextmanager
def _open_server(sample_index: Path, tmp_path_factory, name: str) -> Iterator[OpenServer]:
    from ingest.pipeline import ingest
    from ui.settings import Settings

    index = tmp_path_factory.mktemp(name) / "index"
    shutil.copytree(sample_index, index)
    uploads = index / "uploads"
    uploads.mkdir()
    (uploads / "kept.txt").write_text("The kept upload says that herons nest in the old mill.\n")
    assert ingest([uploads / "kept.txt"], Settings(index=index)).added == 1
    (uploads / "orphan.txt").write_text("Stored, never indexed: the server was killed.\n")
    log = tmp_path_factory.mktemp("logs") / f"{name}-serve.log"
    proc, url = start_server(index, log, {**OPEN_LIMITS, "CITELINE_API_TOKEN": "", "CITELINE_ALLOWED_ORIGINS": ""})
    cache = Path(re.search(r"held in (\S+) until", log.read_text()).group(1))
    try:
        yield OpenServer(url, index, cache, "orphan.txt", "kept.txt", log)
    finally:
        stop_server(proc)
    assert not cache.exists(), f"the server left its upload folder {cache} behind"


@pytest.fixture(scope="session")
def open_server(sample_index, tmp_path_factory) -> Iterator[OpenServer]:
    """No token, small limits, shared by the session; its documents never change."""
    with _open_server(sample_index, tmp_path_factory, "open") as served, _fixed_corpus(served.url):
        yield served


@pytest.fixture(scope="session")
def upload_open_server(sample_index, tmp_path_factory) -> Iterator[OpenServer]:
    """Configured as `open_server`, for the tests that upload to it."""
    with _open_server(sample_index, tmp_path_factory, "open-uploads") as served:
        yield served


def _ensure_chromium() -> None:
    """CI installs it in .ci/run; a developer's machine may not have it yet."""
    if os.path.exists(CHROMIUM):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "chromium"], check=True, capture_output=True)
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test of the session; each test gets a context of its own (`page`)."""
    from playwright.sync_api import sync_playwright

    _ensure_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


# Playwright's default 30 s ceiling on a wait: a Gradio page loading beside the rest of the suite on two loaded
# cores took longer than that in CI. Every wait returns as soon as its condition holds; this only bounds a failure.
PAGE_WAIT_MS = 90_000


def new_context(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(PAGE_WAIT_MS)
    return context


@pytest.fixture
def page(browser):
    context = new_context(browser)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def open_embed_source(page, url: str, question: str, cited: str) -> None:
    """Asks `question` in the embed at `url` and opens the source panel of the citation whose mark holds `cited`
    (the last one tried when none does)."""
    from playwright.sync_api import expect

    page.goto(f"{url}/embed")
    page.locator("#question:not([disabled])").wait_for()
    page.fill("#question", question)
    page.press("#question", "Enter")
    page.locator(".msg.bot:not(.pending)").first.wait_for(timeout=60_000)
    cites = page.locator(".msg.bot").last.locator("a.cite")
    for k in range(cites.count()):
        cites.nth(k).click()
        expect(page.locator("#panel mark")).to_have_count(1)
        if cited in page.locator("#panel mark").inner_text():
            break
