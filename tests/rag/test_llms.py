"""The `--llm` setting: parsing, and the errors a user sees."""

import pytest

from rag.llms.factory import LLMUnavailable, _require
from rag.llms.spec import InvalidLLMSpec, LLMSpec, parse_spec


@pytest.mark.parametrize("value,expected", [
    (None, LLMSpec("none")),
    ("none", LLMSpec("none")),
    ("llamacpp:/models/m.gguf", LLMSpec("llamacpp", "/models/m.gguf")),
    ("ollama:llama3.2:1b", LLMSpec("ollama", "llama3.2:1b")),
    ("OpenAI:gpt-4o-mini", LLMSpec("openai", "gpt-4o-mini")),
])
def test_parse(value, expected):
    assert parse_spec(value) == expected


@pytest.mark.parametrize("value", ["gpt", "anthropic:claude", "openai:", "llamacpp"])
def test_bad_specs_say_what_is_accepted(value):
    with pytest.raises(InvalidLLMSpec):
        parse_spec(value)


def test_a_missing_backend_names_the_extra():
    with pytest.raises(LLMUnavailable, match=r"\.\[llm\]"):
        _require("citeline_no_such_backend", "some-backend")


def test_settings_from_the_environment(monkeypatch, make_settings):
    monkeypatch.setenv("CITELINE_LLM", "ollama:qwen2.5:1.5b")
    monkeypatch.setenv("CITELINE_LLM_BASE_URL", "http://127.0.0.1:11434")
    settings = make_settings()
    assert parse_spec(settings.llm) == LLMSpec("ollama", "qwen2.5:1.5b")
    assert settings.llm_base_url == "http://127.0.0.1:11434"
