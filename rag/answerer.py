"""The extractive answerer: no LLM, only sentences the corpus actually contains.

It scores every sentence of the top passages against the question (cosine of embeddings plus
the share of question terms the sentence contains), keeps the best 1-3, and cites each with the
exact span of that sentence in its document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.bm25 import query_terms
from rag.catalog import Catalog
from rag.embeddings import AnyEmbedder
from rag.retriever import Hit, Retrieval
from rag.sentences import split_sentences
from rag.settings import Settings
from rag.types import Answer, AnswerSentence, Source

NO_ANSWER = "The indexed documents do not seem to answer this question."
_MIN_SENTENCE_CHARS = 12


@dataclass(frozen=True, slots=True)
class Candidate:
    hit_rank: int
    hit: Hit
    text: str
    start: int
    end: int
    score: float


def _display(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sentences_of(hits: list[Hit], stored: dict[str, np.ndarray]) -> list[tuple[int, Hit, str, int, int, np.ndarray | None]]:
    """Sentences of the passages (each once, even where chunks overlap) with their stored vectors."""
    seen: set[tuple[str, int]] = set()
    out = []
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        vectors = stored.get(chunk.chunk_id)
        sentences = split_sentences(chunk.text, offset=chunk.start)
        if vectors is not None and len(vectors) != len(sentences):
            vectors = None  # written by another sentence splitter: recompute
        for i, s in enumerate(sentences):
            key = (chunk.doc_id, s.start)
            if key in seen or len(s.text) < _MIN_SENTENCE_CHARS:
                continue
            seen.add(key)
            vector = vectors[i] if vectors is not None and not np.isnan(vectors[i, 0]) else None
            out.append((rank, hit, s.text, s.start, s.end, vector))
    return out


class ExtractiveAnswerer:
    def __init__(self, embedder: AnyEmbedder, settings: Settings, catalog: Catalog) -> None:
        self.embedder = embedder
        self.settings = settings
        self.catalog = catalog

    def score(self, retrieval: Retrieval, passages: int | None = None) -> list[Candidate]:
        """Every sentence of the top passages, best first."""
        hits = retrieval.hits[: passages or self.settings.k]
        stored = self.catalog.sentence_vectors(h.chunk.chunk_id for h in hits)
        sentences = _sentences_of(hits, stored)
        if not sentences:
            return []
        missing = [i for i, s in enumerate(sentences) if s[5] is None]
        fresh = self.embedder.encode([sentences[i][2] for i in missing]) if missing else None
        vectors = np.stack([s[5] if s[5] is not None else np.zeros(self.embedder.dimension) for s in sentences])
        if fresh is not None:
            vectors[missing] = fresh
        s_terms = [set(query_terms(s[2])) for s in sentences]
        w = self.settings.overlap_weight

        def scores(query: str, vector: np.ndarray) -> np.ndarray:
            q = set(query_terms(query))
            overlap = np.array([len(q & t) / len(q) if q else 0.0 for t in s_terms])
            return vectors @ vector + w * overlap

        best = scores(retrieval.query, retrieval.query_vector)
        # A question that stands on its own is answered as asked; only one that finds nothing
        # relevant alone (a follow-up) borrows the conversation's wording.
        if retrieval.alternatives and best.max() < self.settings.min_relevance:
            for query, vector in retrieval.alternatives:
                best = np.maximum(best, scores(query, vector))
        candidates = [
            Candidate(rank, hit, text, start, end, float(score))
            for (rank, hit, text, start, end, _), score in zip(sentences, best)
        ]
        candidates.sort(key=lambda c: (-c.score, c.hit_rank, c.start))
        return candidates

    def select(self, candidates: list[Candidate]) -> list[Candidate]:
        """The best sentence, plus up to two more that score close to it."""
        if not candidates or candidates[0].score < self.settings.min_relevance:
            return []
        best = candidates[0].score
        chosen = [candidates[0]]
        said = {_display(candidates[0].text).lower()}
        for c in candidates[1:]:
            if len(chosen) >= self.settings.max_answer_sentences:
                break
            if c.score >= max(self.settings.min_relevance, best - 0.12) and _display(c.text).lower() not in said:
                chosen.append(c)
                said.add(_display(c.text).lower())
        # Read in corpus order: by document (in order of first appearance), then position.
        doc_order = {}
        for c in chosen:
            doc_order.setdefault(c.hit.chunk.doc_id, len(doc_order))
        return sorted(chosen, key=lambda c: (doc_order[c.hit.chunk.doc_id], c.start))

    def answer(self, retrieval: Retrieval) -> Answer:
        chosen = self.select(self.score(retrieval))
        if not chosen:
            return Answer(answer=NO_ANSWER, sources=[], abstained=True)
        sources: list[Source] = []
        sentences: list[AnswerSentence] = []
        for n, c in enumerate(chosen, 1):
            chunk = c.hit.chunk
            sources.append(
                Source(
                    n=n, doc_id=chunk.doc_id, path=chunk.path, title=chunk.title, start=c.start, end=c.end,
                    text=c.text, page=chunk.page, chunk_id=chunk.chunk_id, passage=chunk.text,
                    passage_start=chunk.start, score=round(c.score, 4),
                )
            )
            sentences.append(AnswerSentence(text=_display(c.text), citations=[n], supported=True))
        text = " ".join(f"{s.text} [{s.citations[0]}]" for s in sentences)
        return Answer(answer=text, sources=sources, abstained=False, sentences=sentences)
