"""Questions a report or paper answers in its own words: how a thing was done (its method) and what a
thing is called (the name it gives). Built as PDFs, as papers come."""

from __future__ import annotations

import pytest

from rag.question_type import question_type
from rag.terms import terms
from rag.unit_scoring import answer_fit
from rag.units import Unit
from tests.rag.conftest import best_unit


def _fit(question: str, text: str) -> float:
    unit = Unit("sentence", text, 0, len(text), text)
    return answer_fit(unit, question_type(question), terms(question), terms(text)).value


def _kind_bonus(question: str, text: str) -> float:
    unit = Unit("sentence", text, 0, len(text), text)
    return answer_fit(unit, question_type(question), terms(question), terms(text)).parts.get("bonus_kind", 0.0)


@pytest.mark.parametrize("question,method", [
    ("How were the unannotated cells clustered?", True),
    ("How was the sample chosen?", True),
    ("How were the new inhibitor scaffolds found?", True),
    ("How do I install it?", False),
    ("How is HTTP/2 different from HTTP/1.1?", False),
    ("How was the weather different?", False),
])
def test_a_past_passive_how_asks_the_method(question, method):
    assert question_type(question).method is method


@pytest.mark.parametrize("question,name", [
    ("What is it called when security is addressed early in the life cycle?", True),
    ("What is the folder called then?", True),
    ("What is this setting named?", True),
    ("What is a called function?", False),
    # "called" as invoked: nothing is named between "is" and "called", a hook is asked for.
    ("What is called when the app starts?", False),
    ("What are called on shutdown?", False),
    ("What is zero trust?", False),
])
def test_a_what_is_called_question_asks_a_name(question, name):
    assert question_type(question).name is name


def test_the_means_a_report_names_answers_how_it_was_done():
    question = "How were the filtered cells clustered?"
    means = "An unsupervised clustering analysis was performed on the filtered cells using the Louvain algorithm."
    said = "At a lower resolution, the filtered cells clustered broadly with the marker-negative cells."
    assert _fit(question, means) > _fit(question, said)
    # An instruction's how is unchanged: the means is no bonus when the question asks what to do.
    assert _fit("How do I cluster the cells?", means) == _fit("How do I cluster the cells?", means.replace("using", "and"))


def test_the_manner_a_report_names_answers_how_it_was_done():
    question = "How were the stakeholders for the interviews chosen?"
    manner = "For the interviews, 20 stakeholders were purposively sampled and stratified into four categories."
    assert _kind_bonus(question, manner) > 0.0
    # An adverb of time on the verb says when, not how: "originally designed".
    assert _kind_bonus(question, "All the questionnaires for the interviews were originally designed in English.") == 0.0


def test_the_name_a_text_gives_answers_what_a_thing_is_called():
    question = "What is it called when testing starts early in the project?"
    named = "This practice, known as shifting left, moves testing to the start of the project."
    described = "Few project models explicitly address testing early, so testing practices usually need to be added."
    assert _fit(question, named) > _fit(question, described)



def test_people_counted_in_words_answer_how_many_took_part():
    # A study counts its participants in words as often as in digits.
    question = "How many patients took part in the heart failure focus groups?"
    counted = "Focus groups were conducted with fifteen participants attending one of two programmes."
    assert _fit(question, counted) > _fit(question, counted.replace("fifteen", "several")) + 0.05
    assert _fit(question, counted) == _fit(question, counted.replace("fifteen participants", "15 participants"))

@pytest.mark.parametrize("question,kind,count", [
    ("Which two reference marker genes were used first?", "list", 2),
    ("What three steps does the method take?", "list", 3),
    ("Which two event hooks can I register on a client?", "list", 2),
    # A number later in the question counts nothing asked for.
    ("Which marker was used at resolution 0.2?", "other", 0),
])
def test_which_two_asks_for_as_many_things(question, kind, count):
    read = question_type(question)
    assert (read.kind, read.count) == (kind, count)


