"""The purpose a how-to's lead-in states before its step: "To avoid running on Jupyter Notebooks,
remove `jupyter` from ...:", "For example, to configure the formatter to use single quotes, ... add
the following to ...:".

A lead-in names what its code is for in that clause; a statement beside it ("Ruff can be used as a
pre-commit hook via ...:") or a case shown as code resembles a question as much by naming the same
things, but says nothing about the purpose the question asks to reach.
"""

from __future__ import annotations

import re

from rag.abstention import asking_terms, function_words
from rag.sentences import split_sentences
from rag.terms import terms

# The purpose, up to the comma before the step's imperative verb.
_PURPOSE = re.compile(r"^\W*(?:(?:for example|for instance|e\.g\.|alternatively|similarly),\s*)?to\s+"
                      r"(?P<purpose>[\w`-][^.:;\n]{0,160}?),\s*(?:you (?:can |could |should |need to |have to |must )?|"
                      r"just |simply )?(?:use|call|add|set|pass|put|declare|create|import|install|run|write|define|"
                      r"include|return|make|open|start|type|configure|enable|disable|remove|replace|specify|change|"
                      r"place|append|prefix|wrap|invoke|edit|update|delete|mark|omit|exclude)\b", re.IGNORECASE)

_CODE_SPAN = re.compile(r"`[^`\n]*`")

# Terms a purpose clause and a question share however unrelated they are ("to use ..." and "How do I
# use ...?").
_COMMON = terms("use using make want need do get")

# Two shared terms: a verb and its object ("running" and "notebooks"), not one word any lead-in on the
# page holds ("Ruff").
MIN_SHARED = 2
# The question's words the unit may leave out: its own verb for the doing ("keep", "prefer").
MAX_MISSED = 1
# A question asking to keep something from happening, and a purpose that does ("To avoid running ...").
_KEEPING_FROM = terms("isn't aren't don't doesn't won't can't cannot not without never keep stop prevent avoid "
                      "skip exclude disable ignore remove")


def purpose_terms(lead_in: str) -> frozenset[str]:
    """The terms of the purpose clause opening the last sentence of `lead_in` (the one its code or
    list follows: "Ruff supports a `noqa` system ... To ignore an individual violation, add ...:"),
    or none when it opens with none."""
    sentences = split_sentences(lead_in)
    found = _PURPOSE.match(sentences[-1].text) if sentences else None
    # A name in code ("To use `ruff-action`, create ...") is the tool any question about it names: the
    # purpose is what the clause says in words.
    return terms(_CODE_SPAN.sub(" ", found.group("purpose"))) - _COMMON if found else frozenset()


def states_purpose_asked(lead_in: str, question_terms: frozenset[str], unit_terms: frozenset[str]) -> bool:
    """Whether `lead_in`'s last sentence opens with a purpose clause naming at least two of the
    question's terms, one the unit (`unit_terms`, its code too) goes on to name all of the question but
    a word of, and that keeps from doing something when the question asks so."""
    purpose = purpose_terms(lead_in)
    if len(purpose & question_terms) < MIN_SHARED:
        return False
    # "To change or otherwise add a new configuration setting, ..." shares "change" and "setting" with
    # "How do I change a Poetry setting with environment variables in CI?": the means asked is elsewhere.
    if len(question_terms - _COMMON - asking_terms() - function_words() - unit_terms) > MAX_MISSED:
        return False
    # "To install all dependency groups including the optional groups, ..." is the opposite of "How do I
    # make a dependency group optional so it isn't installed by default?".
    return not (question_terms & _KEEPING_FROM) or bool(purpose & _KEEPING_FROM)
