"""Example questions come from the corpus' headings and key sentences, and each gets a real answer."""

from rag.examples import candidate_questions, example_questions


def test_examples_are_answered_with_content_not_titles(structured_engine):
    catalog = structured_engine.store.catalog
    questions = example_questions(catalog, structured_engine.ask, limit=3)
    assert len(questions) == 3
    titles = {r.title for r in catalog.documents()}
    for q in questions:
        answer = structured_engine.ask(q)
        assert not answer.abstained
        assert not any(s.text.strip() in titles or s.text.startswith("#") for s in answer.sources), answer.answer
    assert "How do I install dependencies?" in [q for q, _ in candidate_questions(catalog)]


def test_plain_text_corpus_gets_questions_from_its_sentences(sample_engine):
    questions = example_questions(sample_engine.store.catalog, sample_engine.ask, limit=2)
    assert questions and all(q.endswith("?") and "“" not in q for q in questions)
    assert "What do recent initiatives include?" in questions
