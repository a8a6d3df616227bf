"""Who wrote a document is answered by its author line under the title, cited to that line, and declined
when it has none (rag/asked_author.py). The lines are the papers corpus' and pdfdev's page 1s as the
ingest reads them (bench/data/docsqa/{papers,pdfdev}/corpus)."""

import pytest

from rag.asked_author import AuthorsAsked, author_line, authors_asked, named_document, names_length
from tests.rag.conftest import ask_after, served


@pytest.mark.parametrize("question,subject", [
    ("Who wrote Zero Trust Architecture?", "Zero Trust Architecture"),
    ("Who wrote the paper?", ""),
    ("who wrote it", ""),
    ("Who are the authors?", ""),
    ("Who are the authors of VESPA?", "VESPA"),
    ("Who is the author of this document?", ""),
    ("Who are the paper's authors?", ""),
    ("Who are VESPA's authors?", "VESPA"),
    ("Who authored \"Patient Experiences of Structured Heart Failure Programmes\"?",
     "Patient Experiences of Structured Heart Failure Programmes"),
    ("What are the names of the authors of the SSDF?", "the SSDF"),
])
def test_an_authorship_question_and_its_subject(question, subject):
    assert authors_asked(question) == AuthorsAsked(subject)


@pytest.mark.parametrize("question", [
    "Who created FastAPI?",  # a project's creator, told by its pages: answered as any question
    "Who coined the term zero trust?",
    "Who maintains the third-party Ruff plugin on the JetBrains marketplace?",
    "What did the authors conclude?",
    "Who is on the MkDocs maintenance team?",
])
def test_other_questions_are_no_authorship_questions(question):
    assert authors_asked(question) is None


def test_the_document_named_is_the_one_whose_title_holds_the_subject():
    titles = [("a", "VESPA: Very large-scale Evolutionary and Selective Pressure Analyses"),
              ("b", "Zero Trust Architecture"), ("c", "Patient Experiences of Structured Heart Failure Programmes")]
    assert named_document("the VESPA paper", titles) == "a"
    assert named_document("Zero Trust Architecture", titles) == "b"
    assert named_document("the heart failure programmes study", titles) == "c"
    assert named_document("FastAPI", titles) is None
    assert named_document("the paper", titles) is None


@pytest.mark.parametrize("line,names", [
    ("Scott Rose Oliver Borchert Stu Mitchell Sean Connelly", None),
    ("Nuala E. Tully, Karen M. Morgan, Helen M. Burke, and Hannah M. McGee", None),
    ("Josephine Nana Afrakoma Agyeman-Duah1*, Antje Theurer2,3,CharlesMunthali3,NoorAlide4 and Florian Neuhann5", None),
    ("Ross G. DOUGLAS∗1, Rajni K. SHARMA†1, Geoffrey MASUYER‡, Lizelle LUBBE∗, Ismael ZAMORA§, K. Ravi ACHARYA‡, "
     "Kelly CHIBALE† and Edward D. STURROCK∗", None),
    ("Indraneel Datta1, Chad G Ball1*, Lucas Rudmik1, S Morad Hameed2, John B Kortbeek1", None),
    ("Bharath Kumar Raghuraman, Sarita Hebbar, Mukesh Kumar, HongKee Moon, Ian Henry, Elisabeth Knust, and "
     "Andrej Shevchenko*", None),
    # The affiliations run on in the same paragraph, after a mark of their own.
    ("Andrew E. Webb1, Thomas A. Walsh1 and Mary J. O’Connell1,2 1 Bioinformatics and Molecular Evolution Group, "
     "School of Biotechnology, Faculty of Science and Health, Dublin City University, Dublin, Ireland",
     "Andrew E. Webb1, Thomas A. Walsh1 and Mary J. O’Connell1,2"),
    ("Oscar Mendoza Andrade1, Zach Wright1, Sahel Ghasemzadeh1, Dan T Bergstralh 1§ 1Division of Biological "
     "Sciences, University of Missouri, Columbia, MO, 65201, USA",
     "Oscar Mendoza Andrade1, Zach Wright1, Sahel Ghasemzadeh1, Dan T Bergstralh 1§"),
])
def test_an_author_line_is_its_names(line, names):
    assert line[:names_length(line)] == (names or line)


