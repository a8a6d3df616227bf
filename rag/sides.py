"""Which side of a comparison a unit speaks of.

"How do caret and tilde version requirements differ?" compares "caret" with "tilde version
requirements": the head noun is said once and is both sides' ("Caret requirements allow ..." names
no tilde requirement though it holds "version" and "requirements"). A side is named by the first
of its terms, in the question's order, that the other side lacks: "tilde", "unsafe", "sync".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rag.code_names import code_names
from rag.terms import terms

_WORD = re.compile(r"[\w.-]+")


@dataclass(frozen=True, slots=True)
class Side:
    """How a unit names one side: by its own word's terms, or, when the side is code
    (`project.dependencies`), as written: code has no synonym, and its words are another name's too
    ("project" of `project.requires-python`)."""

    words: frozenset[str]
    code: str = ""

    def __bool__(self) -> bool:
        return bool(self.words or self.code)


def side_words(compared: tuple[str, ...]) -> tuple[Side, ...]:
    """For each of the first two sides, the terms of its first word the other side lacks (none when
    every word of it is the other's too), or the side as written when it is code."""
    if len(compared) < 2:
        return ()
    first, second = compared[:2]
    sides = []
    for side, other in ((first, second), (second, first)):
        theirs = terms(other)
        found: frozenset[str] = frozenset()
        for word in _WORD.findall(side):
            own = terms(word) - theirs
            if own:
                found = own
                break
        code = side if code_names(side) == [side] else ""
        sides.append(Side(found, code))
    return tuple(sides)


def _names(text: str, held: frozenset[str], side: Side) -> bool:
    if side.code:
        return re.search(r"(?<![\w.-])" + re.escape(side.code.lower()) + r"(?![\w-])", text.lower()) is not None
    return bool(side.words) and side.words <= held


def _two(sides: tuple[Side, ...]) -> bool:
    """Two sides, each named by a word of its own or as code: a side without one cannot be told in a text."""
    return len(sides) >= 2 and all(sides)


def sides_named(text: str, sides: tuple[Side, ...]) -> tuple[bool, ...]:
    """Whether `text` names each side."""
    held = terms(text)
    return tuple(_names(text, held, side) for side in sides)


def names_neither(compared: tuple[str, ...], shown: Iterable[str]) -> bool:
    """Two things compared, each with a word of its own, and no text of `shown` (the units shown and
    their sections' headings) naming either: "How do caret and tilde version requirements differ?",
    the page on them left out, was answered with what the versioning page says of semantic
    versioning, on neither (issue 14, abst37). One side named may be the whole difference ("Tilde
    requirements allow only patch updates"); none named is about something else. A side with no word
    of its own ("a container" against "a container image", "HTTP/2" whose terms are empty) is not read."""
    sides = side_words(compared)
    if not _two(sides):
        return False
    texts = [text for text in shown if text]
    return bool(texts) and not any(any(sides_named(text, sides)) for text in texts)


# What sets one thing against another within a sentence or between two: "..., while ...", "...
# but ...", "However, ...", "Unlike X, ...", "rather than". Not "other than" (an exception).
_MARKER = re.compile(r"\b(while|whereas|but|however|unlike|instead of|rather than|in contrast(?: to)?|"
                     r"on the other hand|(?<!other )than)\b", re.IGNORECASE)
# A marker that opens its sentence and governs a clause up to the comma ("While X ..., Y ...",
# "Unlike basic authentication, it ...").
_SUBORDINATE = frozenset({"while", "whereas", "unlike", "in contrast", "in contrast to"})
_OPENS = ".!?:;"


def _opens(before: str) -> bool:
    """Whether a marker after `before` opens its sentence or clause: nothing but non-word characters
    since the start or since a `.!?:;` (scanned back in Python: a `\\W*$` regex tries every position)."""
    at = len(before)
    while at and not (before[at - 1].isalnum() or before[at - 1] == "_"):
        at -= 1
    return at == 0 or any(c in _OPENS for c in before[at:])


def sets_apart(text: str, words: tuple[Side, ...]) -> bool:
    """The text names one side on one side of a contrast marker and the other on the other, each
    part naming only its own: "FastAPI's `HTTPException` accepts any JSON-able data ..., while
    Starlette's `HTTPException` only accepts strings"."""
    if not _two(words):
        return False
    for m in _MARKER.finditer(text):
        before, after = text[: m.start()], text[m.end():]
        if _opens(before) and m.group(1).lower() in _SUBORDINATE and "," in after:
            before, after = after.split(",", 1)
        first, second = sides_named(before, words), sides_named(after, words)
        if first in ((True, False), (False, True)) and second == (first[1], first[0]):
            return True
    return False


# What compares the thing spoken of with another: "the same settings as its parent edition", "compared to
# threads", "faster than", "unlike", "instead of". Not "but" or "while": against a thing the sentence does not
# name, they contrast its own clauses.
_COMPARING = re.compile(r"\b(?:than|unlike|whereas|instead of|rather than|in contrast to|compared (?:to|with)|"
                        r"differ(?:s|ent)? from|the same\b[^.;:!?]{0,60}?\bas)\b", re.IGNORECASE)


def set_against_section(text: str, section: str, words: tuple[Side, ...]) -> bool:
    """Under a heading naming one side alone ("lite"), the text names the other alone and compares with it
    ("A trimmed copy of the full edition, which keeps the same settings as its parent edition."): on a page
    of one section per thing, the heading names what its sentences speak of, so the sentence sets the
    section's side against the other as "X ..., while Y ..." does."""
    if not _two(words) or not section:
        return False
    own = sides_named(section, words)
    return own in ((True, False), (False, True)) and sides_named(text, words) == (own[1], own[0]) \
        and _COMPARING.search(text) is not None


# A label setting two things against each other before what it says of them: "Singular versus contextual: A
# singular TA treats ...", "PUT vs. PATCH:".
# A label is a few words: no clause break (a comma) inside it.
_VERSUS_LABEL = re.compile(r"^[^\w\s]*\s*(\w[^:.;,!?\n]{0,39}?)\s+(?:versus|vs\.?)\s+([^:;,!?\n]{1,40}?)\s*:\s+\S", re.IGNORECASE)


def labels_apart(text: str, words: tuple[Side, ...]) -> bool:
    """The text opens with a label naming one side against the other ("Singular versus contextual:"):
    what follows is their difference, by its own announcement."""
    m = _VERSUS_LABEL.match(text)
    if m is None or not _two(words):
        return False
    first, second = sides_named(m.group(1), words), sides_named(m.group(2), words)
    return first in ((True, False), (False, True)) and second == (first[1], first[0])


# A run of words joining names: "A, B, and C", "A and B", "A or B", "A/B"; at most this many tokens between two names.
_TOKEN = re.compile(r"[\w.-]+|[,/&]")
_WORD_JOINERS = frozenset({"and", "or", "/", "&"})
_JOINED_GAP = 3


def named_together(text: str, words: tuple[Side, ...]) -> bool:
    """The text names the two sides side by side, joined as one subject or object ("The policy engine, policy
    administrator, and PEPs use the control plane", "the analyses (basic/advanced)"): what it says, it says of
    both, which sets nothing apart."""
    if not _two(words):
        return False
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    at: tuple[list[int], list[int]] = ([], [])
    for index, token in enumerate(tokens):
        held = terms(token)
        for side, found in zip(words[:2], at):
            if side.code and token.lower() == side.code.lower() or not side.code and side.words <= held:
                found.append(index)
    lowered = [t.lower() for t in tokens]

    def joined(i: int, j: int) -> bool:
        first, last = min(i, j), max(i, j)
        between = set(lowered[first + 1 : last])
        if between & _WORD_JOINERS:
            return True
        # A comma alone joins only in a series that goes on ("A, B, and C"): "Unlike Pylint, Ruff fixes ..." ends a
        # clause at it.
        return "," in between and bool(set(lowered[last + 1 : last + 1 + _JOINED_GAP]) & _WORD_JOINERS)

    seconds = set(at[1])
    # Only the few positions around each first-side name are looked at: linear in the text's length.
    return any(j in seconds and joined(i, j)
               for i in at[0] for j in (*range(i - _JOINED_GAP - 1, i - 1), *range(i + 2, i + _JOINED_GAP + 2)))


def items_apart(lines: Iterable[str], words: tuple[Side, ...]) -> bool:
    """A list giving each side an item of its own ("- A CLI argument is required", "- A CLI option is optional"):
    what it says of one it says apart from the other, as "X ..., while Y ..." does across a contrast. Every item
    names one side alone: an item naming both says one thing of both, and a list with items on other things
    (`--with`, `--only-root`, `--extras`: a command's options) only names the sides among them. Its lead-in (a
    first line ending in ":") is read past."""
    if not _two(words):
        return False
    items = [line for line in lines if line.strip()]
    if items and items[0].rstrip().endswith(":"):
        items = items[1:]
    named = [sides_named(line, words) for line in items]
    return (len(named) >= 2 and all(n in ((True, False), (False, True)) for n in named)
            and (True, False) in named and (False, True) in named)


# A recommendation of one thing: "you should use Rich", "we recommend using uv", "it's better to use X", "Prefer
# X over Y". What follows the verb, to the clause's end, is what is recommended; "should not use" recommends nothing.
_RECOMMENDS = re.compile(r"(?:\b(?:you|we|one|i)\s+(?:should|(?:had|'d)\s+better)\s+(?:probably\s+|rather\s+|really\s+|"
                         r"always\s+|just\s+|instead\s+)?(?:use|choose|pick|prefer|go\s+with|opt\s+for|stick\s+(?:with|to))"
                         r"|\b(?:we|i)\s+(?:strongly\s+|highly\s+)?(?:recommend|suggest|advise)(?:\s+(?:using|that\s+you\s+use))?"
                         r"|\bit(?:\s+is|'s)\s+(?:better|best|recommended|preferable|advisable)\s+to\s+(?:use|choose|pick)"
                         r"|^\W*prefer)\s+(?P<what>[^.;:!?,\n]{1,80})", re.IGNORECASE)

# What the recommended thing is preferred to ends it: "Prefer X over Y" recommends X.
_OVER = re.compile(r"\b(?:over|instead\s+of|rather\s+than)\b", re.IGNORECASE)


def recommends(text: str, words: tuple[Side, ...]) -> bool:
    """The text recommends one side by name ("If you can, you should use Rich as explained above, ..."): asked to
    choose between two ("Should I use typer.progressbar or Rich?"), the recommendation is the answer, as a
    difference is to "How do they differ?"."""
    if not _two(words):
        return False
    return any(sides_named(_OVER.split(m.group("what"), 1)[0], words) in ((True, False), (False, True))
               for m in _RECOMMENDS.finditer(text))
