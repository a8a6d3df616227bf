"""A retrieved passage read once: its chunk, its sentences with their exact document spans, and a
unit vector per sentence. The answerer, the citation checker and citation lookup all read passages
through this type, so a chunk is split and its vectors fetched once per retrieval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.catalog import Catalog
from rag.chunk_context import HEADING_SEPARATOR
from rag.embeddings import AnyEmbedder
from rag.retriever import Hit
from rag.sentences import split_sentences
from rag.types import Chunk, Sentence, Source
from rag.shown_passage import hides_lines, reads_as_markdown
from rag.units import HEADING_MARKS, in_fenced_code, open_fence


@dataclass(frozen=True, slots=True)
class Passage:
    hit: Hit
    sentences: tuple[Sentence, ...]  # spans in the document's text
    vectors: np.ndarray  # one unit vector per sentence, stored at ingest where the catalog has them

    @property
    def chunk(self) -> Chunk:
        return self.hit.chunk


def read_passages(hits: list[Hit], catalog: Catalog, embedder: AnyEmbedder) -> list[Passage]:
    """The hits as passages, in order; sentence vectors are embedded only where none are stored
    (or they are stale: a different sentence count, or rows an older ingest left unfilled past the
    model's length limit: each sentence is then embedded alone, as ingest now does)."""
    stored = catalog.sentence_vectors(h.chunk.chunk_id for h in hits)
    out = []
    for hit in hits:
        chunk = hit.chunk
        sentences = tuple(split_sentences(chunk.text, offset=chunk.start))
        vectors = stored.get(chunk.chunk_id)
        if vectors is None or len(vectors) != len(sentences) or np.isnan(vectors[:, 0]).any():
            vectors = embedder.encode([s.text for s in sentences]) if sentences else np.zeros((0, embedder.dimension))
        out.append(Passage(hit, sentences, vectors))
    return out


def heading_marks_length(before: str, text: str) -> int:
    """How many characters of `text` are the marks of a Markdown heading it starts with ("## "), where
    `before` is all that precedes it in its document; 0 when it starts with none, or within a line, or
    inside a fenced code block (where "# " opens a comment, which is shown as it is). Headings and
    fences are read as the answer units read them (rag.units)."""
    m = HEADING_MARKS.match(text)
    if m is None or (before and not before.endswith("\n")) or in_fenced_code(before):
        return 0
    return m.end()


def past_heading_marks(before: str, text: str, start: int) -> tuple[str, int]:
    """`text` at `start` with the heading marks it starts with left out: a span that cites a reference
    entry or a section from its heading shows the heading's words ("ForeignKey.on_delete ..."), and
    still equals the document's text at its (later) start."""
    skip = heading_marks_length(before, text)
    return text[skip:], start + skip


def source(n: int, chunk: Chunk, text: str, start: int, end: int, score: float, catalog: Catalog,
           opened: str | None = None, tabs: tuple[str, ...] = ()) -> Source:
    """Source `n` of an answer: the span [start, end) of the document, quoted from `chunk`. `opened` is
    the fence of the code block `chunk` starts inside where the caller has read it already (rag/evidence.py);
    None reads it from the document. `tabs` are the content tabs the span is in (rag/tab_labels.enclosing_tabs):
    its locator names them after its headings ("Installation › Standalone binaries › Linux")."""
    if HEADING_MARKS.match(text):
        # Whether the marks open a heading or a comment in code is told by the whole document before
        # the span: its passage may begin inside a code block, past the fence that opened it.
        text, start = past_heading_marks(catalog.document_slice(chunk.doc_id, 0, start), text, start)
    return Source(
        n=n, doc_id=chunk.doc_id, path=chunk.path, title=chunk.title, start=start, end=end, text=text,
        page=chunk.page_at(start), chunk_id=chunk.chunk_id, passage=chunk.text, passage_start=chunk.start,
        passage_opened=_opened(chunk, catalog, opened), score=round(score, 4),
        heading=HEADING_SEPARATOR.join([h for h in [chunk.heading_at(start)] if h] + list(tabs)),
    )


def _opened(chunk: Chunk, catalog: Catalog, opened: str | None = None) -> str:
    """The fence of a code block `chunk` starts inside, told by its document before it (Markdown only:
    other text is shown as it is). A chunk with no fence in it and no line a Markdown reading leaves out
    is shown alike either way: its document is not read (a slice of it per source, on the answer's path).
    One with such a line may be code all through (an HTML block's tag lines are no framing lines)."""
    if not chunk.start or not reads_as_markdown(chunk.path):
        return ""
    if "```" not in chunk.text and "~~~" not in chunk.text and not hides_lines(chunk.text):
        return ""
    if opened is not None:
        return opened
    return open_fence(catalog.document_slice(chunk.doc_id, 0, chunk.start))
