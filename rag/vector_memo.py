"""The vectors of texts embedded lately, so a text embedded again is looked up instead.

Answering embeds what no stored vector covers: the question, a table row read under its heading, a
lead-in with the list past its passage's end. Related questions bring back the same passages (and a
follow-up is read twice, as resolved and naively), so the same texts come to be embedded again. Where
each text is its own batch (the ONNX runtime's default), a text's vector depends on nothing else in
the call, only on the session that ran it (a lone text runs on the multi-threaded one, several at once
on the single-threaded bulk ones; the two agree to within float rounding, tests/rag/test_onnx_embeddings.py):
the kept vector is what embedding again would give, up to that rounding.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np


class VectorMemo:
    """Up to `size` text -> vector pairs, the least lately used leaving first; safe across threads."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def known(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        """Each text's kept vector, None where none is kept."""
        out: list[np.ndarray | None] = []
        with self._lock:
            for text in texts:
                vector = self._vectors.get(text)
                if vector is not None:
                    self._vectors.move_to_end(text)
                out.append(vector)
        return out

    def keep(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors):
                # A copy: the caller's array is the caller's to change.
                self._vectors[text] = vector.copy()
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
