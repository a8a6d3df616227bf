"""Rules that find a claim contradicting the passage sentence it is aligned with, though it shares
that sentence's words: the checker's support score measures likeness and shared words, so "has not
prompted", "profits over survival" or "to Sinaloa" (for "away from Sinaloa") score as supported.

Each rule compares the claim with the passage sentence closest to it (and, for entities, with the
whole passage) and returns a `Contradiction` naming what differs, or None. No model is involved:
these are surface checks that only fire where the claim keeps the sentence's words around a change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*")  # letters in any script, or a number
_CLAUSE = re.compile(r"[,;:()\"“”—]|\s[-–]\s"
                     r"|\b(?:but|because|although|though|while|whereas|yet|which|who|whom|whose|and(?=\s+not\b))\b",
                     re.I)

NEGATORS = frozenset({"not", "no", "never", "without", "none", "neither", "nor", "nobody", "nothing", "nowhere",
                      "cannot"})
# Words that carry no fact of their own: alignment and "content" ignore them.
FUNCTION_WORDS = NEGATORS | frozenset("""
a an the this that these those its it it's their they them his her he she him we us our you your i me my
of in on at by for with as to from into onto toward towards away out up down off about over under than
and or but so if then because although though while whereas yet also only just even still further
is are was were be been being am has have had having do does did done can could will would shall should
may might must which who whom whose what when where why how there here some any all each every such
more most less least very much many few other others another same own both either one ones
""".split())
DETERMINERS = frozenset("a an the this that these those its their his her our your my some".split())


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    stem: str
    position: int  # index among the text's tokens

    @property
    def content(self) -> bool:
        return self.lower not in FUNCTION_WORDS and not self.negator

    @property
    def negator(self) -> bool:
        return self.lower in NEGATORS or self.lower.endswith(("n't", "n’t"))

    @property
    def entity(self) -> bool:
        """A name or a number: a capitalised word past the first, or anything with a digit."""
        if any(c.isdigit() for c in self.text):
            return True
        return self.position > 0 and self.text[0].isupper() and self.lower not in FUNCTION_WORDS


def tokens(text: str) -> list[Token]:
    words = _WORD.findall(text)
    stems = _stemmer().stemWords([w.lower().replace("’", "'") for w in words])
    return [Token(w, w.lower(), s, i) for i, (w, s) in enumerate(zip(words, stems))]


def clauses(text: str) -> list[list[Token]]:
    """The text cut at punctuation, contrastive conjunctions and relative pronouns: the span a negation
    applies to ("X, which is not true" does not negate X)."""
    out = [tokens(part) for part in _CLAUSE.split(text)]
    return [c for c in out if c]


@dataclass(frozen=True)
class Contradiction:
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


def _content_stems(ts: list[Token]) -> set[str]:
    return {t.stem for t in ts if t.content}


# Share of the claim's content words the sentence must hold before a rule compares them: the rules
# are for claims that keep the sentence's words around one change, not for loose paraphrases.
MIN_COVERAGE = 0.6


def coverage(claim: list[Token], sentence: list[Token]) -> float:
    mine = _content_stems(claim)
    return len(mine & _content_stems(sentence)) / len(mine) if mine else 0.0


# Words that deny what follows them: "lacks tentacles"; and, before "to", "failed to prompt", "unable to".
DENIERS = frozenset({"lack", "lacks", "lacked", "lacking"})
DENIERS_BEFORE_TO = frozenset({"fail", "fails", "failed", "failing", "unable", "refuse", "refuses", "refused"})


def _negated(clause: list[Token]) -> bool:
    for i, t in enumerate(clause):
        after = clause[i + 1].lower if i + 1 < len(clause) else ""
        if t.negator and not (t.lower == "not" and after == "only"):  # "not only X but also Y" affirms X
            return True
        if t.lower in DENIERS or t.lower in DENIERS_BEFORE_TO and after == "to":
            return True
    return False


_MIN_SHARED = 2  # content words a claim clause must share with the sentence's clauses to be "about" them


def negation(claim: str, sentence: str, passage: str) -> Contradiction | None:
    """One of the two says not/no/never/n't/without about what they share, the other doesn't: the
    claim's clause against the sentence's clauses it shares content words with."""
    if coverage(tokens(claim), tokens(sentence)) < MIN_COVERAGE:
        return None
    sentence_clauses = [(s, _content_stems(s)) for s in clauses(sentence)]
    for c in clauses(claim):
        stems = _content_stems(c)
        aligned = [s for s, theirs in sentence_clauses if stems & theirs]
        shared = stems & set().union(*(_content_stems(s) for s in aligned))
        if len(shared) < _MIN_SHARED:
            continue
        negated = [_negated(s) for s in aligned]
        if _negated(c) and not any(negated) or not _negated(c) and all(negated):
            said = "negates" if _negated(c) else "affirms"
            quoted = " / ".join(" ".join(t.text for t in s) for s in aligned)
            return Contradiction("negation", f"the claim {said} what the passage says in \"{quoted}\"")
    return None


# Relation words whose two sides cannot be swapped: (kind, +1 "left comes first/is preferred", -1 inverse).
RELATIONS: dict[tuple[str, ...], tuple[str, int]] = {
    ("over",): ("preference", 1), ("ahead", "of"): ("preference", 1), ("rather", "than"): ("preference", 1),
    ("instead", "of"): ("preference", 1), ("above",): ("preference", 1),
    ("before",): ("time", 1), ("prior", "to"): ("time", 1), ("earlier", "than"): ("time", 1),
    ("after",): ("time", -1), ("later", "than"): ("time", -1),
}
_REACH = 4  # tokens either side of a relation word searched for the content words it relates
_SIDE = 2  # content words kept on each side


@dataclass(frozen=True, slots=True)
class Relation:
    kind: str
    sign: int
    left: frozenset[str]  # stems of the nearest content words before the relation word
    right: frozenset[str]  # and after it
    words: str


def relations(ts: list[Token]) -> list[Relation]:
    out = []
    for i in range(len(ts)):
        for phrase, (kind, sign) in RELATIONS.items():
            end = i + len(phrase)
            if tuple(t.lower for t in ts[i:end]) != phrase:
                continue
            left = [t for t in reversed(ts[max(0, i - _REACH):i]) if t.content][:_SIDE]
            right = [t for t in ts[end:end + _REACH] if t.content][:_SIDE]
            if left and right:
                out.append(Relation(kind, sign, frozenset(t.stem for t in left), frozenset(t.stem for t in right),
                                    f"{left[0].text} {' '.join(phrase)} {right[0].text}"))
    return out


def reversed_relation(claim: str, sentence: str, passage: str) -> Contradiction | None:
    """"A over B" against "B over A" (or "A before B" against "A after B")."""
    theirs = relations(tokens(sentence))
    for mine in relations(tokens(claim)):
        for r in theirs:
            if r.kind != mine.kind:
                continue
            same_order = bool(r.left & mine.left and r.right & mine.right)
            swapped = bool(r.left & mine.right and r.right & mine.left)
            if swapped == same_order:  # the same words on both sides: no order to compare
                continue
            if (swapped and r.sign == mine.sign) or (same_order and r.sign != mine.sign):
                return Contradiction("reversed relation", f"claim \"{mine.words}\", passage \"{r.words}\"")
    return None


TOWARDS = frozenset({"to", "into", "toward", "towards", "onto"})
AWAY = frozenset({"from"})


def _direction(t: Token) -> str | None:
    return "towards" if t.lower in TOWARDS else "away from" if t.lower in AWAY else None


@dataclass(frozen=True, slots=True)
class Direction:
    ways: frozenset[str]  # "towards", "away from", or both ("to or from X", "back and forth to X")
    words: str


def _directions(ts: list[Token]) -> dict[str, Direction]:
    """Content word -> the direction(s) the text gives it, for words after to/into or (away) from."""
    out: dict[str, Direction] = {}
    for i, t in enumerate(ts):
        direction = _direction(t)
        if direction is None:
            continue
        ways, j = {direction}, i + 1
        # "to or from X", "from and to X": one word, both ways.
        while j + 1 < len(ts) and ts[j].lower in {"or", "and"} and _direction(ts[j + 1]):
            ways.add(_direction(ts[j + 1]))
            j += 2
        while j < len(ts) and ts[j].lower in DETERMINERS:
            j += 1
        if "forth" in {x.lower for x in ts[max(0, i - 3):i]}:  # "back and forth to X"
            ways = {"towards", "away from"}
        if j < len(ts) and ts[j].content and ts[j].stem not in out:
            out[ts[j].stem] = Direction(frozenset(ways), " ".join(x.text for x in ts[max(0, i - 1):j + 1]))
    return out


def opposite_direction(claim: str, sentence: str, passage: str) -> Contradiction | None:
    """"to X" in the claim where the sentence has "from X" (or the reverse)."""
    theirs = _directions(tokens(sentence))
    for stem, mine in _directions(tokens(claim)).items():
        if stem in theirs and not mine.ways & theirs[stem].ways:
            return Contradiction("opposite direction", f"claim \"{mine.words}\", passage \"{theirs[stem].words}\"")
    return None


_PREFIX = 5  # "Brazil" and "Brazilian", "Germany" and "German" name the same thing
_SIMILAR = 0.85  # and "Carslbad" is "Carlsbad" misspelt


def _acronyms(ts: list[Token]) -> set[str]:
    """Initials of runs of capitalised words: "European Union" -> "eu", "Scottish Parliament" -> "sp"."""
    return _initials([(t.text, t.lower) for t in ts])


def _initials(words: list[tuple[str, str]]) -> set[str]:
    """`_acronyms` of words given as (as written, lower-cased)."""
    out, run = set(), ""
    for text, lower in words + [("", "")]:
        if text[:1].isupper() and lower not in FUNCTION_WORDS:
            run += lower[0]
            continue
        out.update(run[i:j] for i in range(len(run)) for j in range(i + 2, len(run) + 1))
        run = ""
    return out


def _similar(a: str, b: str) -> bool:
    return abs(len(a) - len(b)) <= 2 and SequenceMatcher(None, a, b).ratio() >= _SIMILAR


@dataclass(frozen=True)
class Vocabulary:
    """The words of a passage (or sentence), matched the lenient way names need."""

    stems: frozenset[str]
    words: frozenset[str]
    acronyms: frozenset[str]

    @classmethod
    def of(cls, ts: list[Token]) -> "Vocabulary":
        return cls(frozenset(t.stem for t in ts), frozenset(t.lower for t in ts), frozenset(_acronyms(ts)))

    @classmethod
    def of_text(cls, text: str) -> "Vocabulary":
        """`of(tokens(text))` without making a `Token` of each word: a passage's words are many."""
        words = _WORD.findall(text)
        lowers = [w.lower() for w in words]
        stems = _stemmer().stemWords([w.replace("’", "'") for w in lowers])
        return cls(frozenset(stems), frozenset(lowers), frozenset(_initials(list(zip(words, lowers)))))

    def knows(self, t: Token) -> bool:
        if t.stem in self.stems or t.lower in self.words or t.lower in self.acronyms:
            return True
        if t.text.isupper() and len(t.text) >= 2:
            return t.lower in self.acronyms
        if len(t.lower) >= _PREFIX and any(w.startswith(t.lower[:_PREFIX]) for w in self.words):
            return True
        return len(t.lower) > _PREFIX and any(_similar(w, t.lower) for w in self.words)


