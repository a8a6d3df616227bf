"""Where dense and BM25 rankings meet. One place decides how their scores combine."""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> dict[str, float]:
    """Sum of 1 / (k + rank) over the rankings an id appears in (rank starts at 1)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def _min_max(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    if span <= 1e-12:
        return {key: 1.0 for key in scores}
    return {key: (value - low) / span for key, value in scores.items()}


def convex_fusion(scored: Sequence[dict[str, float]], weights: Sequence[float]) -> dict[str, float]:
    """Weighted sum of min-max normalised scores; an id missing from a list scores 0 there."""
    fused: dict[str, float] = {}
    for scores, weight in zip(scored, weights):
        for key, value in _min_max(scores).items():
            fused[key] = fused.get(key, 0.0) + weight * value
    return fused


def top(fused: dict[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
