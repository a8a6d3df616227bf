"""A retrieved passage read once: its chunk, its sentences with their exact document spans, and a
unit vector per sentence. The answerer, the citation checker and citation lookup all read passages
through this type, so a chunk is split and its vectors fetched once per retrieval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.catalog import Catalog
from rag.embeddings import AnyEmbedder
from rag.retriever import Hit
from rag.sentences import split_sentences
from rag.types import Chunk, Sentence, Source


@dataclass(frozen=True, slots=True)
class Passage:
    hit: Hit
    sentences: tuple[Sentence, ...]  # spans in the document's text
    vectors: np.ndarray  # one unit vector per sentence, stored at ingest where the catalog has them

    @property
    def chunk(self) -> Chunk:
        return self.hit.chunk


def read_passages(hits: list[Hit], catalog: Catalog, embedder: AnyEmbedder) -> list[Passage]:
    """The hits as passages, in order; sentence vectors are embedded only where none are stored
    (or they are stale: a different sentence count, or rows an older ingest left unfilled past the
    model's length limit: each sentence is then embedded alone, as ingest now does)."""
    stored = catalog.sentence_vectors(h.chunk.chunk_id for h in hits)
    out = []
    for hit in hits:
        chunk = hit.chunk
        sentences = tuple(split_sentences(chunk.text, offset=chunk.start))
        vectors = stored.get(chunk.chunk_id)
        if vectors is None or len(vectors) != len(sentences) or np.isnan(vectors[:, 0]).any():
            vectors = embedder.encode([s.text for s in sentences]) if sentences else np.zeros((0, embedder.dimension))
        out.append(Passage(hit, sentences, vectors))
    return out


def source(n: int, chunk: Chunk, text: str, start: int, end: int, score: float) -> Source:
    """Source `n` of an answer: the span [start, end) of the document, quoted from `chunk`."""
    return Source(
        n=n, doc_id=chunk.doc_id, path=chunk.path, title=chunk.title, start=start, end=end, text=text,
        page=chunk.page_at(start), chunk_id=chunk.chunk_id, passage=chunk.text, passage_start=chunk.start,
        score=round(score, 4), heading=chunk.heading_at(start),
    )
