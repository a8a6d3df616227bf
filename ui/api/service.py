"""What the web app does, without HTTP: the routes, the Gradio UI and the tests all call this."""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

from ingest import page_words
from ingest.formats.mail import ATTACHMENT_MARK
from rag.engine import AnswerReading, Engine, Piece, ShownSource, read_answer
from rag.errors import (
    BadRequest,
    Conflict,
    IndexBusy,
    LLMUnavailable,
    NotFound,
    TooLarge,
    Unavailable,
    Unsupported,
)
from rag.errors import RequestError as ServiceError  # noqa: F401  (the faces' name for a refused request)
from rag.scope import DEFAULT_COLLECTION, CollectionInfo, Scope
from rag.types import Answer, CiteMatch, FinalEvent, Message, StreamEvent
from ui.access import Access, Caller, ServerItself
from ui.api.models import (
    ApiSentence,
    ApiSource,
    AskRequest,
    AskResponse,
    DocumentDetail,
    DocumentRemoved,
    DocumentInfo,
    DocumentList,
    FileFailureOut,
    IngestResponse,
    ShownPiece,
)
from ui.api.models import ShownQuote as ShownQuoteOut  # rag's ShownQuote is what it is made from
from ui.page_image import DEFAULT_SCALE, MAX_SCALE, MIN_SCALE, PageImage, PageImageCache, file_digest, page_source
from ui.page_image import render as render_page
from ui.feedback_store import CitedSpan, CommentTooLong, FeedbackStore, RatedAnswer, Rating, ShownAnswer, UnknownAnswer
from ui.settings import ServerSettings

# Doc ids are content-derived hex digests (ingest.pipeline.doc_id_for): anything else is refused
# before it reaches the catalog, and no id is ever turned into a filesystem path.
_DOC_ID = re.compile(r"^[0-9a-f]{8,64}$")
_UNSAFE_SUFFIX = re.compile(r"[^A-Za-z0-9._-]+")
_EARLIER_UNSAFE = _UNSAFE_SUFFIX
_MAX_NAME = 120
# ext4 and most file systems take 255 bytes per name; a stem of letters outside ASCII takes 2-4 each.
_MAX_NAME_BYTES = 200
# The escapes a browser writes in a multipart file name (WHATWG's form encoding): those three alone,
# as a `%` of the name itself is sent as it is.
_FORM_ESCAPED = {"%22": '"', "%0A": "\n", "%0D": "\r"}
_FORM_ESCAPE = re.compile("|".join(_FORM_ESCAPED), re.IGNORECASE)
_IN_TAG = re.compile(r"<[^<>]*>")


def _check_unicode(field: str, text: str) -> None:
    # JSON's \ud800 escapes decode to lone surrogates, which no encoder or tokenizer accepts.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadRequest(field, f"has an unpaired surrogate (U+{ord(text[exc.start]):04X}) at character {exc.start}: "
                         "not valid Unicode") from None


def view_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    """The page showing a document, with a span highlighted and scrolled to."""
    if start is None or end is None:
        return f"/view/{doc_id}"
    return f"/view/{doc_id}?{urlencode({'start': start, 'end': end})}#hl"


def has_page_images(path: str) -> bool:
    """Whether a document's pages can be drawn: a PDF with a file of its own (an e-mail attachment has
    none on disk, so it is shown as text)."""
    return path.lower().endswith(".pdf") and ATTACHMENT_MARK not in path


def page_image_url(doc_id: str, start: int, end: int) -> str:
    """The image of the PDF page on which the span [start, end) of the document's text starts, the span highlighted."""
    return f"/view/{doc_id}/page.png?{urlencode({'start': start, 'end': end})}"


def sent_upload_name(name: str) -> str:
    """The file's own name as the client sent it: the browser's escapes undone, any folders dropped.
    A `/` inside an HTML tag (`angle <b>bold</b>.md`) is part of the name, not a folder's end."""
    base = _FORM_ESCAPE.sub(lambda found: _FORM_ESCAPED[found.group(0).upper()], name)
    outside_tags = _IN_TAG.sub(lambda found: "x" * len(found.group(0)), base)
    last = max(outside_tags.rfind("/"), outside_tags.rfind("\\"))
    return base[last + 1:]


