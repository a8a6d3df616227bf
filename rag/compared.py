"""Whether the answer shown names both things a question compares.

"What is the difference between poetry install and poetry sync?", "How does FastAPI's HTTPException
differ from Starlette's?", "Should I use PUT or PATCH ...?": an answer to a comparison names both
sides. Documentation whose page on the comparison is not indexed answers with a neighbouring page's
sentences on one side alone ("When installing packages with Poetry, you can specify extras ..." for
extras with `poetry install` "compared with poetry sync"), which cannot say how the two differ.
Only explicit forms are read: "difference(s) between X and Y", "how is/does X different/differ from
Y", "..., compared with/to Y" after a comma, "should/can I (use) X or Y", "when should I X rather
than Y". Not "how do X compare to Y" nor "versus" inside a factoid ("How many points did the Broncos
score ... versus Pittsburgh?"), whose answer sentence often paraphrases a side (docs/quality.md,
issue 14, abst12).
"""

from __future__ import annotations

import re

from rag.abstention import asking_terms, function_words
from rag.terms import terms

_FORMS = (
    re.compile(r"\bdifferences?\s+between\s+(?P<x>.+?)\s+and\s+(?P<y>.+?)(?:\s+(?:for|in|when|with)\b.*)?\?*$",
               re.IGNORECASE),
    re.compile(r"^\s*how\s+(?:is|are|does|do)\s+(?P<x>.+?)\s+differ(?:ent)?\s+from\s+(?P<y>.+?)\?*$", re.IGNORECASE),
    re.compile(r"^(?P<x>.+?),\s+compared\s+(?:with|to)\s+(?P<y>.+?)\?*$", re.IGNORECASE),
    re.compile(r"^\s*(?:should|do|can|would)\s+i\s+(?:use\s+|put\s+|choose\s+)?(?P<x>[^?]+?)\s+or\s+(?P<y>[^?]+?)\?*$",
               re.IGNORECASE),
    re.compile(r"^\s*when\s+should\s+i\s+(?P<x>.+?)\s+rather\s+than\s+(?P<y>.+?)\?*$", re.IGNORECASE),
)


def compared(question: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The first term that sets each side of `question`'s comparison apart (what both sides share, such
    as "poetry" in "poetry install and poetry sync", is no side), or None when it compares nothing."""
    for form in _FORMS:
        found = form.search(question.strip())
        if found:
            said = asking_terms() | function_words()
            x, y = terms(found["x"]) - said, terms(found["y"]) - said
            return _first(found["x"], x - y), _first(found["y"], y - x)
    return None


def _first(side: str, apart: frozenset[str]) -> frozenset[str]:
    """The first term of `side`, in its words' order, among `apart`: the word that sets it apart
    ("criteria" of "a criteria-based trust algorithm" against "a score-based one"); the head noun the
    two sides share is often said once or by "one", and an answer may shorten it ("TA")."""
    for word in re.findall(r"[\w.-]+", side):
        found = terms(word) & apart
        if found:
            return frozenset(sorted(found)[:1])
    return frozenset()


def lacks_compared(question: str, shown: str) -> bool:
    """`question` compares two things and `shown` leaves out the term that sets either apart."""
    sides = compared(question)
    if sides is None:
        return False
    named = terms(shown)
    return any(side and not side <= named for side in sides)
