"""Abstention: near-topic questions the documents do not answer abstain; answerable ones don't."""

from dataclasses import replace

import pytest

from rag.abstention import Abstention, Signals, idf as abstention_idf
from rag.settings import AnswerSettings
from tests.conftest import ROOT
from tests.rag.conftest import served

DOCS_CORPUS = ROOT / "bench" / "data" / "docsqa" / "fastapi" / "corpus"


@pytest.fixture(scope="module")
def docs_engine(tmp_path_factory, embedder):
    """FastAPI's deployment and security pages (docs-QA set): enough chunks for the key-coverage
    tiers, which a smaller index has none of."""
    from ingest.pipeline import ingest
    from rag.abstention import MIN_CHUNKS_FOR_RARITY
    from rag.engine import Engine
    from ui.settings import Settings

    settings = Settings(index=tmp_path_factory.mktemp("docs") / "index")
    report = ingest([DOCS_CORPUS / "deployment", DOCS_CORPUS / "tutorial" / "security",
                     DOCS_CORPUS / "advanced" / "security"], settings)
    assert report.added >= 15 and not report.failed
    engine = Engine(settings)
    assert engine.store.document_frequencies([])[0] >= MIN_CHUNKS_FOR_RARITY
    yield engine
    engine.close()


@pytest.mark.parametrize("question", [
    "How do I add rate limiting to my API?",
    "How do I connect to a PostgreSQL database?",
])
def test_near_topic_question_the_docs_do_not_answer_abstains(structured_engine, question):
    answer = structured_engine.ask(question)
    assert answer.abstained and answer.sources == [], answer.answer


def test_the_same_index_answers_what_it_holds(structured_engine):
    assert not structured_engine.ask("How do I receive uploaded files?").abstained
    assert not structured_engine.ask("What chunk size does GFS use?").abstained


def test_coverage_of_the_question_terms_decides_near_the_threshold():
    abstention = Abstention(AnswerSettings())
    close = AnswerSettings().min_answer_support - 0.05
    assert abstention.abstains(Signals(best_score=close, best_relevance=close, coverage=0.0))
    assert not abstention.abstains(Signals(best_score=close, best_relevance=close, coverage=1.0))
    # An elliptic follow-up is held only to min_relevance: its own words are few by nature.
    assert not abstention.abstains(Signals(best_score=close, best_relevance=close, coverage=0.0), elliptic=True)
    assert abstention.abstains(Signals(best_score=0.1, best_relevance=0.1, coverage=1.0), elliptic=True)


def test_a_name_the_passages_never_mention_is_not_answered_from_them(sample_engine):
    # Near-topic questions (issue 18): the article is about fentanyl, never about Chicago or 2023.
    for question in ("What is the price of fentanyl in Chicago?", "How many people died of overdoses in 2023?"):
        answer = sample_engine.ask(question)
        assert answer.abstained and not answer.sources, (question, answer.answer)
    # Names it does mention, and a misspelt one, are answered.
    assert not sample_engine.ask("What did Mexican authorities do after threats from the Trump administration?").abstained
    assert not sample_engine.ask("What do fentanyl producers in Culiacan fear?").abstained


def test_unknown_name_forgives_typos_and_reads_figures():
    from rag.abstention import unknown_name
    from rag.types import Chunk

    chunk = Chunk("c", "d", "p.txt", "Networks", 0, 0, 80,
                  "ARPANET and SITA HLN became operational in 1969; Gegeen ruled until 1323.")
    assert unknown_name("When did ARPNET become operational?", [chunk]) == ""
    assert unknown_name("When was Geegen the emperor?", [chunk]) == ""
    assert unknown_name("What happened to ARPANET in 1975?", [chunk]) == "1975"
    assert unknown_name("When did Chicago get a network?", [chunk]) == "Chicago"
    assert unknown_name("when did it start?", [chunk]) == ""


