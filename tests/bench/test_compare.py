"""`python -m bench.compare`: two sets of results side by side, with ratios and verdicts."""

import json

from bench.compare import compare, load, main, markdown


def _write(path, result):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result))


def test_ratios_and_verdicts_follow_which_way_a_figure_may_move(tmp_path):
    _write(tmp_path / "a" / "x.json", {"benchmark": "x", "ask_p50_ms": 100.0, "docs_per_s": 50.0, "chunks": 10,
                                      "seconds": 2.0, "when": "t", "arguments": ["--n", "3"]})
    _write(tmp_path / "b" / "x.json", {"benchmark": "x", "ask_p50_ms": 150.0, "docs_per_s": 60.0, "chunks": 10,
                                      "seconds": 2.1})
    rows = {r.figure: r for r in compare(load(tmp_path / "a"), load(tmp_path / "b"))}
    assert set(rows) == {"ask_p50_ms", "docs_per_s", "seconds"}  # counts and metadata are not figures
    assert rows["ask_p50_ms"].ratio == 1.5 and rows["ask_p50_ms"].verdict(0.1) == "worse"
    assert rows["docs_per_s"].ratio == 1.2 and rows["docs_per_s"].verdict(0.1) == "better"
    assert rows["seconds"].verdict(0.1) == "same"
    everything = {r.figure for r in compare(load(tmp_path / "a"), load(tmp_path / "b"), everything=True)}
    assert "chunks" in everything and "when" not in everything


def test_rounds_of_one_benchmark_count_as_their_median(tmp_path):
    for i, ms in enumerate([10.0, 30.0, 12.0]):
        _write(tmp_path / "before" / f"x.r{i}.json", {"benchmark": "x", "p50_ms": ms})
    _write(tmp_path / "after" / "x.r0.json", {"benchmark": "x", "p50_ms": 12.0})
    [row] = compare(load(tmp_path / "before"), load(tmp_path / "after"))
    assert (row.before, row.after, row.ratio) == (12.0, 12.0, 1.0)
    assert (row.before_range, row.after_range) == ((10.0, 30.0), (12.0, 12.0))
    assert "| x | p50_ms | 12 | 12 | 1.00 | same | 10-30 | 12-12 |" in markdown([row], 0.1)


def test_the_command_prints_a_table_and_strict_fails_on_a_regression(tmp_path, capsys):
    _write(tmp_path / "old.json", {"benchmark": "x", "sizes": [{"size": 10, "p95_ms": 10.0}]})
    _write(tmp_path / "new.json", {"benchmark": "x", "sizes": [{"size": 10, "p95_ms": 20.0}]})
    assert main([str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 0
    out = capsys.readouterr().out
    assert "| x | sizes[10].p95_ms | 10 | 20 | 2.00 | worse |" in out
    assert main([str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--strict"]) == 1
    assert main([str(tmp_path / "new.json"), str(tmp_path / "old.json"), "--strict"]) == 0
