"""Typed request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rag.scope import CollectionInfo
from rag.types import AnswerSentence, CiteMatch, Message
from ui.feedback_store import ANSWER_ID_PATTERN, MAX_COMMENT_CHARS, Rating
from ui.labels import iso_time


COLLECTION_DOC = ("The collection(s) to read: a name or a list of names. Omitted, or \"all\": every collection the "
                  "caller may read. A collection the caller's token or page may not read is a 403 naming it.")
WHERE_DOC = ("Filters every passage must pass, e.g. ['type=pdf', 'path=handbook/**', 'date>=2024-01-01'] "
             "(docs/deploy.md).")


class Scoped(BaseModel):
    """What a request may read: `collection` and `where`, checked against the caller's access."""

    collection: str | list[str] | None = Field(None, description=COLLECTION_DOC)
    where: list[str] = Field(default_factory=list, max_length=32, description=WHERE_DOC)

    def collections(self) -> list[str] | None:
        if self.collection is None:
            return None
        return [self.collection] if isinstance(self.collection, str) else list(self.collection)


class AskRequest(Scoped):
    question: str = Field(description="The question.")
    history: list[Message] = Field(default_factory=list, description="Earlier turns, oldest first.")
    k: int | None = Field(None, ge=1, le=50, description="Passages to consider (default: settings.k).")
    llm: str | None = Field(None, max_length=500, description="Answer generator for this call (default: settings.llm).")


class ShownPiece(BaseModel):
    """A piece of the shown passage as the page sets it (rag/shown_markup.py): text to show as text, never HTML."""

    text: str
    marked: bool = Field(description="Of the cited words: a face marks the run of marked pieces as one.")
    heading: bool = False
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = Field("", description="An http(s) link's target; no other document target is linked.")


class ShownQuote(BaseModel):
    """The passage as its page reads (a Markdown page's framing lines, fences and include lines left out)."""

    text: str
    start: int = Field(description="Start of the cited words in `text`.")
    end: int = Field(description="End (exclusive) of the cited words in `text`.")
    pieces: list[ShownPiece] = Field(default_factory=list, description="`text` with its Markdown read: headings, "
                                     "code, bold and links as the page sets them, the markup characters left out.")


class ApiSentence(AnswerSentence):
    """A sentence of the answer, and how its page sets it (rag/shown_answer.py); `text` stays the answer's words."""

    pieces: list[ShownPiece] = Field(default_factory=list, description="`text` up to its code (`code_at`) with "
                                     "its Markdown read as its source's page sets it: code spans, bold and links, "
                                     "the markup characters left out; text to show as text, never HTML. The code "
                                     "from `code_at` on is shown as written, as a code block.")
    code: str = Field("", description="The code the sentence quotes (`text` from `code_at`, its framing line breaks "
                      "left out), shown as written, as a code block after `pieces`; empty for none.")
    code_note: str = Field("", description="After code shown cut (`code_cut` lines left out), what to show after the "
                           "code block, as text outside it, right before the ` [n]` markers (\"… 3 more lines in\"); "
                           "empty when the code is shown whole.")


class ApiSource(BaseModel):
    """A source as `citeline ask --json` gives it, plus its passage and a link to view it in place."""

    n: int
    doc_id: str
    path: str
    title: str
    start: int
    end: int
    text: str
    page: int | None = None
    heading: str = Field("", description="The headings above the cited span in its document (its section), "
                         "outermost first, e.g. 'Tutorial › Request Files › UploadFile'; empty for flat text.")
    collections: list[str] = Field(default_factory=list, description="The collections the cited document belongs "
                                   "to, of those the question read; empty when the index holds only the default one.")
    passage: str = Field("", description="The passage the sentence was cited from.")
    passage_start: int = Field(0, description="Start of the passage in the document's extracted text.")
    shown: ShownQuote | None = Field(None, description="The passage for display, the cited words located in it "
                                       "by offsets; `passage` and `text` stay the exact source.")
    url: str = Field(description="Page showing the whole document with the cited sentence highlighted.")
    page_image_url: str | None = Field(None, description="For a PDF: PNG of the page the sentence is on, "
                                       "the sentence highlighted (same token rules as `url`).")


