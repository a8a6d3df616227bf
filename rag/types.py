"""Domain types that cross module boundaries."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field


@dataclass(frozen=True, slots=True)
class Chunk:
    """A passage of a document. `text == document_text[start:end]` for the extracted text."""

    chunk_id: str
    doc_id: str
    path: str
    title: str
    index: int
    start: int
    end: int
    text: str
    page: int | None = None
    heading: str = ""
    """The headings above the passage, outermost first, e.g. "Tutorial › Request Files › UploadFile"."""
    page_breaks: tuple[int, ...] = ()
    """Offsets in the document's text, inside (start, end), at which a later page begins."""
    heading_breaks: tuple[tuple[int, str], ...] = ()
    """(offset, heading path) where a later section begins inside (start, end), in order: a passage
    may run from the end of one section into the next."""

    def page_at(self, offset: int) -> int | None:
        """The page on which `offset` (inside this passage) lies: a cited sentence may sit pages after
        the one the passage starts on."""
        if self.page is None:
            return None
        return self.page + bisect.bisect_right(self.page_breaks, offset)

    def heading_at(self, offset: int) -> str:
        """The heading path of the section `offset` (inside this passage) lies in: a sentence cited
        from a later section of the passage is placed under that section, not the passage's first."""
        at = bisect.bisect_right([start for start, _ in self.heading_breaks], offset)
        return self.heading_breaks[at - 1][1] if at else self.heading


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the catalog knows about one indexed document."""

    doc_id: str
    path: str
    root: str
    title: str
    content_hash: str
    chunks: int
    ingested_at: float
    kind: str
    metadata: tuple[tuple[str, str], ...] = ()
    """(key, value) pairs the file gives about itself (front matter, PDF info, DOCX properties, its
    modified time), written with the document for a question's filters. Records read from the
    catalog leave it empty: `Catalog.document_metadata(doc_id)` reads them."""
    partial_pages: int | None = None
    """The pages read of a damaged file (a PDF cut short); None when the file was read whole. A cut
    copy replaces this version only if this one is cut too and reads no more pages."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence located in its document's extracted text."""

    text: str
    start: int
    end: int


class Source(BaseModel):
    """What one [n] marker points at: the cited sentence, located exactly in its document."""

    n: int = Field(description="The number used in the answer's [n] markers.")
    doc_id: str
    path: str
    title: str
    start: int = Field(description="Start of the cited sentence in the document's extracted text.")
    end: int = Field(description="End (exclusive) of the cited sentence.")
    text: str = Field(description="The cited sentence; equals document_text[start:end].")
    page: int | None = None
    chunk_id: str = Field(description="The passage the sentence was taken from.")
    passage: str = Field("", description="The whole passage, for context.")
    passage_start: int = Field(0, description="Start of the passage in the document's extracted text.")
    passage_opened: str = Field("", description="The fence (```) of a code block the passage starts inside, "
                                "its chunk having cut the block; empty when it starts outside any.")
    score: float = Field(0.0, description="How well the sentence answers the question.")
    heading: str = Field("", description="The headings above the cited sentence in its document, e.g. "
                         "'Tutorial › Request Files › UploadFile'; empty for flat text.")
    collections: list[str] = Field(default_factory=list, description="The collections the cited document "
                                   "belongs to, of those the question read, by name; empty when the index "
                                   "holds only the default collection.")


class AnswerSentence(BaseModel):
    """One sentence of the answer and the sources it cites."""

    text: str
    citations: list[int]
    supported: bool = True
    code_at: int | None = Field(None, description="Where quoted code starts in `text` (a code block, or the code "
                                "a lead-in introduces, to its end); null for prose. A client rendering Markdown "
                                "sets it as a code block.")
    code_cut: int = Field(0, ge=0, description="Lines of the quoted code left out: `text` shows it to its last whole line "
                          "that fits, and the cited passage holds the rest. A client closes the code block after "
                          "`text` and says so outside it, before the markers (the answer's text: \"… 3 more lines "
                          "in [2]\"); 0 when the code is shown whole.")


class Answer(BaseModel):
    """An answer with [n] markers, the sources they point at, and per-sentence verdicts."""

    answer: str
    sources: list[Source]
    abstained: bool
    sentences: list[AnswerSentence] = Field(default_factory=list)
    mode: Literal["extractive", "generated", "fallback"] = Field(
        "extractive",
        description="Who wrote the answer: the extractive answerer, an LLM (checked), or the extractive "
        "answerer standing in for an LLM answer that failed or had no supported sentence.",
    )
    draft: list[AnswerSentence] = Field(
        default_factory=list, description="The LLM's sentences with the checker's verdicts, also when not shown."
    )
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds: first_token_s, generated_s, ...")

    def public_json(self) -> dict:
        """The `citeline ask --json` shape."""
        return {
            "answer": self.answer,
            "sources": [
                s.model_dump(include={"n", "doc_id", "path", "title", "start", "end", "text", "page", "heading",
                                     "collections"})
                for s in self.sources
            ],
            "abstained": self.abstained,
            "sentences": [s.model_dump() for s in self.sentences],
        }


class Message(BaseModel):
    """One turn of a conversation, oldest first in a history."""

    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True, slots=True)
class TokenEvent:
    """A piece of a generated answer, streamed before the citation check has run."""

    text: str


@dataclass(frozen=True, slots=True)
class FinalEvent:
    """The checked answer; always the last event of a stream."""

    answer: Answer


StreamEvent = TokenEvent | FinalEvent


MatchKind = Literal["exact", "near", "semantic"]


class CiteMatch(BaseModel):
    """One place in the corpus that says (or nearly says) the given text."""

    kind: MatchKind = Field(description="exact, near (a few characters differ) or semantic (says something close).")
    score: float = Field(description="1.0 for exact; similarity ratio for near; relevance for semantic.")
    doc_id: str
    path: str
    title: str
    start: int = Field(description="Start of the matched span in the document's extracted text.")
    end: int = Field(description="End (exclusive) of the matched span.")
    text: str = Field(description="The matched span: document_text[start:end].")
    page: int | None = None
    before: str = Field("", description="Text just before the span, for context.")
    after: str = Field("", description="Text just after the span, for context.")
    collections: list[str] = Field(default_factory=list, description="The collections the document belongs "
                                   "to, of those the lookup read, by name; empty when the index holds only "
                                   "the default collection.")


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """One page of the indexed documents (by path), with the index's totals."""

    documents: list[DocumentRecord]
    total_documents: int
    total_chunks: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class DocumentText:
    """One indexed document and its extracted text (the text every span points into)."""

    record: DocumentRecord
    text: str
