"""Fixed, deterministic slices of the public sets: small enough for every test run, the same every time.

A slice is chosen from sorted ids by even spacing, never at random, so a figure measured on it today
is comparable with one measured next month.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence, TypeVar

T = TypeVar("T")


def evenly_spaced(items: Sequence[T], count: int) -> list[T]:
    """`count` items spread over the whole sequence (all of it when it is shorter)."""
    if count >= len(items):
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


def _id_order(value: str) -> tuple[int, int | str]:
    # BEIR ids are numbers written as text: "10" sorts after "9", and any other id after all numbers.
    return (0, int(value)) if value.isdigit() else (1, value)


@dataclass(frozen=True)
class BeirSlice:
    """How much of a BEIR set to evaluate: `queries` queries over a corpus of `documents` documents."""

    queries: int
    documents: int


@dataclass(frozen=True)
class BeirSelection:
    query_ids: frozenset[str]
    document_ids: frozenset[str]


def select_beir(qrels: dict[str, dict[str, int]], corpus_ids: Iterable[str], size: BeirSlice) -> BeirSelection:
    """Evenly spaced queries; every document relevant to one of them, filled up to `documents` with
    evenly spaced others (the distractors)."""
    query_ids = evenly_spaced(sorted(qrels, key=_id_order), size.queries)
    relevant = {doc for qid in query_ids for doc, grade in qrels[qid].items() if grade > 0}
    others = sorted((d for d in set(corpus_ids) if d not in relevant), key=_id_order)
    fill = evenly_spaced(others, max(size.documents - len(relevant), 0))
    return BeirSelection(frozenset(query_ids), frozenset(relevant) | frozenset(fill))


def every_nth_article(article_names: Sequence[str], step: int) -> frozenset[str]:
    """Whole articles, the first and then every `step`-th in file order, so a slice keeps each
    article's full question list."""
    if step < 1:
        raise ValueError(f"article step must be >= 1, not {step}")
    return frozenset(article_names[::step])