class AskResponse(BaseModel):
    """`citeline ask --json` plus per-sentence support verdicts (`sentences[].supported`)."""

    answer: str
    sources: list[ApiSource]
    abstained: bool
    sentences: list[ApiSentence]
    joints: list[str] | None = Field(None, description="What stands between the sentences in `answer` (a space, or "
                                     "a line break after a list or code), one fewer than `sentences`, when they make "
                                     "it up, each followed by its ` [n]` markers: show the answer as its sentences "
                                     "then; null when they do not (a generated answer's text): show `answer`.")
    shown_joints: list[str] | None = Field(None, description="`joints` as shown between the sentences: a line break "
                                           "after a sentence with `code`, so that its ` [n]` markers stand on the "
                                           "line after its code block and the next sentence on a line of its own; "
                                           "null with `joints`.")
    id: str | None = Field(None, description="Names this answer in POST /api/feedback; null when the server "
                           "cannot keep answers (a read-only index folder).")


class FeedbackRequest(BaseModel):
    answer_id: str = Field(pattern=ANSWER_ID_PATTERN, description="The `id` of an /api/ask response.")
    rating: Rating = Field(description="up: a good answer; down: a wrong or unhelpful one.")
    comment: str = Field("", max_length=MAX_COMMENT_CHARS, description="Optional: what was right or wrong.")


class FeedbackResponse(BaseModel):
    answer_id: str
    rating: Rating
    comment: str
    rated_at: float


class CiteRequest(Scoped):
    text: str = Field(description="A quote or a claim to find in the corpus.")
    limit: int = Field(5, ge=1, le=50, description="Most matches returned.")


LAST_INGEST_DOC = "Unix time of the last ingest; null when none has."
LAST_INGEST_ISO_DOC = ("The same instant as `last_ingest`, ISO 8601 with the server's UTC offset "
                       "(e.g. 2026-12-03T07:41:09+00:00); null when none has.")


class CollectionOut(BaseModel):
    """One collection as `citeline collections --json` and /api/collections give it."""

    name: str
    documents: int
    chunks: int
    last_ingest: float | None = Field(description=LAST_INGEST_DOC)
    last_ingest_iso: str | None = Field(description=LAST_INGEST_ISO_DOC)

    @classmethod
    def of(cls, info: CollectionInfo) -> CollectionOut:
        return cls(name=info.name, documents=info.documents, chunks=info.chunks, last_ingest=info.last_ingest,
                   last_ingest_iso=iso_time(info.last_ingest))


class CollectionList(BaseModel):
    collections: list[CollectionOut] = Field(description="The collections the caller may read, by name.")


class CiteResponse(BaseModel):
    matches: list[CiteMatch]


class DocumentInfo(BaseModel):
    doc_id: str
    path: str
    title: str
    kind: str
    chunks: int
    ingested_at: float
    url: str


class DocumentDetail(DocumentInfo):
    text: str = Field(description="The document's extracted text; spans index into it.")
    chars: int


class DocumentRemoved(BaseModel):
    doc_id: str
    path: str = Field(description="The removed document's path; files still in an ingested folder come back "
                      "on that folder's next ingest.")
    removed: list[str] = Field(description="Every document taken out: this one, and an e-mail's attachments.")


class DocumentList(BaseModel):
    documents: list[DocumentInfo] = Field(description="One page of documents, ordered by path.")
    total_documents: int = Field(description="Documents in the index (all pages).")
    total_chunks: int = Field(description="Passages in the index (all pages).")
    offset: int
    limit: int


class FileFailureOut(BaseModel):
    path: str = Field(description="The file's name as it was sent.")
    error: str = Field(description="Why it could not be indexed, e.g. `empty file`.")


class IngestResponse(BaseModel):
    """The `citeline ingest --json` summary for the uploaded files: 200 when every file was indexed, 207 when
    some were and `failed` names the others."""

    added: int
    updated: int
    unchanged: int
    joined: int = Field(description="Files another collection held already: put in this one without being read again.")
    removed: int
    failed: list[FileFailureOut] = Field(description="The files that could not be indexed (none of them is "
                                         "stored), each with the reason.")
    skipped: int
    chunks: int
    seconds: float
    files: list[str] = Field(description="The names the uploads were stored under (not those in `failed`).")


class Health(BaseModel):
    status: Literal["ok"]
    index: str | None = Field(description="The index folder on the server; null for a caller without a token "
                              "when the server checks tokens.")
    documents: int
    chunks: int
    embedding_model: str
    last_ingest: float | None = Field(description=LAST_INGEST_DOC)
    last_ingest_iso: str | None = Field(description=LAST_INGEST_ISO_DOC)
