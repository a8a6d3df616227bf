"""A why-question and whether the answer shown can give a reason: code alone cannot
(rag/asked_reason.py; docs/quality.md, issue 14, abst37)."""

from rag.asked_reason import lacks_reason
from rag.question_type import question_type
from tests.rag.conftest import leave_one_out

WHY = "Why do files I upload have to be opened in binary mode?"


def test_a_why_question_answered_with_code_alone_lacks_its_reason():
    assert lacks_reason(question_type(WHY), ["code"])
    assert lacks_reason(question_type(WHY), ["code", "code"])
    assert not lacks_reason(question_type(WHY), ["code", "sentence"])
    assert not lacks_reason(question_type(WHY), ["introduced_code"])  # a lead-in says something
    assert not lacks_reason(question_type(WHY), [])
    # Other questions may be answered with code: how to do it, which value.
    assert not lacks_reason(question_type("How do I upload a file?"), ["code"])
    assert not lacks_reason(question_type("Which Python version does httpx need?"), ["code"])
    assert not lacks_reason(None, ["code"])


def test_a_why_question_whose_reason_is_not_indexed_is_declined(tmp_path_factory, embedder):
    # HTTPX a49, the compatibility page left out (`eval abstain --docs`): the quickstart's upload
    # example was the whole answer.
    with leave_one_out(tmp_path_factory, "httpx", ["quickstart.md", "compatibility.md"],
                       "compatibility.md") as engines:
        assert engines[False].ask(WHY).abstained, engines[False].ask(WHY).answer
        answer = engines[True].ask(WHY)
    assert not answer.abstained and "binary mode" in answer.answer, answer.answer
