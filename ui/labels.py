"""Words a person reads for things that are spelled for machines (settings, collections, times)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rag.engine import HEADING_SEPARATOR
from rag.types import CiteMatch, Source


def answered_by(llm: str) -> str:
    """How answers are written with generator `llm`, e.g. 'quoted from the documents (no LLM)'."""
    if llm == "none":
        return "quoted from the documents (no LLM)"
    return f"written by {llm}, each sentence checked against the documents"


def iso_time(seconds: float | None) -> str | None:
    """Unix seconds as local ISO 8601 with its UTC offset (the CLI's text and `--json`, /healthz and
    /api/collections show the same string); None for never."""
    return datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="seconds") if seconds else None


def source_where(source: Source | CiteMatch, dash: str = "–") -> str:
    """Where a cited sentence (or a looked-up span) is, e.g. 'guide.pdf, chars 10–58, page 3, collection handbook'. Plain
    text: a face escapes it."""
    held = in_collections(source.collections)
    return (f"{source.path}, chars {source.start}{dash}{source.end}" + (f", page {source.page}" if source.page else "")
            + (f", {held}" if held else ""))


def heading_below_title(title: str, heading: str) -> str:
    """The heading path above a cited passage without the document's title it usually starts with
    (a page's H1 is its title), e.g. 'Typer progressbar' for 'Progress Bar › Typer progressbar' in
    'Progress Bar'; '' when nothing is left. Plain text: a face escapes it."""
    parts = [p for p in heading.split(HEADING_SEPARATOR) if p.strip()]
    if parts and parts[0].strip() == title.strip():
        parts = parts[1:]
    return HEADING_SEPARATOR.join(parts)


def in_collections(names: Sequence[str]) -> str:
    """Where a cited document is held, e.g. 'collection handbook' or 'collections handbook, product';
    '' for none (an index with the default collection alone names none). Plain text: a face escapes it."""
    if not names:
        return ""
    return ("collection " if len(names) == 1 else "collections ") + ", ".join(names)
