"""Question and unit terms as BM25 sees them, for many short texts at once.

`rag.bm25.query_terms` runs the whole bm25s tokenizer per call (progress bars included): fine once
per question, too slow for every answer unit of every passage. This is the same tokenization (its
token pattern, lower case, English stop words, Snowball stems) with stems cached across calls, but for
one thing: a short word in capitals is a code ("NO" of "Code: NO", "IT" of "IT,SM,VA"), not the stop word
it spells, unless it stands among longer words in capitals (a licence's "AS IS, WITHOUT WARRANTY").
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
# Words in capitals next to each other: prose in capitals ("IN NO EVENT SHALL") has long words among them,
# a list of codes ("DE,DK,NO,SE") short ones only.
_CAPITALS_RUN = re.compile(r"\b[A-Z]+\b(?:\W+\b[A-Z]+\b)*")
_CAPITALS_PROSE = 4
_STEMS: dict[str, str] = {}
_MAX_CACHED = 200_000


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


# Answering one question asks the terms of each unit, sentence and heading about three times (ranking,
# form, abstention); the last texts' terms are kept (a set's questions bring back the same pages).
@lru_cache(maxsize=8192)
def terms(text: str) -> frozenset[str]:
    """The stemmed content terms of `text`: `set(query_terms(text))`, plus a 2–3 letter word written in
    capitals that spells a stop word ("NO", "IT": a code, rag/named_row.py), which BM25 does not index."""
    stop = _stop_words()
    words = {w for w in _TOKEN.findall(text.lower()) if w not in stop} | _codes(text, stop)
    # Read into a dict of this call's own: another thread may clear the shared cache at any moment.
    stems = {w: _STEMS.get(w) for w in words}
    new = [w for w, stem in stems.items() if stem is None]
    if new:
        from rag.bm25 import _stemmer

        if len(_STEMS) > _MAX_CACHED:
            _STEMS.clear()
        found = dict(zip(new, _stemmer().stemWords(new)))
        _STEMS.update(found)
        stems.update(found)
    return frozenset(stems.values())


def _codes(text: str, stop: frozenset[str]) -> set[str]:
    """The stop words `text` writes as codes: in capitals, among no word of four capitals or more."""
    found: set[str] = set()
    for run in _CAPITALS_RUN.findall(text):
        words = _TOKEN.findall(run)
        if all(len(w) < _CAPITALS_PROSE for w in words):
            found.update(w.lower() for w in words if w.lower() in stop)
    return found