def test_idf_ranks_terms_by_rarity_in_the_index(structured_engine):
    # "file" is on most pages, jinja2 on one, Kubernetes on none: the rarest weighs most.
    chunks, frequencies = structured_engine.store.document_frequencies(["file", "jinja2", "kubernet"])
    assert frequencies["kubernet"] == 0 and frequencies["jinja2"] >= 1
    idf = abstention_idf(chunks, frequencies)
    assert idf["file"] < idf["jinja2"] < idf["kubernet"]


def test_key_coverage_weighs_what_the_question_is_about():
    from rag.abstention import coverage, key_coverage
    from rag.retriever import Hit
    from rag.terms import terms
    from rag.types import Chunk

    text = "To receive uploaded files, first install python-multipart. Add it to your project."
    hit = Hit(Chunk("c", "d", "request-files.md", "Request Files", 0, 0, len(text), text), 0.0, None, None)
    # The words every page has are covered, the two the question is about are not.
    idf = {"store": 1.2, "upload": 0.9, "file": 0.4, "s3": 6.0, "bucket": 6.0}
    question = terms("How do I store uploaded files in an S3 bucket?")
    assert key_coverage(question, hit, idf) < 0.2 < coverage(question, hit)
    # Asking words ("how", "which", "my") are rare in documents but say nothing of the topic.
    asked = terms("Which files will my uploads receive?")
    assert key_coverage(asked, hit, {"which": 9.0, "my": 9.0, "file": 0.4, "upload": 0.9, "receiv": 2.0}) == 1.0


def test_low_key_coverage_declines_a_question_but_not_an_elliptic_follow_up():
    from rag.abstention import MIN_KEY_COVERAGE

    abstention = Abstention(AnswerSettings())
    strong = dict(best_score=0.9, best_relevance=0.9, coverage=1.0)
    assert abstention.abstains(Signals(**strong, key_coverage=MIN_KEY_COVERAGE - 0.01))
    assert not abstention.abstains(Signals(**strong, key_coverage=MIN_KEY_COVERAGE + 0.01))
    assert not abstention.abstains(Signals(**strong, key_coverage=MIN_KEY_COVERAGE - 0.01), elliptic=True)


def test_a_term_no_chunk_contains_lowers_the_bar_for_declining():
    from rag.abstention import MIN_KEY_COVERAGE, MIN_KEY_COVERAGE_UNSEEN

    abstention = Abstention(AnswerSettings())
    between = (MIN_KEY_COVERAGE + MIN_KEY_COVERAGE_UNSEEN) / 2
    strong = dict(best_score=0.9, best_relevance=0.9, coverage=1.0, key_coverage=between)
    assert abstention.abstains(Signals(**strong, unseen="tortois"))
    assert not abstention.abstains(Signals(**strong))


def test_a_small_index_has_no_key_coverage_tiers(sample_engine):
    # One article in four chunks: its topic words ("cartel", "fear") are in every chunk, so idf
    # weighs them nothing, and ordinary words ("describe", "caught") are in none.
    answer = sample_engine.ask("How do cartel members describe the fear of being caught?")
    assert not answer.abstained, answer.answer


def test_a_short_word_one_letter_off_is_not_forgiven_as_a_typo():
    from rag.abstention import unknown_name
    from rag.types import Chunk

    text = "Deploy the app as a container; FastAPI Cloud deploys it with one command."
    chunk = Chunk("c", "d", "deployment.md", "Deployment", 0, 0, len(text), text)
    # "AWS" is not a typo of "as", nor is "Lambda" of anything here.
    assert unknown_name("How do I deploy my FastAPI app to AWS Lambda?", [chunk]) == "AWS Lambda"
    assert unknown_name("How do I deploy my FastAPI app to FastAPI Clod?", [chunk]) == ""


