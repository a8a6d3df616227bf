"""The regression check of `make bench`: which way each number may move."""

from bench.run_all import compare


def test_slower_latency_and_lower_rate_are_flagged():
    old = {"sizes": [{"size": 10000, "total": {"p50_ms": 10.0}}], "x": {"passages_per_s": 40.0}}
    new = {"sizes": [{"size": 10000, "total": {"p50_ms": 14.0}}], "x": {"passages_per_s": 20.0}}
    flagged = compare(old, new, 0.25)
    assert any("[10000].total.p50_ms" in line for line in flagged)
    assert any("passages_per_s" in line for line in flagged)


def test_improvements_noise_and_counts_are_not_flagged():
    old = {"total": {"p50_ms": 10.0, "n": 50}, "passages_per_s": 40.0, "load_average_1m": 1.0}
    new = {"total": {"p50_ms": 7.0, "n": 80}, "passages_per_s": 45.0, "load_average_1m": 4.0}
    assert compare(old, new, 0.25) == []
    assert compare(old, {"total": {"p50_ms": 11.0}}, 0.25) == []


def test_runs_with_other_arguments_are_not_compared():
    from bench.run_all import regressions

    old = {"arguments": ["--sizes", "10000"], "total": {"p50_ms": 10.0}}
    slower = {"arguments": ["--sizes", "10000"], "total": {"p50_ms": 20.0}}
    assert regressions(old, slower, 0.25) == ["total.p50_ms: 10 -> 20 (+100%)"]
    assert regressions({**old, "arguments": ["--sizes", "1000000"]}, slower, 0.25) is None
    assert regressions({"total": {"p50_ms": 10.0}}, slower, 0.25) is None  # arguments not recorded


def test_emit_records_the_arguments(monkeypatch, capsys, tmp_path):
    import json
    import sys

    from bench import common

    monkeypatch.setattr(common, "RESULTS", tmp_path)
    monkeypatch.setattr(sys, "argv", ["bench.x", "--docs", "5"])
    common.emit("x", {"seconds": 1.0})
    assert json.loads((tmp_path / "x.json").read_text())["arguments"] == ["--docs", "5"]


def test_the_grown_benchmarks_share_one_source():
    from bench.run_all import suite

    grown = ("query_latency", "hnsw_sweep", "serve_memory", "chroma_write", "catalog_reads", "filtered_latency")
    by_docs = suite("10000,100000", cache="/c", source_docs=700)
    assert all(by_docs[name][-4:] == ["--cache", "/c", "--source-docs", "700"] for name in grown)
    given = suite("10000,100000", source="/idx", source_docs=700)
    assert all(given[name][-2:] == ["--source", "/idx"] and "--source-docs" not in given[name] for name in grown)
    assert not any("--source-docs" in args for args in suite("10000", source_docs=None).values())


def test_scoped_questions_are_timed_on_the_grown_sizes_up_to_100k():
    from bench.run_all import suite

    assert suite("10000,100000,1000000")["filtered_latency"][:2] == ["--sizes", "100000"]
    assert "filtered_latency" not in suite("10000") and "filtered_latency" not in suite("1000000")
    assert "collection_membership" in suite("10000")


def test_a_source_of_the_first_documents_holds_only_those(tmp_path):
    import json
    import sqlite3

    from bench.query_latency import source_index

    beir = tmp_path / "beir"
    beir.mkdir()
    (beir / "corpus.jsonl").write_text("".join(
        json.dumps({"_id": str(i), "title": f"Paper {i}", "text": f"Finding number {i} was replicated twice."}) + "\n"
        for i in range(5)))
    index = source_index(beir, None, tmp_path / "cache", docs=2)
    assert index == tmp_path / "cache" / "scifact-2-index"
    with sqlite3.connect(index / "catalog.sqlite3") as con:
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2


def test_a_source_with_xquad_holds_both_corpora_and_queries_alternate(tmp_path):
    import argparse
    import json
    import sqlite3

    from bench.query_latency import benchmark_queries, source_index

    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    (beir / "corpus.jsonl").write_text("".join(
        json.dumps({"_id": str(i), "title": f"Paper {i}", "text": f"Finding number {i} was replicated twice."}) + "\n"
        for i in range(4)))
    (beir / "queries.jsonl").write_text("".join(json.dumps({"_id": f"q{i}", "text": f"claim {i}"}) + "\n" for i in range(3)))
    (beir / "qrels" / "train.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(f"q{i}\t{i}\t1\n" for i in range(3)))
    context = "The river floods every spring. Farmers plant rice after the water falls."
    squad = {"data": [{"title": f"Article_{a}", "paragraphs": [{"context": context, "qas": [
        {"id": f"a{a}", "question": f"When does river {a} flood?", "answers": [{"text": "every spring", "answer_start": 17}]}]}]}
        for a in range(2)]}
    xquad = tmp_path / "xquad.json"
    xquad.write_text(json.dumps(squad))

    index = source_index(beir, None, tmp_path / "cache", docs=2, xquad=xquad)
    assert index == tmp_path / "cache" / "scifact-2-xquad-index"
    with sqlite3.connect(index / "catalog.sqlite3") as con:
        paths = sorted(r[0] for r in con.execute("SELECT path FROM documents"))
    assert paths == ["0", "1", "xquad/000_Article_0", "xquad/001_Article_1"]
    made = (index / "source.json").stat().st_mtime_ns
    assert source_index(beir, None, tmp_path / "cache", docs=2, xquad=xquad) == index
    assert (index / "source.json").stat().st_mtime_ns == made  # found, not built again

    args = argparse.Namespace(beir=beir, xquad=xquad)
    assert benchmark_queries(args, 3) == ["claim 0", "When does river 0 flood?", "claim 1"]
    assert benchmark_queries(argparse.Namespace(beir=beir, xquad="none"), 5) == ["claim 0", "claim 1", "claim 2"]
