"""bench/unit_likelihood_study.py's scorer on the real SmolLM2-135M: the passage that answers makes the question likelier."""

import pytest

from bench.unit_likelihood_study import QueryLikelihood
from rag.llms.factory import packaged_smollm2

QUESTION = "How do I send a 404 error back to the client from my endpoint?"
ANSWERS = "To return an HTTP response with an error to the client, raise HTTPException with status_code=404."
UNRELATED = "Poetry installs the project's dependencies into a virtual environment of its own."


@pytest.fixture(scope="module")
def scorer():
    return QueryLikelihood(packaged_smollm2(), threads=1)


def test_the_answering_passage_makes_the_question_likelier(scorer):
    right, wrong = scorer.score(ANSWERS, QUESTION), scorer.score(UNRELATED, QUESTION)
    assert right.tokens == wrong.tokens > 5
    assert wrong.mean < right.mean < 0


def test_a_long_unit_is_cut_and_still_scored(scorer):
    long = " ".join([ANSWERS] * 40)
    assert scorer.score(long, QUESTION).mean == pytest.approx(scorer.score(long + " " + UNRELATED, QUESTION).mean)
