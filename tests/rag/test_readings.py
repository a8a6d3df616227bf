"""A follow-up read two ways (rag/readings.py): through the conversation, and as the question it
follows and itself asked together; the answer speaking more to the follow-up is kept."""

from pathlib import Path

import pytest

from rag.conversation import naive_question
from rag.followup import FollowUp, Quote
from rag.readings import choose, reading
from rag.types import Answer, AnswerSentence, Message
from tests.rag.conftest import engine_of_files

HISTORY = [Message(role="user", content="How do I load a machine learning model once when the app starts?"),
           Message(role="assistant", content="Use the lifespan parameter of the app with an async context manager.")]
FOLLOW_UP = "And how do I free it again on shutdown?"


def _answer(*sentences: str) -> Answer:
    return Answer(answer=" ".join(f"{s} [{n}]" for n, s in enumerate(sentences, 1)), sources=[], abstained=False,
                  sentences=[AnswerSentence(text=s, citations=[n], supported=True) for n, s in enumerate(sentences, 1)])


ABSTAINED = Answer(answer="The indexed documents do not seem to answer this question.", sources=[], abstained=True)
AGAIN = _answer("You can load the model once when the application starts, before it takes requests.")
NEW = _answer("The model loaded when the app starts is unloaded right after the yield, before the shutdown.")


def test_the_naive_question_is_the_previous_question_and_the_follow_up():
    assert naive_question(FOLLOW_UP, HISTORY) == f"{HISTORY[0].content} {FOLLOW_UP}"
    assert naive_question(FOLLOW_UP, [Message(role="assistant", content="Hello.")]) == ""
    rambling = [Message(role="user", content="word " * 10_000), HISTORY[1]]
    assert len(naive_question(FOLLOW_UP, rambling)) < 700


def test_an_answer_to_the_follow_up_is_newer_than_one_to_the_question_before(embedder):
    previous = HISTORY[0].content
    new, again = reading(NEW, FOLLOW_UP, previous, embedder), reading(AGAIN, FOLLOW_UP, previous, embedder)
    assert new is not None and again is not None and new.newness > again.newness
    assert reading(ABSTAINED, FOLLOW_UP, previous, embedder) is None


def test_the_reading_that_speaks_to_the_follow_up_is_kept(embedder):
    assert choose(AGAIN, NEW, FOLLOW_UP, HISTORY, embedder) is NEW
    assert choose(NEW, AGAIN, FOLLOW_UP, HISTORY, embedder) is NEW
    assert choose(NEW, ABSTAINED, FOLLOW_UP, HISTORY, embedder) is NEW


def test_an_answer_saying_again_what_was_quoted_is_not_taken(embedder):
    quoted = "Use the lifespan parameter of the app with an async context manager."
    history = [HISTORY[0], Message(role="assistant", content=f"{quoted} [1]")]
    again = _answer(quoted, NEW.sentences[0].text)
    assert choose(AGAIN, again, FOLLOW_UP, history, embedder) is AGAIN
    assert choose(AGAIN, NEW, FOLLOW_UP, history, embedder) is NEW


def test_an_answer_naming_less_of_the_conversation_is_not_taken(embedder):
    subject = {"lifespan": 3.0, "model": 1.0}
    elsewhere = _answer("Unload everything on shutdown and release the memory right away.")
    assert choose(NEW, elsewhere, FOLLOW_UP, HISTORY, embedder, subject) is NEW


