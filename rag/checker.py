"""The citation check every generated answer goes through before it is shown as final.

For each sentence: markers naming no source are dropped; support for the sentence is scored
against each retrieved passage (best cosine between the sentence and a passage sentence, plus the
share of the sentence's content words the passage contains); the sentence is supported when a
cited passage reaches `support_threshold` and the claim does not contradict the passage sentence it
is aligned with (rag/contradiction.py: a negation, a reversed relation, an opposite direction or a
substituted or unknown name the score cannot see). When it isn't and another retrieved passage clearly
does, the citation is re-pointed there. The thresholds are calibrated on XQuAD
(bench/calibrate_checker.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rag.bm25 import query_terms
from rag.catalog import Catalog
from rag.contradiction import Contradiction, find_contradiction
from rag.embeddings import AnyEmbedder
from rag.markers import parse_marked
from rag.passage import Passage
from rag.retriever import Hit
from rag.settings import SupportSettings
from rag.types import Sentence


@dataclass(frozen=True)
class NumberedPassage:
    """One numbered source as the LLM saw it, with what the checker needs of it: the spans a
    claim may be aligned with (the passage's sentences, or its answer units) and their vectors."""

    n: int
    hit: Hit
    sentences: list[Sentence]
    vectors: np.ndarray  # one unit vector per sentence
    terms: frozenset[str]


@dataclass(frozen=True, slots=True)
class Support:
    score: float
    sentence: int  # index of the passage sentence closest to the claim
    contradiction: Contradiction | None = None  # what the claim says against that sentence

    def passes(self, threshold: float) -> bool:
        return self.score >= threshold and self.contradiction is None


@dataclass
class Verdict:
    text: str
    written: list[int]  # numbers as the model wrote them
    dropped: list[int]  # numbers that name no source
    citations: list[int]  # after the check (re-pointed where needed)
    supported: bool
    score: float  # best support among `citations`
    repointed: bool = False
    support: dict[int, Support] = field(default_factory=dict)
    reason: str = ""  # why the sentence is unsupported (empty when it is supported)


_MIN_TERMS = 3


def overlap_share(terms: set[str] | frozenset[str], passage_terms: frozenset[str]) -> float:
    """Share of the claim's content words found in the passage. Claims shorter than three content
    words get partial credit at most: "PWNED." repeating an injected word is no supported claim."""
    return len(terms & passage_terms) / max(len(terms), _MIN_TERMS)


def support_score(cosine: float, overlap: float, overlap_weight: float) -> float:
    return cosine + overlap_weight * overlap


class SupportScorer:
    def __init__(self, embedder: AnyEmbedder, catalog: Catalog, settings: SupportSettings) -> None:
        self.embedder = embedder
        self.catalog = catalog
        self.settings = settings

    def passages(self, passages: list[Passage]) -> list[NumberedPassage]:
        """Read passages numbered from 1."""
        return [NumberedPassage(n, p.hit, list(p.sentences), p.vectors, frozenset(query_terms(p.chunk.text)))
                for n, p in enumerate(passages, 1)]

    def score(self, vector: np.ndarray, terms: set[str], passage: NumberedPassage, claim: str = "") -> Support:
        if not passage.sentences:
            return Support(0.0, 0)
        cosines = passage.vectors @ vector
        best = int(np.argmax(cosines))
        overlap = overlap_share(terms, passage.terms)
        score = support_score(float(cosines[best]), overlap, self.settings.support_overlap_weight)
        if not claim:
            return Support(score, best)
        return Support(score, best, find_contradiction(claim, passage.sentences[best].text, passage.hit.chunk.text))


class CitationChecker:
    def __init__(self, scorer: SupportScorer, settings: SupportSettings) -> None:
        self.scorer = scorer
        self.settings = settings

    def check(self, text: str, passages: list[NumberedPassage]) -> list[Verdict]:
        marked = parse_marked(text)
        if not marked:
            return []
        by_n = {p.n: p for p in passages}
        vectors = self.scorer.embedder.encode([m.text for m in marked])
        threshold = self.settings.support_threshold
        margin = self.settings.repoint_margin
        verdicts = []
        for m, vector in zip(marked, vectors):
            terms = set(query_terms(m.text))
            support = {p.n: self.scorer.score(vector, terms, p, m.text) for p in passages}
            cited = [n for n in m.numbers if n in by_n]
            dropped = [n for n in m.numbers if n not in by_n]
            good = [n for n in cited if support[n].passes(threshold)]
            verdict = Verdict(m.text, list(m.numbers), dropped, good or cited, bool(good),
                              max((support[n].score for n in good or cited), default=0.0), support=support)
            uncontradicted = [n for n in support if support[n].contradiction is None]
            if not good and uncontradicted:
                best = max(uncontradicted, key=lambda n: support[n].score)
                cited_best = max((support[n].score for n in cited), default=0.0)
                clear = support[best].score >= threshold + margin and support[best].score - cited_best >= margin
                if clear:
                    verdict.citations, verdict.supported = [best], True
                    verdict.score, verdict.repointed = support[best].score, True
            if not verdict.supported:
                verdict.reason = _reason(verdict, support, threshold)
            verdicts.append(verdict)
        return verdicts


def _reason(verdict: Verdict, support: dict[int, Support], threshold: float) -> str:
    if not verdict.citations:
        return "cites no retrieved source"
    reasons = [f"[{n}] {support[n].contradiction}" for n in verdict.citations if support[n].contradiction]
    if verdict.score < threshold:
        reasons.append(f"support {verdict.score:.2f} under the threshold {threshold:.2f}")
    return "; ".join(reasons)
