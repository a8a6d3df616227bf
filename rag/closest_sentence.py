"""The fused candidate holding the sentence that nearly restates the question, read besides the k.

A chunk's vector is its sentences' blend: a chunk whose one line says just what is asked ("`httpcore`
- The underlying transport implementation for `httpx`." for "What is httpcore used for in httpx?")
among lines on other things ranks below chunks that speak of the subject throughout, and can fall
out of the fused k. Its sentence, though, stands out among the candidates' sentence vectors stored
at ingest (no second model pass). Only a sentence close enough to be a restatement of the question
(`RESTATES`; below the pool the k are cut from, down to `FARTHER_POOL`, `RESTATES_FARTHER`) brings its
chunk in: a merely closest sentence is one more neighbour, and read it displaced right answers. The
answerer reads the chunk as it reads the dense search's first (rag/leaders.py): it may answer, never
decides whether the question is answered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from rag.catalog import Catalog

# The cosine between the question and a sentence above which the sentence says what is asked,
# not only what it is about (sentence vectors and query vectors are both normalised).
RESTATES = 0.75
# The same for a candidate ranked below the fused pool the k are cut from (`farther`): the rest of
# such a passage is mostly about other things, so only a closer restatement says it answers.
RESTATES_FARTHER = 0.85
# How far down the fused ranking a restating sentence is sought, whatever the k: a passage of one
# short line that says just what is asked (a why-question's own sentence on a page about something
# else) can rank that low when both searches weigh the rest of its passage.
FARTHER_POOL = 50


def restating_chunk(catalog: Catalog, chunk_ids: Sequence[str], query_vector: np.ndarray,
                    farther: Sequence[str] = (), may_lead: Callable[[str], bool] = lambda _: True) -> str | None:
    """Of `chunk_ids` and then `farther` (candidates ranked below them) that `may_lead`, the one whose
    closest sentence to the question is the closest of all, when that sentence restates it (`RESTATES`,
    for `farther` `RESTATES_FARTHER`); None else. Only stored sentence vectors are read: a chunk without
    them is passed over. A tie goes to the earlier chunk. `may_lead` is asked only of a chunk that would
    be the pick (it may read the chunk)."""
    floors = {cid: RESTATES for cid in chunk_ids}
    floors |= {cid: RESTATES_FARTHER for cid in farther if cid not in floors}
    ordered = list(floors)
    stored = catalog.sentence_vectors(ordered)
    best, best_cosine = None, 0.0
    for cid in ordered:
        vectors = stored.get(cid)
        if vectors is None or not len(vectors):
            continue
        cosine = float(np.nan_to_num(vectors @ query_vector, nan=-1.0).max())
        if cosine >= floors[cid] and (best is None or cosine > best_cosine) and may_lead(cid):
            best, best_cosine = cid, cosine
    return best
