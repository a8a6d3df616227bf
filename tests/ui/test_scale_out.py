"""Scale-out: two `citeline serve` processes share one Chroma server (`chroma run`) and one index
folder (catalog, BM25, lock), and answer the same way, before and after an ingest made elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from ingest.pipeline import ingest
from ui.settings import Settings
from tests.conftest import ROOT, SAMPLE_CORPUS, collection_for, open_store
from tests.ui.conftest import start_server

QUESTION = "Why did operatives relocate their operations?"
NEW_QUESTION = "How many gulls did the lighthouse keeper count?"


def _ask(url: str, question: str) -> dict:
    response = httpx.post(url + "/api/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    return {"answer": body["answer"], "sources": [(s["doc_id"], s["start"], s["end"], s["text"]) for s in body["sources"]]}


def test_two_servers_behind_one_chroma_server_answer_alike(tmp_path, chroma_server, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sample.txt").write_text((SAMPLE_CORPUS / "culiacan_fentanyl_crackdown.txt").read_text())
    index = tmp_path / "index"
    collection = collection_for(tmp_path)
    settings = Settings(index=index, chroma_url=chroma_server, chroma_collection=collection)
    started = time.perf_counter()
    assert ingest([corpus], settings).added == 1
    ingest_seconds = time.perf_counter() - started
    # Nothing of the vectors lives in the index folder: they are on the server.
    assert not (index / "chroma").exists()

    env = {**os.environ, "CITELINE_CHROMA_URL": chroma_server, "CITELINE_CHROMA_COLLECTION": collection}
    procs, urls = [], []
    try:
        for n in range(2):
            # Port 0: each server binds a port the kernel picks and prints it; nothing can take it first.
            proc, url = start_server(index, tmp_path / f"serve{n}.log", env)
            procs.append(proc)
            urls.append(url)
        first = [_ask(url, QUESTION) for url in urls]
        assert first[0] == first[1]
        assert first[0]["sources"] and "relocate" in first[0]["answer"]

        # An ingest by a third process: both servers see the new document (Chroma via the server,
        # BM25 and the catalog via the shared folder) without a restart.
        (corpus / "lighthouse.txt").write_text(
            "Lighthouse Log\n\nThe lighthouse keeper counted ninety-one gulls on the northern rocks.\n"
        )
        report = ingest([corpus], settings)
        assert (report.added, report.unchanged) == (1, 1)
        after = [_ask(url, NEW_QUESTION) for url in urls]
        assert after[0] == after[1]
        assert "ninety-one gulls" in after[0]["answer"]
        health = [httpx.get(url + "/healthz", timeout=10).json() for url in urls]
        assert health[0]["documents"] == health[1]["documents"] == 2
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    store = open_store(settings, embedder)
    assert set(store.collection.get(include=[])["ids"]) == store.catalog.all_chunk_ids()
    store.close()
    print(f"\nchroma server: ingest of the sample corpus {ingest_seconds:.1f} s")


def test_unreachable_chroma_server_is_one_clear_line(tmp_path, free_port):
    url = f"http://127.0.0.1:{free_port}"
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ingest", str(SAMPLE_CORPUS), "--index", str(tmp_path / "i"),
         "--chroma-url", url],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: chroma_url: no Chroma server answers at {url}"), result.stderr[-2000:]