@pytest.mark.parametrize("line", [
    "NIST Special Publication 800-207",
    "This publication is available free of charge from:",
    "R E S E A R C H A R T I C L E Open Access",
    "Recommendations for Mitigating the Risk of Software Vulnerabilities",
    "Division of Population Health Sciences, Department of Psychology, Royal College of Surgeons in Ireland",
    "Abstract",
    "Background: Knowledge regarding the best approaches to improving the quality of healthcare is lacking.",
    "Hindawi Publishing Corporation Volume 2010",
    "Datta",
])
def test_other_lines_are_no_author_line(line):
    assert names_length(line) == 0


def test_the_author_line_is_under_the_title_even_one_set_on_two_lines():
    text = ("NIST Special Publication 800-218\n\nSecure Software Development Framework (SSDF) Version 1.1:\n\n"
            "Recommendations for Mitigating the Risk of Software Vulnerabilities\n\n"
            "Murugiah Souppaya Karen Scarfone Donna Dodson\n\nThis publication is available free of charge from:\n\n")
    title = ("Secure Software Development Framework (SSDF) Version 1.1: Recommendations for Mitigating the Risk of "
             "Software Vulnerabilities")
    start, end = author_line(text, title)
    assert text[start:end] == "Murugiah Souppaya Karen Scarfone Donna Dodson"
    # Names above the title are no author line, nor is the paragraph after an abstract's heading.
    assert author_line("Jane Doe\n\n# A Study of Things\n\nAbstract\n\nWe study things.", "A Study of Things") is None
    assert author_line("By Ann Lee and Bo Chen\n\n# Notes", "Notes") is None
    start, end = author_line("# Notes\n\nBy Ann Lee and Bo Chen\n\nText.", "Notes")
    assert (start, end) == (12, 31)


PAPER = """# Vortex Shedding in Shallow Tidal Channels

Maren K. Holt1, Ilias Varga2 and Tomás R. Ortiz1

1 Department of Oceanography, Coastal University

## Abstract

We measured vortex shedding behind headlands in three shallow tidal channels over two spring-neap cycles. Eddies
formed on every ebb tide when the flow exceeded half a metre per second, and their diameter grew with the channel's
width. The shedding period matched the Strouhal number of a cylinder in steady flow.

## 1 Introduction

Headland eddies trap sediment and larvae, and shape where seagrass can grow in a channel.
"""

GUIDE = """# Harbour Pilot Guide

Pilots board inbound ships at the fairway buoy, two miles off the breakwater.

## Boarding

The pilot ladder must be rigged on the lee side, one metre above the water.
"""


@pytest.fixture(scope="module")
def authored(tmp_path_factory):
    yield from served(tmp_path_factory, "authored", {"vortex.md": PAPER, "pilot.md": GUIDE})


def test_who_wrote_a_document_is_answered_by_its_author_line_cited(authored):
    for question in ("Who wrote Vortex Shedding in Shallow Tidal Channels?",
                     "Who are the authors of the vortex shedding paper?"):
        answer = authored.ask(question)
        assert not answer.abstained
        assert answer.answer == "Maren K. Holt1, Ilias Varga2 and Tomás R. Ortiz1 [1]"
        [cited] = answer.sources
        assert cited.path.endswith("vortex.md")
        assert PAPER[cited.start:cited.end] == cited.text == answer.sentences[0].text


def test_a_document_with_no_author_line_declines(authored):
    assert authored.ask("Who wrote the Harbour Pilot Guide document?").abstained
    # Two documents and none named: which paper is meant is not known.
    assert authored.ask("Who wrote the paper?").abstained


def test_a_page_with_no_author_line_not_called_a_paper_is_asked_as_any_question(authored):
    # "Who wrote FastAPI?" of a page titled "FastAPI": a sentence of the pages may tell who made it.
    from rag.asked_author import authors_answer

    engine = authored
    question = "Who wrote the Harbour Pilot Guide?"
    retrieval = engine.retrieve_in_context(question, [])
    assert authors_answer(question, retrieval.hits, engine.store.catalog) is None


def test_the_document_read_is_the_scopes_or_the_conversations(authored):
    from rag.scope import Scope

    answer = authored.ask("Who are the authors?", scope=Scope(where=("path=vortex.md",)))
    assert answer.answer.startswith("Maren K. Holt1")
    question = "How long did the measurements of vortex shedding last?"
    first = authored.ask(question)
    assert first.sources and first.sources[0].path.endswith("vortex.md")
    assert ask_after(authored, question, first.answer, "Who wrote it?").answer.startswith("Maren K. Holt1")
