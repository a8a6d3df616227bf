"""Figure and table legends in a document's text: what a figure shows, not what the text finds.

A paper's legend ("Figure 1. Annotation of ...", "D) Projection of eight clusters onto the UMAP.")
describes a figure in the words of its findings, so it resembles many questions about them; the
body states the finding and answers. A legend answers a question about the figure itself ("What
does Figure 1 show?", "... in panel D?"). The loaders keep no block kinds in a passage's text, so a
legend is known by how it opens: a float's label with its number, or a panel's letter(s) and ")".
"""

from __future__ import annotations

import re

# The labels a document numbers its figures and tables by (ingest.pdf_floats finds captions by them,
# rag.units keeps them out of numbered series).
FLOAT_LABELS = ("Figure", "Fig.", "Table", "Scheme", "Chart", "Plate")
# "Figure 1.", "Fig. 2:", "Table S3 ", "FIGURE 4 |": a label, a number, then the legend (not "Figure 1
# shows ...", a sentence of the body about it).
# Journals that set the label apart by type alone write no punctuation after it: "Figure 5 Crystal structure
# of ...", "Table 1 A summary of ..." (Clinical Science), "Figure 1 Overview of the 5 Phases" (PeerJ); the
# legend's first word is capitalised there, where the body's sentence about a figure goes on in lower case.
_FLOAT_LABEL = re.compile(rf"^\W{{0,2}}(?:{'|'.join(map(re.escape, FLOAT_LABELS))})\s*S?\d+[A-Za-z]?"
                          rf"(?:\s*(?:[.:|]|\s[-–—])|(?-i:\s+[A-Z](?:[a-z]|\s)))", re.IGNORECASE)
# "A) ...", "(B) ...", "B and C) ...", "E–F) ...": a panel's letter(s) before its description.
_PANEL_LABEL = re.compile(r"^\s*\(?[A-H](?:\s*(?:,|and|&|-|–)\s*[A-H])*\)\s+\S")
# Terms (rag.terms form) by which a question asks about a figure or table itself.
_FIGURE_TERMS = frozenset({"figur", "fig", "panel", "legend", "caption", "tabl", "plot", "chart", "diagram"})


def opens_legend(text: str) -> bool:
    """The text opens as a legend does: a float's label and number, or a panel's letters."""
    return bool(_FLOAT_LABEL.match(text) or _PANEL_LABEL.match(text))


def asks_about_figure(question_terms: frozenset[str]) -> bool:
    return bool(question_terms & _FIGURE_TERMS)
