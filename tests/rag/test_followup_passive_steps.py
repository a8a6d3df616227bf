"""A follow-up's how-to ("How can I make it longer?" after the default was given) is answered by what
can be set, said in the passive of the named code ("the environment variable
`POETRY_REQUESTS_TIMEOUT` can be set to alter this value"), as by an imperative step
(rag/unit_scoring.py, `_CODE_PASSIVE`). A first question is not reached. On Poetry's pages (MIT
licence; bench/data/docsqa/poetry/NOTICE)."""

from pathlib import Path

import pytest

from rag.question_type import question_type
from rag.unit_scoring import answer_fit
from rag.units import answer_units
from tests.rag.conftest import ask_after, engine_of_files

DOCSQA = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa"
PAGES = ("faq.md", "repositories.md", "configuration.md")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    corpus = DOCSQA / "poetry" / "corpus"
    engine = engine_of_files(tmp_path_factory, "poetry-passive",
                             {p: (corpus / p).read_text(encoding="utf-8") for p in PAGES})
    yield engine
    engine.close()


def test_a_passive_of_named_code_answers_a_follow_ups_how_to(engine):
    # Before: "If you do not want to set an upper bound ... you can omit it ..." (an imperative of
    # another FAQ section) won over the sentence right after the restated default.
    answer = ask_after(engine, "What is Poetry's default timeout for HTTP requests?",
                       "15 seconds, the same as pip's default.", "How can I make it longer?")
    assert not answer.abstained
    assert "POETRY_REQUESTS_TIMEOUT" in answer.answer.split("[1]")[0]


def test_the_passive_fits_a_follow_up_only():
    sentence = ("Similar to `PIP_REQUESTS_TIMEOUT`, the experimental environment variable "
                "`POETRY_REQUESTS_TIMEOUT` can be set to alter this value.")
    unit = next(u for u in answer_units(sentence, 0) if u.kind == "sentence")
    qtype = question_type("How can I raise the timeout?")
    first = answer_fit(unit, qtype, frozenset(), frozenset()).value
    following = answer_fit(unit, qtype, frozenset(), frozenset(), follow_up=True).value
    assert following > first
    # A passive with no code named as its subject is no step.
    plain = next(u for u in answer_units("The value can be set in many ways.", 0) if u.kind == "sentence")
    assert answer_fit(plain, qtype, frozenset(), frozenset(), follow_up=True).value == \
        answer_fit(plain, qtype, frozenset(), frozenset()).value
