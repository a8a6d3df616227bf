"""A `citeline serve` started before a `citeline ingest` in another process answers after it exactly as
a fresh `citeline ask` does: same sources, on the embedded Chroma and on a Chroma server.

The questions are worded so that only the dense side can find their answers (no word in common with
the passages): a server whose vectors stayed as they were at its start cites something else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import httpx
import pytest

from bench.common import serving
from tests.conftest import ROOT, SAMPLE_FILE, collection_for
from tests.ui.conftest import wait_for

ORCHARD = "Orchard Notes\n\nThe orchard grows twelve kinds of apples on the southern slope.\n"
EDITED_ORCHARD = ORCHARD + "\nA late frost destroyed half of the pear blossoms in April.\n"
LIGHTHOUSE = "Lighthouse Log\n\nThe lighthouse keeper counted ninety-one gulls on the northern rocks.\n"
QUESTIONS = {
    "How many birds did the lighthouse keeper count on the rocks?": "lighthouse.txt",  # a new document
    "What destroyed the pear blossoms in spring?": "orchard.txt",  # an edited one
    "Why did operatives relocate their operations?": "sample.txt",  # unchanged
}


def _sources(body: dict) -> list[tuple[str, str, int, int]]:
    return [(s["doc_id"], s["path"], s["start"], s["end"]) for s in body["sources"]]


def _cli(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("vectors", ["embedded", "chroma-server"])
def test_a_running_server_answers_like_a_fresh_ask_after_another_process_ingests(tmp_path, request, vectors):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sample.txt").write_text(SAMPLE_FILE.read_text())
    (corpus / "orchard.txt").write_text(ORCHARD)
    index = tmp_path / "index"
    env = {**os.environ}
    if vectors == "chroma-server":
        env |= {"CITELINE_CHROMA_URL": request.getfixturevalue("chroma_server"),
                "CITELINE_CHROMA_COLLECTION": collection_for(tmp_path)}
    first = _cli(["ingest", str(corpus), "--index", str(index)], env)
    assert first.returncode == 0, first.stderr[-2000:]

    with serving(index, env) as (server, url):
        wait_for(url + "/healthz", server)

        def ask_server(question: str) -> dict:
            response = httpx.post(url + "/api/ask", json={"question": question}, timeout=120)
            assert response.status_code == 200, response.text
            return response.json()

        # The server has searched its vectors (and so loaded them) before the ingest.
        before = {q: _sources(ask_server(q)) for q in QUESTIONS}
        assert not any(path == "lighthouse.txt" for sources in before.values() for _, path, _, _ in sources)

        (corpus / "lighthouse.txt").write_text(LIGHTHOUSE)
        (corpus / "orchard.txt").write_text(EDITED_ORCHARD)
        second = _cli(["ingest", str(corpus), "--index", str(index)], env)
        assert second.returncode == 0, second.stderr[-2000:]
        assert "added 1, updated 1, unchanged 1" in second.stdout + second.stderr

        for question, expected_path in QUESTIONS.items():
            served = _sources(ask_server(question))
            asked = _cli(["ask", question, "--index", str(index), "--json"], env)
            assert asked.returncode == 0, asked.stderr[-2000:]
            fresh = _sources(json.loads(asked.stdout))
            assert served == fresh, f"{question!r}: the server cited {served}, a fresh ask {fresh}"
            assert fresh and fresh[0][1] == expected_path, (question, fresh)


def test_the_embedded_vectors_are_reopened_once_per_finished_ingest_and_not_per_question(tmp_path, embedder):
    from rag.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "orchard.txt").write_text(ORCHARD)
    index = tmp_path / "index"
    env = {**os.environ}
    assert _cli(["ingest", str(corpus), "--index", str(index)], env).returncode == 0
    store = Store(index, embedder)
    try:
        # A search under way holds the vectors it was given (rag/retriever.py): `held` stands for one.
        held = store.searched_vectors()
        opened = held.collection
        # Read now: a client's `_system` looks its path up in chromadb's cache, which a reopen changes.
        old_system = held.client._system
        assert all(store.searched_collection() is opened for _ in range(20))

        # Searches from several threads while another process ingests and the vectors are reopened.
        question = embedder.encode(["How many birds did the lighthouse keeper count on the rocks?"])[0].tolist()
        stop, errors, paths = threading.Event(), [], []

        def search() -> None:
            while not stop.is_set():
                try:
                    got = store.searched_collection().query(query_embeddings=[question], n_results=1,
                                                             include=["metadatas"])
                    paths.append(got["metadatas"][0][0]["path"])
                except Exception as exc:  # noqa: BLE001  (any failure of a search is the finding)
                    errors.append(repr(exc))

        threads = [threading.Thread(target=search) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            (corpus / "lighthouse.txt").write_text(LIGHTHOUSE)
            assert _cli(["ingest", str(corpus), "--index", str(index)], env).returncode == 0
            seen = len(paths)
            while len(paths) < seen + 20 and not errors:
                time.sleep(0.05)
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert not errors, errors[:3]
        assert paths[-1] == "lighthouse.txt"

        reopened = store.searched_collection()
        assert reopened is not opened and store.searched_collection() is reopened
        found = reopened.query(query_embeddings=[question], n_results=1, include=["metadatas"])
        assert found["metadatas"][0][0]["path"] == "lighthouse.txt"
        # A search begun on the earlier client still finishes: its System is stopped only when the
        # last search holding it lets go, and then its descriptors are closed.
        assert old_system._running
        assert opened.query(query_embeddings=[question], n_results=1, include=[])["ids"][0]
        del held, opened
        assert not old_system._running
        assert store.searched_vectors().collection.count()
    finally:
        store.close()


def _open_under(pid: int, folder) -> int:
    """Descriptors of process `pid` open on files under `folder`."""
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            count += os.readlink(f"/proc/{pid}/fd/{fd}").startswith(str(folder) + "/")
        except OSError:  # closed since listed
            pass
    return count


def test_a_server_reloading_after_each_ingest_keeps_its_descriptors_bounded_and_answers_throughout(tmp_path):
    # Each reload used to leave the replaced Chroma System open (its chroma.sqlite3 and HNSW files, its
    # Rust runtime's epoll/eventfd) until a garbage collection happened to free it.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sample.txt").write_text(SAMPLE_FILE.read_text())
    (corpus / "orchard.txt").write_text(ORCHARD)
    index = tmp_path / "index"
    env = {**os.environ, "CITELINE_API_TOKEN": "", "CITELINE_ALLOWED_ORIGINS": ""}
    assert _cli(["ingest", str(corpus), "--index", str(index)], env).returncode == 0
    question = {"question": "How many kinds of apples does the orchard grow?"}

    with serving(index, env) as (server, url):
        wait_for(url + "/healthz", server)
        assert _first_source(httpx.post(url + "/api/ask", json=question, timeout=300)) == "orchard.txt"
        at_start = _open_under(server.pid, index / "chroma")
        # Questions asked all along, so that some run while the server reloads.
        stop, answers = threading.Event(), []

        def ask() -> None:
            while not stop.is_set():
                began = time.monotonic()
                try:
                    response = httpx.post(url + "/api/ask", json=question, timeout=300)
                    answers.append(_Answer(began, time.monotonic(), response.status_code, response.json()))
                except Exception as exc:  # noqa: BLE001  (any failure of a question is the finding)
                    answers.append(_Answer(began, time.monotonic(), 0, {"error": repr(exc)}))

        asker = threading.Thread(target=ask)
        asker.start()
        counts, ingests = [], []
        try:
            for i in range(4):
                (corpus / "orchard.txt").write_text(f"{ORCHARD}\nEdit {i}.\n")
                began = time.monotonic()
                assert _cli(["ingest", str(corpus), "--index", str(index)], env).returncode == 0
                ingests.append((began, time.monotonic()))
                asked = len(answers)
                assert _first_source(httpx.post(url + "/api/ask", json=question, timeout=300)) == "orchard.txt"
                deadline = time.time() + 300
                while len(answers) == asked and asker.is_alive() and time.time() < deadline:
                    time.sleep(0.1)
                counts.append(_open_under(server.pid, index / "chroma"))
        finally:
            stop.set()
            asker.join()
        # The reload's new System, and at most one old one a question still held when counted.
        assert max(counts) <= 2 * at_start, (at_start, counts)
        # A System stopped under a question would show as an error here, in or out of an ingest.
        assert answers and all(a.status == 200 and "error" not in a.body for a in answers), \
            [a for a in answers if a.status != 200 or "error" in a.body][:3]
        # While the other process writes too: the edited file's old chunk ids leave the catalog before
        # BM25 is swapped and the vectors reopened, and a hit on one is read as its successor (it was an
        # abstention for the last ~0.5 s of each ingest).
        assert all({s["path"] for s in a.body["sources"]} <= {"orchard.txt", "sample.txt"} for a in answers)
        during = [a for a in answers if any(a.began < end and a.ended > start for start, end in ingests)]
        assert during and len(during) < len(answers), (len(during), len(answers))
        assert all(_first_source(a.body) == "orchard.txt" for a in answers), \
            [(a.began, a.ended, a.body.get("answer")) for a in answers if _first_source(a.body) != "orchard.txt"][:3]


@dataclass(frozen=True)
class _Answer:
    began: float
    ended: float
    status: int
    body: dict


def _first_source(answer) -> str | None:
    body = answer.json() if isinstance(answer, httpx.Response) else answer
    return body["sources"][0]["path"] if body.get("sources") else None