def test_two_names_after_a_colon_answer_which_two():
    question = "Which two reference marker genes were used to explore the unannotated population first?"
    # The names come with a gloss and a citation each, in parentheses: asides, not items.
    named = ("To investigate further, we examined two reference markers from earlier analysis (Jevitt et al., 2020): "
             "Cad74A (follicular cells stages 10B-12) (Zartman et al., 2009) and Ilp6 (adipocytes) "
             "(Okamoto et al., 2009).")
    resembling = "We found that they demarcated two distinct subpopulations within the unannotated population."
    assert _fit(question, named) > _fit(question, resembling) + 0.2
    # Four things listed are not the two asked for; the same four answer "which four".
    four = "The unannotated population includes follicle epithelial cells at four stages: 9, 10A, 10B, and 11."
    assert _fit(question, named) > _fit(question, four) + 0.1
    assert _fit(question.replace("two", "four"), four) > _fit(question, four)
    # Two things are a pair asked for only after a colon: "includes A and B" goes on about one thing.
    includes = "Stages 9 and 10 mark a window that includes patency and the development of septate junctions."
    assert _fit(question, includes) < _fit(question, named) - 0.2


def test_a_value_given_to_the_asked_name_answers_it():
    question = "What Ki did compound 33RE reach against the ACE N-domain?"
    valued = ("A molecule incorporating a tetrazole moiety (compound 33RE) displayed potent inhibition (Ki = 11.21 nM) "
              "and was 927-fold more selective for the N-domain.")
    other_number = "The co-crystal structure of N-domain ACE was solved at 2.2 A in complex with compound 33RE."
    assert _fit(question, valued) > _fit(question, other_number)
    assert _fit(question, valued) > _fit(question, valued.replace("Ki = 11.21 nM", "nanomolar range")) + 0.1
    # A year after the name dates it: "the storm of 1990" gives no storm a value.
    dated = "The storm of 1990 flooded the coast."
    assert _kind_bonus("What storm flooded the coast?", dated) == 0.0
    assert _kind_bonus(question, valued) > 0.0


def test_where_a_difference_lies_is_answered_with_the_sentence_after_it():
    question = "What is the difference between the basic and advanced analyses?"
    where = "The primary difference between the analyses (basic/advanced) is found in the phylogeny reconstruction phase."
    what = "The advanced option uses ProtTest for substitution model selection and MrBayes for phylogenetic reconstruction."
    pair = Unit("pair", f"{where} {what}", 0, len(where) + len(what) + 1, f"{where} {what}")
    assert _fit(question, where) < answer_fit(pair, question_type(question), terms(question), terms(pair.display)).value
    # A pair whose first sentence says what the difference is gets no such bonus: that sentence answers alone.
    said = "The main difference in binding was seen in the loss of a salt bridge with Arg381."
    other = Unit("pair", f"{said} {what}", 0, len(said) + len(what) + 1, f"{said} {what}")
    assert answer_fit(other, question_type(question), terms(question), terms(other.display)).parts.get("bonus_kind", 0.0) == 0.0


def test_a_comparison_is_not_answered_by_both_named_as_one():
    question = "What is the difference between the policy engine and the policy administrator?"
    together = "The policy engine, policy administrator, and PEPs use the control plane to communicate."
    apart = "The policy engine makes the decision to grant access, and the policy administrator executes the decision."
    assert _kind_bonus(question, together) == 0.0 and _kind_bonus(question, apart) > 0.0


# Paragraphs of NIST SP 800-218 (public domain) and of a microPublication Biology article on the Fly Cell
# Atlas ovary (CC BY 4.0), as their PDFs re-flow: each question's answer beside sentences that resemble it more.
INTRODUCTION = ('Few software development life cycle (SDLC) models explicitly address software security in detail, so '
    'secure software development practices usually need to be added to each SDLC model to ensure that the '
    'software being developed is well-secured. This document recommends the Secure Software Development '
    'Framework (SSDF) - a core set of high-level secure software development practices that can be '
    'integrated into each SDLC implementation. Following such practices should help software producers '
    'reduce the number of vulnerabilities in released software, reduce the potential impact of the '
    'exploitation of undetected or unaddressed vulnerabilities, and address the root causes of '
    'vulnerabilities to prevent future recurrences. Because the framework provides a common vocabulary '
    'for secure software development, software acquirers can also use it to foster communications with '
    'suppliers in acquisition processes and other management activities.')
