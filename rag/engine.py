"""Everything needed to answer from one index, loaded once and shared by every way in."""

from __future__ import annotations

from rag.answerer import ExtractiveAnswerer
from rag.chain import build_chain
from rag.embeddings import get_embedder
from rag.retriever import HybridRetriever
from rag.settings import Settings
from rag.store import Store
from rag.status import IndexStatus, status_of
from rag.types import Answer


class Engine:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedder = get_embedder(settings.embedding_model)
        self.store = Store(settings.index, self.embedder)
        self.retriever = HybridRetriever(store=self.store, settings=settings, k=settings.k)
        self.answerer = ExtractiveAnswerer(self.embedder, settings, self.store.catalog)
        self.chain = build_chain(self.retriever, self.answerer)

    def ask(self, question: str, k: int | None = None) -> Answer:
        return self.chain.invoke({"question": question, "k": k})

    def status(self) -> IndexStatus:
        return status_of(self.store.catalog, str(self.store.paths.root), self.settings)
