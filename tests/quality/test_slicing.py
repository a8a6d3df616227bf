"""The gate's slices are fixed: the same ids every run, every relevant document kept, sizes exact."""

import pytest

from ui.evaluation.slicing import BeirSlice, evenly_spaced, every_nth_article, select_beir


def test_evenly_spaced_covers_the_whole_sequence():
    assert evenly_spaced(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert evenly_spaced(list(range(3)), 5) == [0, 1, 2]
    assert evenly_spaced(list(range(809)), 100)[-1] > 790


def test_beir_slice_keeps_every_relevant_document_and_fills_to_size():
    qrels = {str(q): {f"{q}0": 1, f"{q}1": 1} for q in range(1, 41)}
    qrels["7"]["999"] = 0  # judged not relevant: not forced into the slice
    corpus = [str(d) for d in range(2000)] + [f"{q}{i}" for q in range(1, 41) for i in (0, 1)]
    chosen = select_beir(qrels, corpus, BeirSlice(queries=10, documents=100))
    assert len(chosen.query_ids) == 10 and len(chosen.document_ids) == 100
    # Numeric order, not text order: "10" follows "9", and the last queries are reached.
    assert {"1", "5", "9", "13", "37"} <= chosen.query_ids
    relevant = {d for q in chosen.query_ids for d, grade in qrels[q].items() if grade}
    assert relevant <= chosen.document_ids and len(relevant) == 20
    assert select_beir(qrels, reversed(corpus), BeirSlice(10, 100)) == chosen


def test_every_nth_article_takes_whole_articles_from_the_first():
    names = [f"{i:03d}_A" for i in range(20)]
    assert every_nth_article(names, 8) == {"000_A", "008_A", "016_A"}
    with pytest.raises(ValueError, match="article step"):
        every_nth_article(names, 0)
