"""Example questions come from the corpus' headings and key sentences, and each gets a real answer."""

from rag.examples import candidate_questions, example_questions


def _candidates(tmp_path_factory, name: str, files: dict[str, str]) -> list[str]:
    """The candidate questions of an index of these made-up pages."""
    from tests.rag.conftest import engine_of_files

    return [c.question for c in candidate_questions(engine_of_files(tmp_path_factory, name, files).store.catalog)]


def test_examples_are_answered_with_content_not_titles(structured_engine):
    catalog = structured_engine.store.catalog
    questions = example_questions(catalog, structured_engine.ask, limit=3)
    assert len(questions) == 3
    titles = {r.title for r in catalog.documents()}
    for q in questions:
        answer = structured_engine.ask(q)
        assert not answer.abstained
        assert not any(s.text.strip() in titles or s.text.startswith("#") for s in answer.sources), answer.answer
    assert "How do I install dependencies?" in [c.question for c in candidate_questions(catalog)]


def test_plain_text_corpus_gets_questions_from_its_sentences(sample_engine):
    questions = example_questions(sample_engine.store.catalog, sample_engine.ask, limit=2)
    assert questions and all(q.endswith("?") and "“" not in q for q in questions)
    assert "What do recent initiatives include?" in questions


def test_no_question_twice_and_no_gerund_joined_to_a_noun(tmp_path_factory):
    # Starlette's docs: nine pages open with "Starlette includes ..." (the chat showed "What does
    # Starlette include?" twice), and a "Testing and Linting" heading became "How do I test and Linting?".
    from tests.rag.conftest import engine_of_files

    engine = engine_of_files(tmp_path_factory, "repeated-examples", {
        "background.md": "# Background\n\nStarlette includes a `BackgroundTask` class for in-process background tasks.\n",
        "requests.md": "# Requests\n\nStarlette includes a `Request` class that gives you a nicer interface onto the "
                       "incoming request.\n",
        "contributing.md": "# Contributing\n\n## Testing and Linting\n\nRun the test suite with `scripts/test` "
                           "before you open a pull request.\n",
    })
    catalog = engine.store.catalog
    candidates = [c.question for c in candidate_questions(catalog)]
    assert candidates.count("What does Starlette include?") == 2
    assert not any("test and" in q.lower() for q in candidates), candidates
    questions = example_questions(catalog, engine.ask, limit=3)
    assert "What does Starlette include?" in questions
    assert len(questions) == len(set(questions)), questions


def test_a_conditional_clause_is_not_a_definition(tmp_path_factory):
    # Typer's docs: "If the first element is a `Path` object ..." was the example "What is if the first element?".
    candidates = _candidates(tmp_path_factory, "clause-examples", {
        "app-dir.md": "# CLI Application Directory\n\nIf the first element is a `Path` object the next ones can be "
                      "`str`.\n\nThe app directory is a folder where your application can store its configuration.\n",
    })
    assert not any(q.lower().startswith("what is if") for q in candidates), candidates
    assert "What is the app directory?" in candidates


def test_a_plural_definition_is_asked_with_its_own_verb(tmp_path_factory):
    # uv's docs: "`.netrc` files are a long-standing plain text format ..." was the example
    # "What is `.netrc` files?" in the chat.
    candidates = _candidates(tmp_path_factory, "plural-examples", {
        "http.md": "# HTTP credentials\n\n## netrc files\n\n[`.netrc`](https://everything.curl.dev/usingcurl/netrc) "
                   "files are a long-standing plain text format for storing credentials on a system.\n\n"
                   "The credential store is a file that keeps one password per index.\n",
    })
    assert "What are .netrc files?" in candidates, candidates
    assert "What is the credential store?" in candidates, candidates
    assert not any(q.startswith("What is `.netrc` files") for q in candidates), candidates


