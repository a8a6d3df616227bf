"""The memo of embedded texts: bounded, least lately used out first, its vectors its own."""

from __future__ import annotations

import numpy as np

from rag.vector_memo import VectorMemo


def test_unknown_texts_are_none_and_kept_ones_come_back():
    memo = VectorMemo(size=4)
    memo.keep(["a", "b"], np.eye(2, dtype=np.float32))
    known = memo.known(["b", "c", "a"])
    assert known[1] is None
    assert np.array_equal(known[0], [0, 1]) and np.array_equal(known[2], [1, 0])


def test_the_least_lately_used_text_leaves_first():
    memo = VectorMemo(size=2)
    memo.keep(["a", "b"], np.eye(2, dtype=np.float32))
    memo.known(["a"])  # "a" used lately: "b" is the one to go
    memo.keep(["c"], np.ones((1, 2), dtype=np.float32))
    assert len(memo) == 2
    assert [v is None for v in memo.known(["a", "b", "c"])] == [False, True, False]


def test_a_kept_vector_does_not_change_with_the_callers_array():
    memo = VectorMemo()
    vectors = np.ones((1, 3), dtype=np.float32)
    memo.keep(["a"], vectors)
    vectors[0] = 0
    assert np.array_equal(memo.known(["a"])[0], [1, 1, 1])
