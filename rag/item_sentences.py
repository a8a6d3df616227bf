"""The sentences of a quoted list item, each a unit of its own, for a follow-up asking for an example.

A list item is one unit ("• Use batch processing if possible. ... The Bank of America has an interactive
system ..."): quoted whole, it holds the point and the example together. "Give an example." after it asks
for the sentences that give the example, which only sentences of their own can cite.
"""

from __future__ import annotations

from rag.evidence import Evidence
from rag.passage import Passage
from rag.units import Unit


def item_sentences(evidence: list[Evidence], passages: list[Passage], quoted: set[tuple[str, int, int]]) -> list[Evidence]:
    """A unit for each sentence inside a list item of `evidence` that `quoted` holds (doc_id, start,
    end), but for the first: none has one of its own (units split a paragraph into sentences, an item not)."""
    spans = {(e.hit.chunk.doc_id, e.unit.start, e.unit.end) for e in evidence}
    items = [e for e in evidence if e.unit.kind == "list_item" and (e.hit.chunk.doc_id, e.unit.start, e.unit.end) in quoted]
    out: list[Evidence] = []
    for e in items:
        chunk = e.hit.chunk
        passage = next((p for p in passages if p.chunk.chunk_id == chunk.chunk_id), None)
        if passage is None:
            continue
        inside = [i for i, s in enumerate(passage.sentences) if e.unit.start < s.start and s.end <= e.unit.end]
        for i in inside:
            s = passage.sentences[i]
            if (chunk.doc_id, s.start, s.end) in spans:
                continue
            spans.add((chunk.doc_id, s.start, s.end))
            unit = Unit("sentence", chunk.text[s.start - chunk.start : s.end - chunk.start], s.start, s.end, s.text.strip(),
                        heading=e.unit.heading)
            out.append(Evidence(e.hit_rank, e.hit, unit, (s.text,), passage.vectors[i : i + 1], e.opened, e.tabs))
    return out
