"""A name the question asks about that only another document read says: the best unit is off."""

import pytest

from rag.other_document import name_of_other_document
from rag.types import Chunk
from tests.rag.conftest import served


def _chunk(doc_id: str, text: str, index: int = 0) -> Chunk:
    return Chunk(chunk_id=f"{doc_id}-{index}", doc_id=doc_id, path=f"{doc_id}.md", title=doc_id, index=index,
                 start=0, end=len(text), text=text)


_BEST = _chunk("eye", "Antibodies against Rhodopsin stained the rhabdomeres; the most abundant proteins were quantified.")
_ATLAS = _chunk("atlas", "Cluster 7 resembles the terminal cells of the corpus luteum.")


def _documents(*chunks: Chunk):
    return lambda doc_id: [c for c in chunks if c.doc_id == doc_id]


def test_a_name_only_another_document_says_is_named_elsewhere():
    question = "Which antibody stained Cluster 7 in the ovary?"
    assert name_of_other_document(question, _BEST, [_BEST, _ATLAS], _documents(_BEST, _ATLAS)) == "Cluster 7"


@pytest.mark.parametrize("said", ["Cluster 7 of the retina was left out.", "Photoreceptors formed no clusters."])
def test_a_name_the_best_units_document_says_anywhere_is_its_own(said):
    # Said whole, or any word of it as the citation checker matches names.
    elsewhere_in_it = _chunk("eye", said, index=1)
    question = "Which antibody stained Cluster 7 in the ovary?"
    assert name_of_other_document(question, _BEST, [_BEST, _ATLAS], _documents(_BEST, elsewhere_in_it, _ATLAS)) == ""


def test_a_run_of_names_the_best_units_document_says_a_word_of_is_its_own():
    # "Ruff VS Code" is one run of capitalised words but two names; a page saying "Ruff" is about one.
    formatter = _chunk("formatter", "Ruff implements formatting changes under the preview flag.")
    setup = _chunk("setup", "Install the Ruff VS Code extension from the marketplace.")
    question = "How can I tell a stable release of the Ruff VS Code extension from a preview one?"
    assert name_of_other_document(question, formatter, [formatter, setup], _documents(formatter, setup)) == ""
    assert name_of_other_document(question, _BEST, [_BEST, setup], _documents(_BEST, setup)) == "Ruff VS Code"


@pytest.mark.parametrize("question", [
    "Which antibody stained Cluster 7 in the ovary?",  # no other document read
])
def test_no_other_document_read_names_nothing_elsewhere(question):
    assert name_of_other_document(question, _BEST, [_BEST], _documents(_BEST, _ATLAS)) == ""


def test_a_possessive_names_the_thing_and_a_bare_number_is_no_name():
    ruff = _chunk("ruff", "Ruff can lint notebooks.")
    other = _chunk("other", "Ruff's preview mode turns on 100 new rules.")
    assert name_of_other_document("What does Ruff's preview mode turn on?", ruff, [ruff, other],
                                  _documents(ruff, other)) == ""
    assert name_of_other_document("Which rules make up the 100 new ones?", ruff, [ruff, other],
                                  _documents(ruff, other)) == ""


@pytest.fixture(scope="module")
def two_studies_engine(tmp_path_factory, embedder):
    yield from served(tmp_path_factory, "two-studies", {
        "lighthouse.md": "# Lighthouse survey\n\nThe survey counted seabirds at Station Harrow over two winters. "
                         "Observers used binoculars of eight-fold magnification. Storm petrels were the most "
                         "common species at Station Harrow, followed by fulmars.\n",
        "harbour.md": "# Harbour survey\n\nThe harbour survey counted seals from a boat. Observers used a "
                      "thermal camera loaned by the coastguard. Grey seals outnumbered common seals.\n",
    })


def test_a_question_on_one_study_is_not_answered_from_another(two_studies_engine):
    answer = two_studies_engine.ask("Which camera did the observers use at Station Harrow?")
    assert answer.abstained, answer.answer
    assert not two_studies_engine.ask("Which camera did the observers use in the harbour survey?").abstained