_SPAN = 3  # content words on either side of a substitution, at most
_ANCHOR = 2  # content words the claim and the sentence share in order before and after it, at least


def _aligned_content(ts: list[Token]) -> list[Token]:
    return [t for t in ts if t.content]


def substituted_entity(claim: str, sentence: str, passage: str) -> Contradiction | None:
    """Within words the claim shares with the sentence on both sides, the claim puts a name or number
    the sentence doesn't have where the sentence has other content words: a wrong actor, place or figure."""
    mine, theirs = _aligned_content(tokens(claim)), _aligned_content(tokens(sentence))
    if coverage(mine, theirs) < MIN_COVERAGE:
        return None
    in_sentence = Vocabulary.of(tokens(sentence))
    in_passage = Vocabulary.of(tokens(passage))
    blocks = SequenceMatcher(None, [t.stem for t in mine], [t.stem for t in theirs], autojunk=False).get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(blocks):
        anchored = (0 < k < len(blocks) - 1 and blocks[k - 1][0] == "equal" and blocks[k + 1][0] == "equal"
                    and min(blocks[k - 1][2] - blocks[k - 1][1], blocks[k + 1][2] - blocks[k + 1][1]) >= _ANCHOR)
        if op != "replace" or not anchored or max(i2 - i1, j2 - j1) > _SPAN:
            continue
        # A name or number the sentence hasn't, beside a word the passage hasn't at all.
        if any(t.entity and not in_sentence.knows(t) for t in mine[i1:i2]) and any(
                not in_passage.knows(t) for t in mine[i1:i2]):
            return Contradiction("substituted entity", f"claim \"{' '.join(t.text for t in mine[i1:i2])}\" where "
                                                       f"the passage has \"{' '.join(t.text for t in theirs[j1:j2])}\"")
    return None


