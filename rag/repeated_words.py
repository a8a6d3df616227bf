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
    found = (_bare(w) for w in text.lower().split())
    return " ".join(w for w in found if w)


def _bare(word: str) -> str:
    """`word` less the punctuation and markup at its edges; most words have none, and skip the regex
    (a word character is what `str.isalnum` says, or "_", as for `\\w`)."""
    first, last = word[0], word[-1]
    if (first.isalnum() or first == "_") and (last.isalnum() or last == "_"):
        return word
    return _EDGES.sub("", word)


@dataclass(frozen=True, slots=True)
class Said:
    """A unit's words, whole and sentence by sentence (`words`), its short sentences left out."""

    whole: str
    sentences: frozenset[str]
    code: bool = False  # the unit quotes code


def said(text: str, sentences: Iterable[str], prose: str | None = None) -> Said:
    """A unit's `Said`; of a unit quoting code, only the sentences inside `prose`, the part before its
    code: code blocks share boilerplate lines ("# Ruff version. rev: v0.16.4 hooks:") across
    configurations that differ (Ruff's pre-commit hooks with and without notebooks)."""
    found = (words(s) for s in sentences)
    kept = (s for s in found if s.count(" ") + 1 >= _SENTENCE_WORDS)
    if prose is not None:
        before = words(prose)
        kept = (s for s in kept if _holds(before, s))
    return Said(words(text), frozenset(kept), prose is not None)


def _holds(outer: str, inner: str) -> bool:
    # A unit without words (a rule, a table's separator row) holds and is held by nothing.
    return bool(inner) and bool(outer) and f" {inner} " in f" {outer} "


def repeats(shown: Said, unit: Said) -> bool:
    """Whether `unit` would show again what `shown` shows: its words sit inside those shown (or are
    them), or hold them whole and quote no code (code that adds a line to a block shown is another
    configuration: Ruff's pre-commit hooks with `types_or` for notebooks), or both say one sentence. A
    sentence of one merely inside the other's words is no copy: sentence splitting leaves fragments
    ("Python code examples in docstrings." of a sentence broken over a line) that any unit on the
    subject may contain."""
    return (_holds(shown.whole, unit.whole) or (not unit.code and _holds(unit.whole, shown.whole))
            or bool(shown.sentences & unit.sentences))


def restates(shown: Said, unit: Said) -> bool:
    """Whether `unit` says again one of the sentences `shown` says: one of its sentences sits inside the
    words shown ("Do not use the development server when deploying to production." inside a warning
    opening with it). Weaker than `repeats` (a unit may add to the sentence it says again): for a unit
    that must earn its place beside `shown`, not for one to show once."""
    return any(_holds(shown.whole, s) for s in unit.sentences)
