"""The dense search's first passage is read besides the fused k (rag/leaders.py): on HTTPX's own pages
(bench/data/docsqa/httpx/corpus), "HTTPX requires Python 3.9+" (index.md) is what the question's
meaning finds first, yet shares no keyword with it, and convex fusion ranks it below the k. Read, it
answers, and leads: the read winner names no version, which the question asks; whether the question
is answered at all is still decided on the k alone. Dev item HTTPX a54."""

from dataclasses import replace

import pytest

from rag.leaders import Deferred, states_what_winner_lacks, with_leaders
from tests.rag.conftest import pages_of

PAGES = ["index.md", "http2.md", "advanced/extensions.md", "contributing.md", "compatibility.md", "quickstart.md",
         "async.md"]

VERSION = "Which Python version does httpx need?"
REQUIRES = "HTTPX requires Python 3.9+"


@pytest.fixture(scope="module")
def httpx(tmp_path_factory, embedder):
    with pages_of(tmp_path_factory, "httpx", PAGES) as engine:
        yield engine


def test_the_dense_first_falls_out_of_the_fused_k(httpx):
    retrieval = httpx.retrieve(VERSION)
    assert not any(REQUIRES in h.chunk.text for h in retrieval.hits)
    # First among the leaders; a chunk holding a sentence that restates the question may follow
    # (rag/closest_sentence.py).
    assert retrieval.leaders[0].chunk.path == "index.md"
    assert REQUIRES in retrieval.leaders[0].chunk.text
    dense = httpx.retrieve(VERSION, mode="dense")
    assert dense.hits[0].chunk.chunk_id == retrieval.leaders[0].chunk.chunk_id


def test_read_besides_the_k_it_leads_a_winner_naming_no_version(httpx):
    answer = httpx.ask(VERSION)
    assert not answer.abstained
    # Read in corpus order, the leader's page opens the answer: what HTTPX is, for Python 3, then
    # what it requires; the read winner on HTTP/2 no longer comes first. Nor does it follow: naming no
    # version, on another page, 0.2 below the leader and under a heading naming nothing asked, it would
    # only pad the answer (rag/answerer.py, `_earns_place`).
    assert answer.answer.startswith("HTTPX is a fully featured HTTP client for Python 3"), answer.answer
    assert REQUIRES in answer.answer, answer.answer
    assert "HTTP/2 support is not enabled" not in answer.answer, answer.answer


def test_a_leader_leads_only_stating_the_kind_of_value_the_winner_lacks():
    winner = "HTTP/2 support is not enabled by default: HTTP/1.1 is a mature transport layer."
    assert states_what_winner_lacks(VERSION, winner, REQUIRES)
    # The winner states a version too, the leader none, or the question asks no kind of value: the
    # leader stands second to a winner of sound form.
    assert not states_what_winner_lacks(VERSION, "HTTPX supports Python 3.8 and later.", REQUIRES)
    assert not states_what_winner_lacks(VERSION, winner, "HTTPX is a fully featured HTTP client.")
    assert not states_what_winner_lacks("How do I enable HTTP/2?", winner, REQUIRES)
    assert states_what_winner_lacks("Which status code does RedirectResponse use by default?",
                                    "Check the MDN documentation about HTTP status codes.",
                                    "By default, RedirectResponse uses the 307 status code.")


def test_whether_to_answer_is_decided_on_the_k_alone(httpx):
    retrieval = httpx.retrieve(VERSION)
    answerer = httpx.answerer
    with_first = answerer.scored(retrieval)
    without = answerer.scored(replace(retrieval, leaders=()))
    assert with_first.leaders and not without.leaders
    assert any(c.hit.chunk.path == "index.md" for c in with_first.candidates)
    assert answerer.decide(with_first, retrieval) == answerer.decide(without, retrieval)


def test_a_leader_already_read_is_not_read_twice(httpx):
    retrieval = httpx.retrieve(VERSION, mode="dense")
    hits, added = with_leaders(retrieval.hits, retrieval.leaders)
    assert retrieval.leaders and hits == retrieval.hits and not added
    hits, added = with_leaders(retrieval.hits[1:], retrieval.leaders)
    assert hits[-1] is retrieval.leaders[0] and added == {retrieval.leaders[0].chunk.chunk_id}


def test_the_leaders_are_the_same_whatever_the_k_ranked(httpx):
    """A conversation ranks twice the k first and cuts, a look-up of where a text is ranks 50: a
    question reads the same leaders whichever ranked it (over 50 candidates, another sentence than
    over the answer's restates this one)."""
    as_asked = [h.chunk.chunk_id for h in httpx.retrieve(VERSION).leaders]
    ranked_wider = [h.chunk.chunk_id for h in httpx.retrieve(VERSION, 50).leaders]
    assert as_asked and as_asked == ranked_wider


def test_the_leaders_are_found_once_and_only_when_read():
    calls = []
    leaders = Deferred(lambda: calls.append(1) or ("first", "restating"))
    assert not calls
    assert list(leaders) == ["first", "restating"] and leaders[1] == "restating" and len(leaders) == 2
    assert calls == [1]


def test_the_leaders_read_from_two_threads_at_once_are_found_once():
    import threading
    import time

    calls = []

    def find():
        calls.append(1)
        time.sleep(0.2)  # both threads arrive while the first is still finding
        return ("first",)

    leaders = Deferred(find)
    readers = [threading.Thread(target=lambda: list(leaders)) for _ in range(2)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert calls == [1] and list(leaders) == ["first"]
