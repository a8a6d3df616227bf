"""What a sentence ending in a colon announces: "What are they?" after an answer quoting "The following
rules apply:" asks for the rules, which are what comes after the colon, not the sentence again.

A colon at the end of a sentence says that what follows is what it names (a rule of English, not of
one corpus), so the unit that runs on past the quoted sentence into what comes next answers. So does a
last sentence counting what it names ("There are two problems with the end-to-end strategy." then "First,
... Second, ..."), asked after with "What are its problems?".
"""

from __future__ import annotations

import re

# A colon ending the text, maybe inside emphasis or code marks ("**Options:**").
_ENDS_IN_COLON = re.compile(r":[\s*_`]*$")

# "There are two problems with the end-to-end strategy.", "The design has three parts.": a last sentence
# counting the things it names announces them too; the sentences after it say them ("First, ...").
_COUNTS_WHAT_FOLLOWS = re.compile(
    r"\b(?:there\s+(?:are|were)|has|have|had)\s+(?:two|three|four|five|six|seven|eight|nine|ten|several)\s+"
    r"(?:[\w-]+\s+){0,2}?[\w-]+s\b[^.!?:;]*\.[\s*_`]*$", re.IGNORECASE)

# "What are they?", "And which are those?", "What are the rules?", "What are its problems?", "Which ones?":
# asking what the things pointed back at are, nothing more (not why, how, whether).
_ASKS_WHAT_THEY_ARE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:"
    r"(?:what|which)(?:'re|\s+(?:are|were|is|was))\s+(?:they|those|these|them|it|that|this|the\s+[\w'-]+)"
    r"|(?:what|which)\s+(?:are|were)\s+(?:its|their)\s+[\w'-]+s"
    r"|which\s+ones|what\s+do\s+they\s+say)\W*$",
    re.IGNORECASE)


def announces(text: str) -> bool:
    """Whether the text ends with a colon, or with a sentence counting things it names: it announces
    what comes after it."""
    return bool(_ENDS_IN_COLON.search(text) or _COUNTS_WHAT_FOLLOWS.search(text))


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
