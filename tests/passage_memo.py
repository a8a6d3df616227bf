"""Passage vectors encoded once a test session: the same pages are ingested by many modules' fixtures."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict


class PassageMemo:
    """The vectors of passages the session's embedders encoded for an ingest, kept so that a page indexed
    again (the same few docs-QA pages are ingested by fixtures of many modules, each with other companions)
    is looked up instead of encoded again: encoding is most of such a fixture's setup. Only where each
    passage is its own batch (the ONNX default), so a kept vector is what encoding it again gives (up to
    the float rounding that separates the one-thread bulk sessions from the query session, see
    rag/vector_memo.py). Bounded: least lately used out first. Tests of the encoder itself, or of how long
    an ingest takes, are marked `embeds_afresh` and encode everything."""

    SIZE = 10_000  # passages, each with its sentences' vectors: enough for the pages fixtures share

    def __init__(self) -> None:
        self.on = True
        self._kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # embedder -> OrderedDict
        self._lock = threading.Lock()  # a server's ingest and a test's may run at once

    def install(self) -> None:
        import numpy as np

        from rag import embeddings

        original = embeddings._BatchEncoder.encode_passages
        memo = self

        def encode_passages(embedder, texts, spans, batch_size=None, report=None):
            if not memo.on or (batch_size or embedder.batch_size) != 1:
                return original(embedder, texts, spans, batch_size, report)
            keys = [(text, tuple(map(tuple, s))) for text, s in zip(texts, spans)]
            with memo._lock:
                kept = memo._kept.setdefault(embedder, OrderedDict())
                found = {key: kept[key] for key in keys if key in kept}
            missing = [key for key in dict.fromkeys(keys) if key not in found]
            if missing:
                fresh, fresh_spans = original(embedder, [text for text, _ in missing],
                                              [list(s) for _, s in missing], batch_size, report)
                found.update((key, (passage.copy(), rows.copy()))
                             for key, passage, rows in zip(missing, fresh, fresh_spans))
            with memo._lock:
                for key, vectors in found.items():
                    kept[key] = vectors
                    kept.move_to_end(key)
                while len(kept) > memo.SIZE:
                    kept.popitem(last=False)
            if report is not None:  # the kept passages count as encoded
                report(embeddings.PassageProgress(len(texts), len(texts)))
            passages = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
            for i, key in enumerate(keys):
                passages[i] = found[key][0]
            return passages, [found[key][1].copy() for key in keys]

        embeddings._BatchEncoder.encode_passages = encode_passages
