"""Whether the answer shown says what a thing is, when a question asks only that.

"What is Hishel?", "What is the pool timeout?", "What is a middleware in FastAPI?": a term asked
alone wants its definition, and English writes a definition in few forms: the term opening a
sentence ("The pool timeout specifies ...", "A "middleware" is a function ...", "Hishel: An elegant
HTTP Cache ..."), or the term followed by what glosses it ("X is/are/means/refers to/stands for ...",
"X, a ...", "twin primes, pairs of primes ...", "X (ENR) is ...", "clades (genetic branches)", "X: ..."),
or written as another name of what stands before it ("ACE (angiotensin-1-converting enzyme; ...)",
"trade unions such as ATL, NUT or NASUWT"). Documentation
whose page on the term is not indexed answers with a neighbouring page that mentions it in passing:
"you can use Hishel for HTTPX", "HTTPX supports Basic and Digest HTTP authentication", "A short
description of the package." None of its sentences is about the term (issue 14, abs27).

Only a bare "What is/are [a|an|the] X [in Name]?" is read, X a short noun phrase: "What is SQLModel
built on?", "What is X used for?", "What is the Saxon Garden called?" ask something else of X than
what it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.question_type import question_type
from rag.terms import terms

# The whole question: what is asked of, and at most the product it is asked in ("in FastAPI").
# Read on the question with its spaces collapsed: the optional parts' spaces would otherwise compete for a
# long run of them (a 2,000-character question of spaces took half a minute).
_BARE = re.compile(r"^what (?:is|are) (?:an? |the )?(?P<x>\S[^?]*?)(?: in (?-i:[A-Z])[\w.-]*)? ?\? ?$", re.IGNORECASE)
_MOST_WORDS = 4
# Words that make X more than a name of a thing: a preposition, a participle asking a relation
# ("built on", "used for", "known as"), a pronoun (a follow-up's "its half-life"), a verb.
_NOT_NOUN = frozenset("""on for of in to with by about from at as into than like built used good responsible known
called named abbreviated meant i you we my your our its their his her this these those should can could do does
did that which who whose it now then still currently today""".split())
# Nouns that ask a value, a role or a pick rather than a term: "What is the default?", "What is the
# largest port in Europe?".
_NOT_TERM = frozenset("""default value result output answer point idea goal purpose role job problem solution reason
benefit advantage alternative equivalent recommendation following best worst largest smallest biggest latest oldest
newest first last main most least highest lowest fastest""".split())
# A sentence, a line, or a cited unit of the answer shown.
_PIECE = re.compile(r"\s*\[\d+\]\s*|\n+|(?<=[.!?])\s+(?=[A-Z`\"'])|\s[–-]\s")
# What may stand before a sentence's subject: list and quote marks, markup, an article.
_LEAD = re.compile(r"^[\s\-–*>#`\"'“”(]*(?:(?:a|an|the)\s+)?[`\"'“”*]*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
# A line of code setting a name ("timeout = 5.0", "config['x'] = 1"); a sentence may hold "=" ("(a = b/c)").
_ASSIGNMENT = re.compile(r"\s*[\w.\-\[\]'\"]+\s*=")
# After the term: a copula or its like, an apposition, a parenthesis, a label's colon. Not a clause
# a comma opens ("..., and", "..., which").
_GLOSS_AFTER = re.compile(r"[`\"'”’*)\]]*(?:\s+(?:is|are|means|refers\s+to|stands\s+for)\b|\s*\(|\s*:"
                          r"|\s*,\s+(?!(?:and|but|which|that|so|if|when|while|where|as|because|since|then|it|they"
                          r"|we|you|i)\b)[a-z])", re.IGNORECASE)
# Before the term: another name of what stands before it ("ACE (angiotensin-1-converting enzyme", "NUT or NASUWT").
_ALIAS_BEFORE = re.compile(r"(?:\(|,\s+or\s+|\bor\s+|\bknown\s+as\s+|\bcalled\s+)[`\"'“*]*$", re.IGNORECASE)
# How far before the term an alias marker is looked for: read in a window, each word's text once.
_ALIAS_REACH = 40
# A word and its derivative share a stem this long ("septicemia", "septicemic").
_SHARED_STEM = 6
# A code line (an assignment, a TOML table, a shell or REPL prompt) defines nothing.
_CODE_OPENINGS = ("[", "{", "$", ">>>")


def asked_term(question: str) -> str:
    """X of a bare "What is X?" question, as question_type reads its subject; "" for any other question."""
    qtype = question_type(question)
    if qtype.kind != "definition" or qtype.does or qtype.name or not qtype.subject:
        return ""
    bare = _BARE.match(" ".join(question.split()))
    if bare is None:
        return ""
    words = bare.group("x").split()
    if len(words) > _MOST_WORDS or any(w.lower() in _NOT_NOUN | _NOT_TERM or w.lower().endswith(("'s", "’s"))
                                       for w in words):
        return ""
    # "What are cartel leaders prioritizing?": a verb in -ing after its subject asks what they do.
    if any(w.lower().endswith("ing") for w in words[1:]):
        return ""
    return qtype.subject if terms(bare.group("x")) == terms(qtype.subject) else ""


def _same(word: str, stems: frozenset[str]) -> bool:
    found = terms(word)
    return bool(found & stems) or any(len(a) >= _SHARED_STEM and len(b) >= _SHARED_STEM
                                      and a[:_SHARED_STEM] == b[:_SHARED_STEM] for a in found for b in stems)


def defines(piece: str, term: str) -> bool:
    """Whether `piece` (a sentence or a line) is about `term` in a form that says what it is."""
    words = [w for w in _WORD.findall(term) if terms(w)]
    if not words:
        return True
    if _ASSIGNMENT.match(piece) or piece.lstrip().startswith(_CODE_OPENINGS):
        return False
    head, first = terms(words[-1]), terms(words[0])
    opening = [w for w in _WORD.findall(_LEAD.sub("", piece.strip())) if terms(w)][: len(words)]
    if opening and terms(opening[0]) & terms(term) and head & terms(" ".join(opening)):
        return True
    return any((_same(m.group(), head) or _same(m.group(), first))
               and (_GLOSS_AFTER.match(piece, m.end())
                    or _ALIAS_BEFORE.search(piece, max(0, m.start() - _ALIAS_REACH), m.start()))
               for m in _WORD.finditer(piece))


def lacks_definition(question: str, shown: Sequence[str]) -> bool:
    """`question` asks only what a term is and no sentence or line of the units `shown` says it."""
    term = asked_term(question)
    if not term:
        return False
    return not any(defines(piece, term) for text in shown for piece in _PIECE.split(text) if piece and piece.strip())
