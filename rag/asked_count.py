"""Whether the answer shown counts the thing a question asks a setting's count of.

"What is the default maximum number of connections in the pool?", "How many uvicorn workers should I
run?", "What is the default connection pool size of the engine?": a configured number of something,
which documentation states beside the thing's name ("`max_connections` ... (Defaults 100)",
"--workers 4"). Documentation whose page on it is not indexed answers with a neighbouring page on
the subject, which holds numbers of other things ("There are four different types of timeouts",
"Pylint implements ~409 total rules") or none. So the question's counted noun and a number must
stand in one sentence or line of what is shown.

Only questions about a setting are read (a default, a maximum or minimum, a limit, a port, "how many
... should I"): prose states a count in other words than the question's ("four Pro Bowl
selections" for "How many players were selected?"), and a plain "how many" is left to the unit
scoring (docs/quality.md, issue 14, abst20).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.terms import terms

# The thing counted: "how many <X> are/does/should ...", "the default/maximum number of <X>",
# "the default <X> size/limit/port", "which port(s)". <X> ends before a verb, an article or a
# preposition; its last word is the counted noun.
_END = (r"(?:a|an|the|that|which|my|are|is|was|were|do|does|did|can|could|should|will|would|must|may|might|i|we"
        r"|you|it|they|in|on|of|for|by|per|before|after|to|at|behind|ahead|above|below|over|under|beyond|from|with"
        r"|than|has|have|had|need|run|use|get)\b")
_COUNTED = (
    re.compile(rf"\bhow\s+many\s+(?P<x>(?:[\w.'-]+\s+){{0,3}}?[\w.'-]+?)\s+{_END}", re.IGNORECASE),
    re.compile(rf"\b(?:default|maximum|minimum|max|min)\s+(?:maximum\s+|minimum\s+)?(?:number|count|amount)\s+of\s+"
               rf"(?P<x>(?:[\w.'-]+\s+){{0,2}}?[\w.'-]+?)(?:\s+{_END}|\s*\?|$)", re.IGNORECASE),
    re.compile(r"\bdefault\s+(?P<x>(?:[\w.'-]+\s+){0,2}(?:size|limit|count|port|length))\b", re.IGNORECASE),
    re.compile(r"\b(?:which|what)\s+(?P<x>ports?)\b", re.IGNORECASE),
)
# What says the count is of a setting: a default, a bound, a port, advice on how many to use.
_SETTING = re.compile(r"\b(?:default|maximum|minimum|max|min|limit)\b"
                      r"|\bhow\s+many\s+(?:[\w.'-]+\s+){1,3}(?:should|can|could|do|must)\s+(?:i|we|you)\b"
                      r"|\b(?:which|what)\s+ports?\b", re.IGNORECASE)
# "how many seconds/weeks": a duration, rag/asked_quantity.py's to check.
_TIME_UNITS = re.compile(r"\bhow\s+many\s+(?:seconds|minutes|hours|days|weeks|months|years)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?"
                     r"|thousands?|millions?|twice|half|double|single|none|unlimited)\b", re.IGNORECASE)
# A sentence or a line of a unit shown.
_PIECE = re.compile(r"\n+|(?<=[.!?])\s+(?=[A-Z`])")
_MIN_STEM = 3


def counted(question: str) -> frozenset[str]:
    """The term of the noun whose configured count `question` asks ("worker" in "How many uvicorn
    workers should I run?"), or none when it asks no setting's count."""
    if _TIME_UNITS.search(question) or not _SETTING.search(question):
        return frozenset()
    for pattern in _COUNTED:
        found = pattern.search(question)
        if found:
            words = [w for w in re.findall(r"[\w.'-]+", found.group("x")) if terms(w)]
            return terms(words[-1]) if words else frozenset()
    return frozenset()


def _names(piece: str, noun: frozenset[str]) -> bool:
    # "chars" for "characters": a stem that begins the other one counts.
    return any(a.startswith(b) or b.startswith(a) for a in noun for b in terms(piece) if len(b) >= _MIN_STEM)


def lacks_count(question: str, shown: Sequence[str]) -> bool:
    """`question` asks a setting's count of something and no sentence or line of the units `shown`
    names that thing beside a number."""
    noun = counted(question)
    if not noun:
        return False
    return not any(_NUMBER.search(piece) and _names(piece, noun)
                   for text in shown for piece in _PIECE.split(text) if piece.strip())
