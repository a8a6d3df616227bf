"""A unit of a document that is not Markdown keeps its literal characters in the answer (tryout34): HTML's
markup is read out of Markdown sources only, so a .txt's `a<b and c>d` is not a tag."""

import pytest

from tests.rag.conftest import served

_TEXT = ("Loop rules\n\nThe loop stops when a<b and c>d hold at the same time.\n"
         "A plain sentence about other things follows here.\n")


@pytest.fixture(scope="module")
def engine(tmp_path_factory, embedder):
    yield from served(tmp_path_factory, "literal-text", {"rules.txt": _TEXT})


def test_a_plain_text_comparison_is_answered_as_written(engine):
    answer = engine.ask("When does the loop stop?")
    assert not answer.abstained
    assert "a<b and c>d" in answer.answer
