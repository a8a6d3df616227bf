"""The `--llm` setting parsed: which backend, which model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rag.errors import InvalidLLMSpec

Backend = Literal["none", "llamacpp", "ollama", "openai"]
BACKENDS: tuple[Backend, ...] = ("none", "llamacpp", "ollama", "openai")


@dataclass(frozen=True, slots=True)
class LLMSpec:
    backend: Backend
    model: str = ""

    @property
    def generative(self) -> bool:
        return self.backend != "none"

    def __str__(self) -> str:
        return self.backend if self.backend == "none" else f"{self.backend}:{self.model}"


def parse_spec(value: str | None) -> LLMSpec:
    """'none', 'llamacpp:PATH.gguf', 'ollama:MODEL' or 'openai:MODEL'."""
    text = (value or "none").strip()
    if text.lower() in ("", "none", "off", "extractive"):
        return LLMSpec("none")
    backend, sep, model = text.partition(":")
    backend = backend.strip().lower()
    if backend not in BACKENDS or backend == "none":
        raise InvalidLLMSpec(
            f"unknown LLM backend {backend!r}: use none, llamacpp:PATH.gguf, ollama:MODEL or openai:MODEL"
        )
    if not sep or not model.strip():
        raise InvalidLLMSpec(f"--llm {backend} needs a model: {backend}:MODEL")
    return LLMSpec(backend, model.strip())  # type: ignore[arg-type]
