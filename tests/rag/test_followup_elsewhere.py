"""An elliptic follow-up whose one topic word is a verb ("How do I test it?") asks that verb of what
the conversation was about (the WebSocket endpoint), not of any sentence of the previous answer's page
that has the word ("`/users/me` is tested first" on the routing page). When no unit of the
conversation's pages names both, a page that does answers it (rag/answerer.py,
`_answering_elsewhere`). On Starlette's routing and testing pages (BSD 3-Clause;
tests/ingest/fixtures/starlette/NOTICE)."""

from pathlib import Path

import pytest

from rag.types import Message
from tests.rag.conftest import engine_of_files

STARLETTE = Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "starlette"
PAGES = ("routing.md", "testclient.md")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "starlette-followup",
                             {p: (STARLETTE / p).read_text(encoding="utf-8") for p in PAGES})
    yield engine
    engine.close()


def _follow(engine, question: str, follow_up: str):
    first = engine.ask(question)
    assert not first.abstained
    return first, engine.ask(follow_up, history=[Message(role="user", content=question),
                                                 Message(role="assistant", content=first.answer)])


def test_a_verb_of_a_pronoun_is_asked_of_the_conversations_subject(engine):
    first, answer = _follow(engine, "How do I write a WebSocket endpoint?", "How do I test it?")
    assert first.sources[0].path.endswith("routing.md")
    assert not answer.abstained
    # Before: the route-priority code of the routing page ("`/users/me` is tested first").
    assert answer.sources[0].path.endswith("testclient.md")
    assert "tested first" not in answer.answer
    assert "websocket" in (answer.sources[0].heading or "").lower() + answer.answer.lower()


def test_the_conversations_page_answers_when_it_names_both(engine):
    # The routing page says how WebSocket routes take path parameters: the follow-up stays there.
    _, answer = _follow(engine, "How do I write a WebSocket endpoint?", "Can it take path parameters?")
    assert not answer.abstained
    assert answer.sources[0].path.endswith("routing.md")
