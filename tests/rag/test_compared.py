"""Two things compared, and whether the answer shown names both."""

import pytest

from rag.compared import compared, lacks_compared
from tests.conftest import ROOT


@pytest.mark.parametrize("question,sides", [
    ("What is the difference between poetry install and poetry sync?", ({"instal"}, {"sync"})),
    ("How does FastAPI's HTTPException differ from Starlette's?", ({"fastapi"}, {"starlett"})),
    # The word that sets a side apart: the shared head noun is said once, or as "one".
    ("How does a criteria-based trust algorithm differ from a score-based one?", ({"criteria"}, {"score"})),
    ("What is the difference between a minor and a patch release of Ruff?", ({"minor"}, {"patch"})),
    ("What happens to extras I don't list with poetry install, compared with poetry sync?",
     ({"happen"}, {"sync"})),
    ("Should I put an optional runtime feature in a dependency group or in extras?",
     ({"option"}, {"extra"})),
    # A factoid naming an opponent or a period: its answer sentence paraphrases a side.
    ("How many points did the Broncos score in the last three minutes of the game versus Pittsburgh?", None),
    ("How do academic results in former Model C schools compare to other schools?", None),
    ("The West saw themselves as what compared to the east?", None),
    ("What is a supplemental package source?", None),
])
def test_only_explicit_comparisons_are_read(question, sides):
    found = compared(question)
    assert (None if found is None else (set(found[0]), set(found[1]))) == sides


def test_an_answer_must_name_both_sides():
    question = "What is the difference between UploadFile and bytes for file uploads?"
    assert not lacks_compared(question, "`UploadFile` has several advantages over `bytes`: it uses a spooled file.")
    assert lacks_compared(question, "And you can declare some of the files as `UploadFile`.")
    assert not lacks_compared("What is a middleware?", "Nothing about it.")
    assert not lacks_compared("What is the difference between a minor and a patch release of Ruff?",
                              "Ruff uses the minor version number for breaking changes and the patch version number "
                              "for bug fixes.")


@pytest.fixture(scope="module")
def poetry_without_cli(tmp_path_factory, embedder):
    """Poetry's docs (docs-QA set) without the page of commands, where install and sync are compared."""
    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    corpus = ROOT / "bench" / "data" / "docsqa" / "poetry" / "corpus"
    settings = Settings(index=tmp_path_factory.mktemp("poetry") / "index")
    report = ingest([p for p in sorted(corpus.rglob("*.md")) if p.name != "cli.md"], settings)
    assert not report.failed
    engine = Engine(settings)
    yield engine
    engine.close()


def test_a_comparison_answered_with_one_side_is_declined(poetry_without_cli):
    # The pages left say how extras are installed; only the page left out compares it with sync.
    question = "What happens to extras I don't list with poetry install, compared with poetry sync?"
    engine = poetry_without_cli
    assert not engine.answerer.abstention.abstains(engine.abstention_signals(question))
    answer = engine.ask(question)
    assert answer.abstained and not answer.sources, answer.answer
    # A question the pages left do answer is answered as before.
    assert not engine.ask("How do I add a git dependency?").abstained
