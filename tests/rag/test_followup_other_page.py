"""An elliptic follow-up asking what the conversation's page never names ("Where does it get the
username from?" after a publishing answer from a page that never says "username") is answered by
the page naming most of what it asks and most of what was asked (the authentication page for
publishing), not declined; a page sharing only an everyday word with them does not answer it
(rag/answerer.py, `_answering_elsewhere`; rag/followup.py, `FollowUp.names_most_asked`). The pages
are written for this test, after the shape of a packaging tool's docs."""

import pytest

from rag.followup import FollowUp, follow_up
from rag.in_context import retrieve_in_context
from rag.types import Message
from tests.rag.conftest import engine_of_files

PAGES = {
    "publish.md": "# Publishing\n\nAfter your project is built, you can distribute it using the `publish` command. "
                  "The `-p`/`--publisher` option controls which publisher to use, with the default being index.\n\n"
                  "Please refer to the publisher plugin reference for configuration options.\n",
    "how-to/publish/auth.md": "# How to authenticate for index publishing\n\n"
                              "The username is derived from the following sources, in order of precedence:\n\n"
                              "1. The `--user` / `-u` cli option.\n2. The `PACKER_INDEX_USER` environment variable.\n"
                              "3. The `~/.pypirc` file.\n4. The input to an interactive prompt.\n\n"
                              "The password is looked up in the `PACKER_INDEX_AUTH` environment variable.\n",
    "build.md": "# Building\n\nThe `build` command writes a wheel and a source distribution of your package to "
                "the `dist` folder. Each target can be configured in its own table.\n",
    "environments.md": "# Environments\n\nEnvironments hold the dependencies your scripts need. Create one with "
                       "`packer env create` and run a command in it with `packer run`.\n",
    "accounts.md": "# The dashboard\n\nThe dashboard shows the builds of every package you own. Sign in with "
                   "the username and password of your forum account.\n",
    "proxies.md": "# Proxies\n\nA proxy that a package index sits behind and that asks for credentials takes the username and the password in its "
                  "URL, as `http://user:secret@proxy:3128`.\n",
    "git.md": "# Version control\n\nThe author of a new package is read from your git configuration: "
              "the username and email set with `git config`.\n",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = engine_of_files(tmp_path_factory, "publish-followup", PAGES)
    yield engine
    engine.close()


def test_a_follow_up_the_conversations_page_never_names_is_answered_by_the_page_that_does(engine):
    question, follow = "How do I publish my package?", "Where does it get the username from?"
    first = engine.ask(question)
    assert not first.abstained and {s.path for s in first.sources} == {"publish.md"}
    assert "username" not in PAGES["publish.md"]
    history = [Message(role="user", content=question), Message(role="assistant", content=first.answer)]
    # The conversation's reading (rag/readings.py): here the naive one (both questions asked together)
    # finds the page too, on hatch's docs it did not and the follow-up was declined.
    retrieval = retrieve_in_context(engine.retriever, follow, history, engine.retriever.k).retrieval
    answer = engine.answerer.answer(retrieval, follow_up(follow, history, engine.retriever))
    # Before: declined (the publishing page names no "username"; the other page was never looked at).
    assert not answer.abstained
    assert answer.sources[0].path.endswith("auth.md")
    assert "username is derived" in answer.answer


def _follow_up(focus: dict[str, float], asked: dict[str, float]) -> FollowUp:
    return FollowUp((), True, (), focus=frozenset(focus), focus_weights=focus, asked=frozenset(asked),
                    subject=frozenset(asked), subject_weights=asked)


def test_a_page_sharing_only_an_everyday_word_of_what_was_asked_does_not_answer():
    # "How can I raise it?" after "Why do my Poetry requests time out?": "raise an issue" on a page
    # naming Poetry (on every page) is not about the timeout.
    follow = _follow_up({"rais": 3.0}, {"poetri": 0.2, "request": 2.5, "time": 2.0})
    assert not follow.names_most_asked(frozenset({"rais", "issu", "poetri"}))
    assert follow.names_most_asked(frozenset({"rais", "request", "time"}))