def test_a_question_with_and_without_backticks_is_offered_once(tmp_path_factory):
    # uv's docs: the chat offered "What is `uv.lock`?" and "What is uv.lock?" side by side.
    from rag.examples import folded
    from tests.rag.conftest import engine_of_files

    assert folded("What is `uv.lock`?") == folded("what is uv.lock?")
    engine = engine_of_files(tmp_path_factory, "folded-examples", {
        "pipfile.md": "# Pipfile\n\n## `Pipfile`\n\nPipfile is a file that lists the packages a project "
                      "depends on.\n",
        "lock.md": "# Locking\n\nPipfile is a file that the lock command reads to pin every package.\n",
    })
    catalog = engine.store.catalog
    pipfile = next(r.doc_id for r in catalog.documents() if r.path.endswith("pipfile.md"))
    asked = [c.question for c in candidate_questions(catalog) if c.doc_id == pipfile]
    assert asked.count("What is Pipfile?") == 1, asked
    questions = example_questions(catalog, engine.ask, limit=4)
    assert not {"What is Pipfile?", "What is `Pipfile`?"} <= set(questions), questions


def test_questions_are_plain_text_in_sentence_case_and_from_user_pages_first(tmp_path_factory):
    # SQLModel's docs: the chat's home page offered "How do I install Requirements Using `pip`?" and "How do
    # I create and Use Env Vars?", both from contributing.md, whose path comes first.
    from tests.rag.conftest import engine_of_files

    engine = engine_of_files(tmp_path_factory, "plain-examples", {
        "contributing.md": "# Contributing\n\n## Install Requirements Using `pip`\n\nRun pip install with the "
                           "requirements file of the repository.\n\n## Create and Use Env Vars\n\nSet the variables "
                           "in a file that the scripts read when they start.\n",
        "tutorial.md": "# Tutorial\n\n## Use Otterly with Python\n\nThe census is written with Otterly, a "
                       "library you call from Python code to count the otters of a river.\n\n"
                       "## Use `Census.count`\n\nThe count method adds up the otters seen from each bank.\n\n"
                       "## Add Census Plugins\n\nThe census reads its Plugins folder first; plugins are loaded in "
                       "order, and each of the plugins counts one river.\n",
    })
    candidates = list(candidate_questions(engine.store.catalog))
    questions = [c.question for c in candidates]
    assert "How do I install requirements using pip?" in questions, questions
    assert "How do I create and use env vars?" in questions, questions
    assert "How do I use Otterly with Python?" in questions, questions
    assert "How do I use Census.count?" in questions, questions
    assert "How do I add census plugins?" in questions, questions  # "Plugins" once, "plugins" twice
    assert not any("`" in q for q in questions), questions
    first_doc = engine.store.catalog.document(candidates[0].doc_id)
    assert first_doc.path.endswith("tutorial.md"), candidates


def test_a_subject_holding_a_verb_or_pointing_elsewhere_is_no_definition(tmp_path_factory):
    # Poetry's docs: "What is the pyproject.toml file is what?", "What is the following?" and "What do poetry
    # will automatically include?" were its examples; attrs' glossary gave "What is its first documented use?".
    candidates = _candidates(tmp_path_factory, "subject-examples", {
        "usage.md": "# Usage\n\nThe `census.toml` file is what is the most important here.\n\nThe following is an "
                    "example, and should not be considered as complete.\n\nOtterly will automatically include some "
                    "licence files when building a package.\n\nThe census file is a table of the otters seen.\n\n"
                    "Its first recorded use is a letter by a warden from 2002.\n",
    })
    assert candidates == ["What is the census file?"], candidates


