"""A rate, a price, a dose or a status code asked for, and whether the answer shown states one
(rag/asked_measure.py; docs/quality.md, issue 14, una23, abst26)."""

from dataclasses import dataclass

import pytest

from rag.asked_measure import asked, holds, lacks_measure
from tests.rag.conftest import pages_of


@pytest.mark.parametrize("question,kind", [
    ("How do I limit my client to at most 10 requests per second?", "rate"),
    ("How can I throttle a download to 1 MB per second?", "rate"),
    ("How do I allow 100 calls a minute?", "rate"),
    ("How much does it cost a small company to implement the SSDF?", "price"),
    ("And how much did that cost on Amazon's cloud?", "price"),
    ("What is the price of Starlette Pro?", "price"),
    ("What enoxaparin dose is recommended for trauma patients?", "dose"),
    ("Which status code does RedirectResponse use by default?", "status"),
    ("What HTTP status code should a missing item return?", "status"),
    # A doing and a definition, answered with no code named.
    ("How do I set the status code of a response?", None),
    ("What is a status code?", None),
    ("Which dose of aspirin did the trial give?", "dose"),
    # No number before the span: an ordinal, a time, a count asked.
    ("Who was assigned to design a second master plan?", None),
    ("How much food does a ctenophora eat in a day?", None),
    ("In the HR example, how many records a day would make the algorithm send an alert?", None),
    # An overhead, answered in other words; a claim naming its dose (SciFact) asks nothing.
    ("What is the performance cost of validators?", None),
    ("A 100g dose of chloroquine results in retinal toxicity after 1 year of weekly intake.", None),
])
def test_only_questions_a_stated_measure_answers_are_read(question, kind):
    assert asked(question) == kind


def test_any_measure_of_the_kind_asked_will_do():
    assert holds("rate", "Requests are limited to 10/s.") and holds("rate", "Set a rate limit on the transport.")
    assert holds("rate", "It allows at most 5 calls per minute.")
    assert not holds("rate", "Use a default 5s timeout everywhere.")
    assert holds("price", "It costs $40 a month.") and holds("price", "The tool is free and open source.")
    assert not holds("price", "Factors such as risk, cost and feasibility should be considered.")
    assert holds("dose", "Enoxaparin 30 mg twice daily was given.") and holds("dose", "5000 units of heparin")
    assert not holds("dose", "The calculated risk of bleeding is 2.6%.")
    assert holds("status", "Uses a 307 status code (Temporary Redirect) by default.") and holds("status", "`200 - 299`")
    assert not holds("status", "Check the MDN documentation about HTTP status codes, HTTP/1.1 on port 8000.")
    # A code ending its sentence is one ("it uses 307."); a number of a version ("1.200.3") is none.
    assert holds("status", "By default it uses 307.") and holds("status", "It returns 404: not found.")
    assert not holds("status", "Version 1.200.3 changed it.") and not holds("status", "Use 3.14159 or 200.5 here.")
    assert not holds("status", "Coverage is 100% of the lines.") and not holds("status", "It reached 100 percent.")
    assert lacks_measure("How do I limit my client to at most 10 requests per second?",
                         "The default behavior is to raise a `TimeoutException` after 5 seconds of network inactivity.")
    assert not lacks_measure("How do I set a timeout?", "Nothing about it.")


def test_hostile_text_is_read_in_linear_time():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    assert asked("what " * 20_000 + "dose") == "dose"
    assert asked("1 " + "x " * 20_000 + "a second") is None
    assert not holds("price", "cost " * 20_000)
    # A run of numbers with no space after it: each digit of "1.1.1..." once opened a number read to the run's end.
    assert asked("1." * 20_000) is None and asked("1,1" * 10_000 + "x") is None
    assert time.process_time() - began < 2


@dataclass(frozen=True)
class Declined:
    """Pages of a docs-QA set stating no measure of a kind, a question asking one and one they answer."""
    dataset: str
    pages: tuple[str, ...]
    asked: str  # asks a measure the pages never state: declined
    answered: str  # answered, `shown` in the answer
    shown: str


DECLINED = [
    # HTTPX u02 was answered with the client's default timeout.
    Declined("httpx", ("advanced/timeouts.md", "advanced/resource-limits.md", "advanced/extensions.md"),
             "How do I limit my client to at most 10 requests per second?",
             "How do I set a default timeout for every request my client makes?", "timeout"),
    # FastAPI a66 with advanced/custom-response.md left out was answered with "check the MDN documentation".
    Declined("fastapi", ("tutorial/response-status-code.md", "advanced/response-change-status-code.md"),
             "Which status code does RedirectResponse use by default?",
             "Which status code should I return after creating a new record?", "201"),
]


@pytest.fixture(scope="module", params=DECLINED, ids=[d.dataset for d in DECLINED])
def declined_case(request, tmp_path_factory, embedder):
    case: Declined = request.param
    with pages_of(tmp_path_factory, case.dataset, list(case.pages)) as engine:
        yield engine, case


def test_a_measure_asked_that_no_page_states_is_declined(declined_case):
    engine, case = declined_case
    assert engine.ask(case.asked).abstained
    answer = engine.ask(case.answered)
    assert not answer.abstained and case.shown in answer.answer, answer.answer
