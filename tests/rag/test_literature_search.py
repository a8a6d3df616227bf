"""A review's literature search (the databases it searched, its search terms) answers only a question
about the search: it holds every term of the review's subject, the findings answer the rest."""

from __future__ import annotations

import pytest

from rag.literature_search import asks_about_search, tells_search
from rag.question_type import question_type
from rag.terms import terms
from rag.unit_scoring import answer_fit
from rag.units import Unit
from tests.rag.conftest import best_unit

# Paragraphs of a systematic review in the Scandinavian Journal of Trauma, Resuscitation and Emergency
# Medicine (2010, CC BY 2.0), as its PDF re-flows.
BACKGROUND = ("Modalities available for trauma patient thromboprophylaxis are classified into pharmacologic "
              "anticoagulation, mechanical compression devices, and inferior vena cava (IVC) filtration. Other "
              "modalities such as mechanical compression devices and IVC filters are not used for primary "
              "thromboprophylaxis, but may be helpful when LMWHs are contraindicated.")
SEARCH = ("All scientific publications discussing the use of biochemical, mechanical, and IVC filter prophylaxis for "
          "the prevention of DVT after trauma were identified using PubMed, EMBASE, and Medline. Search terms included:")
TERMS = ('"DVT", "deep venous thrombosis", "complications", "trauma", "injury", "DVT prophylaxis", '
         '"thromboprophylaxis", "low molecular weight heparin", "IVC filter", and "sequential compression device".')
CONCLUSION = ("Pharmacologic anticoagulation using LMWHs is the recommended primary thromboprophylaxis modality in "
              "trauma patients. In this review we calculated the risk of bleeding and HIT to be 3.9% and 0.7% "
              "respectively.")


def _fit(question: str, text: str) -> float:
    unit = Unit("sentence", text, 0, len(text), text)
    return answer_fit(unit, question_type(question), terms(question), terms(text)).value


@pytest.mark.parametrize("text,search", [
    (SEARCH, True),
    (TERMS, True),
    ("Keywords included DVT, deep venous thrombosis and trauma.", True),
    ("Once identified, manuscripts were reviewed for relevance to the topic of DVT prophylaxis.", True),
    (CONCLUSION, False),
    (BACKGROUND, False),
    # A journal's footer names PubMed without searching it.
    ("Your research papers will be cited in PubMed and archived on PubMed Central.", False),
    # A tool's docs list a setting's few values in quotes.
    ('The color option accepts "auto", "always" or "never".', False),
])
def test_a_search_is_told_by_its_databases_or_its_terms(text, search):
    assert tells_search(text) is search


def test_the_search_answers_only_a_question_about_it():
    question = "Which DVT prophylaxis is recommended first for trauma patients?"
    assert not asks_about_search(terms(question))
    assert _fit(question, SEARCH) < _fit(question, SEARCH.replace("PubMed, EMBASE, and Medline", "the clinic's records")
                                          .replace(" Search terms included:", ""))
    asked = "Which databases were searched for publications on DVT after trauma?"
    assert asks_about_search(terms(asked))
    assert _fit(asked, SEARCH) == _fit(asked, SEARCH.replace("PubMed, EMBASE, and Medline", "the clinic's records")
                                       .replace(" Search terms included:", ""))


@pytest.fixture(scope="module")
def review_pdf(tmp_path_factory, embedder):
    """The review's background, search and conclusion, as a PDF."""
    from fpdf import FPDF

    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp("review") / "docs"
    folder.mkdir()
    pdf = FPDF()
    pdf.add_page()
    for heading, paragraphs in (("Background", [BACKGROUND]), ("Methods", [SEARCH, TERMS]),
                                ("Conclusions", [CONCLUSION])):
        pdf.set_font("helvetica", "B", 14)
        pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    pdf.output(str(folder / "review.pdf"))
    index = folder.parent / "index"
    assert ingest([folder], Settings(index=index)).added == 1
    engine = Engine(Settings(index=index))
    yield engine
    engine.close()


@pytest.mark.parametrize("question", [
    "Which DVT prophylaxis is recommended first for trauma patients?",
    "What are the options for DVT prophylaxis in trauma patients?",
])
def test_a_reviews_findings_answer_and_not_its_search(review_pdf, question):
    best, _ = best_unit(review_pdf, question)
    assert not tells_search(best) and best.startswith(("Modalities available", "Pharmacologic anticoagulation")), best
