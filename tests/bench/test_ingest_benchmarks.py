"""The ingest benchmarks run end to end at a tiny size, so they cannot rot between full runs."""

from __future__ import annotations

import json
import sys

import pytest

# They time ingests: every passage is encoded, as in a run of the benchmark.
pytestmark = pytest.mark.embeds_afresh


def run_benchmark(module, args: list[str], monkeypatch, capsys, tmp_path) -> dict:
    """main() in this process (the embedding model is loaded once per session), results kept out of bench/results."""
    monkeypatch.setattr("bench.common.RESULTS", tmp_path / "results")
    monkeypatch.setattr(sys, "argv", [module.__name__, *args])
    module.main()
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (tmp_path / "results" / f"{result['benchmark']}.json").exists()
    return result


def test_ingest_throughput_with_baseline_and_torch(scifact_folder, monkeypatch, capsys, tmp_path):
    from bench import ingest_throughput

    result = run_benchmark(ingest_throughput, ["--beir", str(scifact_folder), "--limit", "4", "--queries", "2"],
                           monkeypatch, capsys, tmp_path)
    assert result["documents"] == 4 and result["chunks"] >= 4
    assert result["ratio_ingest_to_raw"] > 0 and result["ratio_ingest_to_raw_torch"] > 0
    assert result["reingest_unchanged"]["counts"]["unchanged"] == 4
    changed = result["reingest_changed_1pct"]
    assert changed["documents"] == 1 and changed["counts"]["updated"] == 1 and changed["counts"]["unchanged"] == 3
    assert "bm25_update" in changed["phases_s"]
    baseline = result["langchain_baseline"]
    assert baseline["documents"] == 4 and baseline["chunks"] >= 4
    assert result["ratio_ingest_to_baseline_documents_per_s"] > 0


def test_reingest_generated(scifact_folder, xquad_file, monkeypatch, capsys, tmp_path):
    from bench import reingest_generated
    from ingest.write_session import WriteSession

    flush = WriteSession.flush
    eval_data = str(scifact_folder.parent)  # the benchmark reads scifact/ and xquad-en/ under it
    result = run_benchmark(reingest_generated, ["--eval-data", eval_data, "--docs", "6", "--bm25-docs", "30"],
                           monkeypatch, capsys, tmp_path)
    assert WriteSession.flush is flush  # the step timers are taken off again
    assert result["ingest"]["counts"]["added"] == 6
    assert result["reingest_unchanged"]["counts"] == {"added": 0, "updated": 0, "unchanged": 6, "removed": 0, "chunks": 0}
    assert result["reingest_changed_1pct"]["counts"]["updated"] == 1
    deleted = result["reingest_deleted_1pct"]
    assert deleted["documents"] == 1 and deleted["counts"]["removed"] == 1 and deleted["counts"]["unchanged"] == 5
    bm25 = result["bm25_alone"]
    assert bm25["documents"] == 30 and bm25["update_after_1pct_edit"] == {"documents": 1, "tokenized_chunks": 1}


def test_generated_documents_are_deterministic_and_short():
    from bench.reingest_generated import generated_documents

    pool = [f"Sentence number {i} says something." for i in range(50)]
    docs = generated_documents(40, pool)
    assert docs == generated_documents(40, pool)
    assert len({text for _, text in docs}) == 40
    assert all(200 <= len(text.split("\n\n", 1)[1]) <= 1200 + 40 for _, text in docs)


def test_ingest_vs_baseline_interleaves_every_pipeline(scifact_folder, monkeypatch, capsys, tmp_path):
    from bench import ingest_vs_baseline

    result = run_benchmark(ingest_vs_baseline, ["--beir", str(scifact_folder), "--limit", "6", "--rounds", "2"],
                           monkeypatch, capsys, tmp_path)
    assert result["documents"] == 6 and result["rounds"] == 2
    assert result["chunks_ours"] >= 6 and result["chunks_baseline"] >= 6
    assert all(result["seconds"][k] > 0 for k in ("raw", "raw_torch", "ours", "baseline"))
    assert result["ratio_ours_to_baseline_documents_per_s"] > 0


def test_collection_membership(monkeypatch, capsys, tmp_path):
    from bench import collection_membership

    result = run_benchmark(collection_membership, ["--documents", "50"], monkeypatch, capsys, tmp_path)
    assert result["documents"] == 50 and result["put_documents_seconds"] > 0
    assert result["rejoin_share_of_put"] >= 0 and result["join_second_collection_seconds"] >= 0
