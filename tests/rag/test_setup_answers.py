"""How-to questions answered by the set-up code, not by a bullet defining one option (Starlette's docs,
tests/ingest/fixtures/starlette, BSD-3): "How do I enable CORS?" is `Middleware(CORSMiddleware, ...)`."""

from pathlib import Path

import pytest

from rag.question_type import question_type
from rag.trimmed_code import trimmed
from rag.unit_scoring import uses_asked_name
from tests.rag.conftest import engine_of_files

_STARLETTE = Path(__file__).parents[1] / "ingest" / "fixtures" / "starlette"


@pytest.fixture(scope="module")
def starlette(tmp_path_factory):
    # With the pages beside them, as in the docs: "CORS" is a word of a few chunks, a name to look for.
    names = ("middleware.md", "exceptions.md", "threadpool.md", "routing.md", "testclient.md")
    return engine_of_files(tmp_path_factory, "starlette-setup",
                           {name: (_STARLETTE / name).read_text(encoding="utf-8") for name in names})


@pytest.mark.parametrize("question, code", [
    ("How do I enable CORS for my app?", "Middleware(CORSMiddleware"),
    ("How do I add GZip compression?", "Middleware(GZipMiddleware"),
    ("How do I use sessions?", "Middleware(SessionMiddleware"),
])
def test_a_how_to_is_answered_by_the_code_setting_up_what_it_names(starlette, question, code):
    answer = starlette.ask(question)
    assert code in answer.answer, answer.answer


def test_how_to_change_a_size_is_answered_by_the_code_that_changes_it(starlette):
    answer = starlette.ask("How do I change the size of the thread pool?")
    assert "limiter.total_tokens = 100" in answer.answer, answer.answer


def test_code_cut_to_the_budget_keeps_the_lines_that_carry_what_is_asked(starlette):
    answer = starlette.ask("How do I return a custom page for 404 errors?")
    assert "async def not_found" in answer.answer and "404: not_found," in answer.answer, answer.answer
    assert "…" in answer.answer


@pytest.mark.parametrize("question", ["Show me an example of a lifespan handler",
                                      "Can you give me an example of a streaming response?",
                                      "How do I change the size of the thread pool?",
                                      "How can I raise the limit of open connections?"])
def test_asking_for_an_example_or_to_change_a_size_is_a_how_to(question):
    assert question_type(question).kind == "howto"


def test_how_long_is_still_a_quantity():
    assert question_type("How long do browsers cache CORS preflight responses by default?").kind == "quantity"


def test_a_name_built_on_a_word_of_the_question_is_used_but_not_a_kind_of_thing():
    from rag.terms import terms

    asked = terms("How do I set a cookie on a response?")
    assert uses_asked_name("response.set_cookie(key='a', value='b')", asked)
    assert not uses_asked_name("response = HTMLResponse(content)", asked)  # a response, set nothing on it
    assert uses_asked_name("Middleware(CORSMiddleware, allow_origins=['*'])", terms("How do I enable CORS?"))


def test_a_cut_with_nothing_asked_past_it_keeps_the_head():
    head = "Do this:\n"
    code = "\n\n".join(f"step_{n} = run({n})" for n in range(80))
    asked = frozenset({"step_3"})
    assert trimmed(head + code, len(head), asked=asked) == trimmed(head + code, len(head))
