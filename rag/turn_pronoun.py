"""A pronoun that stands for what the turn before named.

"How do I set that for every view instead of one?", "Can I set it in my config file instead?": before
the pronoun the question says at most its verb, so what the pronoun stands for was said in the turn
before, however many words follow. Neither a determiner ("that option") nor a conjunction ("ensure
that the tests run") nor the "it" of "is it possible" counts.
"""

from __future__ import annotations

import re

from rag.conversation import content_words

_PRONOUN = re.compile(r"(?<!\bis )(?<!\bwas )\b(?:it|them)\b(?!'s|\s+(?:is|was)\b)"
                      r"|\b(?:that|this|these|those)\b(?=\s*(?:[?.!,;]|$)|\s+(?:for|with|in|on|to|from|into|at|by"
                      r"|across|per|instead|globally|everywhere|work|works|happen|mean)\b)", re.IGNORECASE)
_PRONOUN_AFTER_TOPIC_WORDS = 1


def stands_for_turn_before(question: str) -> bool:
    """Whether the question's first pronoun comes after no more than its verb."""
    pronoun = _PRONOUN.search(question)
    return bool(pronoun) and len(content_words(question[:pronoun.start()], strict=True)) <= _PRONOUN_AFTER_TOPIC_WORDS