@pytest.mark.parametrize(("question", "name"), [
    ("How do I deploy my FastAPI app to AWS Lambda?", "AWS Lambda"),
    ("How do I add two-factor authentication with TOTP codes to the login?", "TOTP"),
])
def test_a_name_no_indexed_page_mentions_is_declined(docs_engine, question, name):
    # The pages are about deploying and logging in, never about Lambda or TOTP: the best passage
    # covers "deploy", "app", "login" and resembles the question closely all the same.
    retrieval = docs_engine.retriever.retrieve(question, docs_engine.settings.k)
    scored = docs_engine.answerer.scored(retrieval)
    signals = docs_engine.answerer.decide(scored, retrieval)
    assert signals.unindexed_name == name
    assert signals.key_coverage >= 0.18  # the key-coverage tiers alone would answer it
    answer = docs_engine.ask(question)
    assert answer.abstained and not answer.sources, answer.answer


@pytest.mark.parametrize("question", [
    "How do I deploy my FastAPI app to FastAPI Cloud?",  # a name the pages mention
    "How do I hash passwords with Argon2?",
    "Which programs can act as a TLS termination proxy?",  # "act" is in no chunk, and not a name
])
def test_a_near_miss_the_pages_answer_is_answered(docs_engine, question):
    answer = docs_engine.ask(question)
    assert not answer.abstained and answer.sources, answer.answer


def test_an_unindexed_name_declines_only_where_the_key_terms_are_poorly_covered():
    from rag.abstention import MIN_KEY_COVERAGE_UNINDEXED_NAME, MIN_KEY_COVERAGE_UNSEEN, unindexed

    assert unindexed("AWS Lambda", frozenset({"aw", "lambda", "deploy"})) == "AWS Lambda"
    assert unindexed("AWS Lambda", frozenset({"lambda"})) == ""  # "AWS" is indexed somewhere
    abstention = Abstention(AnswerSettings())
    strong = dict(best_score=0.9, best_relevance=0.9, coverage=0.6, unseen="celsius", unknown_name="Celsius")
    # A unit in degrees, its passage covering the rest of the question, answers it.
    assert not abstention.abstains(Signals(**strong, key_coverage=MIN_KEY_COVERAGE_UNINDEXED_NAME + 0.01,
                                           unindexed_name="Celsius"))
    between = (MIN_KEY_COVERAGE_UNSEEN + MIN_KEY_COVERAGE_UNINDEXED_NAME) / 2
    assert abstention.abstains(Signals(**strong, key_coverage=between, unindexed_name="Celsius"))
    assert not abstention.abstains(Signals(**strong, key_coverage=between))


def test_a_best_unit_without_the_questions_key_terms_is_declined(docs_engine):
    # The deployment pages talk of logs, apps and containers, never of rotating anything: the
    # passage found covers enough of the question's key terms, the unit that would be shown not.
    from rag.abstention import MIN_KEY_COVERAGE_UNSEEN, MIN_UNIT_KEY_COVERAGE_UNSEEN

    question = "How do I configure log rotation for my deployed app?"
    retrieval = docs_engine.retriever.retrieve(question, docs_engine.settings.k)
    signals = docs_engine.answerer.decide(docs_engine.answerer.scored(retrieval), retrieval)
    assert signals.howto and signals.unseen == "rotat" and signals.key_coverage >= MIN_KEY_COVERAGE_UNSEEN, signals
    assert signals.unit_key_coverage < MIN_UNIT_KEY_COVERAGE_UNSEEN
    assert signals.best_score + AnswerSettings().coverage_weight * signals.coverage >= AnswerSettings().min_answer_support
    answer = docs_engine.ask(question)
    assert answer.abstained and not answer.sources, answer.answer


