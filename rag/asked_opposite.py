"""Whether a unit says the opposite of what a question's wording asks: "How do I turn on pagination for
all my views?" is answered neither by "Pagination can be turned off by setting the pagination class to
`None`." nor by "You can also set the pagination class on an individual view ..." (try23 q02): each names
every word of the question but the one that asks."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Opposites:
    """Two wordings that exclude each other: switching on or off, one thing or all of them."""

    one: re.Pattern[str]
    other: re.Pattern[str]
    # Whether a question may ask the other way too: "restrict a package to a single source" asks for
    # no one thing against all of them, so only "all" is read as asked of the scope pair.
    both_ways: bool = True


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_OPPOSITES = (
    # Not "activate": activating an environment is the thing asked, and "deactivate" leaves it, no way
    # of it (a follow-up "And for fish?" on activating one went to the bash unit saying "activate").
    # What is switched may take two words ("turn this behaviour off").
    Opposites(_words(r"\b(?:turn|switch)(?:s|ed|ing)?\s+(?:\w+\s+){0,2}on\b|\benabl(?:e|es|ed|ing)\b"),
              _words(r"\b(?:turn|switch)(?:s|ed|ing)?\s+(?:\w+\s+){0,2}off\b|\bdisabl(?:e|es|ed|ing)\b")),
    # "One" in an idiom ("to one another", "on one hand", "for one thing") names no single thing. "Each"
    # is no "all": "for each view" sets a thing view by view, and "in each microvillus" counts one of them.
    Opposites(_words(r"\b(?:for|to|on|across|in)\s+(?:all|every)\b|\bglobal(?:ly)?\b|\bproject[- ]wide\b"),
              _words(r"\b(?:an?|one|each)\s+individual\b|\bper[- ](?:view|request|route|file|page|item|call)\b|"
                     r"\b(?:for|on|to)\s+(?:a\s+single|one|just\s+one)\s+(?!(?:another|hand|thing)\b)\w+"), both_ways=False),
)
# Added to a unit that says the way asked, and not the other, where the question sets the two apart.
SAME_WAY_GAIN = 0.06


def _way(opposites: Opposites, text: str) -> int:
    """1: `text` says the first way only, -1: the other only, 0: both or neither."""
    return int(bool(opposites.one.search(text))) - int(bool(opposites.other.search(text)))


def _asked(opposites: Opposites, question: str) -> int:
    way = _way(opposites, question)
    return way if way > 0 or opposites.both_ways else 0


@dataclass(frozen=True, slots=True)
class AskedWays:
    """The way a question asks of each pair of `_OPPOSITES` (1, -1, or 0: neither), read once per question:
    a unit is read only for the pairs the question sets apart (most questions set none apart)."""

    ways: tuple[tuple[Opposites, int], ...]

    @classmethod
    def of(cls, question: str) -> AskedWays:
        return cls(tuple((o, way) for o in _OPPOSITES if (way := _asked(o, question))))

    def opposed(self, text: str) -> bool:
        """`text` says only the other way of a pair the question asks one way of."""
        return any(way * _way(o, text) < 0 for o, way in self.ways)

    def gain(self, text: str) -> float:
        """`SAME_WAY_GAIN` for each pair of ways the question sets apart that `text` says only as asked."""
        return SAME_WAY_GAIN * sum(way * _way(o, text) > 0 for o, way in self.ways)

    def not_opposite(self, texts: list[str]) -> list[bool]:
        """Which units may answer: none that says only the other way, unless every one does."""
        if not self.ways:
            return [True] * len(texts)
        opposed = [self.opposed(t) for t in texts]
        return [True] * len(texts) if all(opposed) else [not o for o in opposed]
