"""The answer units of retrieved passages, each with an embedding, ready to be scored.

Vectors come from the sentence vectors stored at ingest (a unit's vector is made from the vectors
of the sentences it covers), so answering embeds almost nothing beyond the question; only a
unit taken from past the passage's end (a lead-in's list) is embedded here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.catalog import Catalog
from rag.chunk_context import HEADING_SEPARATOR
from rag.embeddings import AnyEmbedder
from rag.passage import Passage
from rag.ref_titles import RefTargets, ref_titles
from rag.reference_links import defined_labels, has_shortcut
from rag.retriever import Hit
from rag.sentences import split_sentences
from rag.shown_passage import reads_as_markdown
from rag.sphinx_roles import untitled_refs
from rag.tab_labels import TabLines
from rag.types import Chunk
from rag.units import (Unit, answer_units, ends_open, is_references_heading, open_fence, open_glossary, open_rst,
                       open_table_header)

# How much document text past a passage a lead-in or announcement ending the passage may take.
_FOLLOWING_CHARS = 1500
# SQLite's substr reads to the end of the text past its end.
_WHOLE_DOCUMENT = 2**31 - 1
# A unit this many times shorter than the one stored sentence it lies in is a part of it, scored alone.
_PART_OF_SENTENCE = 2


@dataclass(frozen=True, slots=True)
class Evidence:
    hit_rank: int
    hit: Hit
    unit: Unit
    # The sentences the unit covers and their unit vectors (one row each): a unit resembles a
    # question as much as its closest sentence does; being longer does not make it closer.
    part_texts: tuple[str, ...]
    parts: np.ndarray
    # The fence of a code block the unit's passage starts inside ("" if none): read here once, and
    # given to the answer's Source so that it does not read the document again.
    opened: str = ""
    # The labels of the content tabs the unit is in, outermost first (rag/tab_labels.enclosing_tabs).
    tabs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Pending:
    """A unit reaching past its passage: its sentences are embedded together after the loop."""

    slot: int
    rank: int
    hit: Hit
    unit: Unit
    texts: list[str]
    opened: str
    tabs: tuple[str, ...]


def _part_rows(unit: Unit, spans: list[tuple[int, int]]) -> list[int]:
    """The stored sentences a unit is made of; none when it is a short part of one (a list item of a
    sentence running through its list, "- `attrs.define` to define a new class," ... "- and ..."): that
    sentence's vector and words would score each of its items alike."""
    rows = [i for i, (s, e) in enumerate(spans) if s < unit.end and unit.start < e]
    if len(rows) == 1 and (unit.end - unit.start) * _PART_OF_SENTENCE < spans[rows[0]][1] - spans[rows[0]][0]:
        return []
    return rows


def section_of(unit: Unit, chunk: Chunk) -> str:
    """The heading of the section `unit` is in: the nearest above it in its passage, else the
    innermost of the passage's heading path."""
    return unit.heading or chunk.heading.rpartition(HEADING_SEPARATOR)[2]


def _row_text(unit: Unit, chunk: Chunk) -> str:
    """A table row as it is read: under its section's heading ("Tilde requirements"), each cell
    with its column's name."""
    heading = section_of(unit, chunk)
    return f"{heading}: {unit.display}" if heading else unit.display


def gather(passages: list[Passage], catalog: Catalog, embedder: AnyEmbedder, targets: RefTargets, first_rank: int = 0,
           readable: frozenset[str] | None = None) -> list[Evidence]:
    """Units of `passages` in rank order, each once even where chunks overlap; what they show of other
    documents (a `{ref}` target's title, found in `targets`, the catalog's) only from the `readable` ones (None: any)."""
    seen: set[tuple[str, int, int]] = set()
    links: dict[str, frozenset[str]] = {}  # doc_id -> the reference-link labels it defines
    titles: dict[str, str] = {}  # a `{ref}` label -> the title of the section it names ("" when not found)
    pending: list[_Pending] = []
    out: list[Evidence | None] = []
    for rank, passage in enumerate(passages, first_rank):
        hit, chunk = passage.hit, passage.chunk
        following = ""
        if ends_open(chunk.text):
            following = catalog.document_slice(chunk.doc_id, chunk.end, _FOLLOWING_CHARS)
        # A chunk boundary may cut a code block: what the passage starts inside, its document says.
        before = catalog.document_slice(chunk.doc_id, 0, chunk.start) if chunk.start else ""
        opened = open_fence(before) if before else ""
        # An eval-rst block's lines are reST, read as such (rag/eval_rst.py), not code to skip.
        rst = open_rst(before) if opened else None
        opened = "" if rst is not None else opened
        if has_shortcut(chunk.text) and chunk.doc_id not in links:
            # Definitions stand anywhere in the file, mostly at its end.
            links[chunk.doc_id] = defined_labels(catalog.document_slice(chunk.doc_id, 0, _WHOLE_DOCUMENT))
        labels = untitled_refs(chunk.text + following)
        refs = ref_titles(targets, labels, titles, readable) if labels else None
        units = answer_units(chunk.text, chunk.start, following, opened, links.get(chunk.doc_id, frozenset()),
                             open_glossary(before), open_table_header(before), reads_as_markdown(chunk.path), rst,
                             refs)
        # A tab's line may lie chunks before the unit it holds: read from the document's start.
        read = before + chunk.text if any("===" in t or "tab::" in t or "{tab}" in t for t in (before, chunk.text)) \
            else ""
        tab_lines = TabLines(read) if read else None
        sentences, vectors = passage.sentences, passage.vectors
        spans = [(s.start, s.end) for s in sentences]
        for unit in units:
            key = (chunk.doc_id, unit.start, unit.end)
            # An entry of a list of works cited resembles every question on its paper's topic and
            # answers none: the passage stays citable, its entries are no answer.
            if key in seen or is_references_heading(section_of(unit, chunk)):
                continue
            seen.add(key)
            # A table row is read with its header ("Requirement: ~1.2; Versions allowed: >=1.2.0
            # <1.3.0"): its cells alone ("~1.2 | >=1.2.0 <1.3.0") resemble no question.
            rows = _part_rows(unit, spans) if unit.end <= chunk.end and unit.kind != "table_row" else []
            tabs = tab_lines.of_span(len(before) + unit.start - chunk.start,
                                     min(len(read), len(before) + unit.end - chunk.start)) if tab_lines else ()
            if rows:
                out.append(Evidence(rank, hit, unit, tuple(sentences[i].text for i in rows), vectors[rows], opened,
                                    tabs))
            else:
                texts = [_row_text(unit, chunk)] if unit.kind == "table_row" \
                    else [s.text for s in split_sentences(unit.read)]
                pending.append(_Pending(len(out), rank, hit, unit, texts, opened, tabs))
                out.append(None)
    if pending:
        fresh = embedder.encode([t for p in pending for t in p.texts])
        at = 0
        for p in pending:
            out[p.slot] = Evidence(p.rank, p.hit, p.unit, tuple(p.texts), fresh[at : at + len(p.texts)], p.opened,
                                   p.tabs)
            at += len(p.texts)
    return [e for e in out if e is not None]
