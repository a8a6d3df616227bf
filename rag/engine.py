"""The façade every face (CLI, chat, HTTP API, embed, evaluation) talks to.

Everything needed to answer from one index, loaded once and shared: ask/stream, cite, the
documents (paged) and one document, status, and, given an `IndexWriter` (ingest provides it, the
faces wire it), ingest and remove. A face never assembles core objects nor reaches into `store`,
`retriever` or `answerer` (tests/ui/test_layers.py checks); those stay public for tests and bench/.
Errors are the ones in rag.errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TypeVar

import numpy as np

from langchain_core.language_models.chat_models import BaseChatModel

from rag.abstention import Signals  # noqa: F401  (what an abstention decided on: eval reports)
from rag.answerer import ExtractiveAnswerer
from rag.chain import build_chain
from rag.checker import CitationChecker, SupportScorer
from rag.cite import CitationFinder
from rag.in_context import retrieve_in_context
from rag.errors import NotFound, Unavailable
from rag.collection_names import EVERY_COLLECTION, every_collection, is_collection_name  # noqa: F401  (faces read a requested name)
from rag.filters import parse_filters as check_filters  # noqa: F401  (faces check --where before loading)
from rag.scope import Scope  # noqa: F401  (faces build the Scope of a request)
# The faces show a cited passage as its page reads.
from rag.shown_markup import Piece, Style, quote_pieces, text_pieces  # noqa: F401
from rag.shown_passage import ShownQuote, shown_match, shown_passage, shown_source  # noqa: F401
from rag.shown_answer import AnswerReading, ShownSentence, ShownSource, read_answer, sentence_joints  # noqa: F401
from rag.shown_answer import marked  # noqa: F401  (a sentence as the answer's text holds it: the terminal)
from rag.chunk_context import HEADING_SEPARATOR  # noqa: F401  (faces show a source's heading path joined so)
from rag.generator import GenerativeAnswerer
from rag.index_writing import CollectionRemoval, IndexWriter, IngestOutcome
from rag.llms import LLMSpec, chat_model
from rag.markers import ANSWER_MARK  # noqa: F401  (evaluation strips an answer's [n] marks)
from rag.llms import parse_spec as parse_llm_spec  # noqa: F401  (faces check --llm before loading)
from rag.retriever import HybridRetriever, Mode, Retrieval
from rag.scope import DEFAULT_COLLECTION, CollectionInfo
from rag.settings import EngineSettings
from rag.status import IndexStatus, status_of
from rag.status import read_status as index_status  # noqa: F401  (status without loading a model)
from rag.status import read_collections as index_collections  # noqa: F401  (the same for collections)
from rag.store import Store
from rag.types import Answer, CiteMatch, DocumentPage, DocumentText, FinalEvent, Message, Source, StreamEvent

# What names its document's collections: an answer's source or a cite match.
Named = TypeVar("Named", Source, CiteMatch)


class Engine:
    def __init__(self, settings: EngineSettings, writer: IndexWriter | None = None) -> None:
        self.settings = settings
        self._writer = writer
        # Each component gets only its slice of the settings.
        self.store = Store.from_settings(settings.store)
        self.embedder = self.store.embedder
        self.retriever = HybridRetriever(store=self.store, settings=settings.retrieval, k=settings.k)
        self.answerer = ExtractiveAnswerer(self.embedder, settings.answer, self.store.catalog, self.store)
        support = settings.support
        self.checker = CitationChecker(SupportScorer(self.embedder, self.store.catalog, support), support)
        self.generative = GenerativeAnswerer(self.answerer, self.checker, settings.generation)
        self.chain = build_chain(self.retriever, self.answerer, self.generative, self.chat_model, settings.llm)
        self.finder = CitationFinder(self.store.catalog, self.retriever, self.answerer, settings.cite_scan_max_chunks)

    def chat_model(self, spec: LLMSpec | str) -> BaseChatModel:
        """The LLM for `spec` (built once per process); raises LLMUnavailable with the extra to install."""
        return chat_model(spec, self.settings.generation)

    def _request(self, question: str, history: Sequence[Message] | None, k: int | None, llm: str | None,
                 scope: Scope | None) -> dict:
        return {"question": question, "k": k, "history": list(history or []), "llm": llm, "scope": scope}

    def ask(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        llm: str | None = None,
        scope: Scope | None = None,
    ) -> Answer:
        """Answer `question`; `history` holds the earlier turns, oldest first.

        `llm` overrides `settings.llm` for this call ("none" = the extractive answerer). `scope`
        limits every passage read (collections, filters); None reads the whole index.
        """
        return self._sources_naming_collections(self.chain.invoke(self._request(question, history, k, llm, scope)), scope)

    def stream(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        llm: str | None = None,
        scope: Scope | None = None,
    ) -> Iterator[StreamEvent]:
        """Token events as an answer is produced, then exactly one `FinalEvent` with the checked answer."""
        final = 0
        for event in self.chain.stream(self._request(question, history, k, llm, scope)):
            if isinstance(event, FinalEvent):
                final += 1
                event = FinalEvent(self._sources_naming_collections(event.answer, scope))
            yield event
        assert final == 1, "a stream ends with exactly one FinalEvent"

    def _sources_naming_collections(self, answer: Answer, scope: Scope | None) -> Answer:
        return answer.model_copy(update={"sources": self._naming_collections(answer.sources, scope)})

    def _naming_collections(self, found: list[Named], scope: Scope | None) -> list[Named]:
        """`found` (sources or cite matches) each naming the collections its document belongs to,
        when the index holds more than the default one. Only those `scope` reads: a caller restricted
        to a public collection never learns the name of a private one that holds the same document."""
        if not found or self.store.catalog.collection_names() <= {DEFAULT_COLLECTION}:
            return found
        read = None if scope is None else scope.collections
        held = {doc_id: self.store.catalog.collections_of(doc_id) for doc_id in {f.doc_id for f in found}}
        return [f.model_copy(update={"collections": [n for n in held[f.doc_id] if read is None or n in read]})
                for f in found]

    def status(self) -> IndexStatus:
        return status_of(self.store.catalog, str(self.store.paths.root), self.settings.store)

    # -- looking things up ------------------------------------------------------------------
    def check_scope(self, scope: Scope | None) -> None:
        """Refuse a scope before answering: BadRequest naming a filter that does not parse,
        NotFound naming a collection the index does not have (a face checks before it streams)."""
        self.retriever.allowed(scope)

    def cite(self, text: str, limit: int = 5, scope: Scope | None = None) -> list[CiteMatch]:
        """Where the documents (of `scope`) say `text`: exact matches first, then near-exact, then close passages."""
        return self._naming_collections(self.finder.find(text, limit, scope), scope)

    def warm_cite(self) -> None:
        """Fold the corpus for exact-quote lookup now (a server does it in a thread at start)."""
        self.finder.warm()

    def retrieve(
        self, query: str, k: int | None = None, *, mode: Mode | None = None, query_vector: np.ndarray | None = None,
        scope: Scope | None = None,
    ) -> Retrieval:
        """The passages retrieval ranks first for `query` within `scope` (`k` defaults to the settings')."""
        return self.retriever.retrieve(query, k or self.retriever.k, mode=mode, query_vector=query_vector, scope=scope)

    def retrieve_in_context(self, question: str, history: Sequence[Message], scope: Scope | None = None) -> Retrieval:
        """Retrieval for a follow-up in the light of the conversation, as `ask` resolves it (asked
        alone when it changes the subject)."""
        return retrieve_in_context(self.retriever.scoped(scope), question, history, self.retriever.k).retrieval

    def abstention_signals(self, question: str) -> Signals:
        """What the extractive answerer's abstention decides on for a standalone `question`: the
        same retrieval and scoring `ask` goes through (evaluation reports calibrate on these)."""
        retrieval = self.retrieve_in_context(question, [])
        return self.answerer.decide(self.answerer.scored(retrieval), retrieval)

    def encode_queries(self, queries: Sequence[str]) -> np.ndarray:
        """Query vectors, one row each, for `retrieve(query_vector=...)`."""
        return self.embedder.encode(list(queries))

    def example_questions(self, limit: int = 3, scope: Scope | None = None) -> list[str]:
        """Questions from the corpus' own headings and key sentences (of `scope`'s documents), each
        one it really answers within that scope."""
        from rag.examples import example_questions

        allowed = self.retriever.allowed(scope)
        # Checked with the extractive answerer: quick, and it tells whether the corpus holds an answer.
        return example_questions(self.store.catalog, lambda question: self.ask(question, llm="none", scope=scope),
                                 limit, within=None if allowed is None else allowed.doc_ids)

    # -- the documents ----------------------------------------------------------------------
    @property
    def index_root(self) -> Path:
        return Path(self.store.paths.root)

    def documents(self, offset: int = 0, limit: int | None = 100, root: str | None = None,
                  collections: tuple[str, ...] | None = None) -> DocumentPage:
        """A page of the indexed documents by path (`limit=None`: all); `root` keeps those ingested
        from it, `collections` those in any of these collections (the totals are theirs then).
        Raises NotFound for an unknown collection."""
        catalog = self.store.catalog
        if collections is not None:
            self._check_collections(collections)
        records = catalog.documents(root=root, limit=limit, offset=offset, collections=collections)
        total_documents, total_chunks = catalog.counts(collections)
        return DocumentPage(records, total_documents, total_chunks, offset, limit if limit is not None else len(records))

    def document(self, doc_id: str) -> DocumentText:
        """One document and its extracted text; raises NotFound."""
        catalog = self.store.catalog
        record = catalog.document(doc_id)
        text = catalog.document_text(doc_id)
        if record is None or text is None:
            raise NotFound("doc_id", f"no indexed document has id {doc_id}")
        return DocumentText(record, text)

    # -- collections -------------------------------------------------------------------------
    def collections(self) -> list[CollectionInfo]:
        """Every collection of the index by name, with its documents, chunks and last ingest."""
        return self.store.catalog.collections()

    def collection_names(self) -> frozenset[str]:
        """The index's collections by name alone: no counting, so cheap at any size (a face that
        checks a request's scope calls it per request)."""
        return frozenset(self.store.catalog.collection_names())

    def collections_of(self, doc_id: str, among: Sequence[str] | None = None) -> tuple[str, ...]:
        """The collections document `doc_id` belongs to (none for an id the index lacks), by name; with
        `among`, only those of them, NotFound naming one of `among` the index does not have. One lookup
        of the document, whatever the size of the index: a face checks per document with it."""
        if among is not None:
            self._check_collections(among)
        held = self.store.catalog.collections_of(doc_id)
        return held if among is None else tuple(name for name in held if name in among)

    def _check_collections(self, names: Sequence[str]) -> None:
        known = self.store.catalog.collection_names()
        for name in names:
            if name not in known:
                raise NotFound("collection", f"no collection is named {name!r}")

    # -- writing, through the writer the face wired in ----------------------------------------
    def _require_writer(self) -> IndexWriter:
        if self._writer is None:
            raise Unavailable("index", "this engine was opened read-only (no index writer)")
        return self._writer

    def ingest(self, paths: Sequence[Path], collection: str = DEFAULT_COLLECTION,
               names: Mapping[Path, str] | None = None,
               progress: Callable[[object], None] | None = None) -> IngestOutcome:
        """Index these files into `collection` (unchanged ones are skipped, ones another collection
        holds join this one); raises IndexBusy while another ingest runs, BadRequest for a bad name.
        `names`: a file's name as its sender wrote it (an upload stored under a cleaned one), which a
        title made from the file name comes from. `progress` hears the writer's progress events."""
        return self._require_writer().ingest(paths, progress, collection=collection, names=names)

    def remove(self, doc_id: str) -> bool:
        """Take one document out of the index (every collection); False when it was not there."""
        return self._require_writer().remove(doc_id)

    def remove_collection(self, name: str) -> CollectionRemoval:
        """Take a collection out of the index: documents only it holds are removed (vectors, catalog,
        BM25), the others stay in their other collections. Raises NotFound for an unknown name."""
        return self._require_writer().remove_collection(name)

    def writing(self) -> AbstractContextManager[None]:
        """Hold the index's write lock for a change made outside an ingest (raises IndexBusy)."""
        return self._require_writer().locked()

    def close(self) -> None:
        self.store.close()
