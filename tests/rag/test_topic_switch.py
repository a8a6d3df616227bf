"""A new question in a conversation about something else is answered as asked, not from the pages
the conversation was on; a follow-up that leans on the conversation still is. The evaluation's top
passages follow the same decision, and the question alone is searched once."""

import pytest

from rag.in_context import retrieve_in_context
from rag.retriever import HybridRetriever
from rag.topic_switch import ONE_WORD_SWITCH_MARGIN, POINTING_SWITCH_MARGIN, SWITCH_MARGIN, switch_margin
from rag.types import Message
from tests.conftest import ROOT
from tests.rag.conftest import engine_of_files

PAGES = ("tutorial/request-files.md", "tutorial/index.md", "tutorial/testing.md", "tutorial/cors.md",
         "tutorial/background-tasks.md", "advanced/custom-response.md", "advanced/websockets.md")


def test_the_form_of_a_question_says_how_much_it_leans_on_the_conversation():
    assert switch_margin("How do I install FastAPI?") == SWITCH_MARGIN
    assert switch_margin("What's the difference between UploadFile and bytes for file uploads?") == SWITCH_MARGIN
    assert switch_margin("How does FastAPI's HTTPException differ from Starlette's?") == SWITCH_MARGIN
    # Pointer words with many words of its own point inside the question.
    assert switch_margin("How do I accept a path parameter that contains slashes, like a file path?") \
        == POINTING_SWITCH_MARGIN
    assert switch_margin("What is the default?") == ONE_WORD_SWITCH_MARGIN
    # "that" as a conjunction, "it" of "is it possible": no pronoun standing for the turn before.
    assert switch_margin("How do I ensure that my tests run in a fixed order?") == POINTING_SWITCH_MARGIN
    assert switch_margin("Is it possible to upload many files at once with a progress bar?") == POINTING_SWITCH_MARGIN
    # A single word that names something stands alone: "What is Poetry?", "What is ruff-action?".
    assert switch_margin("What is Hishel?") == SWITCH_MARGIN
    assert switch_margin("What is ruff-action?") == SWITCH_MARGIN
    # Both sides of a comparison named before "differ", or "same" with its "as": it compares inside itself.
    assert switch_margin("How do project.dependencies and tool.poetry.dependencies differ?") == SWITCH_MARGIN
    assert switch_margin("Why shouldn't Poetry be installed into the same environment as my project?") == SWITCH_MARGIN
    # A pointer after a first clause of its own points at that clause.
    assert switch_margin("I have both index.md and README.md in the same folder. Which one becomes the page?") \
        == SWITCH_MARGIN
    assert switch_margin("What is a JWT, and is it encrypted?") == SWITCH_MARGIN
    # A possessive after three topic words is theirs.
    assert switch_margin("How do I make the Ruff language server write its logs to a file?") == SWITCH_MARGIN
    # ... and so is one after the question's own subject (uv's docs, try20: answered from the previous
    # answer's page on dependency sources).
    assert switch_margin("Where does uv store its cache?") == SWITCH_MARGIN
    assert switch_margin("Where does Poetry keep their virtual environments?") == SWITCH_MARGIN
    assert switch_margin("How does it store its cache?") is None
    assert switch_margin("A folder in my src has the same name as a pip package I use, and Ruff treats the package "
                         "as first-party; how do I fix that?") == SWITCH_MARGIN
    for leaning in ("What do I need to install for that?", "And on Windows?", "What about PowerShell?",
                    "But how do I test it?", "Is anything different for the async client?",
                    "Can I export the whole site to PDF as well?", "Does the async client need something else?",
                    "Which extra do I have to install first?", "Who said that?",
                    "For the async client, how do I do that?", "Is it the same as before?",
                    "Is the async client the same?", "Great, and does it work?",
                    "Sure. How do I install it?", "How do I set the timeout for its pool?",
                    # A pronoun after no more than the verb stands for the turn before, however many
                    # words follow (DRF docs, try23).
                    "How do I set that for every view instead of one?",
                    "How do I make it work on a single object rather than the whole list?"):
        assert switch_margin(leaning) is None, leaning


@pytest.fixture(scope="module")
def fastapi_engine(tmp_path_factory):
    corpus = ROOT / "bench" / "data" / "docsqa" / "fastapi" / "corpus"
    engine = engine_of_files(tmp_path_factory, "switch", {p: (corpus / p).read_text(encoding="utf-8") for p in PAGES})
    yield engine
    engine.close()


def _history(engine, first: str) -> list[Message]:
    before = engine.ask(first)
    assert not before.abstained
    return [Message(role="user", content=first), Message(role="assistant", content=before.answer)]


def _after(engine, first: str, second: str):
    return engine.ask(second, history=_history(engine, first))


