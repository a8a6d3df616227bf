import pytest
from pydantic import ValidationError

from rag.engine import Engine
from rag.settings import (AnswerSettings, EngineSettings, LLMSettings, RetrievalSettings, StoreSettings,
                          SupportSettings)

SLICES = (StoreSettings, RetrievalSettings, AnswerSettings, LLMSettings, SupportSettings)


def test_each_slice_carries_the_environment_and_overrides_of_the_engine_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("CITELINE_FUSION", "rrf")
    monkeypatch.setenv("CITELINE_SUPPORT_THRESHOLD", "1.2")
    monkeypatch.setenv("CITELINE_LLM_TIMEOUT", "7")
    settings = EngineSettings(index=tmp_path, k=9)
    assert settings.retrieval.fusion == "rrf"
    assert settings.support.support_threshold == 1.2
    assert settings.generation.llm_timeout == 7
    assert settings.answer.k == 9
    assert settings.store.index == tmp_path
    assert type(settings.retrieval) is RetrievalSettings  # a slice, not the whole object


def test_slices_do_not_share_fields_and_each_is_part_of_the_engine_settings():
    seen: set[str] = set()
    for cls in SLICES:
        assert not seen & set(cls.model_fields), cls
        seen |= set(cls.model_fields)
    assert seen < set(EngineSettings.model_fields)


def test_a_slice_validates_on_its_own_and_reads_no_environment(monkeypatch):
    monkeypatch.setenv("CITELINE_K", "9")
    assert AnswerSettings().k == 5
    with pytest.raises(ValidationError, match="k"):
        AnswerSettings(k=0)
    with pytest.raises(ValidationError, match="chroma_url"):
        StoreSettings(chroma_url="ftp://x")


def test_the_engine_hands_each_component_only_its_slice(sample_index):
    engine = Engine(EngineSettings(index=sample_index, fusion="rrf", max_answer_chars=300))
    try:
        assert type(engine.retriever.settings) is RetrievalSettings and engine.retriever.settings.fusion == "rrf"
        assert type(engine.answerer.settings) is AnswerSettings and engine.answerer.settings.max_answer_chars == 300
        assert type(engine.answerer.abstention.settings) is AnswerSettings
        assert type(engine.checker.settings) is SupportSettings
        assert type(engine.checker.scorer.settings) is SupportSettings
        assert type(engine.generative.settings) is LLMSettings
    finally:
        engine.close()
