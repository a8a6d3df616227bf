"""Follow-up questions resolved against the conversation before retrieval.

"And what about their families?" retrieves nothing useful alone. Without an LLM, retrieval for
the follow-up alone is fused (RRF) with retrieval for the follow-up plus the earlier turns' key
terms and for the previous question with the follow-up, so a standalone question keeps its own
hits and an elliptic one borrows the topic. With an
LLM, a condense-question prompt rewrites the follow-up; on failure the fusion is used.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from langchain_core.language_models.chat_models import BaseChatModel

from rag.fusion import reciprocal_rank_fusion, top
from rag.prompt import condense_messages, plain_turn
from rag.retriever import Hit, HybridRetriever, Retrieval
from rag.types import Message

log = logging.getLogger(__name__)

Method = Literal["standalone", "fused", "condensed"]
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d[\d.,]*\d|\d")
# Words that carry no topic in a conversation, beyond the usual English stop words.
_CHAT_WORDS = frozenset("""what who whom whose which why how when where said say says tell told about
also else more much many one ones thing things think know mean really please thanks thank ok okay yes no
answer question documents document indexed seem seems since""".split())
# A contraction's ending ("what's", "where're", "they've"): the word is its head's, a stop word's
# contraction ("What's the default?") is a stop word too.
_CONTRACTION = re.compile(r"['’](s|re|ve|ll|d|m|t)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What retrieval was asked: the question as typed, and the query used."""

    question: str
    query: str
    method: Method
    # The fused search's retrieval for the question it follows and the follow-up asked together
    # (`naive_question`), cut to k: the naive reading (rag/readings.py) answers from it rather than
    # search the same question again. None when no such question was searched.
    together: Retrieval | None = field(default=None, compare=False)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | _CHAT_WORDS


@lru_cache(maxsize=1)
def _more_stop_words() -> frozenset[str]:
    # The longer list: the short one BM25 uses keeps "should", "them", "from", "each" as topic words.
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS) | _CHAT_WORDS


def content_words(text: str, strict: bool = False) -> list[str]:
    """Topic words of a turn, unstemmed (the dense side embeds them), stop words dropped; `strict`
    drops the longer English list ("should", "them", "other" too)."""
    stop = _more_stop_words() if strict else _stop_words()
    return [w for w in _WORD.findall(plain_turn(text, limit=2000))
            if w.lower() not in stop and _CONTRACTION.sub("", w.lower()) not in stop and len(w) > 2]


def key_terms(history: Sequence[Message], limit: int = 14) -> list[str]:
    """Earlier turns' key terms: the last user question's first, then the last answer's most
    frequent ones, then older questions'; each once, at most `limit`."""
    users = [m.content for m in history if m.role == "user"]
    answers = [m.content for m in history if m.role == "assistant"]
    ordered: list[str] = []
    if users:
        ordered += content_words(users[-1])
    if answers:
        counts = Counter(w.lower() for w in content_words(answers[-1]))
        firsts: dict[str, str] = {}
        for w in content_words(answers[-1]):
            firsts.setdefault(w.lower(), w)
        ordered += [firsts[w] for w, _ in counts.most_common(8)]
    for older in reversed(users[:-1][-2:]):
        ordered += content_words(older)
    seen: set[str] = set()
    out = []
    for w in ordered:
        if w.lower() not in seen:
            seen.add(w.lower())
            out.append(w)
    return out[:limit]


def last_turn(history: Sequence[Message], role: str) -> str:
    """The latest turn of `role` ("user" or "assistant"); "" without one."""
    return next((m.content for m in reversed(history) if m.role == role), "")


def naive_question(question: str, history: Sequence[Message]) -> str:
    """A follow-up with the question it follows, asked as one question; "" without one. A long
    previous turn (a client may send any history) is cut as the condense prompt cuts it."""
    previous = plain_turn(last_turn(history, "user"))
    return f"{previous} {question.strip()}" if previous else ""


