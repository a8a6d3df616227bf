"""A follow-up's open "Can I ...?", "What about ...?" or "What if ...?" after an answer asks how to do
this instead, so the instruction with its code answers it (rag/question_type.py, `followup_type`):
"Can I just skip the check?" after a certificate error is the `verify=False` call, not the bare
lead-in saying it can be done. A question asked alone keeps its type. On HTTPX's pages
(BSD-3 licence; bench/data/docsqa/httpx/NOTICE)."""

from pathlib import Path

import pytest

from rag.question_type import followup_type, question_type
from tests.rag.conftest import ask_after, engine_of_files

DOCSQA = Path(__file__).resolve().parents[2] / "bench" / "data" / "docsqa"


def _engine(tmp_path_factory, name: str, pages: dict[str, Path]):
    return engine_of_files(tmp_path_factory, name, {p: f.read_text(encoding="utf-8") for p, f in pages.items()})


@pytest.fixture(scope="module")
def httpx_engine(tmp_path_factory):
    corpus = DOCSQA / "httpx" / "corpus"
    # All of HTTPX's pages: with fewer, the certificate follow-up abstains either way.
    engine = _engine(tmp_path_factory, "httpx-asks-how",
                     {str(f.relative_to(corpus)): f for f in sorted(corpus.rglob("*.md"))})
    yield engine
    engine.close()


def test_can_i_skip_it_is_answered_with_the_call(httpx_engine):
    # Before: abstained (the bare lead-in "You can disable SSL verification completely ..." scored
    # best, too low to answer).
    answer = ask_after(httpx_engine, "Why do I get CERTIFICATE_VERIFY_FAILED errors?",
                       "The server's certificate could not be verified against the CA bundle, for instance because "
                       "it has expired.", "Can I just skip the check?")
    assert not answer.abstained
    assert "verify=False" in answer.answer


def test_only_open_questions_of_a_follow_up_turn_into_how_tos():
    for question in ("Can I just skip the check?", "And what about the risky fixes?", "What if I already have one?"):
        assert question_type(question).kind == "other"
        assert followup_type(question, question_type(question)).kind == "howto"
    # "Can I use it in `project.dependencies`?" asks whether it is supported there: "Not supported in ...".
    for question in ("Can readers switch it themselves?", "What is the default?", "Why not?",
                     "Can I use it in project.dependencies?", "Can I also use it there?"):
        assert followup_type(question, question_type(question)).kind == question_type(question).kind
