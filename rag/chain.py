"""The answering chain as an LCEL `Runnable`:
request -> resolve the follow-up against the history -> retrieve -> answer (extractive, or
generated and checked).

`chain.invoke(request)` returns an `Answer`; `chain.stream(request)` yields `TokenEvent`s while an
LLM writes, then exactly one `FinalEvent` with the checked answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from rag.abstention import EMPTY_SCOPE, NO_ANSWER
from rag.answerer import ExtractiveAnswerer, lacks_value_asked
from rag.asked_author import authors_answer
from rag.conversation import Resolved, question_for_llm
from rag.entry_label import named
from rag.followup import UNRESOLVED, FollowUp, follow_up, points_back
from rag.generator import GenerativeAnswerer
from rag.in_context import retrieve_in_context
from rag.llms.spec import LLMSpec, parse_spec
from rag.markup_question import only_markup
from rag.readings import choose
from rag.retriever import HybridRetriever, Retrieval
from rag.types import Answer, FinalEvent, Message, StreamEvent

ModelFor = Callable[[LLMSpec], BaseChatModel]


@dataclass(frozen=True)
class Prepared:
    """What the answer step needs: the resolved question, its retrieval, the chosen model."""

    resolved: Resolved
    history: list[Message]
    retrieval: Retrieval
    k: int
    model: BaseChatModel | None
    followup: FollowUp | None = None  # what the previous answer quoted, for a follow-up
    empty_scope: bool = False  # no document passes the request's collections and filters
    only_markup: bool = False  # the question says nothing once its markup is read as a page reads it
    # A follow-up's naive reading: retrieval for the question it follows and itself asked together.
    naive: Retrieval | None = None
    documents: frozenset[str] | None = None  # the doc ids the request's scope reads (None: all)


def _as_request(value: Any) -> dict:
    if isinstance(value, str):
        return {"question": value, "k": None, "history": [], "llm": None, "scope": None}
    if isinstance(value, dict) and isinstance(value.get("question"), str):
        request = {"k": None, "history": [], "llm": None, "scope": None, **value}
        request["history"] = [m if isinstance(m, Message) else Message.model_validate(m) for m in request["history"] or []]
        return request
    raise TypeError(
        "the chain takes a question string or "
        "{'question': str, 'k': int | None, 'history': [Message], 'llm': str | None, 'scope': Scope | None}"
    )


class AnswerStep(Runnable[Prepared, Answer]):
    """Extractive when no model is chosen; otherwise generated, streamed, then checked."""

    def __init__(self, extractive: ExtractiveAnswerer, generative: GenerativeAnswerer) -> None:
        self.extractive = extractive
        self.generative = generative

    def events(self, prepared: Prepared) -> Iterator[StreamEvent]:
        if prepared.empty_scope:
            yield FinalEvent(Answer(answer=EMPTY_SCOPE, sources=[], abstained=True))
            return
        if prepared.only_markup:
            yield FinalEvent(Answer(answer=NO_ANSWER, sources=[], abstained=True))
            return
        # Who wrote a document: its author line, whichever way the rest is answered (rag/asked_author.py).
        quoted = [q.doc_id for q in prepared.followup.quotes] if prepared.followup is not None else []
        authors = authors_answer(prepared.resolved.question, prepared.retrieval.hits, self.extractive.catalog,
                                 prepared.documents, quoted)
        if authors is not None:
            yield FinalEvent(authors)
            return
        # No reading, nor a model writing from the passages, can answer what the documents never
        # mention: decided once, for all of them.
        if (self.extractive.asks_beyond_index(prepared.retrieval, prepared.followup)
                or prepared.followup is not None and prepared.followup.beyond_index):
            yield FinalEvent(Answer(answer=NO_ANSWER, sources=[], abstained=True))
            return
        if prepared.model is None:
            answer = self.extractive.answer(prepared.retrieval, prepared.followup)
            if prepared.naive is not None:
                # The fragment's own words name the variant ("What about PowerShell?"), not the two
                # questions asked together, which name the one before too.
                naive = self.extractive.answer(prepared.naive, variant=prepared.followup.focus
                                               if prepared.followup is not None else None)
                subject = prepared.followup.subject_weights if prepared.followup is not None else None
                answer = choose(answer, naive, prepared.resolved.question, prepared.history, self.extractive.embedder,
                                subject, prepared.followup)
                if lacks_value_asked(prepared.resolved.question, answer):
                    answer = Answer(answer=NO_ANSWER, sources=[], abstained=True)
            # Chosen on what its units say; shown with the names of the settings they describe.
            yield FinalEvent(named(answer, self.extractive.catalog))
            return
        question = question_for_llm(prepared.resolved, prepared.history)
        yield from self.generative.stream(question, prepared.retrieval, prepared.model, prepared.k, prepared.followup)

    def invoke(self, input: Prepared, config: RunnableConfig | None = None, **kwargs: Any) -> Answer:
        final = None
        for event in self.events(input):
            if isinstance(event, FinalEvent):
                final = event.answer
        assert final is not None
        return final

    def stream(self, input: Prepared, config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[StreamEvent]:  # type: ignore[override]
        yield from self.events(input)


def build_chain(
    retriever: HybridRetriever,
    answerer: ExtractiveAnswerer,
    generative: GenerativeAnswerer,
    model_for: ModelFor,
    default_llm: str = "none",
) -> Runnable[Any, Answer]:
    """`chain.invoke("question")` or `chain.invoke({"question": ..., "k": 5, "history": [...], "llm": ...,
    "scope": Scope(...)})`."""

    def prepare(request: dict) -> Prepared:
        spec = parse_spec(request["llm"] if request["llm"] is not None else default_llm)
        # Every search of this request, the follow-up's included, reads the request's scope only.
        within = retriever.scoped(request["scope"])
        allowed = within.allowed()  # a bad filter or collection is refused before any model is loaded
        k = request["k"] or retriever.k
        empty_scope = allowed is not None and not allowed.doc_ids
        if empty_scope or only_markup(request["question"]):
            # Nothing to search, or nothing asked (rag/markup_question.py): no model is loaded and no question encoded.
            nothing = Retrieval(query=request["question"], query_vector=np.empty(0, dtype=np.float32), hits=[])
            resolved = Resolved(request["question"], request["question"], "standalone")
            return Prepared(resolved, request["history"], nothing, k, None, empty_scope=empty_scope,
                            only_markup=not empty_scope)
        model = model_for(spec) if spec.generative else None
        # A question that changes the subject is answered as if asked first (rag/topic_switch.py).
        found = retrieve_in_context(within, request["question"], request["history"], k, model)
        resolved = found.resolved
        naive = None
        if resolved.method != "standalone":
            followup = follow_up(resolved.question, found.history, within, found.quotes)
            # Without a model, the follow-up is also read naively (rag/readings.py), from the
            # search the fusion made for it; one with nothing to lean on (after an abstention) is not.
            if model is None and followup is not None and followup.quotes:
                naive = resolved.together
        else:
            followup = UNRESOLVED if not request["history"] and points_back(resolved.question) else None
        return Prepared(resolved, found.history, found.retrieval, k, model, followup, naive=naive,
                        documents=allowed.doc_ids if allowed is not None else None)

    return (
        RunnableLambda(_as_request, name="request")
        | RunnableLambda(prepare, name="resolve_and_retrieve")
        | AnswerStep(answerer, generative).with_config(run_name="answer")
    )
