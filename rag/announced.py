"""What a sentence ending in a colon announces: "What are they?" after an answer quoting "The following
rules apply:" asks for the rules, which are what comes after the colon, not the sentence again.

A colon at the end of a sentence says that what follows is what it names (a rule of English, not of
one corpus), so the unit that runs on past the quoted sentence into what comes next answers.
"""

from __future__ import annotations

import re

# A colon ending the text, maybe inside emphasis or code marks ("**Options:**").
_ENDS_IN_COLON = re.compile(r":[\s*_`]*$")

# "What are they?", "And which are those?", "What are the rules?", "Which ones?": asking what the things
# pointed back at are, nothing more (not why, how, whether).
_ASKS_WHAT_THEY_ARE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:"
    r"(?:what|which)(?:'re|\s+(?:are|were|is|was))\s+(?:they|those|these|them|it|that|this|the\s+[\w'-]+)"
    r"|which\s+ones|what\s+do\s+they\s+say)\W*$",
    re.IGNORECASE)


def announces(text: str) -> bool:
    """Whether the text ends with a colon: it announces what comes after it."""
    return bool(_ENDS_IN_COLON.search(text))


def asks_what_they_are(question: str) -> bool:
    """Whether the question only asks what the things it points back at are."""
    return bool(_ASKS_WHAT_THEY_ARE.match(question))


def next_start(text: str, offset: int, end: int) -> int | None:
    """Where the text after `end` (an offset into `text`, which starts at `offset`) goes on, past blank
    space: None when nothing follows within it."""
    at = end - offset
    if at < 0 or at > len(text):
        return None
    rest = text[at:]
    stripped = rest.lstrip()
    return end + len(rest) - len(stripped) if stripped else None
