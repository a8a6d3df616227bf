"""Shared fixtures: the real embedding model (loaded once), real Chroma indexes on temp dirs."""

from __future__ import annotations

import copy
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest

from rag import env  # noqa: F401  (offline switches before anything heavy loads)
from tests.passage_memo import PassageMemo

# ranx's metrics are numba functions: compiling them (again in every fresh venv: numba caches beside
# site-packages) costs far more than the tests' few queries take interpreted, which give the same
# values (docs/performance.md, "Suite time"). The eval commands keep the compiled path.
os.environ.setdefault("NUMBA_DISABLE_JIT", "1")

ROOT = Path(__file__).resolve().parents[1]
_PASSAGES = PassageMemo()


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "embeds_afresh: encode every passage, none looked up from the session's "
                                       "earlier ingests (tests of the encoder, or timing an ingest)")
    _PASSAGES.install()


@pytest.fixture(autouse=True)
def _passages_looked_up_unless_afresh(request):
    _PASSAGES.on = request.node.get_closest_marker("embeds_afresh") is None
    yield
    _PASSAGES.on = True


SAMPLE_CORPUS = ROOT / "sample_corpus"
SAMPLE_FILE = SAMPLE_CORPUS / "culiacan_fentanyl_crackdown.txt"
SHARED = ROOT.parent / "shared"
DOCSQA = ROOT / "bench" / "data" / "docsqa"


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def shared_eval(relative: str) -> Path:
    """A path under ../shared/eval. Missing data fails the run under CI (a skipped gate guards
    nothing) and skips it, with the reason, on a developer's machine."""
    path = SHARED / "eval" / relative
    if not path.exists():
        reason = f"needs the shared evaluation data {path} (../shared/eval beside the checkout)"
        if under_ci():
            pytest.fail(f"{reason}: missing under CI", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def scifact_folder() -> Path:
    return shared_eval("scifact")


@pytest.fixture(scope="session")
def xquad_file() -> Path:
    return shared_eval("xquad-en/xquad.en.json")


@pytest.fixture(scope="session")
def embedder():
    from rag.embeddings import get_embedder
    from ui.settings import Settings

    # The runtime the engines of the suite use by default: one model in memory, not two.
    s = Settings()
    return get_embedder(s.embedding_model, s.embedding_runtime, s.model_cache)


@pytest.fixture
def make_settings(tmp_path):
    from ui.settings import Settings

    def make(**overrides):
        overrides.setdefault("index", tmp_path / "index")
        return Settings(**overrides)

    return make


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embedder) -> Path:
    """The sample corpus ingested once for the session; tests must not write to it."""
    from ingest.pipeline import ingest
    from ui.settings import Settings

    index = tmp_path_factory.mktemp("sample") / "index"
    report = ingest([SAMPLE_CORPUS], Settings(index=index))
    assert report.added == 1 and not report.failed
    return index


@pytest.fixture(scope="session")
def sample_engine(sample_index):
    from ingest.index_writer import IndexWriter
    from rag.engine import Engine
    from ui.settings import Settings

    settings = Settings(index=sample_index)
    return Engine(settings.engine, IndexWriter(settings.ingest))


@pytest.fixture
def output_dir() -> Path:
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port where nothing answers, held for the block: bound and never listening, so a
    connection is refused and no other process can start listening there meanwhile."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


@pytest.fixture
def free_port() -> Iterator[int]:
    """A port nothing answers on, for "no server there" tests (see `closed_port`)."""
    with closed_port() as port:
        yield port