def test_a_well_supported_unit_is_answered_though_it_says_the_key_terms_otherwise():
    from rag.abstention import MIN_UNIT_KEY_COVERAGE_UNSEEN, MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT, WEAK_SUPPORT

    abstention = Abstention(AnswerSettings())
    # "turn off ... checking" answered by "disable ... verification": no shared word, close meaning. A unit
    # naming fewer key terms still (below MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT) is declined however supported.
    between = (MIN_UNIT_KEY_COVERAGE_UNSEEN + MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT) / 2
    weak_unit = dict(best_relevance=0.7, unseen="checking", key_coverage=0.3, howto=True, unit_key_coverage=between)
    assert not abstention.abstains(Signals(best_score=WEAK_SUPPORT, coverage=0.4, **weak_unit))
    assert abstention.abstains(Signals(best_score=WEAK_SUPPORT - 0.3, coverage=0.4, **weak_unit))
    assert not abstention.abstains(Signals(best_score=WEAK_SUPPORT - 0.3, coverage=0.4,
                                           **{**weak_unit, "unseen": ""}))  # every term indexed somewhere
    # A factoid's answer sentence paraphrases the question's words ("behave in what way"): XQuAD.
    assert not abstention.abstains(Signals(best_score=WEAK_SUPPORT - 0.3, coverage=0.4,
                                           **{**weak_unit, "howto": False}))


def test_a_function_word_no_chunk_contains_is_no_unseen_concept(docs_engine):
    # No deployment or security page says "ourselves": it names nothing the documents lack.
    assert docs_engine.store.document_frequencies(["ourselv"])[1].get("ourselv", 0) == 0
    signals = []
    for question in ("How do we hash the passwords ourselves?", "How do we hash the passwords?"):
        retrieval = docs_engine.retriever.retrieve(question, docs_engine.settings.k)
        signals.append(docs_engine.answerer.decide(docs_engine.answerer.scored(retrieval), retrieval))
    assert signals[0].unseen == "" and signals[0].key_coverage == pytest.approx(signals[1].key_coverage), signals
    assert not docs_engine.ask("How do we hash the passwords ourselves?").abstained


def test_a_how_to_about_a_thing_no_page_mentions_is_declined(docs_engine):
    answer = docs_engine.ask("How do I run my app with podman instead of docker?")
    assert answer.abstained and not answer.sources, answer.answer


@pytest.mark.parametrize("question,thing", [("How do I log in users with passkeys?", "passkey")])
def test_a_how_to_about_a_thing_no_page_mentions_is_declined_however_supported(docs_engine, question, thing):
    # The pages say much of running apps in containers and of logging users in: the best unit
    # resembles the question well, and names nothing of what it asks about.
    from rag.abstention import MIN_KEY_COVERAGE_UNSEEN, MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT, WEAK_SUPPORT

    retrieval = docs_engine.retriever.retrieve(question, docs_engine.settings.k)
    signals = docs_engine.answerer.decide(docs_engine.answerer.scored(retrieval), retrieval)
    assert signals.unseen == thing and not signals.unindexed_name, signals
    assert signals.key_coverage >= MIN_KEY_COVERAGE_UNSEEN
    assert signals.best_score + AnswerSettings().coverage_weight * signals.coverage >= WEAK_SUPPORT
    assert signals.unit_key_coverage < MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT
    answer = docs_engine.ask(question)
    assert answer.abstained and not answer.sources, answer.answer


def test_the_verb_a_how_to_asks_with_is_no_thing_it_asks_about():
    from rag.abstention import MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT, WEAK_SUPPORT, howto_verb

    assert howto_verb("How can I turn off SSL certificate checking?") == frozenset({"turn"})
    assert howto_verb("How to pin a certificate?") == frozenset({"pin"})
    assert howto_verb("What is a caret requirement?") == frozenset()
    abstention = Abstention(AnswerSettings())
    # "turn off" is "disable" in the pages: a how-to's `unseen` leaves its verb out (signals(), doing_words),
    # so only a thing asked about declines a well-supported how-to.
    weak_unit = dict(best_score=WEAK_SUPPORT, best_relevance=0.8, coverage=0.4, key_coverage=0.3, howto=True,
                     unseen="", unit_key_coverage=MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT - 0.05)
    assert not abstention.abstains(Signals(**weak_unit))
    assert abstention.abstains(Signals(**{**weak_unit, "unseen": "uv"}))
    assert not abstention.abstains(Signals(**{**weak_unit, "unseen": "uv",
                                              "unit_key_coverage": MIN_UNIT_KEY_COVERAGE_UNSEEN_OBJECT + 0.05}))


