"""Code names in a question: flags, identifiers, dotted names and files, as a passage writes them."""

import pytest

from rag.code_names import code_names, mentions, placeholder


@pytest.mark.parametrize(("question", "names"), [
    ("Why shouldn't I use --reload in production?", ["--reload"]),
    ("What does the NO_PROXY variable do?", ["NO_PROXY"]),
    ("How do I only return what was set with `exclude_unset`?", ["exclude_unset"]),
    ("What does the solver.lazy-wheel setting do?", ["solver.lazy-wheel"]),
    ("How can I take the credentials from my .netrc file?", [".netrc"]),
    ("What is the poetry.toml file for?", ["poetry.toml"]),
    # Not code: hyphenated words, abbreviations, versions, capitalised names (the name rules' business).
    ("Is a pre-commit hook an x-ray of the U.S. e.g. code?", []),
    ("Histone 2A (H2A)-histone 2B dimers and Python 3.11", []),
    ("Which status code does RedirectResponse use in FastAPI?", []),
])
def test_code_names_are_read_as_written(question, names):
    assert code_names(question) == names


def test_a_passage_mentions_a_code_name_as_a_word_of_its_own():
    assert mentions("--reload", "Run `uvicorn main:app --reload` while developing.")
    assert not mentions("--reload", "Watch other folders with --reload-dir.")  # another flag
    assert mentions("NO_PROXY", "no_proxy: hosts to reach directly")  # letter case aside
    # A dotted name by its last part: the `elapsed` of a page about responses.
    assert mentions("response.elapsed", "The `elapsed` property of a Response: time taken.")
    assert mentions(".netrc", "* .netrc Support")
    assert not mentions("poetry.toml", "Settings go in pyproject.toml.")


@pytest.mark.parametrize(("name", "own"), [
    ("myname.github.io", True), ("my-project", True), ("my_app", True), ("`mypackage`", True),
    # A tool's own name starting with "my": what follows is no everyday word.
    ("mypy.ini", False), ("mysql.conf", False), ("myst.yml", False), ("solver.lazy-wheel", False),
])
def test_the_askers_own_placeholder_is_told_from_code(name, own):
    assert placeholder(name) is own
