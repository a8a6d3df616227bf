"""Generative answers: the LLM writes from numbered passages, tokens stream out, and the
citation check decides what the user finally sees.

The extractive answer is computed first: it decides abstention (no LLM call when nothing
retrieved is relevant) and is what the user gets when the LLM fails or no generated sentence is
supported.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import numpy as np

from langchain_core.language_models.chat_models import BaseChatModel

from rag.answerer import ExtractiveAnswerer
from rag.catalog import Catalog
from rag.checker import CitationChecker, NumberedPassage, Support, Verdict
from rag.document_marks import prints_citations, relabel
from rag.entry_label import named
from rag.evidence import gather
from rag.followup import FollowUp
from rag.passage import Passage, read_passages, source
from rag.prompt import NumberedSource, answer_messages
from rag.retriever import Retrieval
from rag.settings import LLMSettings
from rag.shown_answer import marked
from rag.types import Answer, AnswerSentence, FinalEvent, Sentence, StreamEvent, TokenEvent

log = logging.getLogger(__name__)


def _with_mode(answer: Answer, mode: str, **timings: float) -> Answer:
    return answer.model_copy(update={"mode": mode, "timings": {**answer.timings, **timings}})


def checked_answer(verdicts: list[Verdict], passages: list[NumberedPassage], catalog: Catalog) -> Answer | None:
    """The checked answer: sources renumbered in order of first citation, each pointing at the
    passage sentence that best supports what cites it. None when no sentence is supported."""
    if not any(v.supported for v in verdicts):
        return None
    by_n = {p.n: p for p in passages}
    renumber: dict[int, int] = {}
    best: dict[int, Support] = {}
    for v in verdicts:
        for n in v.citations:
            renumber.setdefault(n, len(renumber) + 1)
            s = v.support[n]
            if n not in best or s.score > best[n].score:
                best[n] = s
    sources = []
    for n, m in renumber.items():
        p = by_n[n]
        sentence = p.sentences[best[n].sentence]
        sources.append(source(m, p.hit.chunk, sentence.text, sentence.start, sentence.end, best[n].score, catalog))
    sentences = [AnswerSentence(text=v.text, citations=[renumber[n] for n in v.citations], supported=v.supported)
                 for v in verdicts]
    text = " ".join(marked(s) for s in sentences)
    return Answer(answer=text, sources=sources, abstained=False, sentences=sentences, mode="generated")


# Units a generated sentence may be checked against and cite: what the extractive answer quotes,
# bar wholes made of other units (paragraphs, lists) and headings.
_CITABLE = frozenset({"sentence", "lead_in", "list_item", "code", "table_row"})


def unit_passages(passages: list[NumberedPassage], read: list[Passage], extractive: ExtractiveAnswerer,
                  readable: frozenset[str] | None = None) -> list[NumberedPassage]:
    """The numbered passages with their answer units in place of bare sentences, so a checked
    citation points at the exact span of a unit (a lead-in with its list, a table row), the same
    units the extractive answer is made of."""
    evidence = gather(read, extractive.catalog, extractive.embedder, extractive.ref_targets, readable=readable)
    out = []
    for p in passages:
        units = [e for e in evidence if e.hit is p.hit and e.unit.kind in _CITABLE]
        # A lead-in sentence is cited with what it introduces, never bare.
        leads = {e.unit.start for e in units if e.unit.kind == "lead_in"}
        units = [e for e in units if not (e.unit.kind == "sentence" and e.unit.start in leads)]
        if not units:
            out.append(p)
            continue
        vectors = np.stack([e.parts.mean(axis=0) for e in units])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        sentences = [Sentence(e.unit.text, e.unit.start, e.unit.end) for e in units]
        out.append(NumberedPassage(p.n, p.hit, sentences, vectors, p.terms))
    return out


class GenerativeAnswerer:
    def __init__(self, extractive: ExtractiveAnswerer, checker: CitationChecker, settings: LLMSettings) -> None:
        self.extractive = extractive
        self.checker = checker
        self.settings = settings

    def stream(self, question: str, retrieval: Retrieval, model: BaseChatModel, k: int | None = None,
               followup: FollowUp | None = None) -> Iterator[StreamEvent]:
        """TokenEvents as the model writes, then one FinalEvent with the checked answer."""
        started = time.perf_counter()
        # As many passages as the extractive answer it falls back on.
        hits = retrieval.hits[: k or self.extractive.settings.k]
        read: list[Passage] | None = None
        if followup is None and len(hits) == len(retrieval.hits[: self.extractive.settings.k]):
            # The extractive answer reads the same passages: read them once for both.
            read = read_passages(hits, self.extractive.catalog, self.extractive.embedder)
            fallback = self.extractive.compose(self.extractive.scored_passages(read, retrieval), retrieval)
        else:
            fallback = self.extractive.answer(retrieval, followup)
        # The extractive answer as the chain shows it without a model.
        fallback = named(fallback, self.extractive.catalog)
        if fallback.abstained:
            yield FinalEvent(fallback)
            return
        if read is None:
            read = read_passages(hits, self.extractive.catalog, self.extractive.embedder)
        passages = unit_passages(self.checker.scorer.passages(read), read, self.extractive, retrieval.readable)
        # The model copies what it reads: a paper's "[12]" copied into the answer would read as
        # Citeline's source 12, so the sources show the document's marks as the extractive answer does.
        messages = answer_messages(
            question, [NumberedSource(p.n, p.hit.chunk.title,
                                      relabel(p.hit.chunk.text, prints_citations(p.hit.chunk.path)))
                       for p in passages],
            self.settings.llm_passage_chars,
        )
        parts: list[str] = []
        first = None
        try:
            for chunk in model.stream(messages):
                text = chunk.content if isinstance(chunk.content, str) else ""
                if not text:
                    continue
                if first is None:
                    first = time.perf_counter() - started
                parts.append(text)
                yield TokenEvent(text)
        except Exception as exc:  # a backend failing mid-answer must not take the answer with it
            log.warning("LLM failed (%s: %s); giving the extractive answer", type(exc).__name__, exc)
            yield FinalEvent(_with_mode(fallback, "fallback"))
            return
        generated = time.perf_counter() - started
        verdicts = self.checker.check("".join(parts), passages)
        answer = checked_answer(verdicts, passages, self.extractive.catalog)
        draft = [AnswerSentence(text=v.text, citations=v.citations, supported=v.supported) for v in verdicts]
        timings = {"first_token_s": first if first is not None else generated, "generated_s": generated,
                   "checked_s": time.perf_counter() - started}
        if answer is None:
            log.info("no generated sentence was supported; giving the extractive answer")
            yield FinalEvent(_with_mode(fallback, "fallback", **timings).model_copy(update={"draft": draft}))
            return
        yield FinalEvent(_with_mode(answer, "generated", **timings).model_copy(update={"draft": draft}))
