"""Whether the answer shown holds the kind of value a question asks for: a date, a duration or a
version.

"By what date must agencies have adopted zero trust?" answered with a sentence on why agencies
move to zero trust, "How many weeks did the programmes last?" with what the programmes taught:
passages on the subject that hold no date or no length of time cannot answer when or how long.
Only questions that can be answered by nothing else are read: "when was/did ..." (not "When is
Celery a better choice", a condition), "what year/date ...", "how long did/does ...", "how many
weeks ...", "for how long ...", "what is the default timeout", "which Python version ...". The check
is lenient: any number of three or four digits, a month, a century counts as a date, and a date as a
duration (XQuAD's right answers to such questions hold one; docs/quality.md, issue 14, abst9), though
not a share ("100% test coverage", "100 percent" is no year, abst26); any dotted number or "Python 3" as a version.
Documentation asked for a default or a version whose page is not indexed answers with a neighbouring
page's words on the subject, which name no such value (issue 14, abst11).
"""

from __future__ import annotations

import re
from typing import Literal

# "units": how many weeks, days...: a number of them answers, a date does not; "duration": how long
# something lasted, which when it ended may tell.
Kind = Literal["date", "duration", "units", "version"]

_DATE_QUESTION = re.compile(r"^\s*(?:(?:by|until|since|in|on|from)\s+)?what\s+(?:date|year|month|day)\b"
                            r"|^\s*when\s+(?:was|were|did|will|must)\b", re.IGNORECASE)
# "How long did/does ... take/last", "for how long", a default timeout: a time. "How long is/was ..."
# may ask a length ("How long is the Aletsch Glacier?": 23 kilometres), so it is not read otherwise.
_DURATION_QUESTION = re.compile(r"^\s*how\s+long\s+(?:did|does|do|will|would|should|must)\b|\bfor\s+how\s+long\b"
                                r"|^\s*(?:what|how\s+long)\s+(?:is|are)\s+(?:the\s+|[\w-]+'s\s+)?default\s+(?:[\w/.-]+\s+){0,2}"
                                r"(?:timeouts?|delays?|intervals?|ttl|expiry|expiration)\b", re.IGNORECASE)
# "Which Python version does it need?", "Since which version ...": not "which kinds of version
# constraints", whose answer is a syntax, nor "How do I check which version I have?", a command.
_VERSION_QUESTION = re.compile(r"^\s*(?:(?:since|in|from|until|by|for|with)\s+)?(?:which|what)\s+(?:[\w.-]+\s+)?versions?\b"
                               r"(?!\s+(?:constraints?|specifiers?|requirements?|ranges?|control)\b)", re.IGNORECASE)
_VERSION = re.compile(r"\d+\.(?:\d+|x)\b|\b(?:python|version|v)\s*\d", re.IGNORECASE)
# What the version asked is of: "Which Python version", "What version of Poetry". Not a word saying which
# of its versions ("the minimum version", "which supported versions").
_VERSION_SUBJECT = re.compile(r"^\s*(?:(?:since|in|from|until|by|for|with)\s+)?(?:which|what)\s+(?:([\w.-]+)\s+versions?\b"
                              r"|versions?\s+of\s+([\w.-]+))", re.IGNORECASE)
_NO_SUBJECT = frozenset({"the", "a", "minimum", "minimal", "maximum", "latest", "newest", "oldest", "earliest",
                         "supported", "required", "current", "recommended", "lowest", "highest"})
# "What was the average waiting time ...?": an amount of time, not a date ("in June 2010" is when
# the attendance was counted). Not a time complexity, answered with a big O.
_UNITS_QUESTION = re.compile(r"\bhow\s+many\s+(?:seconds|minutes|hours|days|weeks|months|years)\b"
                             r"|^\s*what\s+(?:is|was|are|were)\s+(?:the\s+)?(?:average|mean|median|typical)\s+"
                             r"(?:[\w-]+\s+){0,3}?(?:time|duration|delay|latency|wait)s?\b(?!\s+complexity)", re.IGNORECASE)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATE = re.compile(rf"\b(?:[1-9]\d{{2,3}}s?|{_MONTHS}|centur(?:y|ies))\b(?!\s?%|\s+per\s?cent\b)", re.IGNORECASE)
# A number may touch its unit ("10s", "5ms"); a word needs a space or a hyphen before it: "as", "ones",
# "tens" and "aft" are no "a s", "one s", "ten s", "a ft".
_AMOUNT = (r"\d+(?:[.,]\d+)?[\s-]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
           r"|thirty|forty|fifty|sixty|ninety|hundred|few|several|a|an)[\s-]+")
_UNIT = r"ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|decades?"
_DURATION = re.compile(rf"\b(?:{_AMOUNT})(?:{_UNIT})\b", re.IGNORECASE)
# "How long does a key have to be?" asks a length as often: any measure answers "how long".
_LENGTH = r"characters?|chars|bytes|words|lines|km|kilomet(?:er|re)s?|m|met(?:er|re)s?|miles?|feet|ft|inch(?:es)?|cm"
_MEASURE = re.compile(rf"\b(?:{_AMOUNT})(?:{_UNIT}|{_LENGTH})\b", re.IGNORECASE)
# A settings reference states the unit once and the value bare: "Set the ping interval, in seconds.
# Default: 20.0." A number with its unit so named is a duration.
_IN_UNITS = re.compile(r"\b(?:in|as)\s+(?:milliseconds|seconds|minutes|hours|days)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]*\w)")


def asked(question: str) -> Kind | None:
    """The kind of value `question` asks for, when it can be answered by nothing else."""
    if _DATE_QUESTION.search(question):
        return "date"
    if _DURATION_QUESTION.search(question):
        return "duration"
    if _UNITS_QUESTION.search(question):
        return "units"
    if _VERSION_QUESTION.search(question):
        return "version"
    return None


def holds(kind: Kind, text: str) -> bool:
    """Whether `text` holds a value of `kind` at all (not whether it is the right one). How long
    something lasted may be told by when it ended ("until the 19th century")."""
    if kind == "units":
        return bool(_DURATION.search(text))
    if kind == "version":
        return bool(_VERSION.search(text))
    return bool(_DATE.search(text) or kind == "duration" and (
        _MEASURE.search(text) or _IN_UNITS.search(text) and _NUMBER.search(text)))


def names_version_of(question: str, text: str) -> bool:
    """Whether `text` names a version of what a version question asks one of ("Python 3.9" for "Which
    Python version ..."): "HTTP/1.1" holds a version, not Python's. Any version counts when the question
    names no subject."""
    found = _VERSION_SUBJECT.search(question)
    subject = next((w for w in found.groups() if w), None) if found else None
    if subject is None or subject.lower() in _NO_SUBJECT:
        return holds("version", text)
    return bool(re.search(rf"(?<![\w.-]){re.escape(subject)}[\s/]*v?\d", text, re.IGNORECASE))


def lacks_asked(question: str, shown: str) -> bool:
    """`question` asks for a date, a duration or a version and `shown` holds none."""
    kind = asked(question)
    return kind is not None and not holds(kind, shown)
