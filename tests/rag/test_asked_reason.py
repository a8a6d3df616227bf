"""A why-question answered with no reason of any kind is declined (rag/asked_reason.py)."""

from pathlib import Path

import pytest

from rag.asked_reason import asks_why, gives_reason, lacks_reason

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("question,read", [
    ("Why doesn't httpx follow redirects by default?", True),
    ("Why hash passwords at all?", True),
    ("When using --fix in pre-commit, why must the Ruff lint hook run before the formatter?", True),
    ("Readers who click the edit link end up on a GitHub login page. Why, and what can I link to instead?", True),
    # A past event's cause is told as a story; what a thing is for is said in any words.
    ("Why did Harvard end its early admission program?", False),
    ("Why was the Merit network formed in Michigan?", False),
    ("What is the purpose of the lock file?", False),
    ("Which database does the example use and why?", False),
])
def test_only_why_questions_about_how_things_are_are_read(question, read):
    assert asks_why(question) is read


@pytest.mark.parametrize("text", [
    # Real answers to the dev sets' why-questions, in their own words of cause or consequence.
    "As this file doesn't change often, Docker will detect it and use the cache for this step.",
    "If your database is stolen, the thief won't have your users' plaintext passwords, only the hashes.",
    "But as we are using the `@lru_cache` decorator on top, the `Settings` object will be created only once.",
    "But now that Uvicorn supports using `--workers`, there's no reason to use a base Docker image.",
    "Ruff's lint hook should be placed before Ruff's formatter hook, as Ruff's fix behavior can output code "
    "changes that require reformatting.",
    "Functions with `async def` have to be awaited. So, they can only be called inside `async def` functions.",
    "HTTP/2 support is not enabled by default, because HTTP/1.1 is a mature, battle-hardened transport layer.",
])
def test_a_clause_of_cause_purpose_or_consequence_is_a_reason(text):
    assert gives_reason(text)


@pytest.mark.parametrize("text", [
    "By default, HTTPX will not follow redirects for all HTTP methods, although this can be explicitly enabled.",
    "# Allow >=2.0.5 versions, without upper bound\npoetry add \"pendulum>=2.0.5\"",  # a comment's "Allow"
    "Since MkDocs 1.4, the option is read from the theme.",  # a time
    "Ruff labels fixes as \"safe\" and \"unsafe\".",
])
def test_what_happens_is_no_reason(text):
    assert not gives_reason(text)
    assert lacks_reason("Why is it so?", text)


@pytest.fixture(scope="module")
def httpx_without_compatibility(tmp_path_factory, embedder):
    """HTTPX's docs (docs-QA set) without the page on how it differs from requests, the only one
    that says why redirects are not followed by default."""
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    corpus = ROOT / "bench" / "data" / "docsqa" / "httpx" / "corpus"
    settings = Settings(index=tmp_path_factory.mktemp("httpx-compat") / "index")
    pages = [p for p in sorted(corpus.rglob("*.md")) if p.name != "compatibility.md"]
    report = ingest(pages, settings)
    assert not report.failed
    engine = Engine(settings)
    yield engine
    engine.close()


def test_a_why_question_answered_with_what_happens_is_declined(httpx_without_compatibility):
    # Before: "By default, HTTPX will not follow redirects for all HTTP methods, although this can
    # be explicitly enabled." (the quickstart's sentence: what happens, not why).
    answer = httpx_without_compatibility.ask("Why doesn't httpx follow redirects by default?")
    assert answer.abstained and not answer.sources, answer.answer


def test_a_why_question_the_pages_left_explain_is_answered(httpx_without_compatibility):
    answer = httpx_without_compatibility.ask("Why is HTTP/2 not switched on by default?")
    assert not answer.abstained and "battle-hardened" in answer.answer, answer.answer
