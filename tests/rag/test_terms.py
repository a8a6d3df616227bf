"""Terms as BM25 sees them, with stems cached across calls (rag/terms.py)."""

from __future__ import annotations

from rag import terms as terms_module
from rag.bm25 import query_terms
from rag.terms import terms


def test_terms_are_bm25s_query_terms():
    for text in ("How do I rotate the build log?", "Kiln writes its build log to build.log.", "", "a an the"):
        assert terms(text) == set(query_terms(text)), text


def test_a_text_of_cached_and_new_words_keeps_them_all_when_the_stem_cache_is_emptied(monkeypatch):
    terms.cache_clear()
    terms("lighthouse keepers")  # their stems are cached now
    terms.cache_clear()
    # The shared cache is emptied when it grows past its bound: a text holding both cached and new words
    # (the next question) must still give every term, not fail on a cached word just dropped.
    monkeypatch.setattr(terms_module, "_MAX_CACHED", 0)
    assert terms("lighthouse keepers polish lenses") == set(query_terms("lighthouse keepers polish lenses"))
    terms.cache_clear()


def test_a_short_word_in_capitals_is_a_code_not_the_stop_word_it_spells():
    assert "no" in terms("[Countries row 168] Code: NO; Country name: Norway")
    assert {"it", "va"} <= terms("Country codes: IT,SM,VA; TZ: Europe/Rome")
    assert "no" in terms("Which country has the code NO?")
    # ... but prose in capitals is prose: a licence's warranty disclaimer keeps BM25's terms.
    for text in ("THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND", "IN NO EVENT SHALL THE AUTHORS BE LIABLE"):
        assert terms(text) == set(query_terms(text)), text
