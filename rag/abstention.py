"""Whether the retrieved passages answer the question at all.

Two signals, each with a threshold calibrated on questions the index cannot answer (other
corpora's questions, and questions whose own article was left out of the index) against questions
it can (bench/calibrate_abstention.py; figures in docs/quality.md, "Answers"):
- the best unit's answer score (resemblance + fit to the question's type);
- coverage: the share of the question's terms found in the passage of the best unit and the
  units around it. A question about something the documents never mention (a name, a product,
  a place) leaves its key terms uncovered however close the embedding is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rag.retriever import Hit, Retrieval
from rag.settings import Settings
from rag.terms import terms


NO_ANSWER = "The indexed documents do not seem to answer this question."


class _Scored(Protocol):
    hit: Hit
    score: float
    relevance: float


@dataclass(frozen=True, slots=True)
class Signals:
    best_score: float  # the best unit's answer score
    best_relevance: float  # its resemblance alone
    coverage: float  # share of question terms in the best unit's passage


def coverage(question_terms: frozenset[str], hit: Hit) -> float:
    if not question_terms:
        return 0.0
    return len(question_terms & terms(f"{hit.chunk.title}\n{hit.chunk.text}")) / len(question_terms)


class Abstention:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def signals(self, candidates: Sequence[_Scored], question_terms: frozenset[str], retrieval: Retrieval) -> Signals:
        if not candidates:
            return Signals(0.0, 0.0, 0.0)
        best = candidates[0]
        return Signals(best.score, best.relevance, coverage(question_terms, best.hit))

    def abstains(self, s: Signals, elliptic: bool = False) -> bool:
        """An elliptic follow-up ("Who said that?") names few terms of its own: it is answered
        from the conversation's documents when anything there is relevant at all."""
        st = self.settings
        if s.best_score < st.min_relevance:
            return True
        return not elliptic and s.best_score + st.coverage_weight * s.coverage < st.min_answer_support
