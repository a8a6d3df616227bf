"""Whether the answer shown holds the kind of measure a question asks for or writes: a rate, a
price, a dose or an HTTP status code.

"How do I limit my client to at most 10 requests per second?" answered with the client's default
timeout, "How much does it cost a small company to implement the SSDF?" with "factors such as risk,
cost ... should be considered", "What enoxaparin dose is recommended for trauma patients?" with the
bleeding rates of trauma patients: passages on the subject that state no rate, no amount of money
and no dose cannot say how to keep to a rate, what something costs or how much to give. Like
rag/asked_quantity.py this reads only questions that nothing else answers, and leniently: any
"per second", "/s", "rate" or "throttle" is a rate; a currency sign, a currency, "free" or "no cost"
a price; a number with a unit of mass, volume or "units" a dose (issue 14, una23). "Which status code
does RedirectResponse use by default?" answered, its page left out, with "check the MDN documentation
about HTTP status codes": any three digits from 100 to 599 are a status code (abst26).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Measure = Literal["rate", "price", "dose", "status"]

_SPAN = r"(?:second|sec|minute|min|hour|day)"
# "10 requests per second", "1 MB per second", "100 calls a minute": a number, then the span. A bare
# "a second" ("a second master plan") or "in a day" is no rate. A number is read from its first digit only,
# and whole: from every digit of "1.1.1..." the run was read again to its end.
_RATE_QUESTION = re.compile(rf"\bper\s+{_SPAN}\b|\b(?<![\d,.])\d[\d,.]*+\s+(?:[\w-]+\s+){{0,3}}(?:a|an|each)\s+{_SPAN}\b",
                            re.IGNORECASE)
_RATE = re.compile(rf"\b(?:per|a|an|each|every)\s+{_SPAN}s?\b|\w/\s*(?:s|sec|min|h|hr|{_SPAN})\b"
                   r"|\brat(?:e|es|ed|ing)\b|\bthrottl\w*|\bqps\b|\brps\b", re.IGNORECASE)
# "How much does it cost ...?", "What is the price of ...?": money. "What is the performance cost of
# ...?" asks an overhead, answered in other words: not read.
_PRICE_QUESTION = re.compile(r"\bhow\s+much\s+(?:does|do|did|will|would|should|could|might)\s+(?:[\w'-]+\s+){0,8}?cost\b"
                             r"|\bwhat\s+(?:is|was|are|were)\s+the\s+prices?\b", re.IGNORECASE)
_PRICE = re.compile(r"[$€£¥₹]|\b(?:dollars?|usd|eur|euros?|pounds?|gbp|yen|francs?|cents?)\b|\bfree\b"
                    r"|\bno\s+(?:cost|charge)\b|\b(?:costs?|priced?|paid|pay)\s+(?:about\s+|around\s+|roughly\s+)?\d",
                    re.IGNORECASE)
# Asked, not stated: a claim naming its dose ("A 100g dose of chloroquine ...", SciFact) is no question.
_DOSE_QUESTION = re.compile(r"\b(?:what|which|how\s+much)\b(?:\s+[\w'-]+){0,6}?\s+dos(?:e|es|age|ing)\b", re.IGNORECASE)
_DOSE = re.compile(r"\d\s*(?:mg|g|mcg|µg|ug|ng|ml|l|units?|iu|mmol|mol|gy|mgy)\b", re.IGNORECASE)
# "Which status code does ... return?", "What HTTP status code ...": a code asked for. "How do I set the
# status code?" asks a doing and "What is a status code?" a definition, either answered with none named.
_STATUS_QUESTION = re.compile(r"\b(?:what|which)\s+(?:(?:http|https|response|default|error|exact)\s+)*status\s+codes?\b",
                              re.IGNORECASE)
# Not a piece of a longer number ("1.200.3", "8000") nor a share ("100%"); a stop after it ends its
# sentence ("it uses 307.").
_STATUS = re.compile(r"(?<![\w.])[1-5]\d\d(?!\w|\.\d|\s*(?:%|percent\b))", re.IGNORECASE)


class Reading(NamedTuple):
    kind: Measure
    question: re.Pattern[str]  # a question asking for or writing a measure of `kind`
    stated: re.Pattern[str]  # a text stating one


# A dose is read first: "how much" asks a dose as it asks a price.
_READINGS = (Reading("dose", _DOSE_QUESTION, _DOSE), Reading("price", _PRICE_QUESTION, _PRICE),
             Reading("rate", _RATE_QUESTION, _RATE), Reading("status", _STATUS_QUESTION, _STATUS))


def _reading(question: str) -> Reading | None:
    return next((r for r in _READINGS if r.question.search(question)), None)


def asked(question: str) -> Measure | None:
    """The kind of measure `question` asks for or writes, when only a statement of one answers."""
    reading = _reading(question)
    return reading.kind if reading is not None else None


def holds(kind: Measure, text: str) -> bool:
    """Whether `text` states a measure of `kind` at all (not whether it is the one asked)."""
    return any(r.stated.search(text) for r in _READINGS if r.kind == kind)


def lacks_measure(question: str, shown: str) -> bool:
    """`question` asks for or writes a rate, a price, a dose or a status code and `shown` states none."""
    reading = _reading(question)
    return reading is not None and not reading.stated.search(shown)
