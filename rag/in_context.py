"""The search a question gets in a conversation: asked alone when it changes the subject
(rag/topic_switch.py), else resolved against the history (rag/conversation.py).

The chain answers from it, and the evaluation's top passages of a conversational item are read from
it, so both see the same decision. The question asked alone is searched once (while 2k is within the
retriever's candidates): the switch check reads its first k passages, and the fusion the same search at its own 2k.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from langchain_core.language_models.chat_models import BaseChatModel

from rag.conversation import Resolved, resolve
from rag.followup import Quote, previous_quotes
from rag.retriever import HybridRetriever, Retrieval
from rag.topic_switch import finds_elsewhere, switch_margin
from rag.types import Message


@dataclass(frozen=True)
class InContext:
    """The retrieval a question is answered from, how it was resolved, and the history it is
    answered in the light of (none after a topic switch)."""

    retrieval: Retrieval
    resolved: Resolved
    history: list[Message]
    # The previous answer's quotes, when the switch check located them (the follow-up reuses them).
    quotes: list[Quote] | None = None


def retrieve_in_context(within: HybridRetriever, question: str, history: Sequence[Message], k: int,
                        model: BaseChatModel | None = None) -> InContext:
    """Retrieval for `question` after `history` (oldest first), within `within`'s scope."""
    asked = question.strip()
    margin = switch_margin(asked) if history else None
    if margin is None:
        retrieval, resolved = resolve(within, question, history, k, model)
        return InContext(retrieval, resolved, list(history))
    # The fusion searches the question alone at 2k; its first k are what a search at k finds while 2k
    # is within `candidates` (the retriever then fuses the same max(candidates, k) of each list and
    # cuts one ranking); past it each list is longer at 2k and the fusion ranks otherwise.
    wide = within.retrieve(asked, k * 2)
    alone = (replace(wide, hits=wide.hits[:k]) if k * 2 <= within.settings.candidates
             else within.retrieve(asked, k, query_vector=wide.query_vector))
    quotes = previous_quotes(history, within)
    if finds_elsewhere(alone, quotes, within.store.catalog, within.store.embedder, margin):
        return InContext(alone, Resolved(asked, asked, "standalone"), [], quotes)
    retrieval, resolved = resolve(within, question, history, k, model, alone=wide)
    return InContext(retrieval, resolved, list(history), quotes)
