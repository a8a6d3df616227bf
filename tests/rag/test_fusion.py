import pytest

from rag.fusion import convex_fusion, reciprocal_rank_fusion, top


def test_rrf_by_hand():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], k=60)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["d"] == pytest.approx(1 / 62)
    assert [key for key, _ in top(fused, 2)] == ["b", "a"]


def test_convex_min_max():
    fused = convex_fusion([{"a": 0.9, "b": 0.5, "c": 0.1}, {"b": 10.0, "d": 2.0}], [0.5, 0.5])
    assert fused["a"] == pytest.approx(0.5)
    assert fused["b"] == pytest.approx(0.5 * 0.5 + 0.5)
    assert fused["c"] == pytest.approx(0.0)
    assert fused["d"] == pytest.approx(0.0)
