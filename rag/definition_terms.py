"""A word of its own for each thing a passage defines, so "What is X?" finds where X is defined.

"What is Starlette?" of Starlette's docs: the name is on every page, so BM25 gives it no weight
(rag/bm25.py drops a query of such terms), and the question's embedding is closer to pages that
merely talk about Starlette ("a rapidly growing community") than to "Starlette is a lightweight
ASGI framework/toolkit": the definition was in neither search's top 30 (docs/quality.md, def19).
A sentence opening "X is a/an/the ..." adds the word `isdef<x>` to its passage's indexed text, and a
question asking only "What is X?" adds the same word to its search: as rare as X's definitions, it
ranks them first in BM25 at the cost of one more term per search and none per passage read.
"""

from __future__ import annotations

import re

PREFIX = "isdef"

# What a sentence opening with "X is a ..." names but does not define: pronouns, determiners and
# words that start a clause ("There is a way", "This is the default", "Here is an example").
_NOT_NAMES = frozenset(
    "it this that there here which what who whom whose where when he she they we you i one each every "
    "all both either neither such".split()
)

# X: up to three words of a name or an identifier (`ruff-action`, `pyproject.toml`), bare, in
# backticks or in bold, opening a line (after a list marker) or a sentence; then "is/are a/an/the/one".
_NAME = r"[A-Za-z][\w.\-]*(?:[ \t][A-Za-z][\w.\-]*){0,2}"
_DEFINES = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))[ \t]*(?:[-*+][ \t]+|\d+\.[ \t]+)?(?:the[ \t]+|The[ \t]+|an?[ \t]+|An?[ \t]+)?"
    r"(?:\*\*|__|`)?(" + _NAME + r")(?:\*\*|__|`)?[ \t]+(?:is|are)[ \t]+(?:a|an|the|one)\b",
    re.MULTILINE,
)

# A paper's own definition of what it brings: "We present VESPA, software capable of ...", "we
# introduce X (...), a ...": the thing named, then a comma or its expansion in parentheses.
_PRESENTS = re.compile(
    r"\b[Ww]e[ \t]+(?:present|introduce|describe|propose)[ \t]+(?:here[ \t]+)?(?:the[ \t]+|an?[ \t]+)?"
    r"(?:\*\*|__|`)?(" + _NAME + r")(?:\*\*|__|`)?[ \t]*[,(]"
)

# What every definition holds: most passages lack it, and looking for it first is far cheaper than
# `_DEFINES`, which tries its sentence openings at every character (docs/quality.md, def19).
_VERB = re.compile(r"[ \t](?:is|are)[ \t]+(?:a|an|the|one)\b")

# "What is X?", "What are Xs?", "What's X": the question asks nothing but what X is.
_ASKS = re.compile(r"^\s*what(?:'s|’s|\s+is|\s+are)\s+(?:(?:a|an|the)\s+)?[`\"'“]?(" + _NAME + r")[`\"'”]?\s*\??\s*$",
                   re.IGNORECASE)


def _term(name: str) -> str | None:
    words = name.split()
    if words[0].lower() in _NOT_NAMES:
        return None
    folded = re.sub(r"[\W_]", "", name).lower()
    return PREFIX + folded if folded else None


def definition_terms(text: str) -> list[str]:
    """One term per thing `text` defines ("Starlette is a ..." -> "isdefstarlette", "We present VESPA,
    ..." -> "isdefvespa"), in order, once each."""
    names = [m.group(1) for m in _DEFINES.finditer(text)] if _VERB.search(text) else []
    names += [m.group(1) for m in _PRESENTS.finditer(text)]
    return list(dict.fromkeys(t for t in map(_term, names) if t))


def presented_name(text: str) -> str | None:
    """What `text` presents as a paper's own ("We present VESPA, software ..." -> "VESPA"), or None."""
    m = _PRESENTS.search(text)
    return m.group(1) if m else None


def with_definition_terms(text: str) -> str:
    """`text` with its `definition_terms` appended on a line of their own (what BM25 indexes)."""
    terms = definition_terms(text)
    return text + "\n" + " ".join(terms) if terms else text


def asked_definition_term(question: str) -> str | None:
    """The term of what a "What is X?" question asks to define, or None for any other question."""
    m = _ASKS.match(question)
    return _term(m.group(1)) if m else None
