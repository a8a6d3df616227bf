"""Words a person reads for things that are spelled for machines (settings, collections, times)."""

from __future__ import annotations

from collections.abc import Sequence


def answered_by(llm: str) -> str:
    """How answers are written with generator `llm`, e.g. 'quoted from the documents (no LLM)'."""
    if llm == "none":
        return "quoted from the documents (no LLM)"
    return f"written by {llm}, each sentence checked against the documents"


def in_collections(names: Sequence[str]) -> str:
    """Where a cited document is held, e.g. 'collection handbook' or 'collections handbook, product';
    '' for none (an index with the default collection alone names none). Plain text: a face escapes it."""
    if not names:
        return ""
    return ("collection " if len(names) == 1 else "collections ") + ", ".join(names)
