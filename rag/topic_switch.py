"""A question that changes the subject of a conversation is answered as it is asked.

"How do I install FastAPI?" after an answer on file uploads stands on its own: read through the
conversation (its key terms in the search, the previous answer's page favoured in answering) it was
answered from the uploads page. A question changes the subject when nothing in its form leans on the
turn before (no "and ..." or fragment, no comparison missing its other side, no pointer word unless
it says what it points at or has many words of its own) and what it finds asked alone lies
elsewhere: its best passage is not on a page the previous answer quoted, and the best sentence it
finds off those pages resembles it more, by a margin, than anything near the quotes does
(bench/topic_switches.py; figures in docs/quality.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rag.catalog import Catalog
from rag.conversation import content_words
from rag.embeddings import AnyEmbedder
from rag.followup import Quote, goes_on, neighbourhood, refers_back, without_own_possessive
from rag.passage import read_passages
from rag.readings import is_fragment
from rag.retriever import Hit, Retrieval
from rag.turn_pronoun import stands_for_turn_before

# How much more the best sentence found off the conversation's pages must resemble the question than
# the best near the previous answer's quotes, by how much the question's words say alone: a question
# with two topic words or more, or one that names something ("What is Hishel?"), and no word pointing
# back; one with a pointer word ("that", "its", "one") but four topic words or more, which mostly
# points inside itself ("a path parameter that contains slashes"); one with a single common word
# ("What is the default?").
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
_BOTH_SIDES = re.compile(r"\b(?:different|differs?|difference)\b.*\b(?:between|from|than|and|vs\.?|versus)\b"
                         r"|\b(?:and|vs\.?|versus)\b.*\b(?:differ|different)\b", re.IGNORECASE)
# "the same name as a pip package", "both index.md and README.md in the same folder": "same" with its
# sides named compares inside the question.
_SAME_AS = re.compile(r"\bsame\b(?=(?:[^.;?!,]|\.\S)*\bas\b)|(?<=\bboth\b)((?:[^.;?!,]|\.\S)*?)\bsame\b", re.IGNORECASE)
# Where a question's first clause ends ("What is a JWT, and is it encrypted?", "I have both index.md
# and README.md. Which one becomes the page?"): a pointer after it has that clause to point at.
_CLAUSE_END = re.compile(r"[.;?!]\s+|,\s+and\s+", re.IGNORECASE)
_CLAUSE_TOPIC_WORDS = 2
# "make the Ruff language server write its logs": a possessive after three topic words belongs to them.
_POSSESSIVE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)
_POSSESSOR_TOPIC_WORDS = 3
# A first clause that is a question of its own needs only one ("What is a JWT").
_ASKS = re.compile(r"^\W*(?:what|how|why|which|where|when|who|is|are|does|do|can)\b", re.IGNORECASE)
# A single topic word that is a name ("What is Poetry?", "What is ruff-action?"), not a common word
# ("What is the default?"): capitalised past the question's first word, or spelt like an identifier.
_IDENTIFIER = re.compile(r"[-_.\d]")


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
    if not _leans_back(question):
        if words == 1:
            return SWITCH_MARGIN if _names(question) else ONE_WORD_SWITCH_MARGIN
        return SWITCH_MARGIN if words >= 2 else None
    if stands_for_turn_before(question):
        return None
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


def _leans_back(question: str) -> bool:
    """Whether a word of the question points at something said before it (`refers_back`), not at
    something it says itself: a possessive of its own subject ("Where does uv store its cache?"),
    "same" with its "as" or after "both", "its"/"their" after three topic
    words, or any pointer after a first clause that names two topic words (one if it asks itself)
    and points at nothing ("A folder in my src has the same name as a pip package; how do I fix
    that?")."""
    text = _SAME_AS.sub(lambda m: m.group(1) or "", without_own_possessive(question))
    own = _POSSESSIVE.search(text)
    if own and not refers_back(text[:own.start()]) \
            and len(content_words(text[:own.start()], strict=True)) >= _POSSESSOR_TOPIC_WORDS:
        text = text[:own.start()] + text[own.end():]
    if not refers_back(text):
        return False
    for end in _CLAUSE_END.finditer(text):
        clause = text[:end.start()]
        if refers_back(clause):
            return True
        topic = len(content_words(clause, strict=True))
        if topic >= _CLAUSE_TOPIC_WORDS or (topic and _ASKS.match(clause)):
            return False
    return True


def _names(question: str) -> bool:
    """Whether the question's single topic word is a name (see `_IDENTIFIER`)."""
    word = content_words(question, strict=True)[0]
    opening = question.split()[0].strip("?.,!;:\"'")
    return bool(_IDENTIFIER.search(word)) or (word[0].isupper() and word != opening)
