"""Follow-ups answered from what the conversation is about: right only with the history."""

from rag.followup import is_elliptic, quoted_pieces
from rag.types import Message


def _history(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained
    return [Message(role="user", content=question), Message(role="assistant", content=answer.answer)]


def test_elliptic_questions_are_recognised():
    assert is_elliptic("Who said that?") and is_elliptic("Against what threat exactly?")
    assert is_elliptic("What do I need to install for that?")
    assert not is_elliptic("What do recent initiatives include?")
    # "should", "them", "each" are no topic words (the short BM25 stop list keeps them).
    assert is_elliptic("Can it read them from a file as well?")
    assert is_elliptic("Should I do that inside each container on Kubernetes too?")
    assert not is_elliptic("How do I leave out the fields the client didn't send?")
    assert quoted_pieces("One. [1] Two: \n- a [2]") == ["One.", "Two: \n- a"]


def test_against_what_threat_needs_the_conversation(sample_engine):
    expected = "against potential American military interventions"
    history = _history(sample_engine, "What is one cartel leader doing to protect his family?")
    answer = sample_engine.ask("Against what threat exactly?", history=history)
    assert not answer.abstained and len(answer.sources) == 1
    assert expected in answer.sources[0].text, answer.answer
    alone = sample_engine.ask("Against what threat exactly?")
    assert alone.abstained or not any(expected in s.text for s in alone.sources)


def test_what_to_install_for_that_in_the_docs(structured_engine):
    history = _history(structured_engine, "How do I receive uploaded files?")
    answer = structured_engine.ask("What do I need to install for that?", history=history)
    assert not answer.abstained and "python-multipart" in answer.answer, answer.answer
    assert all(s.path == "request-files.md" for s in answer.sources)
    alone = structured_engine.ask("What do I need to install for that?")
    assert alone.abstained or "python-multipart" not in alone.answer


def test_follow_up_after_an_abstention_abstains(sample_engine):
    history = [Message(role="user", content="How do I bake sourdough bread?"),
               Message(role="assistant", content="The indexed documents do not seem to answer this question.")]
    assert sample_engine.ask("Who said that?", history=history).abstained


def test_a_follow_up_prefers_what_was_not_said_yet():
    from rag.followup import REPEAT_PENALTY, FollowUp, Quote
    from rag.terms import terms

    said = terms("Create a templates object that points at your templates directory and return a TemplateResponse.")
    followup = FollowUp((Quote("d", 0, 100, exact=False),), True, (), said=said)
    again = terms("Create a `templates` object that you can reuse later.")
    new = terms("Add `jinja2` to your project:")
    assert followup.repeats(new, "d", 10, 40) < followup.repeats(again, "d", 50, 90) <= REPEAT_PENALTY
    # The span an extractive answer quoted is not a repeat: "Against what threat exactly?" asks about it.
    exact = FollowUp((Quote("d", 50, 90),), True, (), said=said)
    assert exact.repeats(again, "d", 50, 90) == 0.0