def test_an_example_is_answered_from_the_page_it_was_made_from(tmp_path_factory):
    # Starlette's docs (BSD-3), cut down: "What is Starlette?" is made from the index page's definition,
    # which its retrieval does not reach (the name is on every page); answered with another page's
    # sentence it would be offered for an answer it does not get.
    from tests.rag.conftest import engine_of_files

    engine = engine_of_files(tmp_path_factory, "own-page", {
        "index.md": "<p align=\"center\">\n  <img width=\"400px\" src=\"/img/starlette.svg\"/>\n</p>\n\n"
                    "# Introduction\n\nStarlette is a lightweight ASGI framework/toolkit,\nwhich is ideal for building "
                    "async web services in Python.\n\n## Installation\n\n```shell\npip install starlette\n```\n",
        "third-party-packages.md": "Starlette has a rapidly growing community of developers, building tools that "
                                   "integrate into Starlette, tools that depend on Starlette, etc.\n\n## Plugins\n\n"
                                   "### Starlette Context\n\nMiddleware for Starlette that allows you to store and "
                                   "access the context data of a request.\n",
    })
    catalog = engine.store.catalog
    index_id = next(r.doc_id for r in catalog.documents() if r.path.endswith("index.md"))

    def answered_elsewhere(question):
        answer = engine.ask(question)
        if question == "What is Starlette?":
            # Stands for the real corpus, where 25 other pages name Starlette: answered from one of them.
            return answer.model_copy(update={"sources": [s.model_copy(update={"doc_id": "elsewhere"})
                                                         for s in answer.sources]})
        return answer

    assert ("What is Starlette?", index_id) in [(c.question, c.doc_id) for c in candidate_questions(catalog)]
    chosen = example_questions(catalog, answered_elsewhere, limit=4)
    assert "What is Starlette?" not in chosen, chosen


def test_a_verb_that_heads_a_compound_noun_asks_no_how_to(tmp_path_factory):
    # hatch's docs (try22): "Build configuration" was offered as "How do I build configuration?".
    candidates = _candidates(tmp_path_factory, "compound-examples", {
        "build.md": "# Build configuration\n\nThe build section lists targets.\n\n"
                    "## Build wheels\n\nRun the build command.\n\n## Test options\n\nOptions go here.\n",
    })
    assert "How do I build wheels?" in candidates, candidates
    assert not any(q in candidates for q in ("How do I build configuration?", "How do I test options?")), candidates


def test_a_subject_that_needs_its_page_to_make_sense_is_no_example(tmp_path_factory):
    # Click's docs offered "What is notably absent?" (complex.md: "Notably absent is the context."), "What is
    # the logic applied?", "What is the answer to this?" and "What is by default the command?"; FastAPI's "What is
    # the only new thing?", "What is a versatile option?", "What is JSONResponse itself?"; httpx's "What is one
    # example?" and "What do To include?".
    candidates = _candidates(tmp_path_factory, "vague-examples", {
        "otters.md": "# Otters\n\nNotably absent is the river map.\n\nThe logic applied is the following: count "
                     "each bank once.\n\nThe answer to this is a census.\n\nBy default the command is a dry run.\n\n"
                     "The only new thing is the census argument.\n\nA versatile option is a census client.\n\n"
                     "CensusClient itself is a thin wrapper around the counter.\n\nOne example is a weekly river "
                     "walk.\n\nTo include other rivers, add them to the list.\n\n"
                     "The census file is a table of the otters seen.\n\n"
                     "The `census.toml` approach is a way to keep the settings in one file.\n",
    })
    assert candidates == ["What is the census file?", "What is the census.toml approach?"], candidates


def test_a_how_to_heading_must_name_what_it_is_done_to(tmp_path_factory):
    # FastAPI's docs: "Use case" headings were "How do I use case?" (and "How do I use cases: external service?"),
    # "Create an instance" "How do I create an instance?", "Read the Tutorial first" "How do I read the Tutorial
    # first?"; httpx's `"trace"` heading (an extension's key) "What is "trace"?", Ruff's `configuration` (a setting)
    # "What is configuration?".
    candidates = _candidates(tmp_path_factory, "object-examples", {
        "census.md": "# Census\n\n## Use case\n\nCount otters.\n\n## Use cases: weekly walks\n\nWalk the banks.\n\n"
                     "## Create an instance\n\nCall the class.\n\n## Read the Guide first\n\nIt helps.\n\n"
                     "## `\"trace\"`\n\nThe trace key logs each count.\n\n## Create a census file\n\nWrite a table.\n\n"
                     "## `CensusClient`\n\nThe client counts.\n\n## `configuration`\n\nThe setting names a file.\n",
    })
    assert candidates == ["How do I create a census file?", "What is CensusClient?"], candidates


