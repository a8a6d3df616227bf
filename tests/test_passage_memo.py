"""The session's memo of passage vectors: a passage encoded again is looked up, and is what encoding gives."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

TEXTS = ["The otter count was 23 in April. It rose to 31 in May.", "Kiln writes its build log to build.log."]
SPANS = [[(0, 32), (33, 54)], [(0, 39)]]


@contextmanager
def model_calls(embedder):
    """A list growing by one for each call of the model while inside."""
    calls: list[int] = []
    forward = embedder._forward

    def counted(texts, *args, **kwargs):
        calls.append(len(texts))
        return forward(texts, *args, **kwargs)

    embedder._forward = counted
    try:
        yield calls
    finally:
        del embedder._forward


def _afresh(embedder):
    from tests.conftest import _PASSAGES

    _PASSAGES.on = False
    try:
        return embedder.encode_passages(TEXTS, SPANS)
    finally:
        _PASSAGES.on = True


def test_a_passage_encoded_again_is_looked_up_and_is_what_encoding_gives(embedder):
    embedder.encode_passages(TEXTS, SPANS)
    with model_calls(embedder) as calls:
        passages, sentences = embedder.encode_passages(TEXTS[::-1] + TEXTS[:1], SPANS[::-1] + SPANS[:1])
    assert calls == []
    fresh_passages, fresh_sentences = _afresh(embedder)
    assert np.allclose(passages, fresh_passages[[1, 0, 0]], atol=1e-6)
    for got, want in zip(sentences, [fresh_sentences[1], fresh_sentences[0], fresh_sentences[0]]):
        assert got.shape == want.shape and np.allclose(got, want, atol=1e-6)


def test_only_the_passages_not_seen_are_encoded(embedder):
    embedder.encode_passages(TEXTS[:1], SPANS[:1])
    new = "Rotate the log by setting max_bytes in kiln.toml, a passage no other test encodes."
    with model_calls(embedder) as calls:
        embedder.encode_passages([TEXTS[0], new], [SPANS[0], [(0, len(new))]])
    assert calls == [1]


@pytest.mark.embeds_afresh
def test_a_test_marked_afresh_encodes_every_passage(embedder):
    embedder.encode_passages(TEXTS, SPANS)
    with model_calls(embedder) as calls:
        embedder.encode_passages(TEXTS, SPANS)
    assert sum(calls) == len(TEXTS)
