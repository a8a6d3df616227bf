"""LLM backends, chosen by one setting (`--llm`, `CITELINE_LLM`): see `rag.llms.factory`."""

from rag.llms.factory import LLMUnavailable, chat_model, parse_spec
from rag.llms.spec import LLMSpec

__all__ = ["LLMSpec", "LLMUnavailable", "chat_model", "parse_spec"]
