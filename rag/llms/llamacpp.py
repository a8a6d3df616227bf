"""llama.cpp through llama-cpp-python, as a LangChain chat model.

There is no LangChain partner package for llama.cpp (only langchain-community, which we don't
take on for one class), so this wraps `llama_cpp.Llama.create_chat_completion`: the GGUF's own
chat template formats the messages.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}


def _as_dicts(messages: list[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class ChatLlamaCpp(BaseChatModel):
    """A local GGUF model. `n_threads` defaults to every core; the model loads on first use."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    n_ctx: int = 4096
    n_threads: int | None = None
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int = 0

    _llama: Any = PrivateAttr(default=None)
    # One llama.cpp context is not safe for concurrent generation.
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx, "max_tokens": self.max_tokens}

    def _model(self) -> Any:
        if self._llama is None:
            from llama_cpp import Llama

            threads = self.n_threads or os.cpu_count() or 1
            self._llama = Llama(
                model_path=self.model_path, n_ctx=self.n_ctx, n_threads=threads, n_threads_batch=threads,
                seed=self.seed, verbose=False,
            )
            # Free the model while llama_cpp's module globals still exist; left to the garbage
            # collector at interpreter exit, its destructor fails with a traceback on stderr.
            atexit.register(self._llama.close)
        return self._llama

    def _options(self, stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "stop": stop or [],
            "seed": self.seed,
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            out = self._model().create_chat_completion(messages=_as_dicts(messages), **self._options(stop, kwargs))
        text = out["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            for part in self._model().create_chat_completion(
                messages=_as_dicts(messages), stream=True, **self._options(stop, kwargs)
            ):
                text = part["choices"][0].get("delta", {}).get("content")
                if not text:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                if run_manager:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
