"""The passages a question reads besides the fused k: the dense search's first, and the fused
candidate holding a sentence that restates the question (rag/closest_sentence.py).

Convex fusion adds the two normalised scores, so a passage only the dense search finds pays for
BM25's silence: the clear semantic match ("HTTPX requires Python 3.9+" for "Which Python version
does httpx need?") shares no keyword with the question and falls behind passages both find. The
retriever hands it over apart (`Retrieval.leaders`); the answerer reads it as one more passage,
with the sentence vectors stored at ingest (no second model pass). Like the page window's added
chunk, it only answers: whether the question is answered at all is decided on the k alone, and
its units lead only over a read winner weak by its form (rag/answerer.py, `_guarded`), or over one
that states none of the kind of value the question asks (a date, a length of time, a version, a rate,
a price, a dose: rag/asked_quantity.py, rag/asked_measure.py) when the leader's best unit states one:
"HTTP/2 support is not enabled by default" names no Python version; "HTTPX requires Python 3.9+" does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar, overload

from rag.asked_measure import lacks_measure
from rag.asked_quantity import asked, lacks_asked, names_version_of
from rag.types import Chunk


class _Ranked(Protocol):
    @property
    def chunk(self) -> Chunk: ...


R = TypeVar("R", bound=_Ranked)


class Deferred(Sequence[R]):
    """The leaders, found when first read: a retrieval is also made to look a text up, to rank for a
    follow-up or to measure retrieval, and those never read them (reading the candidates' sentence
    vectors is a catalog query per retrieval)."""

    __slots__ = ("_find", "_found", "_finding")

    def __init__(self, find: Callable[[], tuple[R, ...]]) -> None:
        self._find = find
        self._found: tuple[R, ...] | None = None
        # A retrieval may be read from two threads (a server's answer and its stream): found once.
        self._finding = threading.Lock()

    def _leaders(self) -> tuple[R, ...]:
        found = self._found
        if found is None:
            with self._finding:
                if self._found is None:
                    self._found = self._find()
                found = self._found
        return found

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[R, ...]: ...
    def __getitem__(self, index: int | slice) -> R | tuple[R, ...]:
        return self._leaders()[index]

    def __len__(self) -> int:
        return len(self._leaders())


def with_leaders(hits: Sequence[R], leaders: Sequence[R]) -> tuple[list[R], frozenset[str]]:
    """`hits`, then the leaders not among them, in order; and the chunk ids of those added."""
    taken = {h.chunk.chunk_id for h in hits}
    added = [h for h in leaders if h.chunk.chunk_id not in taken]
    return list(hits) + added, frozenset(h.chunk.chunk_id for h in added)


def states_what_winner_lacks(question: str, winner: str, leader: str) -> bool:
    """`question` asks a kind of value (rag/asked_quantity.py, rag/asked_measure.py) that the read
    winner's text `winner` states none of and the leader's unit `leader` states: the winner is on the
    subject, the leader answers what is asked. A version is one of what the question names, if it names
    any (`names_version_of`)."""
    if asked(question) == "version":
        return not names_version_of(question, winner) and names_version_of(question, leader)
    return (lacks_asked(question, winner) and not lacks_asked(question, leader)) \
        or (lacks_measure(question, winner) and not lacks_measure(question, leader))
