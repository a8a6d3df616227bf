"""Advice given bare is told apart from statements and from what a thing lets one do."""

import pytest

from rag.advice import gives_advice


@pytest.mark.parametrize("sentence,advice", [
    ("Do not use the development server when deploying to production.", True),
    ("Only use the development server during development.", True),
    ("It's recommended to use the `notebook` prefixed code actions for the same.", True),
    ("We strongly recommend pinning the version in CI.", True),
    ("You should not commit the lock file of a library.", True),
    ("Avoid mixing tabs and spaces.", True),
    # Statements, what a thing lets one do, the outcome of a step, and what a thing is not made for.
    ("Only the first item is read.", False),
    ("You can use the cache to skip the download.", False),
    ("You should now have the `mkdocs` command installed.", False),
    ("The development server is not designed to be particularly secure.", False),
    ("Do note that the order matters.", False),
])
def test_advice_is_told_from_statements(sentence, advice):
    assert gives_advice(sentence) is advice
