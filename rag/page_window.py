"""What a how-to reads beyond the k passages retrieved: the best page's own best unread chunk.

A page's chunks compete with every other page's for the k places read, each on the fit of its whole
chunk (one vector for up to 1,000 characters, BM25 over all its words). The chunk holding a how-to's
instruction is often a neighbour of the one ranked first that fits the question in one sentence only
("To ignore an individual violation, add `# noqa: {code}` ..." amid block- and file-level
suppression): among the page's own chunks, ranked by their closest sentence as the answerer measures
resemblance, it stands out. Read as one more passage, its units compete on their own scores.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.catalog import Catalog
from rag.chunk_context import HEADING_SEPARATOR
from rag.embeddings import AnyEmbedder
from rag.passage import Passage, read_passages
from rag.retriever import Hit
from rag.terms import terms


def _closest_sentence(passage: Passage, query_vector: np.ndarray, q_terms: frozenset[str], weight: float) -> float:
    """The resemblance of the passage's closest sentence: cosine plus `weight` times the share of the
    question's terms the sentence or the passage's heading path holds (the answerer's resemblance)."""
    if not passage.sentences or not q_terms:
        return -1.0
    heading = terms(passage.chunk.heading.replace(HEADING_SEPARATOR, " "))
    shares = np.array([len(q_terms & (terms(s.text) | heading)) / len(q_terms) for s in passage.sentences])
    return float(np.max(passage.vectors @ query_vector + weight * shares))


def page_passage(page_id: str, hits: Sequence[Hit], catalog: Catalog, embedder: AnyEmbedder, query: str,
                 query_vector: np.ndarray, weight: float) -> list[Passage]:
    """The chunk of page `page_id` that none of `hits` holds and whose closest sentence resembles
    `query` best, as a passage; none when every chunk of the page is read."""
    read = {h.chunk.chunk_id for h in hits}
    unread = [c for c in catalog.chunks_of_documents([page_id]).get(page_id, []) if c.chunk_id not in read]
    if not unread:
        return []
    passages = read_passages([Hit(c, 0.0, None, None) for c in unread], catalog, embedder)
    q_terms = terms(query)
    fits = [_closest_sentence(p, query_vector, q_terms, weight) for p in passages]
    best = min(range(len(passages)), key=lambda i: (-fits[i], passages[i].chunk.index))
    return [passages[best]]