def test_an_example_is_answered_from_the_section_or_sentence_it_was_made_from():
    # httpx's text-encodings page: "How do I use the default encoding?" (its "Using the default encoding" section)
    # was answered with the next section's "Instantiate a client with a Japanese character set as the default
    # encoding"; MkDocs' "How do I use plugins?" with the section on installing them.
    from rag.examples import Candidate, Origin, _real
    from rag.types import Answer, Source

    def answered(heading: str, start: int = 100) -> Answer:
        cited = Source(n=1, doc_id="enc", path="text-encodings.md", title="Text Encodings", start=start,
                       end=start + 40, text="client = httpx.Client(default_encoding=\"shift-jis\")",
                       chunk_id="c1", heading=heading)
        return Answer(answer=f"{cited.text} [1]", sources=[cited], abstained=False)

    def made(doc_id: str, **origin) -> Candidate:
        return Candidate("?", doc_id, Origin(**origin))

    titles = {"Text Encodings"}
    default = made("enc", heading="Using the default encoding")
    assert not _real(answered("Text Encodings › Using an explicit encoding"), titles, default)
    assert _real(answered("Text Encodings › Using the default encoding"), titles, default)
    # Code in a heading is folded as the question is ("`Census.count`").
    assert _real(answered("Text Encodings › Use Census.count"), titles, made("enc", heading="Use `Census.count`"))
    # A definition's question: answered by the sentence it was made from, not another one of its page.
    assert _real(answered("Text Encodings", start=100), titles, made("enc", start=110, end=150))
    assert not _real(answered("Text Encodings", start=300), titles, made("enc", start=110, end=150))
    assert not _real(answered("Text Encodings", start=100), titles, made("other", start=110, end=150))


def test_a_paper_is_read_past_its_front_matter_for_questions(tmp_path_factory):
    # The papers corpus offered two questions, both from one of its six papers: a paper's first passages are its
    # front matter and abstract. NIST SP 800-207's "Zero trust is a response to ..." is in its tenth.
    from tests.corpus_files import write_pdf
    from tests.rag.conftest import engine_of_files

    rivers = ["Avon", "Severn", "Wye", "Usk", "Teme", "Lugg", "Frome", "Exe", "Dart", "Tamar", "Fowey", "Camel"]
    # Pages of their own words (a page repeated is furniture), the definition in the seventh passage of eight.
    pages = [" ".join(f"On the {river} the survey team walked {n} miles of bank at dawn and wrote down each animal "
                      f"they saw near pool {n + k}, with the time and the weather." for k, river in enumerate(rivers))
             for n in range(1, 8)]
    pages[6] = "The otter census is a count of the otters living along one river in one season. " + pages[6]
    path = write_pdf(tmp_path_factory.mktemp("paper") / "census.pdf", pages)
    candidates = _candidates(tmp_path_factory, "paper-examples", {"census.pdf": path.read_bytes()})
    assert "What is the otter census?" in candidates, candidates


def test_a_question_word_a_list_pointed_at_or_a_number_is_no_subject(tmp_path_factory):
    # The proteomics paper's "What is ...?" sentence gave "What is What?"; httpx's "What is the most involved of
    # these?"; Poetry's "1.2.3 is ..." "What is 1.2.3?".
    candidates = _candidates(tmp_path_factory, "question-word-examples", {
        "census.md": "# Census\n\nWhat is a census is a question the guide answers.\n\nThe most involved of these is "
                     "a boat survey.\n\n1.2.3 is the version that counts pups.\n\nThe census file is a table of the "
                     "otters seen.\n",
    })
    assert candidates == ["What is the census file?"], candidates
