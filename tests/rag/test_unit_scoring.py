"""Scoring prefers the unit that answers over the one that resembles the question (the issue's
real examples), on a real index of a small structured corpus."""

import pytest

from rag.question_type import question_type
from rag.terms import terms
from rag.unit_scoring import answer_fit, is_fragment, looks_like_heading
from rag.units import Unit
from tests.rag.conftest import STRUCTURED


def _unit(kind, text, display=None):
    return Unit(kind, text, 0, len(text), display or text)


def _fit(question, unit):
    return answer_fit(unit, question_type(question), terms(question), terms(unit.display)).value


def test_forms_that_only_resemble_the_question_lose():
    q = "What chunk size does GFS use?"
    answer = _unit("sentence", "We have chosen 64 MB, which is much larger than typical file system block sizes.")
    for loser in (_unit("sentence", "GFS chunkserverGFS chunkserver"), _unit("sentence", "2.5 Chunk Size"),
                  _unit("heading", "## Chunk Size", "Chunk Size"), _unit("sentence", "What chunk size does GFS use?"),
                  Unit("sentence", "The chunk size GFS uses:", 0, 24, "The chunk size GFS uses:", introduces=True)):
        assert _fit(q, answer) > _fit(q, loser) + 0.2, loser.text


def test_fragments_and_headings_are_recognised():
    assert is_fragment("GFS chunkserverGFS chunkserver") and is_fragment("(chunk handle, byte range)")
    assert looks_like_heading("2.5 Chunk Size") and looks_like_heading("Defining Tidy Data")
    assert not is_fragment("Each variable forms a column.")
    assert not looks_like_heading("Chunk size is one of the key design parameters.")


def test_list_of_the_asked_length_wins_a_list_question():
    q = "What are the three principles of tidy data?"
    three = _unit("lead_in", "In tidy data:\n1. a\n2. b\n3. c",
                  "In tidy data:\n- Each variable forms a column.\n- Each observation forms a row.\n"
                  "- Each type of observational unit forms a table.")
    restated = _unit("sentence", "Section 2 begins by defining the three characteristics that make a dataset tidy.")
    assert _fit(q, three) > _fit(q, restated) + 0.2


def _document(name):
    return STRUCTURED[name]


@pytest.mark.parametrize("question,expected,unwanted", [
    ("What is the difference between UploadFile and bytes for file uploads?",
     "You don't have to use `File()` in the default value of the parameter.", "Writes `data`"),
    ("What are the three principles of tidy data?", "Each variable forms a column.", "Section 2 begins"),
    ("What chunk size does GFS use?", "64 MB", "chunkserverGFS"),
])
def test_the_answering_unit_is_chosen(structured_engine, question, expected, unwanted):
    answer = structured_engine.ask(question)
    assert not answer.abstained
    assert expected in answer.answer and unwanted not in answer.answer, answer.answer
    assert "{ #" not in answer.answer and "2.5 Chunk Size" not in answer.answer
    assert len(answer.answer) < 700
    for s in answer.sources:
        assert _document(s.path)[s.start:s.end] == s.text


# Real sentences from FastAPI's docs (MIT licence).
def test_a_statement_followed_by_its_reason_answers_why():
    q = "Why is a dummy hash still checked for usernames that do not exist?"
    statement = ("When `authenticate_user` is called with a username that doesn't exist in the database, we still run "
                 "`verify_password` against a dummy hash.")
    reason = ("This ensures the endpoint takes roughly the same amount of time to respond whether the username is "
              "valid or not, preventing timing attacks that could be used to enumerate existing usernames.")
    pair = _unit("pair", statement + "\n\n" + reason, statement + " " + reason)
    assert _fit(q, pair) > _fit(q, _unit("sentence", statement)) + 0.05
    # The same pair answers nothing else better than its sentences do.
    assert _fit("How is a dummy hash checked?", pair) <= _fit("How is a dummy hash checked?", _unit("sentence", statement))


def test_pointers_and_cut_off_continuations_lose():
    q = "What is a middleware?"
    definition = _unit("sentence", 'A "middleware" is a function that works with every request before it is '
                                   "processed by any specific path operation.")
    pointer = _unit("sentence", "Read more about them in the FastAPI docs for Middleware.")
    assert _fit(q, definition) > _fit(q, pointer) + 0.3
    cut_off = _unit("sentence", "and those default values won't be included in the response, only the values actually set.")
    whole = _unit("sentence", "Use `response_model_exclude_unset` to return only the values explicitly set.")
    q = "How do I leave out the defaults in the response?"
    assert _fit(q, whole) > _fit(q, cut_off) + 0.2


def test_an_instruction_naming_the_code_to_use_answers_how():
    q = "How do I leave out the defaults in the response?"
    instruction = _unit("sentence", "Use `response_model_exclude_unset` to return only the values explicitly set.")
    bare_list = _unit("list", "- `response_model_exclude_defaults=True`\n- `response_model_exclude_none=True`")
    described = _unit("sentence", "Use the response model to filter the data.")
    assert _fit(q, instruction) > _fit(q, described) >= 0
    assert _fit(q, instruction) >= _fit(q, bare_list)


def test_an_announced_reason_is_not_a_reason():
    q = "Why does the Dockerfile copy the requirements file first?"
    announced = "There's an important trick here, we first copy the requirements. Let me tell you why that is."
    assert _fit(q, _unit("sentence", announced)) == 0.0
    # "lets you" still says what something is for.
    assert _fit(q, _unit("sentence", "Copying it first lets Docker reuse the cached layer.")) > 0.0
