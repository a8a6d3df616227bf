"""A question that changes the subject of a conversation is answered as it is asked.

"How do I install FastAPI?" after an answer on file uploads stands on its own: read through the
conversation (its key terms in the search, the previous answer's page favoured in answering) it was
answered from the uploads page. A question changes the subject when nothing in its form leans on the
turn before (no "and ..." or fragment, no comparison missing its other side, no pointer word unless
it has many words of its own) and what it finds asked alone lies elsewhere: its best passage is not
on a page the previous answer quoted, and the best sentence it finds off those pages resembles it
more, by a margin, than anything near the quotes does (bench/topic_switches.py; figures in
docs/quality.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rag.catalog import Catalog
from rag.conversation import content_words
from rag.embeddings import AnyEmbedder
from rag.followup import Quote, goes_on, neighbourhood, refers_back
from rag.passage import read_passages
from rag.readings import is_fragment
from rag.retriever import Hit, Retrieval

# How much more the best sentence found off the conversation's pages must resemble the question than
# the best near the previous answer's quotes, by how much the question's words say alone: a question
# with two topic words or more and no word pointing back; one with a pointer word ("that", "its",
# "one") but four topic words or more, which mostly points inside itself ("a path parameter that
# contains slashes"); one with a single topic word ("What is Hishel?", but also "What is the
# default?").
SWITCH_MARGIN = 0.05
POINTING_SWITCH_MARGIN = 0.15
ONE_WORD_SWITCH_MARGIN = 0.2
_POINTING_TOPIC_WORDS = 4
# A comparison or an addition naming one side only: the other is what was said before ("Is anything
# different for the async client?", "Does the async client need something else?", "Can I export the
# whole site to PDF as well?"); not one naming both ("the difference between UploadFile and bytes",
# "differ from Starlette's").
_COMPARES = re.compile(r"\b(?:different|differs?|difference|other|otherwise|else|as well|either|neither)\b",
                       re.IGNORECASE)
_BOTH_SIDES = re.compile(r"\b(?:different|differs?|difference)\b.*\b(?:between|from|than|and|vs\.?|versus)\b",
                         re.IGNORECASE)


def switch_margin(question: str) -> float | None:
    """The margin by which what the question finds alone must beat the conversation's pages for it
    to change the subject (see above); None when its form leans on the turn before: it opens with
    "and"/"but", is a fragment ("What about PowerShell?"), compares with one side only, or points
    back with few words of its own."""
    if goes_on(question) or is_fragment(question):
        return None
    if _COMPARES.search(question) and not _BOTH_SIDES.search(question):
        return None
    words = len(content_words(question, strict=True))
    if not refers_back(question):
        return SWITCH_MARGIN if words >= 2 else ONE_WORD_SWITCH_MARGIN if words == 1 else None
    return POINTING_SWITCH_MARGIN if words >= _POINTING_TOPIC_WORDS else None


def _closest(hits: Sequence[Hit], vector: np.ndarray, catalog: Catalog, embedder: AnyEmbedder) -> float:
    """The highest cosine of a sentence of `hits` to `vector`; -1 without any."""
    rows = [p.vectors for p in read_passages(list(hits), catalog, embedder) if len(p.vectors)]
    return float(np.max(np.vstack(rows) @ vector)) if rows else -1.0


def finds_elsewhere(alone: Retrieval, quotes: Sequence[Quote], catalog: Catalog, embedder: AnyEmbedder,
                    margin: float = SWITCH_MARGIN) -> bool:
    """Whether the question asked alone (`alone`) finds its answer away from the pages the previous
    answer quoted (`quotes`): its first passage is on another page, and the best sentence it finds
    off them is closer, by `margin`, than any near the quotes. Without quotes (an abstention) there
    is nothing the conversation points at."""
    if not quotes:
        return True
    quoted = {q.doc_id for q in quotes}
    if not alone.hits or alone.hits[0].chunk.doc_id in quoted:
        return False
    elsewhere = [h for h in alone.hits if h.chunk.doc_id not in quoted]
    near = neighbourhood(quotes, catalog)
    return (_closest(elsewhere, alone.query_vector, catalog, embedder)
            > _closest(near, alone.query_vector, catalog, embedder) + margin)