BACKGROUND = ('Most aspects of security can be addressed multiple times within an SDLC, but in general, the earlier '
    'in the SDLC that security is addressed, the less effort and cost is ultimately required to achieve '
    'the same level of security. This principle, known as shifting left, is critically important '
    'regardless of the SDLC model. Shifting left minimizes any technical debt that would require '
    'remediating early security flaws late in development or after the software is in production. '
    'Shifting left can also result in software with stronger security and resiliency.')
RESULTS = ('To investigate further, we examined two reference markers from earlier ovarian RNA-seq analysis '
    '(Jevitt et al., 2020): Cad74A (follicular cells stages 10B-12) (Zartman et al., 2009) and Ilp6 '
    '(adipocytes) (Okamoto et al., 2009; Slaidina et al., 2009). We found that they demarcated two '
    'distinct subpopulations within the unannotated population (Figures 1B and 1C). At resolution 0.1, '
    'Cad74A+ or Ilp6+ cells clustered broadly with marker-negative cells. At resolution 0.3, these '
    'populations separated. Resolution 0.2 yielded eight distinct clusters (initially numbered 0-7), '
    'including one defined by Cad74A and another by Ilp6 (Figure 1D). We then applied a Wilcoxon rank-sum '
    "test ('one cluster versus the rest') to identify the most discriminatory marker genes for each "
    'cluster. Extended Data Table 1 provides these gene lists for the eight new clusters.')
METHODS = ('An unsupervised clustering analysis was performed on the previously unannotated population using the '
    'Leiden algorithm with a resolution of 0.2. This clustering approach was adopted to maintain '
    'methodological consistency with the analysis used in the Fly Cell Atlas, facilitating '
    'reproducibility and comparability of results. To characterize each cluster, specific marker genes '
    "were identified using Scanpy's (version 1.13.1) sc.get_rank_genes_groups_df() function, employing "
    'the Wilcoxon rank-sum test to detect significantly differentially expressed genes. Marker genes were '
    'filtered using a threshold of p-value <0.05 and a positive z-score (Scanpy\'s "scores"). Fold change '
    'was calculated as the ratio of average counts between the target cluster and the rest. Functional '
    'enrichment analyses were conducted using ShinyGO (version 0.82) (Ge et al., 2020) and g:Profiler '
    '(Kolberg et al., 2023) to identify overrepresented Gene Ontology biological processes within each '
    'cluster.')


@pytest.fixture(scope="module")
def methods_pdf(tmp_path_factory, embedder):
    """A paper's methods and results on two pages, each question's answer among sentences that resemble it."""
    from fpdf import FPDF

    from ingest.pipeline import ingest
    from rag.engine import Engine
    from ui.settings import Settings

    folder = tmp_path_factory.mktemp("methods") / "docs"
    folder.mkdir()
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    for heading, paragraph in (
        ('Introduction', INTRODUCTION),
        ('Background', BACKGROUND),
        ('Results', RESULTS),
        ('Methods', METHODS),
    ):
        pdf.set_font("helvetica", "B", 14)
        pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(folder / "report.pdf"))
    index = folder.parent / "index"
    assert ingest([folder], Settings(index=index)).added == 1
    engine = Engine(Settings(index=index))
    yield engine
    engine.close()


def test_a_papers_method_is_answered_by_the_means_it_names(methods_pdf):
    # The results say what the clusters showed, in the question's words; the methods say how they were made.
    best, answer = best_unit(methods_pdf, "How were the unannotated cells clustered?")
    assert best.startswith("An unsupervised clustering analysis") and "Leiden algorithm" in answer.answer, answer.answer
    assert "We found that they demarcated" not in answer.answer, answer.answer


def test_a_papers_name_for_a_thing_is_answered_where_it_is_given(methods_pdf):
    best, _ = best_unit(methods_pdf, "What is it called when security is addressed as early as possible in the development "
                        "life cycle?")
    assert "known as shifting left" in best, best


def test_which_two_is_answered_by_the_sentence_naming_the_two(methods_pdf):
    best, _ = best_unit(methods_pdf, "Which two reference marker genes were used to explore the unannotated population "
                        "first?")
    assert best.startswith("To investigate further") and "Ilp6" in best, best