def test_the_verbs_of_a_how_to_are_the_doing_not_the_thing():
    from rag.abstention import doing_words

    assert doing_words("How do I stop the formatter from touching one particular statement?") == frozenset({"stop", "touch"})
    assert doing_words("How can I upgrade without breaking the lock file?") == frozenset({"upgrad", "break"})
    # A noun in -ing is a thing: "the spelling of words" is what the question asks about.
    assert doing_words("How do I get Ruff to check the spelling of words?") == frozenset({"get"})
    # Nor is a capitalised name or an -ing word with no object after it: "from Spring Boot" names a
    # framework, "from string" a type; "How do I log from Spring Boot?" asks to log, nothing else.
    assert doing_words("How do I log from Spring Boot?") == frozenset({"log"})
    assert doing_words("How do I parse a date from string?") == frozenset({"pars"})
    assert doing_words("How do I stop Ruff from Linting my tests?") == frozenset({"stop"})


def _pages_engine(tmp_path_factory, docs_set: str, pages: tuple[str, ...]):
    """An engine on some pages of a docs-QA set's corpus, enough chunks for the rarity rules."""
    from ingest.pipeline import ingest
    from rag.abstention import MIN_CHUNKS_FOR_RARITY
    from rag.engine import Engine
    from ui.settings import Settings

    corpus = ROOT / "bench" / "data" / "docsqa" / docs_set / "corpus"
    settings = Settings(index=tmp_path_factory.mktemp(docs_set) / "index")
    report = ingest([corpus / name for name in pages], settings)
    assert not report.failed
    engine = Engine(settings)
    assert engine.store.document_frequencies([])[0] >= MIN_CHUNKS_FOR_RARITY
    return engine


# Ruff's formatter, linter, configuration, tutorial and FAQ pages (MIT licence; bench/data/docsqa/ruff):
# enough chunks for the key-coverage tiers.
@pytest.fixture(scope="module")
def ruff_engine(tmp_path_factory, embedder):
    engine = _pages_engine(tmp_path_factory, "ruff", ("formatter.md", "linter.md", "configuration.md", "tutorial.md",
                                                      "faq.md"))
    yield engine
    engine.close()


def test_a_how_to_in_its_own_verbs_is_answered(ruff_engine):
    # Ruff a16: no page says "stop" or "touching" (they say "suppress", "skip", "leaves unchanged");
    # as things never mentioned they declined the answer the pages give.
    answer = ruff_engine.ask("How do I stop the formatter from touching one particular statement?")
    assert not answer.abstained
    assert "# fmt: skip" in answer.answer or "# fmt: off" in answer.answer, answer.answer
    # A thing no page names still declines it.
    assert ruff_engine.ask("How do I get Ruff to check the spelling of words in my comments and docstrings?").abstained


def test_a_weak_how_to_whose_unit_names_none_of_its_key_terms_is_declined():
    from rag.abstention import MIN_UNIT_KEY_COVERAGE, WEAK_SUPPORT

    abstention = Abstention(AnswerSettings())
    # "an HTTP proxy for downloads" answered with repository credentials: each term is on some page.
    weak = dict(best_score=WEAK_SUPPORT - 0.2, best_relevance=0.6, coverage=0.2, key_coverage=0.29, howto=True,
                unit_key_coverage=MIN_UNIT_KEY_COVERAGE / 2)
    assert abstention.abstains(Signals(**weak))
    assert not abstention.abstains(Signals(**{**weak, "unit_key_coverage": MIN_UNIT_KEY_COVERAGE + 0.05}))
    assert not abstention.abstains(Signals(**{**weak, "best_score": WEAK_SUPPORT}))  # well supported
    assert not abstention.abstains(Signals(**{**weak, "howto": False}))  # a factoid's sentence paraphrases


