"""How much a sentence resembles a question, as the answerer measures it: the cosine of their
embeddings plus a weight times the share of the question's terms the sentence holds (with the
heading it is under)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def term_shares(question_terms: frozenset[str], part_terms: Sequence[frozenset[str]]) -> np.ndarray:
    """The share of `question_terms` each part's terms hold; 0 for a question without terms."""
    q = question_terms
    return np.array([len(q & t) / len(q) if q else 0.0 for t in part_terms])


def resemblance(cosines: np.ndarray, shares: np.ndarray, weight: float) -> np.ndarray:
    return cosines + weight * shares
