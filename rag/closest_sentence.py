"""The fused candidate holding the sentence that nearly restates the question, read besides the k.

A chunk's vector is its sentences' blend: a chunk whose one line says just what is asked ("`httpcore`
- The underlying transport implementation for `httpx`." for "What is httpcore used for in httpx?")
among lines on other things ranks below chunks that speak of the subject throughout, and can fall
out of the fused k. Its sentence, though, stands out among the candidates' sentence vectors stored
at ingest (no second model pass). Only a sentence close enough to be a restatement of the question
(`RESTATES`) brings its chunk in: a merely closest sentence is one more neighbour, and read it
displaced right answers. The answerer reads the chunk as it reads the dense search's first
(rag/leaders.py): it may answer, never decides whether the question is answered.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.catalog import Catalog

# The cosine between the question and a sentence above which the sentence says what is asked,
# not only what it is about (sentence vectors and query vectors are both normalised).
RESTATES = 0.75


def restating_chunk(catalog: Catalog, chunk_ids: Sequence[str], query_vector: np.ndarray) -> str | None:
    """Of `chunk_ids`, the one whose closest sentence to the question is the closest of all, when that
    sentence restates it (`RESTATES`); None else. Only stored sentence vectors are read: a chunk
    without them is passed over. A tie goes to the earlier chunk."""
    stored = catalog.sentence_vectors(chunk_ids)
    best, best_cosine = None, RESTATES
    for cid in chunk_ids:
        vectors = stored.get(cid)
        if vectors is None or not len(vectors):
            continue
        cosine = float(np.nan_to_num(vectors @ query_vector, nan=-1.0).max())
        if cosine >= best_cosine and (best is None or cosine > best_cosine):
            best, best_cosine = cid, cosine
    return best
