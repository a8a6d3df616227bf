"""A follow-up asking only for an example of what the answer before said, and where the example is.

"Give an example." after an answer quoting "Use batch processing if possible. ... The Bank of America has
an interactive system ..." asks for an example of that: a writer gives one right where the point is made,
in the same paragraph or the one after it ("For example, ...", a code block, a list introduced by "such
as", or a sentence naming a particular system). Another section saying "Another example of hints is ..."
gives an example of something else.
"""

from __future__ import annotations

import re

# "Give an example.", "Can you show me an example of that?", "Any examples?", "For instance?", "Such as?",
# "What is an example?": asking for an example and nothing else.
_ASKS_EXAMPLE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|please|can\s+you|could\s+you|would\s+you)\W+)*(?:"
    r"(?:give|show|provide)(?:\s+(?:me|us))?\s+(?:an?|some|one|another)\s+(?:concrete\s+)?examples?"
    r"(?:\s+of\s+(?:it|that|this|them|those|these))?"
    r"|(?:any|some|an?)\s+examples?|examples?|for\s+(?:example|instance)|such\s+as|like\s+what"
    r"|what(?:'s|\s+is|\s+are|\s+would\s+be)\s+(?:an?|some)\s+examples?(?:\s+of\s+(?:it|that|this|them|those|these))?"
    r")(?:\W+please)?\W*$",
    re.IGNORECASE)

# The words a writer gives an example with; "such as" leads into a list of them.
_EXAMPLE_MARK = re.compile(r"\b(?:for\s+example|for\s+instance|e\.\s?g\.|such\s+as|as\s+an\s+example|to\s+illustrate)"
                           r"(?=\W|$)", re.IGNORECASE)
# A capitalised word inside a sentence names a particular thing ("The Bank of America", "The Interlisp and
# Cedar garbage collectors"): not after a sentence's end, a colon or a list bullet, and not one capital alone.
_NAMES_ONE = re.compile(r"[^\s.!?:;\u2022*-]\s+[A-Z][a-z]")
_SHOWS_CODE = frozenset({"code", "introduced_code"})

# How well a unit gives an example: by the writer's own words or a code block, by naming a particular thing.
MARKED = 0
NAMED = 1


def asks_for_example(question: str) -> bool:
    """Whether the follow-up asks only for an example."""
    return bool(_ASKS_EXAMPLE.match(question))


def example_rank(display: str, kind: str) -> int | None:
    """MARKED for a unit the writer marks as an example or that shows code, NAMED for one naming a
    particular thing, None otherwise."""
    if kind in _SHOWS_CODE or _EXAMPLE_MARK.search(display):
        return MARKED
    if _NAMES_ONE.search(display):
        return NAMED
    return None


def paragraph_start(text: str, offset: int, at: int) -> int:
    """Where the paragraph holding `at` starts (offsets as in `next_paragraph_end`); the text's start
    when it starts before."""
    before = text.rfind("\n\n", 0, max(0, at - offset))
    return offset + (before + 2 if before >= 0 else 0)


def next_paragraph_end(text: str, offset: int, at: int) -> int:
    """Where the paragraph after the one holding `at` ends (offsets into `text`, which starts at
    `offset`); a heading opening that paragraph ends it before. The text's end when it ends first."""
    here = max(0, at - offset)
    end = text.find("\n\n", here)
    if end < 0:
        return offset + len(text)
    following = end + len(text[end:]) - len(text[end:].lstrip())
    if text.startswith("#", following):
        return offset + end
    after = text.find("\n\n", following)
    return offset + (after if after >= 0 else len(text))