def _name_character(ch: str) -> bool:
    """A character a stored name keeps: a letter, digit or combining mark of any script ("é", "日本",
    "हिन्दी"), "." "_" "-". Never a separator, space, control or format character (U+202E, the
    right-to-left override, shows `txt.exe` as `exe.txt`), symbol or other punctuation (U+2215 "∕",
    U+FF0E "．" look like "/" and ".")."""
    return ch in "._-" or (ch.isascii() and ch.isalnum()) or (not ch.isascii() and unicodedata.category(ch)[0] in "LNM")


def _clean_stem(stem: str) -> str:
    cleaned = "".join(ch if _name_character(ch) else "\0" for ch in stem)
    cleaned = re.sub("\0+", "_", cleaned).strip("._-")
    # An accent with no letter before it to sit on is no start of a name.
    while cleaned and unicodedata.category(cleaned[0])[0] == "M":
        cleaned = cleaned[1:].lstrip("._-")
    cleaned = cleaned[:_MAX_NAME]
    while len(cleaned.encode("utf-8")) > _MAX_NAME_BYTES:
        cleaned = cleaned[:-1]
    return cleaned.rstrip("._-") or "upload"


def safe_upload_name(name: str) -> str:
    """A plain file name from whatever the browser sent: no folders, no dot-files, no odd characters;
    letters of any script kept ("Été.md"), in Unicode's composed form (macOS sends "é" as "e" and an
    accent: the same name).

    When cleaning changed the name, a short digest of the name sent is appended, so that two names
    that clean to the same one (`evil.TXT`, `evil.txt`; `a b.md`, `a_b.md`) are stored apart instead
    of one replacing the other, while sending the same name again still updates its document."""
    # The digest is joined by "~", a character cleaning always replaces: a name sent in the form a
    # cleaned one is stored under ("a_b~0369ab94.md", from "a?b.md") is itself cleaned (and gets its own
    # digest), so it cannot replace that upload's document, while a name that needs no cleaning
    # ("report-20241204.pdf", "app-1.2-deadbeef.md") is stored as it is (as 8aa00fa stored it).
    return _stored_name(unicodedata.normalize("NFC", sent_upload_name(name)), _clean_stem, "~")


def earlier_upload_name(name: str) -> str:
    """The name 8aa00fa and earlier stored an upload under (ASCII letters only, the digest joined by "-"):
    looked up so that a file sent again after the upgrade updates the document it was stored as."""
    return _stored_name(sent_upload_name(name),
                        lambda stem: _EARLIER_UNSAFE.sub("_", stem).strip("._-")[:_MAX_NAME] or "upload", "-")


def _stored_name(base: str, clean_stem: Callable[[str], str], join: str) -> str:
    """`base` with its stem cleaned by `clean_stem` and its suffix to ASCII letters and digits; when
    that changed it, 8 hex digits of its SHA-256 appended to the stem after `join`."""
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stored_stem, stored_suffix = clean_stem(stem), _UNSAFE_SUFFIX.sub("", suffix).lower()
    if (stored_stem, stored_suffix) != (stem, suffix):
        stored_stem += join + hashlib.sha256(base.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stored_stem}.{stored_suffix}" if stored_suffix else stored_stem


