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
