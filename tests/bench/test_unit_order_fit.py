"""bench/unit_order_fit.py's listwise fit: it learns what tells a question's right unit apart."""

import numpy as np

from bench.unit_order_fit import Matrix, fit
from rag.unit_order import FEATURES

COSINE = FEATURES.index("cosine")
LENGTH = FEATURES.index("log_chars")
RULE = FEATURES.index("rule_score")


def _questions(seed: int, units: int = 6, questions: int = 400) -> Matrix:
    """Questions whose right unit is the one with the highest cosine; length is noise."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(units * questions, len(FEATURES)))
    y = np.zeros(units * questions)
    spans = []
    for q in range(questions):
        a, b = q * units, (q + 1) * units
        y[a + int(np.argmax(x[a:b, COSINE]))] = 1.0
        spans.append((a, b))
    return Matrix(x, y, spans)


def test_the_fit_weighs_what_picks_the_right_unit():
    w = fit(_questions(0), l2=0.1)
    assert w[COSINE] > 0 and abs(w[COSINE]) > 5 * abs(w[LENGTH])
    held_out = _questions(1)
    right = sum(held_out.y[a + int(np.argmax(held_out.x[a:b] @ w))] for a, b in held_out.spans)
    assert right / len(held_out.spans) > 0.8  # chance: 1 in 6


def test_dropped_features_weigh_nothing_and_free_ones_are_not_shrunk():
    m = _questions(0)
    assert fit(m, l2=0.01, dropped=("cosine",))[COSINE] == 0.0
    # Heavily shrunk, every weight but a free one goes to zero.
    m.x[:, RULE] = m.x[:, COSINE]
    w = fit(m, l2=100.0, free=("rule_score",))
    assert w[RULE] > 0.5 and abs(w[COSINE]) < 0.1 * w[RULE]
