"""Whether an answer unit would show again words the answer shows already.

Guides of one corpus share boilerplate (a terminology table, "Related Documents", a paragraph pasted
from page to page, sometimes with a comma changed), so units of two documents, or of two places in
one, can say the same words: one whole inside the other, or one sentence of each. They are compared
as word sequences: case, punctuation and markup around words, and spacing aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A word is what spaces delimit, less the punctuation and markup at its edges: "**not", "`requests`,"
# and "here," are words as written, while "fastapi[standard]==0.112.0" and ">=0.112.0,<0.113.0" stay
# whole (code that differs inside a word differs).
_EDGES = re.compile(r"^\W+|\W+$")
# A sentence shorter than this ("For example:", "See below.", "Default: `None`") is said by many
# units that are no copies of each other; only a longer one shared marks a copy.
_SENTENCE_WORDS = 5


def words(text: str) -> str:
    """The text's words, lower-cased, one space apart ("**Not** follow, redirects" -> "not follow redirects")."""
    found = (_EDGES.sub("", w) for w in text.lower().split())
    return " ".join(w for w in found if w)


@dataclass(frozen=True, slots=True)
class Said:
    """A unit's words, whole and sentence by sentence (`words`), its short sentences left out."""

    whole: str
    sentences: frozenset[str]


def said(text: str, sentences: Iterable[str]) -> Said:
    found = (words(s) for s in sentences)
    return Said(words(text), frozenset(s for s in found if s.count(" ") + 1 >= _SENTENCE_WORDS))


def _holds(outer: str, inner: str) -> bool:
    # A unit without words (a rule, a table's separator row) holds and is held by nothing.
    return bool(inner) and bool(outer) and f" {inner} " in f" {outer} "


def repeats(a: Said, b: Said) -> bool:
    """Whether one of `a` and `b` would show again what the other shows: the words of one sit inside
    the other's (or are them), or both say one sentence. A sentence of one merely inside the other's
    words is no copy: sentence splitting leaves fragments ("Python code examples in docstrings." of
    a sentence broken over a line) that any unit on the subject may contain."""
    return _holds(a.whole, b.whole) or _holds(b.whole, a.whole) or bool(a.sentences & b.sentences)