class CitelineService:
    def __init__(self, engine: Engine, server: ServerSettings, access: Access | None = None) -> None:
        self.engine = engine
        self.server = server
        self.generation = engine.settings.generation
        self.access = access if access is not None else Access.from_settings(server)
        self._ingest_lock = threading.Lock()
        self._page_images = PageImageCache()
        self.feedback = FeedbackStore(engine.index_root)

    # -- scope ------------------------------------------------------------------------------
    def scope(self, caller: Caller, collections: list[str] | None = None, where: list[str] | tuple[str, ...] = (),
              write: bool = False) -> Scope:
        """What `caller` reads when it asks for `collections` (None: all it may read) with `where`;
        Forbidden (403) naming the first collection it may not read (or, with `write`, change). "all" among
        `collections` is all it may read, as `citeline ask --collection all` is."""
        return self.access.scope(caller, collections, tuple(where), self._existing_collections(), write)

    def _existing_collections(self) -> Iterator[str]:
        """The index's collections, read only when a scope needs them, and by name alone: counting
        every collection's rows grows with the index, a cost no question may pay (docs/performance.md)."""
        yield from sorted(self.engine.collection_names())

    def collections(self, caller: Caller) -> list[CollectionInfo]:
        """The collections `caller` may read, as the index counts them (one the settings file names but
        nothing was ingested into yet shows with no documents)."""
        held = {c.name: c for c in self.engine.collections()}
        names = self.access.readable(caller, self.access.known_collections(held))
        return [held.get(name) or CollectionInfo(name, 0, 0, None) for name in names]

    def writable(self, caller: Caller) -> list[str]:
        """The collections `caller` may add documents to: of those in the index, those the settings file
        names and the default one (which an upload creates)."""
        names = self.access.known_collections([*sorted(self.engine.collection_names()), DEFAULT_COLLECTION])
        return [name for name in names if self.access.refusal(caller, name, write=True) is None]

    def holders(self, doc_id: str) -> list[str]:
        """The collections a document belongs to."""
        return list(self.engine.collections_of(doc_id))

    def _in_scope(self, doc_id: str, scope: Scope | None) -> None:
        """NotFound unless the document belongs to a collection of `scope` (None: any); NotFound naming
        a collection of `scope` the index does not have, as listing its documents would."""
        if scope is None or scope.collections is None:
            return
        if not self.engine.collections_of(doc_id, among=scope.collections):
            raise NotFound("doc_id", f"no document with id {doc_id} in the collections this caller may read")

    # -- ask --------------------------------------------------------------------------------
    def _checked_question(self, question: str, field: str = "question") -> str:
        if not question or not question.strip():
            raise BadRequest(field, "is empty")
        if len(question) > self.server.max_question_chars:
            raise TooLarge(field, f"is {len(question):,} characters, over the {self.server.max_question_chars:,} limit")
        _check_unicode(field, question)
        return question.strip()

    def _history(self, history: list[Message]) -> list[Message]:
        limit = self.server.max_history_messages
        total = sum(len(m.content) for m in history)
        if total > self.server.max_question_chars * 10:
            raise TooLarge("history", f"is {total:,} characters, over the {self.server.max_question_chars * 10:,} limit")
        kept = list(history[-limit:]) if limit else []
        for i, message in enumerate(kept):
            _check_unicode(f"history[{len(history) - len(kept) + i}].content", message.content)
        return kept

    def _checked_llm(self, llm: str | None) -> str | None:
        """Only generators the operator configured: a request must never name a model file or server."""
        if llm is None or not llm.strip():
            return None
        llm = llm.strip()
        allowed = {"none", self.generation.llm, *self.generation.llm_choices}
        if llm not in allowed:
            raise BadRequest("llm", f"must be one of the configured generators: {', '.join(sorted(allowed))}")
        return llm

    def _ready_llm(self, llm: str | None) -> str | None:
        """`_checked_llm`, and the generator it names loaded now: one that is missing is a 503 naming
        it before any answer (or stream) starts, not an error in the middle of one."""
        llm = self._checked_llm(llm)
        spec = llm if llm is not None else self.generation.llm
        if spec != "none":
            try:
                self.engine.chat_model(spec)
            except LLMUnavailable as exc:
                raise Unavailable("llm", str(exc)) from None
        return llm

    def ask(self, request: AskRequest, scope: Scope | None = None) -> AskResponse:
        question = self._checked_question(request.question)
        history = self._history(request.history)
        llm = self._ready_llm(request.llm)
        try:
            answer = self.engine.ask(question, history=history, k=request.k, llm=llm, scope=scope)
        except ValueError as exc:
            raise BadRequest("llm" if request.llm else "question", str(exc)) from None
        except OSError as exc:  # an LLM server that is down or unreachable: the fault is not the caller's
            raise Unavailable("llm", f"the answer generator is unavailable: {exc}") from None
        return self.shown(question, history, answer, llm)

    def stream(self, request: AskRequest, scope: Scope | None = None) -> Iterator[StreamEvent]:
        """Validated up front (so errors are 4xx before any byte is sent), then the engine's events."""
        question = self._checked_question(request.question)
        history = self._history(request.history)
        self.engine.check_scope(scope)
        return self.engine.stream(question, history=history, k=request.k, llm=self._ready_llm(request.llm),
                                  scope=scope)

    @staticmethod
    def to_response(answer: Answer, reading: AnswerReading | None = None) -> AskResponse:
        """`answer` for the API, as read for every face (`reading`, rag/shown_answer.py: read here when not given)."""
        reading = reading or read_answer(answer)
        public = answer.public_json()
        by_n = {s.n: s for s in answer.sources}
        sources = [
            ApiSource(
                **src, passage=by_n[src["n"]].passage, passage_start=by_n[src["n"]].passage_start,
                shown=_shown(reading.sources[src["n"]]),
                url=view_url(src["doc_id"], src["start"], src["end"]),
                page_image_url=(page_image_url(src["doc_id"], src["start"], src["end"])
                                if src.get("page") and has_page_images(src["path"]) else None),
            )
            for src in public["sources"]
        ]
        sentences = [ApiSentence(**s.model_dump(), pieces=_piece_outs(shown.prose), code=shown.code,
                                 code_note=shown.note)
                     for s, shown in zip(answer.sentences, reading.sentences, strict=True)]
        return AskResponse(answer=public["answer"], sources=sources, abstained=public["abstained"],
                           sentences=sentences, joints=None if reading.joints is None else list(reading.joints),
                           shown_joints=None if reading.shown_joints is None else list(reading.shown_joints))

    def shown(self, question: str, history: list[Message], answer: Answer, llm: str | None = None,
              reading: AnswerReading | None = None) -> AskResponse:
        """The response for an answer a face is about to show, recorded so that it can be rated by its id
        (`llm`: the request's generator, None for the configured one; `reading`: the answer as the face read it
        to show it, so that it is read once)."""
        response = self.to_response(answer, reading)
        spans = [CitedSpan(**s.model_dump(include={"n", "doc_id", "path", "start", "end", "text"})) for s in answer.sources]
        response.id = self.feedback.try_record(ShownAnswer(
            question=question, history=history, answer=answer.answer, abstained=answer.abstained, sources=spans,
            llm=llm or self.generation.llm))
        return response

    def shown_streamed(self, request: AskRequest, answer: Answer) -> AskResponse:
        """`shown` for the answer a stream of `request` (validated by `stream`) ended with."""
        return self.shown(self._checked_question(request.question), self._history(request.history), answer,
                          self._checked_llm(request.llm))

    def rate(self, answer_id: str, rating: Rating, comment: str = "") -> RatedAnswer:
        """Stores a thumbs up/down (and comment) on an answer this server gave."""
        _check_unicode("comment", comment)
        try:
            return self.feedback.rate(answer_id, rating, comment.strip())
        except UnknownAnswer:
            raise NotFound("answer_id", f"no answer with id {answer_id} is kept "
                           "(never given here, or too old)") from None
        except CommentTooLong as exc:
            raise TooLarge("comment", str(exc)) from None

    def unrate(self, answer_id: str) -> None:
        self.feedback.unrate(answer_id)

    @staticmethod
    def final_answer(events: Iterator[StreamEvent]) -> Answer:
        for event in events:
            if isinstance(event, FinalEvent):
                return event.answer
        raise RuntimeError("the engine's stream ended without a final answer")

    # -- cite -------------------------------------------------------------------------------
    def cite(self, text: str, limit: int = 5, scope: Scope | None = None) -> list[CiteMatch]:
        return self.engine.cite(self._checked_question(text, "text"), limit, scope=scope)

    # -- documents --------------------------------------------------------------------------
    def documents(self, offset: int = 0, limit: int = 100, scope: Scope | None = None) -> DocumentList:
        collections = scope.collections if scope is not None else None
        page = self.engine.documents(offset, limit, collections=collections)
        docs = [
            DocumentInfo(doc_id=d.doc_id, path=d.path, title=d.title, kind=d.kind, chunks=d.chunks,
                         ingested_at=d.ingested_at, url=view_url(d.doc_id))
            for d in page.documents
        ]
        return DocumentList(documents=docs, total_documents=page.total_documents, total_chunks=page.total_chunks,
                            offset=offset, limit=limit)

    def document(self, doc_id: str, scope: Scope | None = None) -> DocumentDetail:
        if not _DOC_ID.match(doc_id):
            raise BadRequest("doc_id", "is not a document id (ids are hex strings listed by /api/documents)")
        self._in_scope(doc_id, scope)
        found = self.engine.document(doc_id)
        record, text = found.record, found.text
        return DocumentDetail(
            doc_id=record.doc_id, path=record.path, title=record.title, kind=record.kind, chunks=record.chunks,
            ingested_at=record.ingested_at, url=view_url(record.doc_id), text=text, chars=len(text),
        )

    def remove(self, doc_id: str, *, caller: Caller | ServerItself) -> DocumentRemoved:
        """Takes one document (and an e-mail's attachments) out of the index, through the engine's writer;
        it leaves every collection, so `caller` (unless the server itself) must be able to change each."""
        if not _DOC_ID.match(doc_id):
            raise BadRequest("doc_id", "is not a document id (ids are hex strings listed by /api/documents)")
        if isinstance(caller, Caller) and not self.access.open:
            self._in_scope(doc_id, self.scope(caller))  # NotFound for one it may not even read
            self.access.check(caller, self.holders(doc_id), write=True)
        record = self.engine.document(doc_id).record  # NotFound, as for reading it

        def family() -> set[str]:
            return {d.doc_id for d in self.engine.documents(0, None, root=record.root).documents
                    if d.path == record.path or d.path.startswith(record.path + ATTACHMENT_MARK)}

        before = family()
        if not self.engine.remove(doc_id):
            raise NotFound("doc_id", f"no document has id {doc_id}")
        return DocumentRemoved(doc_id=doc_id, path=record.path, removed=sorted(before - family()))

    # -- page images ------------------------------------------------------------------------
    def page_image(self, doc_id: str, page: int, start: int | None = None, end: int | None = None,
                   scale: float = DEFAULT_SCALE, scope: Scope | None = None) -> PageImage:
        """Page `page` of an indexed PDF as PNG, [start, end) of its stored text highlighted; page 0 is
        the page on which `start` lies.

        Anything but an indexed PDF, still as it was indexed, is NotFound (or Conflict when it changed):
        the id is looked up in the catalog, never turned into a path."""
        try:
            if _DOC_ID.match(doc_id):
                self._in_scope(doc_id, scope)
            found = self.engine.document(doc_id) if _DOC_ID.match(doc_id) else None
        except NotFound:
            found = None
        record = found.record if found is not None else None
        if found is None or record.kind != "pdf":
            raise NotFound("doc_id", f"no indexed PDF has id {doc_id[:80]}")
        if not has_page_images(record.path):
            raise NotFound("doc_id", f"{record.path} is an e-mail attachment: its pages are shown as text only")
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise BadRequest("scale", f"must be between {MIN_SCALE} and {MAX_SCALE}")
        if (start is None) != (end is None) or (start is not None and not 0 <= start <= end):
            raise BadRequest("start", "give both start and end, with 0 <= start <= end")
        index = self.engine.index_root
        root = Path(record.root).resolve()
        path = (root / record.path).resolve()
        expected = page_words.source_sha256(index, doc_id)
        try:
            if not path.is_relative_to(root) or not path.is_file():
                raise FileNotFoundError
            current = file_digest(path)
        except OSError:
            raise NotFound("doc_id", f"the file {record.path} is no longer where it was indexed from") from None
        if not expected:
            raise NotFound("doc_id", f"{record.path} was indexed before page images were kept: rebuild the index "
                           "to see its pages")
        if current != expected:
            raise Conflict("doc_id", f"the file {record.path} changed since it was indexed: ingest it again")
        starts = page_words.page_starts(index, doc_id)
        pages = len(starts)
        if page == 0 and start is not None:
            page = bisect_right(starts, start)
        if not 1 <= page <= pages:
            raise NotFound("page", f"{record.path} has pages 1 to {pages}")
        key = (doc_id, current, page, start, end, scale)
        image = self._page_images.get(key)
        if image is None:
            text = found.text
            image = render_page(page_source(index, doc_id, path, text, page), start, end, scale)
            self._page_images.put(key, image)
        return image

    # -- ingest -----------------------------------------------------------------------------
    @property
    def upload_dir(self) -> Path:
        return self.engine.index_root / "uploads"

    def reconcile_uploads(self) -> list[str]:
        """Delete files left in uploads/ that no indexed document comes from (a server killed between
        storing an upload and indexing it). Skipped while another process holds the ingest lock."""
        folder = self.upload_dir
        if not folder.is_dir():
            return []
        removed = []
        try:
            with self.engine.writing():
                indexed = {d.path for d in self.engine.documents(limit=None, root=str(folder.resolve())).documents}
                for path in folder.iterdir():
                    if path.is_file() and path.name not in indexed:
                        path.unlink(missing_ok=True)
                        removed.append(path.name)
        except IndexBusy:
            return []
        return removed

    def check_upload(self, filename: str, size: int | None = None) -> str:
        """The stored name of an acceptable upload; raises with the file named otherwise."""
        from ingest.loaders import SUPPORTED_SUFFIXES

        shown = filename or "(no name)"
        suffix = Path(filename or "").suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise Unsupported(
                f"file {shown}", f"unsupported type {suffix or '(none)'}; allowed: {', '.join(SUPPORTED_SUFFIXES)}"
            )
        if size is not None and size > self.server.max_upload_bytes:
            raise TooLarge(f"file {shown}", f"is {size:,} bytes, over the {self.server.max_upload_bytes:,}-byte limit")
        name = safe_upload_name(filename)
        # A name cleaned before the upgrade was stored with a "-" digest; its digest covers the name
        # sent, so only that same name finds it again.
        earlier = earlier_upload_name(filename)
        if earlier != name and not (self.upload_dir / name).exists() and (self.upload_dir / earlier).is_file():
            return earlier
        return name

    def _check_replaceable(self, caller: Caller, names: list[str], files: list[tuple[str, bytes]]) -> None:
        """Conflict (409) for a file whose stored name holds other bytes already, of a document a
        collection `caller` may not change holds. An upload is one document whichever collections hold
        it, so new bytes under its name change it for each, as removing it would (which asks the same):
        a writer of a public collection sent a private one's stored name ("notes.md", or a name stored
        before the upgrade, "My_Report-1a2b3c4d.md", sent as it stands) and replaced its text."""
        stored = {name: (sent, data) for name, (sent, data) in zip(names, files)
                  if (self.upload_dir / name).is_file() and (self.upload_dir / name).read_bytes() != data}
        if not stored:
            return
        for doc in self.engine.documents(limit=None, root=str(self.upload_dir.resolve())).documents:
            if doc.path in stored and any(self.access.refusal(caller, held, write=True) is not None
                                          for held in self.holders(doc.doc_id)):
                raise Conflict(f"file {stored[doc.path][0]}", "a document of a collection this token may not "
                               "change is stored under this name; rename the file to add it")

    def ingest_files(self, files: list[tuple[str, bytes]], collection: str = DEFAULT_COLLECTION,
                     *, caller: Caller | ServerItself,
                     progress: Callable[[object], None] | None = None) -> IngestResponse:
        """Store uploads under <index>/uploads/ with sanitised names and ingest them like the CLI does,
        into `collection` (the caller's right to write it is checked by the face). A file that would
        change a document another collection holds needs `caller` (unless the server itself) to be able
        to change that collection too; checked under the ingest lock, so no upload of the same name
        stores its document between the check and the write. `progress` hears the ingest's progress events."""
        if not files:
            raise BadRequest("files", "no file was uploaded")
        if len(files) > self.server.max_upload_files:
            raise TooLarge("files", f"{len(files)} files in one upload, over the limit of {self.server.max_upload_files}")
        names = [self.check_upload(name, len(data)) for name, data in files]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise Conflict(f"file {files[i][0]}", f"has the same name as another file in this upload ({name})")
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        with self._ingest_lock:
            if isinstance(caller, Caller) and not self.access.open:
                self._check_replaceable(caller, names, files)
            paths = []
            for name, (_, data) in zip(names, files):
                path = self.upload_dir / name
                path.write_bytes(data)
                paths.append(path)
            try:
                # Titles made from a file's name come from the name sent, not the cleaned one stored.
                report = self.engine.ingest(paths, collection=collection,
                                            names={p: sent_upload_name(sent) for p, (sent, _) in zip(paths, files)},
                                            progress=progress)
            except IndexBusy as exc:
                raise Conflict("index", str(exc)) from None
            failed_paths = {f.path for f in report.failed}
            for path in paths:
                # A file that could not be indexed is not kept: uploads/ mirrors what is searchable.
                if str(path) in failed_paths:
                    path.unlink(missing_ok=True)
        shown = {str(p): n for p, n in zip(paths, (name for name, _ in files))}
        return IngestResponse(
            **{k: v for k, v in report.as_json().items() if k != "failed"},
            failed=[FileFailureOut(path=shown.get(f.path, Path(f.path).name), error=f.error) for f in report.failed],
            files=[name for name, path in zip(names, paths) if str(path) not in failed_paths],
        )


def _shown(source: ShownSource) -> ShownQuoteOut:
    """A shown passage for the API: its text, the cited words in it, and its pieces as the page sets them."""
    quote = source.quote
    return ShownQuoteOut(text=quote.text, start=quote.start, end=quote.end, pieces=_piece_outs(source.pieces))


def _piece_outs(pieces: tuple[Piece, ...]) -> list[ShownPiece]:
    return [ShownPiece(text=p.text, marked=p.marked, heading=p.style.heading, bold=p.style.bold,
                       italic=p.style.italic, code=p.style.code, href=p.style.href) for p in pieces]
