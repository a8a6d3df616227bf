"""Whether the best unit says what a thing is whose name is no term of the index.

BM25 and every coverage signal read words of two characters or more, so a one-letter name (Flask's
`g`, the proxy its API page describes under `.. data:: g`) leaves "What is g?" with no term at all:
its coverage is nothing, and a sentence saying "g is a special object that is unique for each
request." fell short of the support an answer needs. Asked bare ("What is g?"), the name is still
read where a definition writes it: opening the sentence as written (its letter case too), followed
by a copula or a label's colon ("g: A proxy to ...", an entry under its heading).
"""

from __future__ import annotations

import re

from rag.asked_definition import asked_term
from rag.terms import terms

# A name as code writes it: one word, no spaces, no punctuation past an underscore.
_NAME = re.compile(r"[A-Za-z_]\w*")
# What may stand before the name: list and quote marks, code and emphasis marks.
_LEAD = r"[\s\-–*>#`\"'“”(]*"
_GLOSS = r"[`\"'”*]*(?:\s+(?:is|are|means|refers\s+to|stands\s+for)\b|\s*:\s)"


def termless_name(question: str) -> str:
    """X of a bare "What is X?" when X is one name that holds no term (`g`), else ""."""
    asked = asked_term(question).strip("`\"'")
    if not _NAME.fullmatch(asked) or terms(asked):
        return ""
    # As the question writes it: question_type reads its subject in lower case.
    written = re.search(rf"(?<!\w){re.escape(asked)}(?!\w)", question, re.IGNORECASE)
    return written.group() if written else ""


def defines_termless(question: str, unit: str) -> bool:
    """Whether `unit` (a unit's text as read) opens by saying what the termless name asked is."""
    name = termless_name(question)
    return bool(name) and re.match(rf"{_LEAD}{re.escape(name)}{_GLOSS}", unit) is not None