@pytest.fixture(scope="module")
def httpx_engine_without_auth(tmp_path_factory, embedder):
    """HTTPX's docs (docs-QA set) without its authentication and transports pages: what a user of
    an index that never documents .netrc files or mock transports gets."""
    from ingest.pipeline import ingest
    from rag.abstention import MIN_CHUNKS_FOR_RARITY
    from rag.engine import Engine
    from ui.settings import Settings

    corpus = ROOT / "bench" / "data" / "docsqa" / "httpx" / "corpus"
    settings = Settings(index=tmp_path_factory.mktemp("httpx") / "index")
    pages = [p for p in sorted(corpus.rglob("*.md")) if p.name not in ("authentication.md", "transports.md")]
    report = ingest(pages, settings)
    assert not report.failed
    engine = Engine(settings)
    assert engine.store.document_frequencies([])[0] >= MIN_CHUNKS_FOR_RARITY
    yield engine
    engine.close()


@pytest.mark.parametrize("question", [
    "How do I set a timeout for connecting only?",
    "How do I turn off SSL certificate verification?",
    "How do I cap the number of connections my client opens?",  # "cap" is the pages' "limit"
])
def test_instructions_the_pages_hold_are_answered(httpx_engine_without_auth, question):
    answer = httpx_engine_without_auth.ask(question)
    assert not answer.abstained and answer.sources, answer.answer


def test_code_no_passage_read_names_declines_the_question():
    from rag.abstention import unread_code
    from rag.types import Chunk

    text = "Run the server with `fastapi run`; in development, `fastapi dev` reloads on changes."
    chunk = Chunk("c", "d", "deployment/manually.md", "Run a Server Manually", 0, 0, len(text), text)
    assert unread_code("Why shouldn't I use --reload in production?", [chunk]) == "--reload"
    assert unread_code("What does `fastapi dev` do?", [chunk]) == ""
    assert unread_code("Why shouldn't I reload in production?", [chunk]) == ""  # a word has synonyms
    # The asker's own name for their site is no code the pages could name (MkDocs a08).
    assert unread_code("My site is a user site (myname.github.io); how do I deploy the docs of another "
                       "project to it?", [chunk]) == ""
    abstention = Abstention(AnswerSettings())
    strong = dict(best_score=1.2, best_relevance=0.8, coverage=0.8)
    assert abstention.abstains(Signals(**strong, unread_code="--reload"))
    assert not abstention.abstains(Signals(**strong))


@pytest.mark.parametrize("question", ["What does the NO_PROXY variable do?",
                                      "What does the SSL_CERT_FILE variable do?"])
def test_code_the_pages_name_is_answered(httpx_engine_without_auth, question):
    answer = httpx_engine_without_auth.ask(question)
    assert not answer.abstained and answer.sources, answer.answer


def test_a_protocol_version_the_pages_never_name_is_declined(httpx_engine_without_auth):
    # The HTTP/2 page says much of "HTTP" and of enabling it, nothing of HTTP/3.
    assert httpx_engine_without_auth.ask("Can the client speak HTTP/3?").abstained
    answer = httpx_engine_without_auth.ask("How do I enable HTTP/2?")
    assert not answer.abstained and answer.sources, answer.answer


def test_a_best_unit_naming_the_code_asked_about_is_not_declined_for_low_support():
    from rag.abstention import names_code

    sentence = "Run uvicorn with `--reload` to enable auto-reloading on code changes."
    assert names_code("What does the --reload flag do?", sentence)
    assert not names_code("What does the --reload flag do?", "Run uvicorn to serve the application.")
    assert not names_code("What does reloading do?", sentence)  # no code asked about
    abstention = Abstention(AnswerSettings())
    weak = dict(best_score=0.42, best_relevance=0.3, coverage=0.2)  # support 0.56 < 0.714
    assert abstention.abstains(Signals(**weak))
    assert not abstention.abstains(Signals(**weak, names_code=True))
    # ... but the floor under which nothing is relevant still holds.
    assert abstention.abstains(Signals(best_score=0.2, best_relevance=0.2, coverage=0.2, names_code=True))


