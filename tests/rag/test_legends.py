from rag.legends import asks_about_figure, opens_legend
from rag.terms import terms
from rag.unit_scoring import answer_fit
from rag.question_type import question_type
from rag.units import answer_units


def test_a_legend_opens_with_a_float_label_or_panel_letters():
    assert opens_legend("Figure 1. Annotation of previously unidentified cell populations:")
    assert opens_legend("Table 2: Sales by region")
    assert opens_legend("D) Projection of eight cluster assignments onto the UMAP.")
    assert opens_legend("B and C) Exploratory analysis of two marker genes.")
    # A sentence of the body about a figure, a numbered step, a reference to a supplement: no legend.
    assert not opens_legend("Figure 1 shows the clusters on the UMAP.")
    assert not opens_legend("1) Install the package.")
    assert not opens_legend("Table S4, Supporting Information, lists the cells.")


def test_units_of_a_legend_paragraph_are_marked_and_penalised_unless_a_figure_is_asked_about():
    text = ("Figure 1. Annotation of cell populations: A) Highlighted is the unannotated population. "
            "B) Expression of two marker genes.\n\n"
            "We clustered the unannotated cells with the Leiden algorithm at a resolution of 0.2.")
    units = answer_units(text)
    legend = [u for u in units if u.legend]
    body = [u for u in units if not u.legend]
    # What opens in the legend is the legend's (a pair running on into the body too); the body is not.
    assert legend and all(u.start < len(text.split("\n\n")[0]) for u in legend)
    assert body and all("Leiden" in u.text and not u.text.startswith(("Figure", "A)", "B)")) for u in body)
    unit = legend[0]
    for question, penalised in (("How were the cells clustered?", True), ("What does Figure 1 show?", False)):
        q_terms = terms(question)
        fit = answer_fit(unit, question_type(question), q_terms, terms(unit.display))
        assert ("legend" in fit.parts) is penalised
    assert asks_about_figure(terms("What is in panel B?"))


def test_a_legend_whose_label_is_set_apart_by_type_alone_is_a_legend():
    """Clinical Science and PeerJ write no punctuation after a float's label ("Figure 5 Crystal structure
    of ...", "Figure 1 Overview of the 5 Phases implemented in VESPA."): their legends had been body text,
    and answered questions about the findings they show (papers dev set; licences in its NOTICE)."""
    from tests.conftest import corpus_document

    for name, opening in (("clinical-science-2014-ace-n-domain-inhibitors.pdf", "Figure 5 Crystal structure"),
                          ("clinical-science-2014-ace-n-domain-inhibitors.pdf", "Table 1 A summary of relevant"),
                          ("peerj-cs-2017-vespa.pdf", "Figure 1 Overview of the 5 Phases")):
        doc = corpus_document(f"papers/corpus/{name}")
        block = next(b for b in doc.blocks if doc.text[b.start:b.end].startswith(opening))
        units = answer_units(doc.text[block.start:block.end])
        assert units and all(u.legend for u in units), opening
    assert not opens_legend("Table 2 lists the rates of bleeding.")