def fused_retrieval(retriever: HybridRetriever, question: str, history: Sequence[Message], k: int,
                    alone: Retrieval | None = None) -> tuple[Retrieval, Resolved]:
    """`alone`: the search for `question` by itself at 2k, when already made."""
    terms = key_terms(history)
    if not terms:
        # The first k of a search at 2k are what a search at k finds (see below).
        found = retriever.retrieve(question, k) if alone is None else replace(alone, hits=alone.hits[:k])
        return found, Resolved(question, question, "standalone")
    expanded = f"{question} {' '.join(terms)}"
    if alone is None:
        alone = retriever.retrieve(question, k * 2)
    wider = retriever.retrieve(expanded, k * 2)
    # ... and for the question it follows and itself asked together (rag/readings.py): a follow-up
    # that is a whole question of its own keeps it, an elliptic one finds the pages of both.
    naive = naive_question(question, history)
    together = retriever.retrieve(naive, k * 2) if naive else alone
    # Both are cut from one ranking (the retriever fuses max(candidates, k) of each list; 100 by
    # default), so its first k are what a search for k finds.
    naive_retrieval = Retrieval(naive, together.query_vector, together.hits[:k], readable=together.readable) \
        if naive else None
    fused = reciprocal_rank_fusion([[h.chunk.chunk_id for h in alone.hits], [h.chunk.chunk_id for h in wider.hits],
                                    [h.chunk.chunk_id for h in together.hits]])
    by_id: dict[str, Hit] = {h.chunk.chunk_id: h for h in alone.hits + wider.hits + together.hits}
    hits = [Hit(by_id[cid].chunk, score, by_id[cid].dense, by_id[cid].bm25) for cid, score in top(fused, k)]
    retrieval = Retrieval(question, alone.query_vector, hits, alternatives=((expanded, wider.query_vector),),
                          readable=alone.readable)
    return retrieval, Resolved(question, expanded, "fused", naive_retrieval)


def condense(model: BaseChatModel, question: str, history: Sequence[Message]) -> str | None:
    """The follow-up rewritten as a standalone question, or None when the model gave nothing usable."""
    try:
        reply = model.invoke(condense_messages(question, history))
    except Exception as exc:  # any backend failure: connection, timeout, bad reply
        log.warning("condense-question failed (%s); using key-term fusion", type(exc).__name__)
        return None
    text = " ".join(str(reply.content).split()).strip().strip('"').strip()
    text = re.sub(r"^(standalone question|question)\s*:\s*", "", text, flags=re.IGNORECASE)
    text = text.split("\n")[0].strip()
    # A rewrite that is empty, rambling, or shares no topic word with the chat is not a rewrite.
    if not text or len(text) > 300:
        return None
    context = {w.lower() for w in content_words(question)} | {w.lower() for w in key_terms(history, limit=40)}
    if context and not ({w.lower() for w in content_words(text)} & context):
        return None
    return text


def resolve(
    retriever: HybridRetriever,
    question: str,
    history: Sequence[Message],
    k: int,
    model: BaseChatModel | None = None,
    alone: Retrieval | None = None,
) -> tuple[Retrieval, Resolved]:
    """Retrieval for `question` in the light of `history` (oldest first); `alone`: the search for
    the question by itself at 2k, when already made (rag/in_context.py)."""
    question = question.strip()
    if not history:
        return retriever.retrieve(question, k), Resolved(question, question, "standalone")
    if model is not None:
        standalone = condense(model, question, history)
        if standalone:
            return retriever.retrieve(standalone, k), Resolved(question, standalone, "condensed")
    return fused_retrieval(retriever, question, history, k, alone)


def question_for_llm(resolved: Resolved, history: Sequence[Message]) -> str:
    """What the answering prompt asks: the rewrite, or the follow-up with the question before it."""
    if resolved.method != "fused":
        return resolved.query
    earlier = [m.content for m in history if m.role == "user"]
    return f"{resolved.question}\n(Earlier question in this conversation: {plain_turn(earlier[-1], 300)})" if earlier else resolved.question
