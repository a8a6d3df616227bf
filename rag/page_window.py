"""The best page's best unread chunk, and the guard that keeps it from crowding out what was read.

A page's chunks compete with every other page's for the k places read, each on the fit of its whole
chunk (one vector for up to 1,000 characters, BM25 over all its words). The chunk holding the answer
is often a neighbour of the one ranked first that fits the question in one sentence only ("To ignore
an individual violation, add `# noqa: {code}` ..." amid block- and file-level suppression): among the
page's own chunks, ranked by their closest sentence as the answerer measures resemblance, it stands
out. Read as one more passage, its units would compete with every read unit, and on the same page a
code block or instruction for another goal often outscores the read answer (docs/quality.md, ret18).
So its units may lead only where the read winner is weak by its form (`WEAK_FORMS`; the guard is
rag/answerer.py's `_guarded`); elsewhere they stand at best second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rag.catalog import Catalog
from rag.chunk_context import HEADING_SEPARATOR
from rag.passage import Passage
from rag.resemblance import resemblance, term_shares
from rag.retriever import Hit
from rag.sentences import split_sentences
from rag.terms import terms
from rag.types import Chunk

# The penalties that mark a unit as no answer by its form: a heading, a fragment, a lead-in whose list
# or code is not with it, a restatement of the question.
WEAK_FORMS = ("heading", "fragment", "bare_lead_in", "restatement")


@dataclass(frozen=True, slots=True)
class _Bound:
    """An unread chunk with its stored sentence vectors and the most its fit can be."""

    bound: float
    chunk: Chunk
    vectors: np.ndarray
    cosines: np.ndarray
    heading: frozenset[str]


def _heading_terms(chunk: Chunk) -> frozenset[str]:
    return terms(chunk.heading.replace(HEADING_SEPARATOR, " ")) if chunk.heading else frozenset()


def best_unread(page_id: str, hits: Sequence[Hit], catalog: Catalog, query: str, query_vector: np.ndarray,
                weight: float) -> Passage | None:
    """The chunk of page `page_id` that none of `hits` holds and whose closest sentence resembles
    `query` best (rag/resemblance.py, with the chunk's heading path as every sentence's heading), read
    as a passage. Only stored sentence vectors are read (no embedding): a chunk without them is passed
    over. None when every chunk of the page is read."""
    read = {h.chunk.chunk_id for h in hits}
    unread = [c for c in catalog.chunks_of_documents([page_id]).get(page_id, []) if c.chunk_id not in read]
    q_terms = terms(query)
    if not unread or not q_terms:
        return None
    stored = catalog.sentence_vectors(c.chunk_id for c in unread)
    # Each chunk's fit is at most its closest sentence's cosine plus the share of the question's terms
    # the whole chunk holds: chunks are split into sentences in that bound's order only until no
    # other can beat the best found (a long reference page has 80 chunks; a few are split).
    bounds = []
    for c in unread:
        vectors = stored.get(c.chunk_id)
        if vectors is None or not len(vectors) or np.isnan(vectors[:, 0]).any():
            continue
        heading = _heading_terms(c)
        cosines = vectors @ query_vector
        bound = float(resemblance(cosines.max(), term_shares(q_terms, [terms(c.text) | heading]), weight)[0])
        bounds.append(_Bound(bound, c, vectors, cosines, heading))
    bounds.sort(key=lambda b: (-b.bound, b.chunk.index))
    best: Passage | None = None
    best_fit = 0.0
    for b in bounds:
        if best is not None and b.bound < best_fit:
            break
        sentences = split_sentences(b.chunk.text, offset=b.chunk.start)
        if len(sentences) != len(b.cosines):
            continue
        shares = term_shares(q_terms, [terms(s.text) | b.heading for s in sentences])
        fit = float(np.max(resemblance(b.cosines, shares, weight)))
        # Equal fits: the earlier chunk on the page.
        if best is None or fit > best_fit or fit == best_fit and b.chunk.index < best.chunk.index:
            best, best_fit = Passage(Hit(b.chunk, 0.0, None, None), tuple(sentences), b.vectors), fit
    return best
