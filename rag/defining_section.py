"""The passage opening the section a what-is question names, as one more for the answer to read.

A glossary or reference page defines a thing under its name ("Glossary › slotted classes"): the
definition opens the section, and the passages after it, on the thing's gotchas, share more of the
question's words ("What is a slotted class?"), so both searches rank them above it and the k never
holds the definition. The section's first passage among the fused candidates is handed over like the
other leaders (rag/leaders.py): it answers only when one of its units defines the thing (an entry under
its name) and beats the read winner (rag/answerer.py, `_guarded`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rag.chunk_context import HEADING_SEPARATOR
from rag.named_thing import named_thing
from rag.question_type import question_type
from rag.types import Chunk


def defining_chunk(question: str, ranked: Sequence[str], read: Callable[[Sequence[str]], Mapping[str, Chunk]]
                   ) -> str | None:
    """Of the chunks `ranked` (best first) under a heading naming what `question` asks to be defined, the
    first of the section the best ranked of them is in; None for another question or when none is. `read`:
    the chunks of some ids (only a definition question reads them)."""
    asked = question_type(question)
    if asked.kind != "definition" or not asked.subject:
        return None
    named = named_thing(asked.subject)
    chunks = read(ranked)
    section: tuple[str, str] | None = None
    first: Chunk | None = None
    for cid in ranked:
        chunk = chunks.get(cid)
        if chunk is None:
            continue
        # A passage may run from the end of one section into the next: it opens each it holds a start of.
        held = [chunk.heading, *(heading for _, heading in chunk.heading_breaks)]
        if section is None:
            naming = next((h for h in held if h and named_thing(h.rsplit(HEADING_SEPARATOR, 1)[-1]) == named), None)
            section = (chunk.doc_id, naming) if naming is not None else None
        if section is not None and section[0] == chunk.doc_id and section[1] in held \
                and (first is None or chunk.start < first.start):
            first = chunk
    return first.chunk_id if first is not None else None
