"""The answering chain as an LCEL `Runnable`: question -> retrieve -> answer."""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from rag.answerer import ExtractiveAnswerer
from rag.retriever import HybridRetriever, Retrieval
from rag.types import Answer


def _as_request(value: Any) -> dict:
    if isinstance(value, str):
        return {"question": value, "k": None, "history": []}
    if isinstance(value, dict) and isinstance(value.get("question"), str):
        return {"k": None, "history": [], **value}
    raise TypeError("the chain takes a question string or {'question': str, 'k': int | None, 'history': [Message]}")


def build_chain(retriever: HybridRetriever, answerer: ExtractiveAnswerer) -> Runnable[Any, Answer]:
    """`chain.invoke("question")` or `chain.invoke({"question": ..., "k": 5, "history": [...]})` returns an `Answer`."""

    def retrieve(request: dict) -> Retrieval:
        return retriever.retrieve(request["question"].strip(), request["k"] or retriever.k)

    return (
        RunnableLambda(_as_request, name="request")
        | RunnableLambda(retrieve, name="retrieve")
        | RunnableLambda(answerer.answer, name="answer")
    )