def names(ts: list[Token]) -> list[list[Token]]:
    """Runs of consecutive entity tokens: "Jacques Lefevre", "1937", "Super Bowl 50"."""
    out: list[list[Token]] = []
    for t in ts:
        if t.entity and out and out[-1][-1].position == t.position - 1 and out[-1][-1].entity:
            out[-1].append(t)
        elif t.entity:
            out.append([t])
    return out


_FIGURE_DIGITS = 3  # shorter numbers are often written out in the passage ("four", "tenth", "the 80s")


def figure(t: Token, ts: list[Token]) -> bool:
    """A number the passage would write in digits too: three digits or more, not a decade ("1700s")."""
    after = ts[t.position + 1].lower if t.position + 1 < len(ts) else ""
    return sum(c.isdigit() for c in t.text) >= _FIGURE_DIGITS and after not in {"s", "th", "st", "nd", "rd"}


def missing_name(said: list[Token], known: Vocabulary, forgive: Callable[[Token], bool] = lambda t: False) -> str:
    """The first name (or figure) in `said` that `known` never mentions, as written; "" when none.

    A name counts as mentioned when any of its words is known (or `forgive`n: a typo, say)."""
    for name in names(said):
        numbers = [t for t in name if any(c.isdigit() for c in t.text)]
        words = [t for t in name if t not in numbers]
        missing = [t for t in numbers if figure(t, said) and not known.knows(t)]
        if words and not any(known.knows(t) or forgive(t) for t in words):
            missing = words
        if missing:
            return " ".join(t.text for t in missing)
    return ""


def unknown_name(claim: str, sentence: str, passage: str) -> Contradiction | None:
    """A name none of whose words the passage has, or a number it doesn't have: the claim says
    something about someone or something the cited passage never mentions."""
    missing = missing_name(tokens(claim), Vocabulary.of(tokens(passage)))
    return Contradiction("unknown name", f"the passage never mentions \"{missing}\"") if missing else None


Rule = Callable[[str, str, str], "Contradiction | None"]
RULES: list[Rule] = [negation, reversed_relation, opposite_direction, substituted_entity, unknown_name]


def find_contradiction(claim: str, sentence: str, passage: str, rules: list[Rule] = RULES) -> Contradiction | None:
    """The first rule that finds the claim contradicting its aligned passage sentence, else None."""
    for rule in rules:
        found = rule(claim, sentence, passage)
        if found is not None:
            return found
    return None