@pytest.mark.parametrize("first, second", [
    ("How do I upload a file?", "How do I install FastAPI?"),
    ("How do I add CORS?", "How do I run a task after returning a response?"),
    ("How do I use WebSockets?", "How do I return HTML?"),
    ("How do I define a background task?", "How do I test my app?"),
    ("How do I upload a file?", "How do I allow requests from another origin?"),
])
def test_a_question_on_another_subject_is_answered_as_asked_alone(fastapi_engine, first, second):
    after = _after(fastapi_engine, first, second)
    alone = fastapi_engine.ask(second)
    assert after.answer == alone.answer
    assert [s.path for s in after.sources] == [s.path for s in alone.sources]


def test_an_elliptic_follow_up_still_reads_the_conversation(fastapi_engine):
    after = _after(fastapi_engine, "How do I upload a file?", "What do I need to install for that?")
    assert not after.abstained and "python-multipart" in after.answer, after.answer
    assert all(s.path == "tutorial/request-files.md" for s in after.sources)


def test_a_question_on_the_same_page_keeps_the_conversation(fastapi_engine):
    # Its words stand alone, but asked alone it finds the uploads page the previous answer quoted.
    from rag.followup import previous_quotes
    from rag.topic_switch import finds_elsewhere

    before = fastapi_engine.ask("How do I upload a file?")
    history = [Message(role="user", content="How do I upload a file?"),
               Message(role="assistant", content=before.answer)]
    question = "How do I accept multiple uploaded files?"
    assert switch_margin(question) == SWITCH_MARGIN
    retriever = fastapi_engine.retriever
    quotes = previous_quotes(history, retriever)
    assert quotes
    store = retriever.store
    assert not finds_elsewhere(retriever.retrieve(question, retriever.k), quotes, store.catalog, store.embedder)


# The search a question gets in a conversation (rag/in_context.py): the chain's and the evaluation's.
def _ids(retrieval) -> list[str]:
    return [h.chunk.chunk_id for h in retrieval.hits]


def test_the_evaluation_reads_a_topic_switch_as_asked_alone(fastapi_engine):
    history = _history(fastapi_engine, "How do I upload a file?")
    question = "How do I allow requests from another origin?"
    found = retrieve_in_context(fastapi_engine.retriever, question, history, fastapi_engine.retriever.k)
    assert found.history == [] and found.resolved.method == "standalone"
    alone = fastapi_engine.retrieve(question)
    assert _ids(found.retrieval) == _ids(alone)
    assert _ids(fastapi_engine.retrieve_in_context(question, history)) == _ids(alone)


def test_a_follow_up_is_still_resolved_against_the_conversation(fastapi_engine):
    history = _history(fastapi_engine, "How do I upload a file?")
    found = retrieve_in_context(fastapi_engine.retriever, "How do I accept multiple uploaded files?", history,
                                fastapi_engine.retriever.k)
    assert found.history == history and found.resolved.method == "fused" and found.quotes


def test_the_question_alone_is_searched_once(fastapi_engine, monkeypatch):
    history = _history(fastapi_engine, "How do I upload a file?")
    question = "How do I accept multiple uploaded files?"
    searched: list[tuple[str, int]] = []
    real = HybridRetriever.retrieve

    def counting(self, query, k, **kwargs):
        searched.append((query, k))
        return real(self, query, k, **kwargs)

    monkeypatch.setattr(HybridRetriever, "retrieve", counting)
    fastapi_engine.ask(question, history=history)
    assert [s for s in searched if s[0] == question] == [(question, fastapi_engine.retriever.k * 2)]


def test_the_first_k_of_a_search_at_2k_are_a_search_at_k(fastapi_engine):
    k = fastapi_engine.retriever.k
    for question in ("How do I upload a file?", "How do I allow requests from another origin?",
                     "How do I run a task after returning a response?", "How do I test my app?"):
        wide = fastapi_engine.retrieve(question, k * 2)
        assert _ids(wide)[:k] == _ids(fastapi_engine.retrieve(question, k)), question


def test_a_switch_searched_with_few_candidates_gets_what_a_search_at_k_finds(fastapi_engine):
    # The first k of the question's search at 2k are its search at k only while 2k fits in the candidates each
    # list fetches: with fewer, the fusion at 2k reads longer lists and ranks them otherwise.
    base = fastapi_engine.retriever
    k = base.k
    narrow = base.model_copy(update={"settings": base.settings.model_copy(update={"candidates": k})})
    history = _history(fastapi_engine, "How do I upload a file?")
    question = "How do I allow requests from another origin?"
    found = retrieve_in_context(narrow, question, history, k)
    assert found.resolved.method == "standalone"
    assert _ids(found.retrieval) == _ids(narrow.retrieve(question, k))
