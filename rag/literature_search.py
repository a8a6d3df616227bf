"""A review's account of its literature search: how it found its sources, not what they found.

A systematic review says which databases it searched for what ("All publications discussing the use
of biochemical, mechanical, and IVC filter prophylaxis for the prevention of DVT after trauma were
identified using PubMed, EMBASE, and Medline. Search terms included: "DVT", "deep venous
thrombosis", ..."). Those sentences hold every term of the review's subject, so they resemble any
question about it more than the finding that answers ("Pharmacologic anticoagulation using LMWHs is
the recommended primary thromboprophylaxis modality"). They answer a question about the search
itself ("Which databases were searched?").
"""

from __future__ import annotations

import re

# Bibliographic databases a review names when it says where it searched.
_DATABASE = re.compile(r"\b(?:PubMed|EMBASE|MEDLINE|Medline|Cochrane Library|CENTRAL|Web of Science|Scopus|"
                       r"Google Scholar|CINAHL|PsycINFO|PsycInfo)\b")
# What a search sentence does with them: searched, identified, retrieved ... (not "cited in PubMed").
_SEARCHED = re.compile(r"\b(?:search(?:ed|es|ing)?|identified|retrieved|queried|screened|databases?)\b",
                       re.IGNORECASE)
# "Search terms included:", "Keywords used were": the terms come next.
_SEARCH_TERMS = re.compile(r"\bsearch (?:terms?|strings?|strategy|queries)\s+(?:included|used|were|was|comprised|consisted)\b"
                           r"|\bkeywords (?:included|comprised)\b", re.IGNORECASE)
# How it chose among what the search found: "Once identified, manuscripts were reviewed for relevance ...".
_SCREENED = re.compile(r"\b(?:publications|manuscripts|articles|studies|papers|records|abstracts)\s+were\s+"
                       r"(?:identified|reviewed|screened|selected|retrieved|sorted)\b", re.IGNORECASE)
# Five or more quoted terms in a row: the search terms themselves ("DVT", "deep venous thrombosis", ...);
# a sentence of a tool's docs lists a setting's few values so ("auto", "always" or "never").
_QUOTED_TERMS = re.compile(r"(?:[\"“][^\"”\n]{1,60}[\"”]\s*(?:,|;|\bor\b|\band\b)\s*){4,}[\"“]", re.IGNORECASE)
# Terms (rag.terms form) by which a question asks about the search itself.
_SEARCH_QUESTION_TERMS = frozenset({"search", "databas", "literatur", "keyword", "pubm", "embas", "medlin"})


def tells_search(text: str) -> bool:
    """The text says how a review searched the literature: the databases searched, its search terms, or
    how it sorted what it found."""
    return bool(_DATABASE.search(text) and _SEARCHED.search(text) or _SEARCH_TERMS.search(text)
                or _SCREENED.search(text) or _QUOTED_TERMS.search(text))


def asks_about_search(question_terms: frozenset[str]) -> bool:
    return bool(question_terms & _SEARCH_QUESTION_TERMS)
