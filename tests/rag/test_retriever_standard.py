"""LangChain's own standard retriever suite (langchain-tests) against a real index, and what it implies."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.runnables import ConfigurableField
from langchain_tests.integration_tests import RetrieversIntegrationTests

from rag.errors import IndexMissing
from rag.retriever import HybridRetriever
from tests.conftest import SAMPLE_CORPUS, collection_for

QUERY = "Why did operatives relocate their operations further away from Sinaloa?"


@pytest.mark.anyio  # the suite's ainvoke test is a coroutine; anyio's plugin runs it (sync tests ignore the mark)
class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture
    def anyio_backend(self):
        return "asyncio"

    @pytest.fixture(autouse=True)
    def _index(self, sample_index):
        self.index = sample_index

    @property
    def retriever_constructor(self):
        return HybridRetriever.from_index

    @property
    def retriever_constructor_params(self) -> dict:
        return {"index": self.index, "k": 2}

    @property
    def retriever_query_example(self) -> str:
        return QUERY


@pytest.fixture(scope="module")
def retriever(sample_index):
    return HybridRetriever.from_index(sample_index)


def test_k_at_invoke_in_search_kwargs_and_in_config(sample_index, retriever):
    chunks = retriever.store.catalog.counts()[1]
    assert chunks >= 4 and len(retriever.invoke(QUERY)) == min(retriever.k, chunks)
    assert len(retriever.invoke(QUERY, k=1)) == 1
    by_kwargs = HybridRetriever.from_index(sample_index, search_kwargs={"k": 2})
    assert len(by_kwargs.invoke(QUERY)) == 2
    assert len(by_kwargs.invoke(QUERY, k=4)) == 4
    configurable = retriever.configurable_fields(k=ConfigurableField(id="k"))
    assert len(configurable.invoke(QUERY, config={"configurable": {"k": 3}})) == 3
    top = retriever.invoke(QUERY, k=1)[0]
    assert isinstance(top, Document) and "relocate their operations" in top.page_content


@pytest.mark.parametrize("k", [-1, 0, 2.5, "3", True])
def test_a_bad_k_is_refused(sample_index, retriever, k):
    with pytest.raises(ValueError, match="k: must be a whole number"):
        retriever.invoke(QUERY, k=k)
    with pytest.raises(ValueError):
        HybridRetriever.from_index(sample_index, k=k)


def test_a_lone_surrogate_in_the_query_is_text_not_a_crash(retriever):
    docs = retriever.invoke("relocate \ud800 operations Sinaloa")
    assert docs and "relocate their operations" in docs[0].page_content


def test_no_index_is_a_one_line_error(tmp_path):
    with pytest.raises(IndexMissing, match="no index at"):
        HybridRetriever.from_index(tmp_path / "nowhere")


def test_from_a_chroma_server(tmp_path, chroma_server):
    from ingest.index_writer import IndexWriter
    from ui.settings import Settings

    index, collection = tmp_path / "index", collection_for(tmp_path)
    IndexWriter(Settings(index=index, chroma_url=chroma_server, chroma_collection=collection)).ingest([SAMPLE_CORPUS])
    retriever = HybridRetriever.from_chroma_server(chroma_server, index=index, collection=collection, mode="dense", k=2)
    docs = retriever.invoke(QUERY)
    assert len(docs) == 2 and docs[0].metadata["dense_score"] is not None
    assert "relocate their operations" in docs[0].page_content
