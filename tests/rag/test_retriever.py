from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever


def test_hybrid_retriever_is_a_langchain_retriever(sample_engine):
    retriever = sample_engine.retriever
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("Why did operatives relocate their operations further away from Sinaloa?")
    assert docs and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert "relocate their operations" in top.page_content
    for key in ("chunk_id", "doc_id", "path", "title", "chunk_index", "start", "end", "page", "score"):
        assert key in top.metadata
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)


def test_each_mode_returns_hits(sample_engine):
    for mode in ("dense", "bm25", "hybrid"):
        hits = sample_engine.retriever.retrieve("fentanyl lab operators", 3, mode=mode).hits
        assert hits, mode
    # Words absent from the corpus give BM25 nothing, not noise.
    assert sample_engine.retriever.retrieve("zzzqqq", 3, mode="bm25").hits == []


def test_chain_is_a_runnable(sample_engine):
    from langchain_core.runnables import Runnable

    from rag.types import Answer

    assert isinstance(sample_engine.chain, Runnable)
    answer = sample_engine.chain.invoke("What do recent initiatives include?")
    assert isinstance(answer, Answer)
    answer2 = sample_engine.chain.invoke({"question": "What do recent initiatives include?", "k": 2})
    assert answer2.sources