def test_a_conversation_reading_saying_again_what_was_quoted_loses_to_a_new_answer(embedder):
    # "How do I make it a library instead?" after "How do I create a new project?" (uv's docs, try20):
    # the conversation reading showed the quoted `uv init` sentence again, which names the whole
    # subject because it was said; the naive reading's `--lib` sentence names little of it.
    quoted = "You can create a new Python project using the uv init command: uv init hello-world"
    history = [Message(role="user", content="How do I create a new project?"),
               Message(role="assistant", content=f"{quoted} [1]")]
    subject = {"creat": 1.0, "new": 1.0, "project": 2.0, "uv": 0.1, "init": 3.0, "hello": 3.0, "world": 3.0,
               "command": 1.0, "python": 1.0}
    again = _answer(quoted)
    library = _answer("Libraries can be created by using the --lib flag: uv init --lib example-lib")
    question = "How do I make it a library instead?"
    assert choose(again, library, question, history, embedder, subject) is library


def test_an_abstention_stands_against_more_on_the_question_before(embedder):
    # "Is it available in Rust?" after a testing answer: more on testing does not answer it.
    history = [Message(role="user", content="How do I write tests for my FastAPI app?"),
               Message(role="assistant", content="Create a TestClient by passing your app to it.")]
    testing = _answer("Create a TestClient by passing your FastAPI application to it and write test functions.")
    assert choose(ABSTAINED, testing, "Is it available in Rust?", history, embedder) is ABSTAINED
    freed = _answer("Right after the yield, we unload the model and release the memory before the shutdown.")
    assert choose(ABSTAINED, freed, FOLLOW_UP, HISTORY, embedder) is freed


def test_a_follow_up_asking_only_a_kind_of_answer_is_answered_through_the_conversation(embedder):
    # Ruff's formatter docs (MIT licence; bench/data/docsqa/ruff, formatter.md). "Why not?" adds no word
    # of its own: asked with the question before, it is that question again, and its answer is newer
    # only by resembling two words. The sentence the previous answer restated gives the reason.
    history = [Message(role="user", content="Can I switch between the Ruff formatter and Black on the same project?"),
               Message(role="assistant", content="It is designed as a drop-in replacement for Black, but it is not "
                                                 "intended to be used interchangeably with Black on an ongoing basis.")]
    because = _answer("While the formatter is designed to be a drop-in replacement for Black, it is not intended to be "
                      "used interchangeably with Black on an ongoing basis, as the formatter does differ from Black in "
                      "a few conscious ways.")
    popular = _answer("As such, the formatter is designed as a drop-in replacement for Black, but with an excessive "
                      "focus on performance and direct integration with Ruff.", "Given Black's popularity within the Python ecosystem, targeting Black compatibility ensures that "
                      "formatter adoption is minimally disruptive for the vast majority of projects.")
    said = FollowUp((Quote("formatter", 0, 200, exact=False),), True, ())
    assert choose(because, popular, "Why not?", history, embedder) is popular  # without the conversation's reading
    assert choose(because, popular, "Why not?", history, embedder, followup=said) is because
    # A fragment naming no kind ("And the preview ones?") is still read both ways.
    assert choose(because, popular, "And the other ones?", history, embedder, followup=said) is popular


def test_two_readings_a_float_apart_are_one_and_the_conversation_reading_stands(monkeypatch, embedder):
    # A sentence both answers show, encoded in two batches, gets cosines differing in a float32's last digits: a
    # MkDocs follow-up's naive reading was "newer" by 6e-8. Within that noise the conversation reading stands.
    import rag.readings as readings

    conversation, naive = _answer("The conversation reading's sentence."), _answer("The naive reading's sentence.")

    def read(newness, relevance):
        values = {id(conversation): readings.Reading(0.25, 0.5, 0.0), id(naive): readings.Reading(newness, relevance, 0.0)}
        monkeypatch.setattr(readings, "reading", lambda answer, *_args: values[id(answer)])
        return choose(conversation, naive, "How do I change where it is written?", HISTORY, embedder)

    assert read(0.25 + 6e-8, 0.5) is conversation
    assert read(0.25 + 1e-3, 0.5) is naive  # newer, and as relevant
    assert read(0.25 + 1e-3, 0.5 - 1e-3) is conversation


