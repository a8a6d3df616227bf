"""A word hyphenated at a line's end, joined back or kept whole, judged by the document's own words.

"exam-" + "ple" is one word broken by the typesetter: the hyphen goes. "enterprise-" + "owned" is a
compound that happens to end a line: the hyphen stays. With no dictionary at hand, the document
tells them apart: the joined word ("example") written elsewhere in it means a syllable break; the
compound written whole elsewhere ("enterprise-owned"), or both halves being words it uses on their
own ("enterprise", "owned"), means a compound; anything else ("exam", "ple") is a syllable break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_PART = re.compile(r"([^\W\d_]+)-$")
_FIRST_PART = re.compile(r"^([^\W\d_]+)")


@dataclass
class Vocabulary:
    """The words a document writes whole (lowercased), and its hyphenated compounds."""

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, lines: Iterable[str]) -> Vocabulary:
        vocabulary = cls()
        broken = False  # the line before ended in a hyphen: this one starts with a fragment
        for line in lines:
            words = _WORD.findall(line.lower())
            if broken and words:
                words = words[1:]
            broken = line.endswith("-")
            if broken and words:
                words = words[:-1]
            for word in words:
                if "-" in word:
                    vocabulary.compounds.add(word)
                    vocabulary.words.update(word.split("-"))
                else:
                    vocabulary.words.add(word)
        return vocabulary

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether `left`-`right`, hyphenated across a line break, is a compound."""
        left, right = left.lower(), right.lower()
        if left + right in self.words:
            return False
        if f"{left}-{right}" in self.compounds:
            return True
        return left in self.words and right in self.words


def join_hyphenated(paragraph: str, line: str, vocabulary: Vocabulary) -> str | None:
    """`paragraph` (ending in a hyphen) and the next `line` as one text, or None when the hyphen
    ends no word."""
    left, right = _LAST_PART.search(paragraph), _FIRST_PART.match(line)
    if left is None:
        return None
    if right is None or not line[:1].islower() or vocabulary.keeps_hyphen(left.group(1), right.group(1)):
        return paragraph + line  # "Anti-" + "Fascist", "enterprise-" + "owned"
    return paragraph[:-1] + line
