"""A version constraint the question writes must be written by the answer shown
(rag/asked_literal.py; docs/quality.md, issue 14, abst18)."""

import pytest

from rag.asked_literal import Constraint, constraints, lacks_constraint
from tests.rag.conftest import leave_one_out


def test_only_an_operator_with_a_version_is_a_constraint():
    assert constraints("What versions does the constraint ^1.2.3 allow?") == [("^", "1.2.3")]
    assert constraints("What does the tilde constraint ~1.2 allow?") == [("~", "1.2")]
    assert constraints("Is >= 3.4 the same as ~=3.4 or ==3.4.*?") == [(">=", "3.4"), ("~=", "3.4"), ("==", "3.4.*")]
    # A bare version or number is named in other words as often as written: not read.
    assert constraints("When was SSDF version 1.1 published?") == []
    assert constraints("How do I install a dependency only on Python versions older than 3.11?") == []
    assert constraints("Who sang the anthem at Super Bowl 50? Is a->b or x<y code?") == []


def writes(constraint: Constraint, text: str) -> bool:
    """Whether `text` writes `constraint` as a constraint of its own, as lacks_constraint reads it."""
    return constraint in constraints(text)


def test_the_constraint_is_written_as_asked():
    # A space after the operator aside, only the constraint itself: "^1.2.3" is not written by
    # "^1.2.30" nor by "1.2.3".
    assert writes(Constraint("^", "1.2.3"), "| ^1.2.3      | >=1.2.3 <2.0.0   |")
    assert writes(Constraint("~", "1.2"), "| ~1.2        | >=1.2.0 <1.3.0   |")
    assert writes(Constraint(">=", "3.4"), "such as `*` or `>= 3.4` will allow")
    assert not writes(Constraint("~", "1.2"), "| ~1.2.3      | >=1.2.3 <1.3.0   |")
    assert not writes(Constraint("~", "1.2"), "`~=1.2` is a compatible release requirement.")
    assert not writes(Constraint("^", "1.2.3"), "1.2.3 is an exact version; ^1.2.30 is another.")
    assert lacks_constraint("What versions does the constraint ^1.2.3 allow?",
                            "For example, instead of using `>=3.4` you can use `^3.4` which allows all versions `<4.0`.")
    assert not lacks_constraint("What is a caret requirement?", "Caret requirements allow SemVer compatible updates.")


def test_hostile_text_is_read_in_linear_time():
    import time
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    assert len(constraints("^" + "1." * 40_000 + "x")) == 1
    assert constraints(">" * 40_000 + "1") == []  # ">>1" is no operator
    assert lacks_constraint("^1.2 " * 10_000 + "^1.4", "^1.3 " * 10_000 + "^1.2")
    assert time.process_time() - began < 2


@pytest.fixture(scope="module")
def poetry_pages(tmp_path_factory, embedder):
    """Poetry's FAQ, CLI and dependency-management pages (docs-QA set), with and without the
    dependency-specification page whose tables say what each constraint allows."""
    names = ["faq.md", "cli.md", "managing-dependencies.md", "dependency-specification.md"]
    with leave_one_out(tmp_path_factory, "poetry", names, "dependency-specification.md") as engines:
        yield engines


def test_a_constraint_asked_whose_page_is_not_indexed_is_declined(poetry_pages):
    # Poetry a36 with dependency-specification.md left out: the FAQ's sentences on `>=3.4` and
    # `^3.4` are on other constraints.
    question = "What versions does the constraint ^1.2.3 allow?"
    assert poetry_pages[False].ask(question).abstained
    answer = poetry_pages[True].ask(question)
    assert not answer.abstained
    assert ">=1.2.3 <2.0.0" in answer.answer, answer.answer
