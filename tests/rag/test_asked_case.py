"""A "What if X?" question's case, and the units that answer it: what happens then or what to do."""

import pytest

from rag.asked_case import answers_case, asked_case, case_terms, restates_case
from rag.terms import terms


@pytest.mark.parametrize("question,case", [
    ("What if the parameter itself contains a file path with slashes?", "the parameter itself contains a file path with slashes"),
    ("What happens if that variable isn't set?", "that variable isn't set"),
    ("What would happen if the lock file is missing?", "the lock file is missing"),
    ("What happens to the cache when the server restarts?", "the server restarts"),
    # Asking how, what about, or what happened asks for no case.
    ("How do I declare a path parameter?", ""),
    ("What about Windows?", ""),
    ("What happened in 1990?", ""),
])
def test_the_case_is_what_follows_what_if(question, case):
    assert asked_case(question) == case


def test_the_situation_is_named_by_its_content_words():
    assert case_terms("I already have a project folder") == terms("project folder")


@pytest.mark.parametrize("prose", [
    "Using an option directly from Starlette you can declare a path parameter containing a path using a URL like:",
    "Any `off` comment without a matching `on` comment will implicitly cover the remaining portion of the document.",
    "In this case, the name of the parameter is `file_path`, and the last part tells it to match any path.",
    "If the variable is not set, the value defaults to `null`.",
    # "If X, then Y": what follows from the condition, whatever its verb.
    "If the environment variable is not defined, then the setting would be assigned a `null` value.",
])
def test_what_to_do_or_what_then_happens_answers_the_case(prose):
    assert answers_case(prose)


@pytest.mark.parametrize("prose", [
    # A supposed case shown ("would be"), the situation said again, a plain statement.
    "In that case, the URL would be: `/files//home/johndoe/myfile.txt`.",
    "But you need `file_path` itself to contain a path, like `home/johndoe/myfile.txt`.",
    "User and Organization Pages sites are not tied to a specific project.",
])
def test_the_situation_alone_does_not_answer_the_case(prose):
    assert not answers_case(prose)


def test_a_unit_naming_half_the_situation_restates_it():
    situation = case_terms("the parameter itself contains a file path with slashes")
    assert restates_case(situation, terms("You might need the parameter to contain a path with a leading slash."))
    assert not restates_case(situation, terms("So, the URL for that file would be something like this."))
    # One word is no situation to say again.
    assert not restates_case(case_terms("it breaks"), terms("It breaks."))
