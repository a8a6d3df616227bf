"""The noun a what/which question asks for: "Which Python version does httpx need?" asks for a version.

English puts the head of a noun phrase last: "Python version", "status code", "lint rules" name a
version, a code, rules. The words after "what"/"which" are the phrase as far as where a clause goes on
(an auxiliary verb, a comma, "that", "of", the question's end). Without such an end a verb may be among
them ("Which residue contributes most to ...?"): the first word is the noun then, unless it is a name
written capitalised before a lower-case word ("Which PyCharm version supports Ruff?"), which qualifies it.
"What counts as ...?", "What distinguishes A from B?", "What happens if ...?" put a verb after "what":
the question names no kind of thing.
"""

from __future__ import annotations

import re

_COUNTED = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
# "which two event hooks": a count stands before the noun phrase.
_ASKING = re.compile(rf"\b(?:what|which)\s+(?:{_COUNTED}\s+)?", re.IGNORECASE)
# "type of plea", "kinds of version constraints": the noun phrase after "of" is what is asked for.
_KIND_OF = re.compile(r"\b(?:type|kind|sort|form)s?\s+of\s+(?:an?\s+|the\s+)?(?=[a-z])", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|[,;:?.!]|\S+")
_AUXILIARIES = frozenset("is are was were do does did can could should would will might must may shall has have had "
                         "isn aren wasn weren don doesn didn can't won't".split())
# Where a noun phrase surely ends: a clause goes on (an auxiliary, a relative word) or the phrase takes its
# complement ("of").
# "What address and port ...?": the first of things joined is the noun asked.
_PHRASE_ENDS = _AUXILIARIES | frozenset("that which who whom whose of and or".split())
# After "kinds of" no verb comes before the clause's own: a preposition ends the phrase too.
_PREPOSITIONS = frozenset("in on at for from with by to into about under over within without".split())
# Function words name no kind of thing: "Which of them", "What if ...", "which one", "what else",
# "what my endpoint returns", "What exactly does ...".
NOT_NOUNS = frozenset("""is are was were do does did can could should would will has have had a an the
it this that they he she i you we about of if one ones else other exactly my your our their his her its
them these those there""".split())
# What a verb after "what" takes: an object or complement ("counts as an origin", "distinguishes Cluster 2").
_OBJECT_WORDS = frozenset("the a an as if when whether this that these those it its my your our their his her them "
                          "me us between".split())
# "What happens to extras ...?": a verb whatever follows.
_EVENT_VERBS = frozenset("happens happened".split())
_LONGEST_PHRASE = 3
# "Against what threat exactly?", "Which version then?": an adverb closes the phrase before it; read as
# its head it named nothing, and the question lost the kind it asks for. (Not an article: "What storm hit
# the coast?" has a verb before it.)
_CLOSERS = frozenset("exactly precisely specifically then now again too also instead here there".split())


def _phrase(tokens: list[str], ends: frozenset[str]) -> list[str]:
    """The noun phrase `tokens` open with, its head last, as written: all its words when a clause or the
    question ends after at most three, else the first (with the lower-case word after a capitalised name)."""
    words: list[str] = []
    clean = False
    for token in tokens:
        low = token.lower()
        if not token[0].isalpha() or low in ends:
            clean = token[0].isalpha() or token in ",;:?.!"
            break
        words.append(token)
        if len(words) > _LONGEST_PHRASE:
            break
    else:
        clean = True
    if clean and len(words) <= _LONGEST_PHRASE:
        return words
    if len(words) >= 2 and not words[0].islower() and words[1].islower():
        return words[:2]
    return words[:1]


def _takes_object(word: str, following: str) -> bool:
    """Whether `word`, right after "what", is a verb: an -s or -ed form with an object or complement after it."""
    low = word.lower()
    if low in _EVENT_VERBS:
        return True
    if not (low.endswith("s") or low.endswith("ed")):
        return False
    return following.lower() in _OBJECT_WORDS or (following[:1].isupper() and following[:1].isalpha())


def _lowered(phrase: list[str]) -> tuple[str, ...]:
    return () if not phrase or phrase[-1].lower() in NOT_NOUNS else tuple(w.lower() for w in phrase)


def asked_noun(question: str) -> tuple[str, ...]:
    """The noun phrase after the first "what"/"which" of `question`, lower-cased, its head last ("file",
    "extensions"); empty when a function word or a verb follows it instead."""
    m = _ASKING.search(question)
    if m is None:
        return ()
    tokens = _TOKEN.findall(question[m.end():])
    if not tokens or tokens[0].lower() in NOT_NOUNS:
        return ()
    if _takes_object(tokens[0], tokens[1] if len(tokens) > 1 else ""):
        return ()
    return _lowered(_phrase(tokens, _PHRASE_ENDS | _CLOSERS))


# "What cell type ...?" asks for a kind of cell, as "What type of cell ...?" does.
_KIND_WORDS = frozenset("type types kind kinds sort sorts form forms".split())


def kind_asked(question: str) -> tuple[str, ...]:
    """The noun phrase a kind is asked of: "plea" of "What type of plea ...?", "version constraints" of "Which
    kinds of version constraints ...?", "cell" of "What cell type ...?"; lower-cased, its head last, empty
    when the question asks for no kind."""
    if m := _KIND_OF.search(question):
        phrase = _phrase(_TOKEN.findall(question[m.end():]), _PHRASE_ENDS | _CLOSERS | _PREPOSITIONS)
    elif (m := _ASKING.search(question)) and len(phrase := _phrase(_TOKEN.findall(question[m.end():]), _PHRASE_ENDS | _CLOSERS)) >= 2 \
            and phrase[-1].lower() in _KIND_WORDS and phrase[0].lower() not in NOT_NOUNS:
        phrase = phrase[:-1]
    else:
        return ()
    return _lowered(phrase)