def test_a_fragment_answered_with_another_entry_by_its_name_keeps_the_conversation_reading(embedder):
    # MkDocs' configuration reference and "Writing your docs" (BSD licence; bench/data/docsqa/mkdocs/NOTICE).
    # "And the Markdown sources?" after `site_dir` asks for another entry: the conversation reading's
    # `docs_dir`. Without the page's subtitle ("How to layout and write your Markdown source files.") shown
    # after it, newness, a resemblance to the fragment's three words, went to the naive reading's file
    # extensions, which name no setting.
    from rag.types import Source

    history = [Message(role="user", content="Where does MkDocs write the built site?"),
               Message(role="assistant", content="Into the folder set by site_dir, which is site by default.")]
    docs_dir = "The directory containing the documentation source markdown files."
    entry = _answer(f"docs_dir: {docs_dir}", "Your documentation source should be written as regular Markdown files "
                    "(see Writing with Markdown below), and placed in the documentation directory.")
    entry = entry.model_copy(update={"sources": [Source(n=1, doc_id="configuration", path="configuration.md",
                                                        title="Configuration", start=900, end=900 + len(docs_dir),
                                                        text=docs_dir, chunk_id="c", heading="Build directories › docs_dir")]})
    extensions = _answer("Your documentation source should be written as regular Markdown files (see Writing with "
                         "Markdown below), and placed in the documentation directory.",
                         "Any of the following file extensions may be used for your Markdown source files: `markdown`, "
                         "`mdown`, `mkdn`, `mkd`, `md`.", "Any files which are not identified as Markdown files (by their "
                         "file extension) within the documentation directory are copied by MkDocs to the built site "
                         "unaltered.")
    site_dir = FollowUp((Quote("configuration", 400, 520, exact=False),), True, ())
    question = "And the Markdown sources?"
    assert choose(entry, extensions, question, history, embedder) is extensions  # newness alone
    assert choose(entry, extensions, question, history, embedder, followup=site_dir) is entry
    # The entry said before is no other entry: newness decides.
    said = FollowUp((Quote("configuration", 880, 1000, exact=False),), True, ())
    assert choose(entry, extensions, question, history, embedder, followup=said) is extensions


# Pages of the HTTPX docs set (BSD-3, bench/data/docsqa/httpx/NOTICE). Read through the
# conversation, "Which errors does it retry on?" holds to the answer's sentence and its neighbour on
# other retry behaviours; asked with the question before it, the sentence naming the errors is found.
DOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "httpx" / "corpus"
PAGES = ["advanced/transports.md", "advanced/clients.md", "http2.md", "quickstart.md", "advanced/timeouts.md"]
RETRY = [Message(role="user", content="How do I make the client retry?"),
         Message(role="assistant", content="Pass retries=1 to an httpx.HTTPTransport and give it to the client.")]


@pytest.fixture(scope="module")
def httpx_engine(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "retry-pages", {p: (DOCS / p).read_text(encoding="utf-8") for p in PAGES})
    yield engine
    engine.close()


def test_a_follow_up_is_answered_by_the_reading_that_answers_it(httpx_engine):
    from rag.conversation import resolve
    from rag.followup import follow_up

    question = "Which errors does it retry on?"
    retrieval, _ = resolve(httpx_engine.retriever, question, RETRY, httpx_engine.retriever.k)
    conversation = httpx_engine.answerer.answer(retrieval, follow_up(question, RETRY, httpx_engine.retriever))
    assert "ConnectError" not in conversation.answer  # the conversation reading alone misses it
    reply = httpx_engine.ask(question, history=RETRY)
    assert not reply.abstained and "httpx.ConnectError" in reply.answer, reply.answer
    assert [s.path for s in reply.sources if "ConnectError" in s.text] == ["advanced/transports.md"]


def test_an_unresolvable_follow_up_still_abstains(httpx_engine):
    reply = httpx_engine.ask("How much does it cost?", history=RETRY)
    assert reply.abstained and not reply.sources, reply.answer

