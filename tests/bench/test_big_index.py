"""The large-index benchmarks at a tiny size, so they cannot rot: grown index, HNSW sweep,
Chroma documents cost, serve memory, catalog reads."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest


@pytest.fixture(scope="module")
def grown(sample_index, tmp_path_factory):
    from bench.query_latency import grown_indexes

    cache = tmp_path_factory.mktemp("bench-cache")
    with sqlite3.connect(sample_index / "catalog.sqlite3") as con:
        source_chunks = con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    size = source_chunks * 2 + 3  # two whole perturbed copies and part of a third
    return grown_indexes(sample_index, [size], cache)[size], size, source_chunks, cache


def test_grown_index_has_every_part_and_is_cached(grown, sample_index):
    from bench.query_latency import grown_indexes
    from rag.store import Store

    index, size, source_chunks, cache = grown
    store = Store(index, embedder=None)  # type: ignore[arg-type]
    try:
        assert store.catalog.counts()[1] == size
        assert store.collection.count() == size
        assert len(store.bm25().chunk_ids) == size
        ids = json.loads((index / "vector_ids.json").read_text())
        vectors = np.load(index / "vectors.npy")
        assert vectors.shape[0] == size == len(set(ids))
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
        # A copy is a perturbed original: close but not equal.
        original = vectors[0]
        copy = vectors[ids.index(ids[0] + "~1")]
        assert 0.8 < float(original @ copy) < 0.999
        assert len(store.catalog.sentence_vectors([ids[0] + "~1"])[ids[0] + "~1"]) >= 1
    finally:
        store.close()
    mtime = (index / "bench.json").stat().st_mtime
    assert grown_indexes(sample_index, [size], cache)[size] == index
    assert (index / "bench.json").stat().st_mtime == mtime


def test_exact_top_matches_a_full_sort():
    from bench.hnsw_sweep import exact_top

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(500, 8)).astype(np.float32)
    queries = rng.normal(size=(3, 8)).astype(np.float32)
    full = np.argsort(-(queries @ vectors.T), axis=1)[:, :7]
    assert np.array_equal(exact_top(vectors, queries, 7, block=64), full)


def test_hnsw_sweep_reports_recall_and_restores_ef(grown, embedder, tmp_path):
    from bench.hnsw_sweep import _client, sweep_build, sweep_ef
    from rag.store import COLLECTION, HNSW

    index, size, _, _ = grown
    queries = np.asarray(embedder.encode(["fentanyl production", "cartel leaders"]), dtype=np.float32)
    result = sweep_ef(index, queries, 5, [16, 64])
    assert [r["ef_search"] for r in result["ef_search"]] == [16, 64]
    assert all(r["configured"] == r["ef_search"] and 0 < r["recall"] <= 1 for r in result["ef_search"])
    # The grown index holds copies ("id~n") of real chunks; each real chunk counts once here.
    assert all(0 < r["recall_distinct_source"] <= 1 for r in result["ef_search"])
    assert _client(index / "chroma").get_collection(COLLECTION).configuration_json["hnsw"]["ef_search"] == HNSW["ef_search"]
    built = sweep_build(index, size, queries, 5, [(16, 100)], tmp_path)
    assert built["builds"][0]["recall"] > 0.5 and built["builds"][0]["build_s"] >= 0
    assert not any(tmp_path.iterdir())


def test_chroma_write_with_and_without_documents(grown, tmp_path):
    from bench.chroma_write import add_once

    index = grown[0]
    ids = json.loads((index / "vector_ids.json").read_text())
    vectors = np.load(index / "vectors.npy")
    plain = add_once(tmp_path / "a", ids, vectors, None)
    with_docs = add_once(tmp_path / "b", ids, vectors, ["some chunk text " * 20] * len(ids))
    assert not plain["documents"] and with_docs["documents"]
    assert with_docs["chroma_sqlite_mb"] >= plain["chroma_sqlite_mb"]


def test_serve_memory_measures_a_real_server(grown):
    from bench.serve_memory import measure

    index, size, _, _ = grown
    # A few seconds of steady RSS settle an index this small (the benchmark waits 20 s).
    result = measure(index, ["What happened in Culiacán?", "Who makes fentanyl?"], timeout=120, settled_after=3)
    assert result["chunks"] == size
    assert 0 < result["rss_at_healthz_mb"] <= result["peak_rss_mb"]
    assert 0 < result["rss_settled_mb"] <= result["peak_rss_mb"] and result["settle_s"] >= 3
    assert result["ask"]["n"] == 1


def test_catalog_reads_times_each_read_beside_the_old_way(grown):
    from bench.catalog_reads import measure

    index, size, _, _ = grown
    with sqlite3.connect(index / "catalog.sqlite3") as con:
        documents = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    result = measure(index, repeat=2)
    assert (result["documents"], result["chunks"]) == (documents, size)
    for read in ("first_page", "last_page", "counts"):
        assert result[f"{read}_ms"] >= 0 and result[f"{read}_{'uncached' if read == 'counts' else 'unindexed'}_ms"] > 0
    assert result["document_versions_ms"] > 0


def test_copies_map_back_to_their_source_chunk():
    from bench.hnsw_sweep import source_chunk

    assert source_chunk("3f2a~17") == "3f2a" and source_chunk("3f2a") == "3f2a"

