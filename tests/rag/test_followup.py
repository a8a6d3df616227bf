"""Follow-ups answered from what the conversation is about: right only with the history."""

from pathlib import Path

import pytest

from rag.followup import (FollowUp, Quote, follow_up, goes_on, is_elliptic, pointer_words, quoted_pieces, refers_back,
                          stands_in)
from rag.terms import terms
from rag.types import Message
from tests.rag.conftest import engine_of_files


def _history(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained
    return [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]


def test_elliptic_questions_are_recognised():
    assert is_elliptic("Who said that?") and is_elliptic("Against what threat exactly?")
    assert is_elliptic("What do I need to install for that?")
    assert not is_elliptic("What do recent initiatives include?")
    # "should", "them", "each" are no topic words (the short BM25 stop list keeps them).
    assert is_elliptic("Can it read them from a file as well?")
    assert is_elliptic("Should I do that inside each container on Kubernetes too?")
    assert not is_elliptic("How do I leave out the fields the client didn't send?")
    # A possessive of the question's own subject points at nothing said before.
    assert not is_elliptic("Where does uv store its cache?")
    assert is_elliptic("Where does it store its cache?")
    assert quoted_pieces("One. [1] Two: \n- a [2]") == ["One.", "Two: \n- a"]


def test_against_what_threat_needs_the_conversation(sample_engine):
    expected = "against potential American military interventions"
    history = _history(sample_engine, "What is one cartel leader doing to protect his family?")
    answer = sample_engine.ask("Against what threat exactly?", history=history)
    assert not answer.abstained and len(answer.sources) == 1
    assert expected in answer.sources[0].text, answer.answer
    alone = sample_engine.ask("Against what threat exactly?")
    assert alone.abstained or not any(expected in s.text for s in alone.sources)


def test_what_to_install_for_that_in_the_docs(structured_engine):
    history = _history(structured_engine, "How do I receive uploaded files?")
    answer = structured_engine.ask("What do I need to install for that?", history=history)
    assert not answer.abstained and "python-multipart" in answer.answer, answer.answer
    assert all(s.path == "request-files.md" for s in answer.sources)
    alone = structured_engine.ask("What do I need to install for that?")
    assert alone.abstained or "python-multipart" not in alone.answer


def test_follow_up_after_an_abstention_abstains(sample_engine):
    history = [Message(role="user", content="How do I bake sourdough bread?"),
               Message(role="assistant", content="The indexed documents do not seem to answer this question.")]
    assert sample_engine.ask("Who said that?", history=history).abstained


def test_a_follow_up_prefers_what_was_not_said_yet():
    from rag.followup import REPEAT_PENALTY, FollowUp, Quote
    from rag.terms import terms

    said = terms("Create a templates object that points at your templates directory and return a TemplateResponse.")
    followup = FollowUp((Quote("d", 0, 100, exact=False),), True, (), said=said)
    again = terms("Create a `templates` object that you can reuse later.")
    new = terms("Add `jinja2` to your project:")
    assert followup.repeats(new, "d", 10, 40) < followup.repeats(again, "d", 50, 90) <= REPEAT_PENALTY
    # The span an extractive answer quoted is not a repeat: "Against what threat exactly?" asks about it.
    exact = FollowUp((Quote("d", 50, 90),), True, (), said=said)
    assert exact.repeats(again, "d", 50, 90) == 0.0


def test_a_sentence_a_paraphrased_answer_restated_counts_as_said():
    # "And how do I free it again on shutdown?" after "Use the lifespan parameter ... with an async
    # context manager": the restated sentence names "shutdown" and all of the subject because it was
    # said; the sentence on unloading after the yield is what the follow-up asks for.
    from rag.followup import BRIDGE_BONUS, PASSAGE_BONUS, QUOTED_BONUS, FollowUp, Quote
    from rag.terms import terms
    from rag.types import Chunk

    said = terms("Use the lifespan parameter of FastAPI with an async context manager: load the model before "
                 "the yield.")
    again = terms("You can define this startup and shutdown logic using the lifespan parameter of the FastAPI app, "
                  "and a context manager.")
    new = terms("Right after the yield, we unload the model, right before the shutdown.")
    chunk = Chunk("c", "d", "p.md", "P", 0, 0, 400, "")
    for exact in (False, True):
        followup = FollowUp((Quote("d", 0, 100, exact=exact),), True, (), said=said, subject=said,
                            focus=terms("free shutdown"))
        assert followup.repeats(new, "d", 200, 260) == 0.0
        assert followup.bridges(again, "d", 0, 100) == BRIDGE_BONUS < followup.bridges(new, "d", 200, 260)
        if exact:  # a verbatim quote is asked about ("Against what threat exactly?")
            assert followup.repeats(again, "d", 0, 100) == 0.0
            assert followup.nearness("d", 0, 100, chunk) == QUOTED_BONUS
        else:
            assert followup.repeats(again, "d", 0, 100) > 0.0
            assert followup.nearness("d", 0, 100, chunk) == PASSAGE_BONUS == followup.nearness("d", 200, 260, chunk)


def test_a_paraphrased_answer_is_found_again_sentence_by_sentence(structured_engine):
    from rag.followup import previous_quotes

    history = [Message(role="user", content="How do I accept file uploads in an endpoint?"),
               Message(role="assistant", content="Import File and UploadFile from fastapi and declare a "
                                                 "parameter of type UploadFile.")]
    quotes = previous_quotes(history, structured_engine.retriever)
    catalog = structured_engine.store.catalog
    found = [(catalog.document(q.doc_id).path, catalog.document_text(q.doc_id)[q.start:q.end]) for q in quotes]
    assert ("request-files.md", "Import `File` and `UploadFile` from `fastapi`:") in found, found
    assert all(not q.exact for q in quotes)  # restated, not quoted: asking about it again is a repeat


# Pages of the docs-QA corpus (FastAPI's documentation, MIT licence) whose neighbours compete: the
# testing tutorial and the async-tests and TestClient reference pages; workers and Docker.
DOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "fastapi" / "corpus"
DOCS_PAGES = ["tutorial/testing.md", "advanced/async-tests.md", "reference/testclient.md", "tutorial/index.md",
              "deployment/server-workers.md", "deployment/docker.md", "deployment/concepts.md"]


def _pages_engine(tmp_path_factory, corpus: Path, pages: list[str], name: str):
    return engine_of_files(tmp_path_factory, name, {page: (corpus / page).read_text(encoding="utf-8") for page in pages})


@pytest.fixture(scope="module")
def docs_engine(tmp_path_factory, embedder):
    engine = _pages_engine(tmp_path_factory, DOCS, DOCS_PAGES, "docs-pages")
    yield engine
    engine.close()


# Each: the question, a paraphrased answer (as an LLM or a person writes it), the elliptic
# follow-up, and what its answer must say. The testing tutorial's "Create a `TestClient` by passing
# your **FastAPI** application to it." is restated, though the async-tests page retrieves better for
# the whole answer; in the second, "that" is running several workers, what the follow-up adds is
# Kubernetes and containers: the Docker page says much about both, the workers page what the
# conversation is about.
RESTATED = [
    ("How do I write tests for my FastAPI app?",
     "Create a TestClient by passing your FastAPI application to it, and write functions whose names start "
     "with test_.", "What do I have to install for it?", "httpx", "tutorial/testing.md"),
    ("How do I run my app with several worker processes?",
     "Start multiple workers with the --workers command line option, e.g. fastapi run --workers 4 main.py.",
     "Should I do that inside each container on Kubernetes too?", "single Uvicorn process per container",
     "deployment/server-workers.md"),
]


@pytest.mark.parametrize("question,answer,follow_up,expected,path", RESTATED)
def test_an_elliptic_follow_up_is_answered_from_what_the_answer_restated(docs_engine, question, answer, follow_up,
                                                                          expected, path):
    history = [Message(role="user", content=question), Message(role="assistant", content=answer)]
    reply = docs_engine.ask(follow_up, history=history)
    assert not reply.abstained and expected in reply.answer, reply.answer
    assert [s.path for s in reply.sources] == [path]


@pytest.mark.parametrize("follow_up", ["Is it available in Rust?", "How much does it cost?"])
def test_an_elliptic_follow_up_its_documents_cannot_answer_abstains(docs_engine, follow_up):
    question, answer = RESTATED[0][:2]
    history = [Message(role="user", content=question), Message(role="assistant", content=answer)]
    reply = docs_engine.ask(follow_up, history=history)
    assert reply.abstained and not reply.sources, reply.answer


def test_unsupported_weighs_the_terms_a_follow_up_adds_by_rarity():
    from rag.followup import FollowUp, Quote

    followup = FollowUp((Quote("d", 0, 10),), True, (), focus=frozenset({"avail", "rust"}),
                        focus_weights={"avail": 3.1, "rust": 4.9})
    # "available" is on many pages, "Rust" on none of these: mostly unsupported.
    assert followup.unsupported([frozenset({"avail", "respons"})], best_relevance=0.38)
    assert not followup.unsupported([frozenset({"rust"})], best_relevance=0.38)
    assert not followup.unsupported([frozenset({"avail"})], best_relevance=0.9)  # it resembles much there
    assert not FollowUp((), False, (), focus=frozenset({"rust"})).unsupported([frozenset()], 0.0)  # stands alone


# Pages of the HTTPX docs set (BSD-3, bench/data/docsqa/httpx/NOTICE) whose subjects cross: event
# hooks and the async client; proxies and the install page's optional extras.
HTTPX_DOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "httpx" / "corpus"
HTTPX_PAGES = ["advanced/event-hooks.md", "async.md", "advanced/proxies.md", "index.md", "quickstart.md"]


@pytest.fixture(scope="module")
def httpx_engine(tmp_path_factory, embedder):
    engine = _pages_engine(tmp_path_factory, HTTPX_DOCS, HTTPX_PAGES, "httpx-pages")
    yield engine
    engine.close()


SOCKS = [Message(role="user", content="Can httpx send requests through a SOCKS proxy?"),
         Message(role="assistant", content="Yes: give the client a socks5:// URL as its proxy, "
                                           "e.g. httpx.Client(proxy='socks5://host:1080').")]


def test_a_follow_up_naming_another_pages_subject_keeps_the_conversations(httpx_engine):
    # "async client" is the async page's subject; the conversation is about event hooks, whose
    # page says what differs for the async client.
    history = [Message(role="user", content="How can I run a function on every request my client sends?"),
               Message(role="assistant", content="Give the client event_hooks={'request': [log_request]} and each "
                                                 "hook is called with the request before it is sent.")]
    reply = httpx_engine.ask("Does the async client need something else?", history=history)
    assert not reply.abstained and "MUST be async functions" in reply.answer, reply.answer
    assert {s.path for s in reply.sources} == {"advanced/event-hooks.md"}


def test_a_follow_up_that_finds_nothing_alone_is_read_as_going_on(httpx_engine):
    # Names nothing of the conversation (no "SOCKS", no "proxy"): as asked, the install page's
    # extras answer about other features and the question is declined.
    reply = httpx_engine.ask("What package has to be installed first?", history=SOCKS)
    assert not reply.abstained and "httpx[socks]" in reply.answer, reply.answer
    assert {s.path for s in reply.sources} == {"advanced/proxies.md"}


def test_a_new_subject_the_conversation_cannot_answer_still_abstains(httpx_engine):
    # Declined as asked; the retry as going on finds the proxies page does not support it.
    reply = httpx_engine.ask("How do I pin the server's certificate fingerprint?", history=SOCKS)
    assert reply.abstained, reply.answer


def test_words_placing_a_follow_up_after_the_conversation_are_not_its_focus(httpx_engine):
    from rag.followup import follow_up

    found = follow_up("Which extra do I still have to install first?", SOCKS, httpx_engine.retriever)
    assert found is not None and found.focus == frozenset({"instal"}), found
    # Nor words saying how it asks: "Do I need to ..." asks about installing, not needing.
    found = follow_up("Do I need to install anything for it?", SOCKS, httpx_engine.retriever)
    assert found is not None and "need" not in found.focus and "instal" in found.focus, found


def test_one_reading_of_the_words_pointing_back():
    # The topic-switch check and the follow-up's focus read the same words, whatever punctuation ends them.
    assert pointer_words("Do I install it first: with pip?") == ["it", "first:"]
    assert pointer_words("Which one next; the socks extra?") == ["one", "next;"]
    assert refers_back("Is it still needed?") and not refers_back("How do I install HTTPX?")


def test_an_install_follow_up_prefers_the_line_of_the_conversations_subject(httpx_engine):
    # The install page has the general `pip install httpx` and, further down, the command-line
    # client's own extra: after a conversation on that client, "it" is the client.
    history = [Message(role="user", content="Is there a way to use httpx from my terminal?"),
               Message(role="assistant", content="Yes: HTTPX ships a command-line client; run httpx with a URL, "
                                                 "e.g. httpx http://httpbin.org/json.")]
    reply = httpx_engine.ask("How do I install it?", history=history)
    assert not reply.abstained and "httpx[cli]" in reply.answer, reply.answer


def test_the_bridge_bonus_grows_with_the_rare_subject_words_a_unit_names():
    from rag.followup import BRIDGE_BONUS, FollowUp, Quote
    from rag.terms import terms

    subject = terms("command line client httpx")
    followup = FollowUp((Quote("d", 0, 10),), True, (), subject=subject, focus=frozenset({"instal"}),
                        subject_weights={"command": 3.7, "line": 3.0, "client": 0.7, "httpx": 0.2})
    general = followup.bridges(terms("Install HTTPX using pip: $ pip install httpx"))
    own = followup.bridges(terms("The command line client is an optional dependency. $ pip install 'httpx[cli]'"))
    assert BRIDGE_BONUS <= general < own
    assert followup.bridges(terms("The command line client prints the response.")) == 0.0  # nothing asked
    # Over a span the previous answer quoted verbatim, the conversation's words are there because
    # they were said: the flat bonus only (the quote has its own), so the longer unit around the
    # quote does not win for repeating more of it.
    quoted = FollowUp((Quote("d", 0, 100),), True, (), subject=subject, focus=frozenset({"instal"}),
                      subject_weights=followup.subject_weights)
    line = terms("The command line client is an optional dependency. $ pip install 'httpx[cli]'")
    assert quoted.bridges(line, "d", 50, 180) == BRIDGE_BONUS < quoted.bridges(line, "d", 100, 180) == own


# Poetry's documentation (MIT, bench/data/docsqa/poetry/NOTICE): one command per shell, each under
# its Hugo content tab, which alone names the shell.
POETRY_DOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "poetry" / "corpus"


@pytest.fixture(scope="module")
def poetry_engine(tmp_path_factory, embedder):
    engine = _pages_engine(tmp_path_factory, POETRY_DOCS, ["managing-environments.md", "basic-usage.md",
                                                                 "dependency-specification.md", "configuration.md",
                                                                 "managing-dependencies.md"],
                           "poetry-pages")
    yield engine
    engine.close()


# Each: the question, a paraphrased answer, the follow-up and what its answer must say.
POETRY_FOLLOW_UPS = [
    # The block under the PowerShell (fish) tab names the shell nowhere in itself.
    ("How do I activate the project's environment in bash?",
     "Run eval $(poetry env activate); it prints the activate command and eval runs it.",
     "And in PowerShell?", "Invoke-Expression"),
    ("How do I activate the project's environment in bash?",
     "Run eval $(poetry env activate); it prints the activate command and eval runs it.",
     "And for fish?", "$ eval (poetry env activate)"),
    # "Not supported in `project.dependencies`." names nothing of caret requirements; its heading does.
    ("What is a caret requirement?",
     "It allows SemVer-compatible updates: an update may not change the left-most non-zero digit, so ^1.2.3 "
     "allows >=1.2.3 <2.0.0.", "Can I use it in project.dependencies?", "Not supported in `project.dependencies`"),
    # Neither "move" nor "somewhere" is on the page: "override the cache directory" says it otherwise,
    # and resembles the follow-up with its conversation more than an unrelated page would.
    ("Where does Poetry keep its cache on Linux?",
     "In ~/.cache/pypoetry, or $XDG_CACHE_HOME/pypoetry when that variable is set.",
     "How can I move it somewhere else?", "POETRY_CACHE_DIR"),
    # "for example" in the answer says nothing of what it is about: the line installing the group
    # beats "For example, the following command will only install ..." without it.
    ("How do I make a dependency group optional?",
     "Set optional = true in the group's table, for example [tool.poetry.group.docs].",
     "How do I install it then?", "poetry install --with docs"),
]


@pytest.mark.parametrize("question,answer,follow_up,expected", POETRY_FOLLOW_UPS)
def test_a_follow_up_on_poetrys_docs(poetry_engine, question, answer, follow_up, expected):
    history = [Message(role="user", content=question), Message(role="assistant", content=answer)]
    reply = poetry_engine.ask(follow_up, history=history)
    assert not reply.abstained and expected in reply.answer, reply.answer


def test_a_heading_lends_the_subject_only_to_a_unit_naming_none_of_it():
    from rag.followup import BRIDGE_BONUS, FollowUp, Quote
    from rag.terms import terms

    followup = FollowUp((Quote("d", 0, 10),), True, (), subject=terms("caret requirements bash"),
                        focus=terms("project dependencies"), subject_weights={"caret": 4.0, "requir": 1.0, "bash": 2.0})
    heading = terms("Caret requirements")
    terse = terms("Not supported in project.dependencies.")
    assert followup.bridges(terse) == 0.0 < followup.bridges(terse, section=heading)
    # One naming some of the subject itself is held to what it names.
    own = terms("In bash, project dependencies are read.")
    assert followup.bridges(own, section=heading) == followup.bridges(own) > BRIDGE_BONUS
    assert followup.bridges(terms("Caret requirements are described here."), section=heading) == 0.0  # nothing asked


_CLUSTERS = """# Follicle cell clusters

Clustering the ovary's epithelial cells at resolution 0.2 yielded eight distinct clusters (numbered 0-7),
which we identified by their marker genes. Extended Data Table 1 lists the marker genes of the clusters.

Cluster 4 expresses the eggshell genes Vm26Aa and Vm34Ca at high levels. We therefore identify Cluster 4
as main body follicle cells of Stages 9 and 10.

Cluster 5 is marked by bond and by the yolk protein genes. We therefore identify Cluster 5 as follicle cells
of Stages 10B and 11.

Mmp2 and the posterior gene pnt mark Cluster 6: these are posterior or adjacent follicle cells of Stages 7
to 9.

Cluster 7 expresses the stalk cell genes. We therefore identify Cluster 7 as stalk cells.
"""


@pytest.fixture(scope="module")
def clusters_engine(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "clusters", {"clusters.md": _CLUSTERS})
    yield engine
    engine.close()


def test_a_follow_up_asking_for_another_numbered_thing_finds_it(clusters_engine):
    # "And Cluster 6?" adds only the number to the question before: that number is what it asks for.
    history = _history(clusters_engine, "What was Cluster 5 identified as?")
    answer = clusters_engine.ask("And Cluster 6?", history=history)
    assert not answer.abstained and "posterior" in answer.answer, answer.answer


@pytest.fixture(scope="module")
def rarity_engine(tmp_path_factory, embedder):
    """FastAPI's testing, WebSocket, deployment and security pages: enough chunks that a term no
    page has counts."""
    from ingest.pipeline import ingest
    from rag.abstention import MIN_CHUNKS_FOR_RARITY
    from rag.engine import Engine
    from ui.settings import Settings

    settings = Settings(index=tmp_path_factory.mktemp("rarity") / "index")
    report = ingest([DOCS / "tutorial" / "testing.md", DOCS / "advanced" / "testing-websockets.md",
                     DOCS / "advanced" / "websockets.md", DOCS / "deployment", DOCS / "tutorial" / "security",
                     DOCS / "advanced" / "security"], settings)
    assert not report.failed
    engine = Engine(settings)
    assert engine.store.document_frequencies([])[0] >= MIN_CHUNKS_FOR_RARITY
    yield engine
    engine.close()


def _conversation(engine, questions):
    history: list[Message] = []
    for question in questions:
        answer = engine.ask(question, history=history)
        history += [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]
    return answer


def test_a_question_naming_nothing_of_the_conversation_nor_any_page_is_declined(rarity_engine):
    # Asked alone it is declined ("price", "pro": no page has them). After two turns on the test
    # client it had been answered with the testing tutorial's opening, read as going on with the
    # conversation (over Starlette's docs the CLI chat answered it with release notes).
    questions = ["How do I use the TestClient?", "Does it support websockets?", "What is the price of FastAPI Pro?"]
    assert rarity_engine.ask(questions[-1]).abstained
    answer = _conversation(rarity_engine, questions)
    assert answer.abstained, answer.answer


def test_a_follow_up_the_pages_answer_is_still_answered(rarity_engine):
    answer = _conversation(rarity_engine, ["How do I run FastAPI in Docker?", "And with Gunicorn workers?"])
    assert not answer.abstained and "worker" in answer.answer.lower(), answer.answer


def test_a_question_opening_with_a_conjunction_says_it_goes_on():
    # Poetry's follow-up "And how do I get rid of an environment I no longer need?" names no word
    # of the answer before and one ("rid") no page has: it still goes on with the conversation.
    assert goes_on("And how do I get rid of an environment I no longer need?")
    assert goes_on("but what if the file is missing?") and goes_on("Also, can it retry?")
    assert not goes_on("What is the price of FastAPI Pro?") and not goes_on("Android support?")


def _follow_up_of(engine, questions):
    """The FollowUp the last of `questions` makes, after the engine answered the others in turn."""
    history: list[Message] = []
    for question in questions[:-1]:
        answer = engine.ask(question, history=history)
        history += [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]
    return follow_up(questions[-1], history, engine.retriever)


@pytest.mark.parametrize("follow_up_question, named", [("And on FreeBSD?", "freebsd"),
                                                       ("Can I deploy it on Netlify too?", "netlify")])
def test_a_follow_up_naming_what_no_page_mentions_is_declined(rarity_engine, follow_up_question, named):
    # No page of the index says FreeBSD or Netlify; main had answered both with the Docker page
    # the first answer quoted, which says nothing of either.
    questions = ["How do I run FastAPI in Docker?", follow_up_question]
    assert _follow_up_of(rarity_engine, questions).unindexed == named
    answer = _conversation(rarity_engine, questions)
    assert answer.abstained, answer.answer


def test_a_follow_up_naming_what_no_page_mentions_is_declined_with_a_model_too(rarity_engine):
    # The decline was made on the extractive path only: with SmolLM2 chosen, "And on Netlify?" went
    # to the model with the Docker page, which says nothing of Netlify.
    from rag.llms.factory import packaged_smollm2

    # The first turn is answered without the model: only the follow-up's path is under test, and the
    # model writing a first answer took most of this test's time.
    first_question = "How do I run FastAPI in Docker?"
    first = rarity_engine.ask(first_question)
    history = [Message(role="user", content=first_question), Message(role="assistant", content=first.answer)]
    answer = rarity_engine.ask("And on Netlify?", history=history, llm=f"llamacpp:{packaged_smollm2()}")
    assert answer.abstained and not answer.sources, answer.answer


def test_a_follow_up_naming_what_some_page_mentions_is_not_declined_for_it(rarity_engine):
    # Kubernetes is on the deployment pages; "Kubrnetes" is no term of any page, but a typo of a word
    # of the pages the conversation read.
    for follow_up_question in ["And on Kubernetes?", "And on Kubrnetes?"]:
        found = _follow_up_of(rarity_engine, ["How do I run FastAPI in Docker?", follow_up_question])
        assert found is not None and found.quotes and found.unindexed == "", follow_up_question


def test_a_fragment_naming_only_what_no_page_mentions_is_declined_however_common_the_word(rarity_engine):
    # "And in children?" after a bleeding risk, "And how many ambulances?" after a bed count (papers
    # pu06, pu02): the word is common English, so `rare_unseen` lets it pass, and the first answer's
    # page was quoted again. A fragment asks only for the thing it puts in place: no page names it.
    for follow_up_question, named in [("And on a boat?", "boat"), ("And how many boats?", "boats")]:
        questions = ["How do I run FastAPI in Docker?", follow_up_question]
        assert _follow_up_of(rarity_engine, questions).unindexed == named, follow_up_question
        answer = _conversation(rarity_engine, questions)
        assert answer.abstained, answer.answer


def test_a_whole_follow_up_with_a_common_word_no_page_mentions_is_not_declined_for_it(rarity_engine):
    # Asked as a question of its own, an unseen common word may be said otherwise by the pages.
    found = _follow_up_of(rarity_engine, ["How do I run FastAPI in Docker?", "How do I run it on a boat?"])
    assert found is not None and found.unindexed == ""


def test_a_fragment_and_one_standing_in_for_a_count():
    assert stands_in("And in children?") and stands_in("And how many ambulances?")
    assert stands_in("And how much memory?") and stands_in("What about PowerShell?")
    assert not stands_in("And how many workers should I run?") and not stands_in("How many boats?")


def test_a_property_asked_of_it_stands_in_as_a_fragment_does():
    # "What is the capital of it?" after a country's calling code is "And its capital?" asked whole.
    assert stands_in("What is the capital of it?") and stands_in("What's its population?")
    assert not stands_in("What is the capital of Norway?") and not stands_in("What is it?")
    assert not stands_in("Which is the fastest of them?")


def test_a_property_of_it_that_no_page_mentions_is_declined_however_common_the_word(rarity_engine):
    # A tryout's case: after a table row, a property no page names was answered with the row again.
    questions = ["How do I run FastAPI in Docker?", "What is the population of it?"]
    assert _follow_up_of(rarity_engine, questions).unindexed == "population"
    answer = _conversation(rarity_engine, questions)
    assert answer.abstained, answer.answer


def test_a_name_ending_the_question_with_a_stop_is_still_a_name():
    from rag.followup import _plain_terms
    from rag.terms import terms

    assert not terms("windows") & _plain_terms("Does it also run on Windows.")
    assert terms("windows") & _plain_terms("Does it also run on the windows of the page.")


def test_an_elliptic_follow_up_adding_no_word_of_its_own_is_read_mostly_with_the_question_before():
    # "And the downside?": its words say the kind of answer it wants; what it is about is the conversation's.
    said = (Quote("page", 0, 10),)
    kind_only = FollowUp(said, True, ())
    adding = FollowUp(said, True, (), focus=frozenset({"rust"}))
    standing = FollowUp(said, False, ())
    assert kind_only.own_weight < adding.own_weight < standing.own_weight



NOTEBOOK_APP = """# Quillpad

Quillpad is software that syncs encrypted notebooks across devices. Quillpad is written in Rust and Lua
and is designed to run on Linux.

## Plugins

Each plugin either completes a step of the syncing or automates the use of third-party encryption
software. The majority of plugins are written in Python and are designed to run on a command line.

## Themes

Switch to the dark theme with `quillpad theme dark`.
"""


@pytest.fixture(scope="module")
def notebook_app(tmp_path_factory, embedder):
    engine = engine_of_files(tmp_path_factory, "notebook-app", {"quillpad.md": NOTEBOOK_APP})
    yield engine
    engine.close()


def test_a_pronoun_stands_for_what_the_question_before_asked_about(notebook_app):
    # "it" is Quillpad, what "What is Quillpad?" asked about: a unit saying it of Quillpad gains over one
    # saying it of a part ("The majority of plugins are written in Python").
    history = [Message(role="user", content="What is Quillpad?"),
               Message(role="assistant", content="Software that syncs encrypted notebooks across devices.")]
    followup = follow_up("Which languages is it written in?", history, notebook_app.retriever)
    assert followup is not None and followup.stands_for and followup.antecedent == terms("Quillpad")
    assert followup.stood_for(terms("Quillpad is written in Rust and Lua")) > 0.0
    assert followup.stood_for(terms("The majority of plugins are written in Python")) == 0.0
    # "instead" points back but stands for nothing; "that" of "that theme" is a determiner.
    assert not follow_up("And how do I sync with Dropbox instead?", history, notebook_app.retriever).stands_for
    assert not follow_up("Is that theme dark?", history, notebook_app.retriever).stands_for
    # A pronoun stands for a thing, not the action asked: not "switch" of "How do I switch to ...?".
    history = [Message(role="user", content="How do I switch to the dark theme?"),
               Message(role="assistant", content="Run quillpad theme dark.")]
    followup = follow_up("Can readers change it themselves?", history, notebook_app.retriever)
    assert followup is not None and followup.antecedent == terms("dark theme")


def test_a_heading_names_what_is_asked_for_the_unit_opening_its_section_only():
    from rag.followup import BRIDGE_BONUS, FollowUp, Quote
    from rag.terms import terms

    # "Where can I find them?" after "What are Flask extensions?": the section "Finding Extensions"
    # says where, its first paragraph never says "find".
    followup = FollowUp((Quote("d", 0, 10),), True, (), subject=terms("flask extensions packages"),
                        focus=terms("find"), subject_weights={"flask": 1.0, "extens": 3.0, "packag": 2.0})
    heading = terms("Finding Extensions")
    opening = terms('Flask extensions are usually named "Flask-Foo". You can search PyPI for packages.')
    assert followup.bridges(opening, section=heading) == 0.0
    assert followup.bridges(opening, section=heading, opens=True) > BRIDGE_BONUS
    # A heading naming nothing asked lends nothing to the unit opening its section.
    assert followup.bridges(opening, section=terms("Using Extensions"), opens=True) == 0.0


ATTRS_DOCS = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa" / "attrs" / "corpus"


@pytest.fixture(scope="module")
def attrs_hashing_engine(tmp_path_factory, embedder):
    engine = _pages_engine(tmp_path_factory, ATTRS_DOCS, ["hashing.md"], "attrs-hashing")
    yield engine
    engine.close()


def test_the_verb_switching_a_thing_on_is_no_focus(attrs_hashing_engine):
    from rag.followup import switching_verbs

    assert switching_verbs("And how do I turn it on?") == terms("turn")
    assert switching_verbs("Can I switch them back off?") == terms("switch")
    assert not switching_verbs("How do I turn a set into a list?")
    # attrs' hashing page (MIT): "turn" of "turn it on" is no topic word. Read as one, it bridged the list
    # item saying "which turns a set into a list" and the "reset `__hash__`" warning before it, over the
    # sentence saying how caching is enabled.
    history = [Message(role="user", content="What does hash code caching do?"),
               Message(role="assistant", content="It computes an object's hash code once and stores it on the "
                                                 "object, so later hash requests are fast.")]
    found = follow_up("How do I turn it on?", history, attrs_hashing_engine.retriever)
    assert found is not None and "turn" not in found.focus, found
    reply = attrs_hashing_engine.ask("How do I turn it on?", history=history)
    assert not reply.abstained and "cache_hash=True" in reply.answer, reply.answer
