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
        opened = store.searched_collection()
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
        # A search begun on the earlier client still finishes (it is let go, not closed).
        assert opened.query(query_embeddings=[question], n_results=1, include=[])["ids"][0]
    finally:
        store.close()
