"""With an LLM, checked citations point at the exact span of an answer unit (a lead-in with its list)."""

import re

from rag.engine import Engine
from rag.settings import EngineSettings
from tests.llm_server import ScriptedLLMServer
from tests.rag.conftest import UPLOAD


def test_generated_sentence_cites_the_lead_in_with_its_list(structured_engine):
    index = structured_engine.settings.index
    with ScriptedLLMServer() as server:
        engine = Engine(EngineSettings(index=index, llm_base_url=server.url + "/v1"))
        question = "What is the difference between UploadFile and bytes for file uploads?"
        passages = engine.retriever.retrieve(question, engine.settings.k).hits
        n = next(i for i, h in enumerate(passages, 1) if "several advantages" in h.chunk.text)
        server.script(f"UploadFile has several advantages over bytes: you don't have to use File() in the "
                      f"default value, it uses a spooled file and you can get metadata from the uploaded file [{n}].")
        answer = engine.ask(question, llm="openai:m")
    assert answer.mode == "generated" and answer.sentences[0].supported, answer
    [source] = answer.sources
    assert UPLOAD[source.start:source.end] == source.text
    assert source.text.startswith("Using `UploadFile` has several advantages over `bytes`:")
    assert re.search(r"You can get metadata from the uploaded file\.", source.text)


def test_a_documents_own_citation_marks_reach_the_model_as_ref_marks(tmp_path):
    """A paper's "[1,2]" copied by the model would be read as Citeline's sources 1 and 2."""
    from ingest.pipeline import ingest
    from ui.settings import Settings

    (tmp_path / "kidney.txt").write_text(
        "Kidney Notes\n\nAldosterone regulates electrolyte homoeostasis in the distal nephron [1,2]. "
        "It is released by the adrenal cortex when sodium falls [3].\n")
    with ScriptedLLMServer() as server:
        settings = Settings(index=tmp_path / "index", llm_base_url=server.url + "/v1")
        assert ingest([tmp_path / "kidney.txt"], settings).added == 1
        server.script("Aldosterone regulates electrolyte homoeostasis in the distal nephron [refs 1,2] [1].")
        answer = Engine(settings).ask("What does aldosterone regulate?", llm="openai:m")
        prompt = server.requests[-1]["messages"][1]["content"]
    assert "distal nephron [refs 1,2]." in prompt and "sodium falls [ref 3]." in prompt
    assert "[1,2]" not in prompt
    assert answer.mode == "generated" and [s.citations for s in answer.sentences] == [[1]]
    assert answer.sentences[0].supported
    assert "[refs 1,2]" in answer.answer
