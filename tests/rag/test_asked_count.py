"""A setting's count asked must be stated, beside the thing counted, in what is shown
(rag/asked_count.py; docs/quality.md, issue 14, abst20)."""

import pytest

from rag.asked_count import counted, lacks_count
from tests.rag.conftest import leave_one_out


@pytest.mark.parametrize("question,noun", [
    ("What is the default maximum number of connections in the pool?", {"connect"}),
    ("How many keep-alive connections are allowed by default?", {"connect"}),
    ("How many uvicorn workers should I run?", {"worker"}),
    ("What is the default connection pool size of the engine?", {"size"}),
    ("Which ports does the httpx test suite use?", {"port"}),
    ("How do I raise the maximum number of arguments a function may have before Ruff complains?", {"argument"}),
    # The counted noun ends before a preposition ("behind", "than").
    ("How many Go releases behind the latest can the minimum supported toolchain be?", {"releas"}),
    # No setting: prose counts in its own words ("four Pro Bowl selections" for players).
    ("How many Panthers defense players were selected for the Pro Bowl?", set()),
    ("How many phases does the VESPA pipeline have?", set()),
    # A duration, rag/asked_quantity.py's; a default that is no count.
    ("How many seconds is the default timeout?", set()),
    ("Which Markdown extensions are turned on by default?", set()),
])
def test_only_a_settings_count_is_read(question, noun):
    assert counted(question) == noun


def test_the_thing_counted_and_a_number_stand_together():
    question = "How many keep-alive connections are allowed by default?"
    assert lacks_count(question, ["There are four different types of timeouts that may occur. These are connect, "
                                  "read, write, and pool timeouts."])
    assert not lacks_count(question, ["- `max_keepalive_connections`, number of allowable keep-alive connections, "
                                      "or `None` to always allow. (Defaults 20)"])
    # "chars" for "characters".
    assert not lacks_count("How many characters does a search query need by default?",
                           ["By default searches shorter than 3 chars in length are ignored."])
    assert not lacks_count("What is a middleware?", ["A function that works with every request."])


@pytest.fixture(scope="module")
def httpx_pages(tmp_path_factory, embedder):
    """HTTPX's timeouts, clients and resource-limits pages (docs-QA set), with and without the
    resource-limits page that states the pool's defaults."""
    names = ["advanced/timeouts.md", "advanced/clients.md", "advanced/resource-limits.md"]
    with leave_one_out(tmp_path_factory, "httpx", names, "advanced/resource-limits.md") as engines:
        yield engines


def test_a_count_asked_whose_page_is_not_indexed_is_declined(httpx_pages):
    # HTTPX a53 with resource-limits.md left out: the timeouts page counts timeouts, not connections.
    question = "How many keep-alive connections are allowed by default?"
    assert httpx_pages[False].ask(question).abstained
    answer = httpx_pages[True].ask(question)
    assert not answer.abstained
    assert "20" in answer.answer, answer.answer