def test_a_word_rare_in_english_no_page_contains_declines_the_question(docs_engine):
    # No deployment or security page says "Kerberos": the pages talk about other authentication.
    question = "How do I log users in with Kerberos?"
    retrieval = docs_engine.retriever.retrieve(question, docs_engine.settings.k)
    signals = docs_engine.answerer.decide(docs_engine.answerer.scored(retrieval), retrieval)
    assert signals.rare_unseen == "kerberos", signals
    answer = docs_engine.ask(question)
    assert answer.abstained and not answer.sources, answer.answer
    strong = dict(best_score=1.2, best_relevance=0.8, coverage=0.8)
    abstention = Abstention(AnswerSettings())
    assert abstention.abstains(Signals(**strong, rare_unseen="kerberos"))
    assert not abstention.abstains(Signals(**strong))


def test_rare_unseen_words_spare_ordinary_words_and_what_the_passages_say_otherwise():
    from rag.abstention import rare_unseen
    from rag.types import Chunk

    text = ("The United Methodist Church runs a TLS termination proxy such as Traefik; the User Datagram "
            "Protocol is stated to guarantee nothing, and the army occupied the Rhineland.")
    chunk = Chunk("c", "d", "deployment/https.md", "About HTTPS", 0, 0, len(text), text)

    def rare(question: str) -> str:
        from rag.english_rarity import plain_words
        from rag.terms import terms

        unseen = frozenset().union(*(terms(w) for w in plain_words(question))) - terms(text)
        return rare_unseen(question, unseen, [chunk])

    # "Kerberos" names a thing; "folder" is an ordinary word, however absent.
    assert rare("Can Kerberos sit in front of my folder?") == "kerberos"
    assert rare("Does Trafeik renew certificates?") == ""  # a typo
    assert rare("What does the protocol gaurentee?") == ""  # a long word misspelt
    assert rare("What does the UMC oppose?") == ""  # the initials of a name the passage spells out
    assert rare("What does the UserDatagram protocol do?") == ""  # two of its words run together
    assert rare("How was it restated?") == "" and rare("When did the army reoccupy it?") == ""  # re-


@pytest.fixture(scope="module")
def vespa_engine(tmp_path_factory, embedder):
    """The VESPA paper alone (papers dev set, PeerJ CS 2017, CC BY 4.0): its RESULTS name the
    Ensembl dataset in chunks that a question about that run's compute does not retrieve."""
    pdf = ROOT / "bench" / "data" / "docsqa" / "papers" / "corpus" / "peerj-cs-2017-vespa.pdf"
    yield from served(tmp_path_factory, "vespa", {pdf.name: pdf.read_bytes()})


def test_a_name_the_best_units_own_document_names_elsewhere_is_no_unknown_thing(vespa_engine):
    # papers a22: none of the passages read says "Ensembl", the paper does; declined on main.
    question = "How much compute did the codeML part of the large Ensembl analysis take?"
    retrieval = vespa_engine.retriever.retrieve(question, vespa_engine.settings.k)
    signals = vespa_engine.answerer.decide(vespa_engine.answerer.scored(retrieval), retrieval)
    assert signals.unknown_name and signals.name_in_document
    answer = vespa_engine.ask(question)
    assert not answer.abstained and "36,180 CPU hours" in answer.answer, answer.answer


def test_a_name_the_best_units_document_never_names_is_still_unknown(vespa_engine):
    question = "How much compute did the codeML part of the large Pfam analysis take?"
    retrieval = vespa_engine.retriever.retrieve(question, vespa_engine.settings.k)
    signals = vespa_engine.answerer.decide(vespa_engine.answerer.scored(retrieval), retrieval)
    assert signals.unknown_name == "Pfam" and not signals.name_in_document
    assert vespa_engine.ask(question).abstained


