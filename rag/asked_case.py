"""What a "What if X?" question asks: what happens in case X, or what to do then.

"What if the parameter holds a path?", "What happens if that variable isn't set?": the answer is the
consequence ("... is returned", "... will cover the rest of the document") or the remedy ("you can
declare ...", "use `x`"). A sentence naming the situation again ("But you need the parameter itself to
contain a path") resembles the question most and says neither.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.terms import terms

# "What if X?", "What happens if/when X?", "What would happen if X?", "What happens to Y if X?": X is the case.
_CASE = re.compile(r"^\s*what\s+(?:if|(?:happens|would\s+happen|will\s+happen)\s+(?:to\s+[^?]+?\s+)?(?:if|when|whenever|in\s+case))"
                   r"\s+(?P<case>[^?\s][^?]*?)\s*[?.!]*\s*$", re.IGNORECASE)
# What to do then, said anywhere in the sentence ("If ..., you can pass the `--name` option"): the asker
# told what they can or must do.
_REMEDY = re.compile(r"\byou\s+(?:can|could|should|must|need\s+to|have\s+to|(?:will|may|might)\s+(?:need|want|have)\s+to)\s+"
                     r"(?:also\s+|then\s+|instead\s+|simply\s+|just\s+|still\s+)?(?!be\b|see\b|get\b|have\b|notice\b)[a-z]{2,}",
                     re.IGNORECASE)
# What happens then: a consequence under a condition ("any `off` comment without a matching `on` comment
# will cover ...", "If it is not set, the value defaults to ..."), or said to be the case's ("In that case,
# ...", "Otherwise, ..."). Not "would": "the URL would be ..." shows a supposed case.
_CONDITION = re.compile(r"\b(?:if|when|whenever|unless|without)\b", re.IGNORECASE)
_IN_CASE = re.compile(r"\b(?:in\s+(?:that|this|such\s+a|either|which|any)\s+case|otherwise)\b", re.IGNORECASE)
_WOULD = re.compile(r"\bwould\b", re.IGNORECASE)
# "If X, then Y": the clause "then" opens after the condition is what follows from it, whatever its verb
# ("..., then the setting would be assigned a `null` value").
_THEN = re.compile(r",\s+then\s+\w", re.IGNORECASE)
_WILL = re.compile(r"\b(?:will|won't|shall)\b|\w'll\b", re.IGNORECASE)
_MAIN_CLAUSE = re.compile(r",\s+[^,;]*?\b(?:is|are|gets?|becomes?|raises?|returns?|fails?|throws?|results?\s+in|causes?|"
                          r"falls?\s+back|defaults?\s+to|stays?|remains?)\b", re.IGNORECASE)
# Words of the case that name no part of the situation: who is in it, how it is put.
_NOT_SITUATION = ("i my me mine you your we our us it its itself they them their themselves one already still just also ever really "
                  "even have has had isn aren doesn don not")


def asked_case(question: str) -> str:
    """X of "What if X?" or "What happens if X?" as written; "" for any other question."""
    m = _CASE.match(question)
    return m.group("case") if m else ""


@lru_cache(maxsize=1)
def _not_situation() -> frozenset[str]:
    return terms(_NOT_SITUATION)


def case_terms(case: str) -> frozenset[str]:
    """The terms naming the situation of a case ("parameter", "path", "slash" of "the parameter
    itself contains a file path with slashes")."""
    return terms(case) - _not_situation()


def answers_case(prose: str) -> bool:
    """Whether the prose says what to do (`_REMEDY`) or what then happens (a consequence under a condition)."""
    if _REMEDY.search(prose):
        return True
    if (in_case := _IN_CASE.search(prose)) and not _WOULD.search(prose, in_case.end()):
        return True
    condition = _CONDITION.search(prose)
    if condition is None:
        return False
    after = prose[condition.end():]
    return bool(_WILL.search(after) or _MAIN_CLAUSE.search(after) or _THEN.search(after))


def restates_case(situation: frozenset[str], unit_terms: frozenset[str]) -> bool:
    """Whether a unit names at least half of a situation of two or more terms: said again, unless it goes on
    to what to do or what happens (`answers_case`, read by the caller)."""
    return len(situation) >= 2 and 2 * len(situation & unit_terms) >= len(situation)