def unused_port() -> int:
    """For a server that can't be started on port 0 and tell its port (`chroma run`): bound, read and
    released, so the caller must retry when another process took it meanwhile. Every other server
    in the suite binds port 0 and reports the port it got."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llm_server():
    """A local server speaking the OpenAI and Ollama protocols with scripted replies (tests/llm_server.py)."""
    from tests.llm_server import ScriptedLLMServer

    with ScriptedLLMServer() as server:
        yield server


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server (`chroma run`, shipped with chromadb) on a free loopback port; yields its URL."""
    import subprocess
    import sys
    import time

    import httpx

    data = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).with_name("chroma")
    log = open(data / "server.log", "w")
    started = time.perf_counter()
    # `chroma run` can't be given port 0 and tell us the port, so a free port is picked and, if
    # another process takes it between our check and chroma's bind, tried again with another.
    for attempt in range(3):
        port = unused_port()
        proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while proc.poll() is None and time.time() < deadline:
            try:
                if httpx.get(url + "/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            if proc.poll() is None:
                proc.kill()
                raise RuntimeError("chroma run did not answer in 60 s")
            if attempt == 2:
                raise RuntimeError(f"chroma run exited: {(data / 'server.log').read_text()[-2000:]}")
            continue
        break
    try:
        print(f"\nchroma server up in {time.perf_counter() - started:.1f} s at {url}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(autouse=True)
def _chroma_of_the_tests_own_index_is_closed(request):
    """After a test, stop the Chroma systems opened on indexes under its own tmp_path, and the HTTP
    clients it opened to the shared Chroma server. chromadb keeps one System per path for the whole
    process (its SQLite and HNSW files and a runtime's epoll descriptors open) and one per HTTP
    client (its keep-alive connections open): the whole suite passed 1,024 descriptors (select()
    failed in tests/ui/test_cli). Indexes of module and session fixtures live under tmp_path_factory
    folders of their own and stay open for the tests that share them."""
    client_module = sys.modules.get("chromadb.api.shared_system_client")
    before = set(client_module.SharedSystemClient._identifier_to_system) if client_module else set()
    yield
    tmp_path = request.node.funcargs.get("tmp_path") if hasattr(request.node, "funcargs") else None
    client_module = sys.modules.get("chromadb.api.shared_system_client")
    if tmp_path is None or client_module is None:
        return
    shared = client_module.SharedSystemClient
    for key, system in list(shared._identifier_to_system.items()):
        remote = key not in before and system.settings.chroma_api_impl.endswith("FastAPI")
        if remote or Path(key).is_relative_to(tmp_path):
            del shared._identifier_to_system[key]
            shared._identifier_to_refcount.pop(key, None)
            system.stop()
            for component in system.components():
                session = getattr(component, "_session", None)
                if session is not None:
                    session.close()


def fresh_chroma() -> None:
    """Forget Chroma's embedded Systems: it caches one per path in a process, so the next Store reads what
    another process (a killed ingest) left on disk, as a newly started `citeline` would. Each is stopped,
    now or when the last vectors using it go (a module's fixture may hold some): forgotten and left running,
    its SQLite, HNSW and runtime descriptors stayed open to the end of the run. An HTTP client's System is
    no path's (its key is new each time) and is left to `_chroma_of_the_tests_own_index_is_closed`."""
    from chromadb.api.client import SharedSystemClient

    from rag import store

    for key, system in list(SharedSystemClient._identifier_to_system.items()):
        if system.settings.chroma_api_impl.endswith("FastAPI"):
            continue
        del SharedSystemClient._identifier_to_system[key]
        SharedSystemClient._identifier_to_refcount.pop(key, None)
        with store._users_lock:
            used = id(system) in store._users
        if used:
            store._stop_when_unused(system)
        else:  # every embedded System is opened by `open_vectors`, which counts its users: this one has none
            system.stop()


def collection_for(path: Path) -> str:
    """A Chroma collection name of its own for each test index on the shared server."""
    import hashlib

    return "t" + hashlib.sha1(str(path).encode()).hexdigest()[:16]


def open_store(settings, embedder, **kwargs):
    """The index's Store on whichever Chroma the settings name."""
    from rag.store import Store

    return Store(settings.index, embedder, chroma_url=settings.chroma_url,
                 collection=settings.chroma_collection, **kwargs)


def document_texts(settings, embedder) -> dict[str, str]:
    """Every indexed document's stored text, by path."""
    store = open_store(settings, embedder)
    try:
        return {d.path: store.catalog.document_text(d.doc_id) for d in store.catalog.documents()}
    finally:
        store.close()


def ingested_page(tmp_path_factory, name: str, text: str) -> Path:
    """A new index holding one Markdown page, `<name>.md` with `text`, ingested by the real pipeline."""
    from ingest.pipeline import ingest
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp(name) / "docs"
    folder.mkdir()
    (folder / f"{name}.md").write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp(f"{name}-index") / "index"
    assert ingest([folder], Settings(index=index)).added == 1
    return index


@lru_cache(maxsize=None)
def _read_once(path: Path):
    from ingest.loaders import load

    return load(path, 100_000_000)


def corpus_document(relative: str):
    """A docs-QA corpus file (`papers/corpus/x.pdf`) as the ingest loader reads it, read once a session: a
    paper's PDF takes seconds to extract and several modules read the same few. Each caller gets a copy of its
    own, so a test changing its document cannot change what the next one reads."""
    return copy.deepcopy(_read_once(DOCSQA / relative))