def test_a_name_in_the_document_releases_no_question_naming_what_no_chunk_contains():
    # FastAPI u06 "... in an S3 bucket?": its unknown name read as "S", which some chunk of the
    # uploads page has; "s3" itself is in no chunk.
    from rag.abstention import declined

    st = AnswerSettings()
    named = Signals(best_score=0.75, best_relevance=0.75, coverage=0.2, unknown_name="Ensembl", key_coverage=0.18,
                    name_in_document=True)
    assert not declined(named, st.coverage_weight, 0.0, 0.0, 0.0)
    assert declined(replace(named, name_in_document=False), st.coverage_weight, 0.0, 0.0, 0.0)
    assert declined(replace(named, unseen="bucket s3"), st.coverage_weight, 0.0, 0.0, 0.0)


def test_a_rare_word_one_chunk_has_and_no_passage_read_has_is_unread():
    from rag.abstention import unread_rare
    from rag.types import Chunk

    text = "Set repository credentials with `poetry config http-basic.<name>`; downloads use them."
    chunk = Chunk("c", "d", "repositories.md", "Repositories", 0, 0, len(text), text)
    question = "How do I configure an HTTP proxy that Poetry should use for downloads?"
    # "proxy" is in one chunk of the index (a contributor's network), not in the passage read.
    assert unread_rare(question, {"proxi": 1, "http": 16, "download": 17}, [chunk]) == "proxy"
    # A word the passage read has, or that many chunks have, is not: retrieval weighed it and read
    # other chunks for better reasons, or the index talks about it in many places.
    assert unread_rare(question, {"proxi": 1}, [replace(chunk, text=text + " Or through a proxy.")]) == ""
    assert unread_rare(question, {"proxi": 9}, [chunk]) == ""
    # No chunk at all is `rare_unseen`'s case; an ordinary English word is a paraphrase.
    assert unread_rare(question, {"proxi": 0}, [chunk]) == ""
    assert unread_rare("How do I configure the settings?", {"set": 1}, [chunk]) == ""
    # A doing is no thing asked about: the pages may name it in their own verb.
    assert unread_rare("How do I avoid repeating the host?", {"repeat": 1}, [chunk]) == ""
    assert unread_rare("How do I reinstall Poetry?", {"reinstal": 1}, [chunk]) == ""
    strong = dict(best_score=1.2, best_relevance=0.8, coverage=0.8)
    abstention = Abstention(AnswerSettings())
    assert abstention.abstains(Signals(**strong, unread_rare="proxy"))
    assert not abstention.abstains(Signals(**strong))


# Poetry's configuration, repositories, contributing, CLI and FAQ pages (MIT licence;
# bench/data/docsqa/poetry): enough chunks for the rarity rules.
@pytest.fixture(scope="module")
def poetry_engine(tmp_path_factory, embedder):
    engine = _pages_engine(tmp_path_factory, "poetry", ("configuration.md", "repositories.md", "contributing.md",
                                                        "cli.md", "faq.md"))
    yield engine
    engine.close()


def test_a_thing_the_index_mentions_once_elsewhere_is_not_answered_from_what_was_read(poetry_engine):
    # Poetry u05: only the contributing guide says "proxies" (of a contributor's corporate network);
    # the passages read are on repository credentials, which were shown as the answer.
    question = "How do I make Poetry download packages through an HTTP proxy?"
    retrieval = poetry_engine.retriever.retrieve(question, poetry_engine.settings.k)
    signals = poetry_engine.answerer.decide(poetry_engine.answerer.scored(retrieval), retrieval)
    assert signals.unread_rare == "proxy", signals
    assert poetry_engine.ask(question).abstained
    # A factoid's rare word is often the asker's paraphrase of the answer, which another chunk uses.
    retrieval = poetry_engine.retriever.retrieve("Which HTTP proxy does Poetry use when it downloads packages?",
                                               poetry_engine.settings.k)
    assert poetry_engine.answerer.decide(poetry_engine.answerer.scored(retrieval), retrieval).unread_rare == ""
    # What the pages do say is answered.
    answer = poetry_engine.ask("How do I store credentials for a private repository?")
    assert not answer.abstained and "http-basic" in answer.answer, answer.answer
