"""What a term is, asked alone, and whether the answer shown says it (rag/asked_definition.py;
docs/quality.md, issue 14, abs27)."""

import pytest

from rag.asked_definition import asked_term, defines, lacks_definition
from tests.rag.conftest import leave_one_out


@pytest.mark.parametrize("question,term", [
    ("What is Hishel?", "hishel"),
    ("What is the pool timeout?", "pool timeout"),
    ("What is a middleware in FastAPI?", "middleware"),
    ("What are clades?", "clades"),
    ("What is HTTP digest authentication?", "http digest authentication"),
    # Something else asked of the term than what it is.
    ("What is SQLModel built on?", ""),
    ("What is the poetry.toml file for?", ""),
    ("What is a Session in the SQLModel example responsible for?", ""),
    ("What is the hymn known as in English?", ""),
    ("What is a turbine's theoretical Carnot efficiency?", ""),
    ("What are the deployment concepts I should keep in mind?", ""),
    ("What does the poetry check command do?", ""),
    ("How do I add a middleware?", ""),
    # A follow-up's pronoun, a place that is no product name.
    ("What is its half-life in patients?", ""),
    ("What are cartel leaders prioritizing now?", ""),
    ("What is caching?", "caching"),
    # A value or a pick asked, not a term.
    ("What is the default?", ""),
    ("What is the largest port in Europe?", ""),
    ("What is it?", ""),
    ("What is the NASUWT in Wales?", "nasuwt"),
])
def test_only_a_bare_what_is_question_is_read(question, term):
    assert asked_term(question) == term


@pytest.mark.parametrize("piece,term", [
    ("The pool timeout specifies the maximum duration to wait for a connection.", "pool timeout"),
    ('A "middleware" is a function that works with every request.', "middleware"),
    ("Hishel: An elegant HTTP Cache implementation for HTTPX and HTTP Core.", "hishel"),
    ("JWT means \"JSON Web Tokens\".", "jwt"),
    ("Engineering News-Record (ENR) is a trade magazine for the construction industry.", "engineering news-record"),
    ("There were two previously unknown but related clades (genetic branches) of the Y. pestis genome.", "clades"),
    ("there are infinitely many twin primes, pairs of primes with difference 2", "twin prime"),
    ("Other requirements come from malum prohibitum considerations, or things that are a matter of custom",
     "malum prohibitum considerations"),
    ("others point to additional septicemic (a type of \"blood poisoning\") infection", "septicemia"),
])
def test_the_forms_a_definition_takes(piece, term):
    assert defines(piece, term)


@pytest.mark.parametrize("piece,term", [
    # The term named in passing: an object, a list of what is supported, a clause after it.
    ("If you use `requests-cache` to add HTTP Caching support to the `requests` library, you can use Hishel for HTTPX.",
     "hishel"),
    ("HTTPX supports Basic and Digest HTTP authentication.", "http digest authentication"),
    ("There are several middlewares available provided by Starlette directly.", "middleware"),
    ("FastAPI provides several middlewares in `fastapi.middleware`, and most come from Starlette.", "middleware"),
    # Code defines nothing, whatever it names.
    ('my-cool-package = { version = "*", source = "foo" }', "supplemental package source"),
    ("[[tool.poetry.source]]", "supplemental package source"),
])
def test_a_mention_in_passing_is_no_definition(piece, term):
    assert not defines(piece, term)


def test_an_answer_is_declined_when_no_unit_of_it_says_what_the_term_is():
    # HTTPX a27 with advanced/timeouts.md left out, then with it.
    assert lacks_definition("What is the pool timeout?", [
        "HTTPX defaults to including reasonable timeouts for all network operations, while Requests has no timeouts "
        "by default.", "You can control the connection pool size using the `limits` keyword argument on the client."])
    assert not lacks_definition("What is the pool timeout?", [
        "There are four different types of timeouts that may occur. These are connect, read, write, and pool timeouts.",
        "The pool timeout specifies the maximum duration to wait for acquiring a connection from the connection pool."])
    # Other questions are not read, whatever is shown.
    assert not lacks_definition("How do I set the pool timeout?", ["Nothing about it."])


def test_hostile_text_is_read_in_linear_time():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    assert asked_term("What is " + "a " * 20_000 + "?") == ""
    assert not lacks_definition("What is Hishel?", ["Hishel" + " ," * 20_000, "Hishel " * 20_000])
    assert lacks_definition("What is Hishel?", ["use Hishel " * 20_000, "use (x " * 20_000 + "Hishel"])
    assert time.process_time() - began < 2


@pytest.fixture(scope="module")
def hishel_pages(tmp_path_factory, embedder):
    # compatibility.md names Hishel in passing; third_party_packages.md says what it is.
    with leave_one_out(tmp_path_factory, "httpx", ["compatibility.md", "third_party_packages.md", "advanced/transports.md"],
                       "third_party_packages.md") as engines:
        yield engines


def test_a_term_the_indexed_pages_only_mention_is_not_defined_from_them(hishel_pages):
    assert hishel_pages[False].ask("What is Hishel?").abstained
    answer = hishel_pages[True].ask("What is Hishel?")
    assert not answer.abstained and "HTTP Cache" in answer.answer, answer.answer


def test_a_long_run_of_spaces_in_the_question_is_read_at_once():
    # The API takes questions of 2,000 characters; with its spaces not collapsed the question's regex
    # backtracked for half a minute on this one.
    assert asked_term("What is a" + " " * 2000 + "x") == ""
    assert asked_term("What is a" + " \t" * 1000 + "transport?") == "transport"


def test_a_sentence_holding_an_equals_sign_may_still_define():
    assert defines("The ratio (a = b/c) is the share of hits.", "ratio")
    assert not defines("ratio = hits / total", "ratio")
