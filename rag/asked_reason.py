"""Whether the answer shown to a why-question gives a reason at all.

"Why doesn't HTTPX follow redirects by default?" asked of documentation without the page that
explains it is answered with a neighbouring page's sentence on redirects that says what happens,
not why: documentation asked why gives its reason as a clause of cause or purpose ("because ...",
"so that ...", "to avoid ...", "otherwise ...", "which means ...") or as what the thing does or
risks for the reader ("it lets you ...", "can lead to ..."). A why-question's answer shown without
any such clause is on the subject, not on the reason (issue 14, abst14).

Only questions opening with "why" are read ("Why ...", "..., why must ...?" after a clause), not in
the past tense: "what is the purpose of ..." is answered by what a thing does, in any words.
"""

from __future__ import annotations

import re

# "Why was the Merit network formed?", "Why did Harvard end ...?": a past event's cause is told as
# a story ("formed in 1966 as ...", "executed for Lutheran views") more often than with a word of
# cause; documentation is asked why things are or should be so.
_WHY_QUESTION = re.compile(r"(?:^|[.?!,;:]\s+)why\b(?!\s+(?:was|were|did|had|wasn't|weren't|didn't|hadn't)\b)",
                           re.IGNORECASE)
# A clause of cause or purpose, or a consequence: the reason itself. "Since MkDocs 1.4", "since
# 2010": a time, not a cause.
_REASON = re.compile(
    r"\b(?:because|since(?!\s+(?:[A-Za-z]+\s+)?v?\d)|so that|so as to|in order (?:to|for)|due to|as a result|"
    r"therefore|thus|hence|otherwise|consequently|this is why|that is why|that's why|"
    r"to (?:avoid|prevent|make sure|ensure|keep|allow|reduce|improve|protect|guarantee|stop)|"
    r"which (?:means|lets|allows|makes|helps|avoids|prevents|ensures|can|could|would|might|may)|"
    r"(?:this|that|it) (?:means|lets|allows|makes|helps|avoids|prevents|ensures)|"
    r"so you (?:can|don't|do not|won't)|allows|lets|enables|helps|avoids|ensures|prevents|leads? to|"
    r"results? in|causes?|caused|risks?|no need to|no reason|now that|"
    # What it costs or gains: "offers performance improvements for larger sites".
    r"improvements?|benefits?|advantages?|drawbacks?|downsides?|overhead|expensive|"
    # What would follow, or what it means: "would allow the enterprise to ...", "It might also mean
    # that patients do not know what to expect", "for two reasons: ...".
    r"would|might|could|means?|reasons?)\b"
    # "As this file doesn't change often, ...", "But as we are using ...": "as" opening a clause of
    # cause, as after a comma when a verb follows ("..., as Ruff's fix behavior can output ...");
    # "So, the thief won't ...", "..., so handlers would have run": a consequence; "If your
    # database is stolen, the thief won't have ...": what would follow.
    r"|(?:^|[.,;:!?]\s*|\b(?:but|and)\s+)as\s+(?:this|that|it|we|you|they|the|these|those|such|many|most)\b"
    r"|,\s+as\s+(?!well\b)(?:[\w`'.-]+\s+){1,4}?(?:is|are|can|will|does|do|has|have|must|may|would|could|should|"
    r"isn't|aren't|can't|doesn't|don't)\b"
    r"|(?:^|[.,;:!?]\s*|\band\s+)so\b(?!\s+(?:far|on|much|many|long)\b)"
    r"|\bif\b[^.?!]*?\b(?:will|won't|would|wouldn't|can't|cannot|could)\b",
    re.IGNORECASE)


def asks_why(question: str) -> bool:
    """`question` asks why, in so many words."""
    return bool(_WHY_QUESTION.search(question.strip()))


def gives_reason(text: str) -> bool:
    """`text` holds a clause of cause, purpose or consequence."""
    return bool(_REASON.search(text))


def lacks_reason(question: str, shown: str) -> bool:
    """`question` asks why and `shown` gives no reason of any kind."""
    return asks_why(question) and not gives_reason(shown)
