"""Words a person reads for settings that are spelled for machines."""

from __future__ import annotations


def answered_by(llm: str) -> str:
    """How answers are written with generator `llm`, e.g. 'quoted from the documents (no LLM)'."""
    if llm == "none":
        return "quoted from the documents (no LLM)"
    return f"written by {llm}, each sentence checked against the documents"
