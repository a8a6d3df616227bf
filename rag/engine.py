"""Everything needed to answer from one index, loaded once and shared by every way in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from langchain_core.language_models.chat_models import BaseChatModel

from rag.answerer import ExtractiveAnswerer
from rag.chain import build_chain
from rag.checker import CitationChecker, SupportScorer
from rag.embeddings import get_embedder
from rag.generator import GenerativeAnswerer
from rag.llms import LLMSpec, chat_model
from rag.retriever import HybridRetriever
from rag.settings import Settings
from rag.status import IndexStatus, status_of
from rag.store import Store
from rag.types import Answer, FinalEvent, Message, StreamEvent


class Engine:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedder = get_embedder(settings.embedding_model, settings.embedding_runtime, settings.model_cache)
        self.store = Store(
            settings.index, self.embedder, chroma_url=settings.chroma_url, collection=settings.chroma_collection
        )
        self.retriever = HybridRetriever(store=self.store, settings=settings, k=settings.k)
        self.answerer = ExtractiveAnswerer(self.embedder, settings, self.store.catalog, self.store)
        self.checker = CitationChecker(SupportScorer(self.embedder, self.store.catalog, settings), settings)
        self.generative = GenerativeAnswerer(self.answerer, self.checker, settings)
        self.chain = build_chain(self.retriever, self.answerer, self.generative, self.chat_model, settings.llm)

    def chat_model(self, spec: LLMSpec | str) -> BaseChatModel:
        """The LLM for `spec` (built once per process); raises LLMUnavailable with the extra to install."""
        return chat_model(spec, self.settings)

    def _request(self, question: str, history: Sequence[Message] | None, k: int | None, llm: str | None) -> dict:
        return {"question": question, "k": k, "history": list(history or []), "llm": llm}

    def ask(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        llm: str | None = None,
    ) -> Answer:
        """Answer `question`; `history` holds the earlier turns, oldest first.

        `llm` overrides `settings.llm` for this call ("none" = the extractive answerer).
        """
        return self.chain.invoke(self._request(question, history, k, llm))

    def stream(
        self,
        question: str,
        history: Sequence[Message] | None = None,
        k: int | None = None,
        llm: str | None = None,
    ) -> Iterator[StreamEvent]:
        """Token events as an answer is produced, then exactly one `FinalEvent` with the checked answer."""
        final = 0
        for event in self.chain.stream(self._request(question, history, k, llm)):
            final += isinstance(event, FinalEvent)
            yield event
        assert final == 1, "a stream ends with exactly one FinalEvent"

    def status(self) -> IndexStatus:
        return status_of(self.store.catalog, str(self.store.paths.root), self.settings)
