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
