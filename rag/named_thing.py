"""What a what-is question names: its subject's terms without the word for the subject's kind.

A reference page documents a thing under its name alone ("extra", "base_url", "slotted classes"), while a
question names its kind too ("the `extra` setting", "a slotted class").
"""

from __future__ import annotations

from functools import lru_cache

from rag.terms import terms

# Words for what kind of thing a name is ("the `extra` setting", "the src option").
_KIND_WORDS = ("setting settings option options config configuration flag field parameter variable key "
               "command attribute property argument value function class method module")


@lru_cache(maxsize=1)
def kind_terms() -> frozenset[str]:
    return terms(_KIND_WORDS)


def named_thing(subject: str) -> frozenset[str]:
    """The terms of what a what-is question asks about, without the word for its kind."""
    named = terms(subject)
    return (named - kind_terms()) or named
