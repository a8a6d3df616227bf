import math

import pytest

from ui.evaluation.metrics import score_run


def test_ndcg_matches_a_hand_computation():
    qrels = {"q1": {"a": 1, "c": 1}, "q2": {"x": 1}}
    run = {"q1": {"b": 3.0, "a": 2.0, "c": 1.0}, "q2": {"y": 2.0, "z": 1.0}}
    scores = score_run(qrels, run)
    # q1: relevant at ranks 2 and 3; ideal at 1 and 2. q2: nothing relevant retrieved.
    dcg = 1 / math.log2(3) + 1 / math.log2(4)
    idcg = 1 / math.log2(2) + 1 / math.log2(3)
    assert scores["ndcg@10"] == pytest.approx((dcg / idcg + 0.0) / 2, abs=1e-4)
    assert scores["mrr@10"] == pytest.approx((1 / 2 + 0) / 2, abs=1e-4)
    assert scores["recall@10"] == pytest.approx((1.0 + 0.0) / 2, abs=1e-4)


def test_a_query_missing_from_the_run_scores_zero():
    scores = score_run({"q1": {"a": 1}, "q2": {"b": 1}}, {"q1": {"a": 1.0}})
    assert scores["ndcg@10"] == pytest.approx(0.5)
