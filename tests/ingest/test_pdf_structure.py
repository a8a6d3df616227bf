"""A PDF paper's structure: running headers, footers and page numbers left out, its references
section found (and no answer), words hyphenated at a line's end joined or kept as the document
writes them. The PDFs are real ones, typeset here with fpdf."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.blocks import Block, with_paths
from ingest.loaders import LoadedDocument, load
from ingest.pdf_hyphens import Vocabulary, join_hyphenated
from ingest.pdf_references import Piece, mark_references
from tests.conftest import corpus_document

LIMIT = 10_000_000

# (font size, bold, text) of each paragraph, page by page.
Page = list[tuple[int, bool, str]]

BODY: list[Page] = [
    [(20, False, "Winter Damage in Northern Harbors"),
     (15, False, "1 Introduction"),
     (11, False, "The western pier cracked under the weight of the ice in March, and the harbor master closed "
                 "it for the rest of the winter. An enterprise-owned ferry kept sailing from the eastern quay."),
     (11, False, "Storm records from the lighthouse give the dates of every closure since the pier was built.")],
    [(15, False, "2 Repairs"),
     (11, False, "A new pier opened in April, built of stone from the northern quarry. The stone was carried "
                 "by an owned barge of the town, and the repairs cost less than the engineers had feared."),
     (11, False, "Divers checked the old piles before the new deck was laid, and found most of them sound.")],
    [(15, False, "3 Outlook"),
     (11, False, "Ice breakers will keep the harbor open in future winters, so that no pier carries the ice. "
                 "The town council voted for two of them, and the first arrives before the autumn storms."),
     (11, True, "References"),
     (11, False, "1. Smith J, Brown K. Harbor ice and pier damage in northern ports. J Coast Eng 2010;14:425-40."),
     (11, False, "2. Olsen P. Lighthouse records of winter storms. Mar Hist Rev 2003;22:835-44."),
     (11, False, "Key messages:"),
     (11, False, "Ice is the main danger to wooden piers in the north, and breakers keep it away from them "
                 "through the winter months.")],
]


def _journal(path: Path, pages: list[Page], header: str | None = "Journal of Harbor Studies 2024; 12: {n}",
             footer: str | None = "{n}") -> Path:
    """A paper typeset like a journal's: a running header and a page number on every page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for n, page in enumerate(pages, 101):
        pdf.add_page()
        if header:
            pdf.set_font("helvetica", size=8)
            pdf.cell(0, 5, header.format(n=n), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
        for size, bold, text in page:
            pdf.set_font("helvetica", style="B" if bold else "", size=size)
            pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        if footer:
            pdf.set_y(-20)
            pdf.set_font("helvetica", size=8)
            pdf.cell(0, 5, footer.format(n=n), align="C")
    pdf.output(str(path))
    return path


def _blocks(doc: LoadedDocument) -> list[tuple[str, str, tuple[str, ...]]]:
    """(kind, text, path) of each block, after checking that its span is exact."""
    out = []
    for b in doc.blocks:
        piece = doc.text[b.start:b.end]
        assert b.kind == "page_break" or (piece and piece == piece.strip()), b
        out.append((b.kind, piece, b.path))
    return out


def test_running_headers_and_page_numbers_are_left_out_with_spans_exact(tmp_path):
    doc = load(_journal(tmp_path / "paper.pdf", BODY), LIMIT)
    blocks = _blocks(doc)
    assert "Journal of Harbor Studies" not in doc.text
    assert not any(text.isdigit() for _, text, _ in blocks), blocks
    assert len(doc.page_starts) == 3
    assert doc.text[doc.page_starts[1]:].startswith("2 Repairs")
    assert ("paragraph", "Divers checked the old piles before the new deck was laid, and found most of them sound.",
            ("Winter Damage in Northern Harbors", "2 Repairs")) in blocks




def test_a_running_footer_over_a_licence_at_the_foot_of_each_page_is_left_out():
    """Clinical Science (papers dev set, CC BY; NOTICE there) sets a three-line licence under its running
    footer on every page: the footer ("www.clinsci.org 307", "308 C© The Authors Journal compilation
    ...") stood in the text, once glued to the works cited."""
    doc = corpus_document("papers/corpus/clinical-science-2014-ace-n-domain-inhibitors.pdf")
    assert "www.clinsci.org 3" not in doc.text
    assert "C© The Authors Journal compilation" not in doc.text
    assert "Published as Immediate Publication 9 September 2013, doi: 10.1042/CS20130403" in doc.text
    # Page 1's masthead, set at 26 pt under the last line of 9 pt prose, is not read into its sentence.
    sentence = next(b for b in doc.blocks if doc.text[b.start:b.end].endswith("range [28]. While this"))
    assert sentence.kind == "paragraph"


def test_the_references_section_is_found_and_ends_where_its_entries_do(tmp_path):
    doc = load(_journal(tmp_path / "paper.pdf", BODY), LIMIT)
    blocks = _blocks(doc)
    heading = next(b for b in blocks if b[1] == "References")
    assert heading[0] == "heading" and heading[2][-1] == "References"
    entries = [b for b in blocks if b[0] == "reference"]
    assert [text[:9] for _, text, _ in entries] == ["1. Smith ", "2. Olsen "]
    assert all(path[-1] == "References" for _, _, path in entries)
    after = [b for b in blocks if b[1] == "Key messages:" or b[1].startswith("Ice is the main danger")]
    assert len(after) == 2 and all(kind == "paragraph" and "References" not in path for kind, _, path in after)
    assert next(b for b in blocks if b[1].startswith("Ice breakers"))[0] == "paragraph"


def test_a_body_that_mentions_references_has_no_references_section(tmp_path):
    pages = [[(11, False, "The references in Table 2 were checked against the harbor records of 2010."),
              (11, False, "References to the pier appear in 12 letters (Smith J, 2010).")]]
    doc = load(_journal(tmp_path / "notes.pdf", pages, header=None, footer=None), LIMIT)
    assert {kind for kind, _, _ in _blocks(doc)} == {"paragraph"}


def test_one_page_keeps_every_line(tmp_path):
    pages = [[(11, False, "The harbor master counted forty-two ships in March.")]]
    doc = load(_journal(tmp_path / "one.pdf", pages), LIMIT)
    assert "Journal of Harbor Studies 2024; 12: 101" in doc.text and doc.text.rstrip().endswith("101")


def test_pages_that_repeat_every_line_keep_them(tmp_path):
    page: Page = [(11, False, "Notice to mariners."), (11, False, "The eastern channel is closed.")]
    doc = load(_journal(tmp_path / "notice.pdf", [page] * 4, header=None, footer=None), LIMIT)
    assert doc.text.count("The eastern channel is closed.") == 4


def test_a_references_section_without_marked_entries_keeps_its_paragraphs():
    # Markdown and HTML mark no entries: their "References" section is a section like any other.
    blocks = with_paths([Block("heading", 0, 10, 1, "References"), Block("paragraph", 12, 22)])
    assert blocks[-1].path == ("References",)


def test_entries_after_a_box_are_references_again_and_legends_are_not():
    pieces = [Piece("heading", 1, "Bibliography", 0), Piece("paragraph", 0, "[1] Olsen P. Storms. 2003.", 0),
              Piece("paragraph", 0, "Main messages", 0), Piece("paragraph", 0, "Ice harms piers.", 0),
              Piece("paragraph", 0, "Figure 2 shows piles from 1990.", 1),
              Piece("paragraph", 0, "[2] Smith J. Ice. J Coast Eng 2010;14:425-40.", 1)]
    assert [p.kind for p in mark_references(pieces)] == ["heading", "reference", "paragraph", "paragraph",
                                                         "paragraph", "reference"]


def test_a_list_of_works_cited_without_its_heading_is_found_by_its_numbered_entries():
    """Proteomics (2020) prints no "References" over its list: its entries had been answer units under
    "Keywords". Three or more numbered entries in a row, numbers rising, each with a year and a mark
    of a citation, are the list; a lone piece between them (an entry cut in two) goes with them."""
    pieces = [Piece("heading", 2, "Keywords", 0), Piece("paragraph", 0, "absolute quantification, eye", 0),
              Piece("paragraph", 0, "[1] E. Ahrné, L. Molzahn, Proteomics 2013, 13, 2567.", 0),
              Piece("paragraph", 0, "[2] M.Brönstrup,Expert Rev. Proteomics2004,1,503.", 0),
              Piece("paragraph", 0, "Lara, Front. Bioeng.", 0),
              Piece("paragraph", 0, "[3] C.Montell,Trends Neurosci.2012,35,356. [4] R. C. Hardie, 2001, 204.", 1)]
    marked = mark_references(pieces)
    assert [p.kind for p in marked] == ["heading", "paragraph", "reference", "reference", "reference", "reference"]
    blocks = with_paths([Block("heading", 0, 8, 2, "Keywords"), Block("paragraph", 10, 20),
                         Block("reference", 22, 40)])
    assert [b.path for b in blocks] == [("Keywords",), ("Keywords",), ("Keywords", "References")]


def test_numbered_steps_with_years_are_no_list_of_works_cited():
    pieces = [Piece("paragraph", 0, "1. In 2019 we moved the ferry to the eastern quay.", 0),
              Piece("paragraph", 0, "2. In 2020 the pier was rebuilt in stone.", 0),
              Piece("paragraph", 0, "3. In 2021 two ice breakers were ordered.", 0),
              Piece("paragraph", 0, "[5] Olsen P. Storms. Mar Hist Rev 2003;22:835-44.", 0),
              Piece("paragraph", 0, "[2] Smith J. Ice. J Coast Eng 2010;14:425-40.", 0),
              Piece("paragraph", 0, "[3] Berg A. Piers. J Coast Eng 2011;15:1-9.", 0)]
    assert [p.kind for p in mark_references(pieces)] == ["paragraph"] * 6  # no citations; numbers not rising


@pytest.mark.parametrize("items", [
    ("1. Since 2019, pass a key, e.g. the user's id.", "2. In 2020 we stopped doing it by hand, i.e. nightly.",
     "3. In 2021 the cache, e.g. Redis, came in."),
    ("1. 2020-01-05: first release.", "2. 2020-03-17: second release.", "3. 2021-06-30: third release."),
    ("1. Revenue in 2019, 12 new clients.", "2. Revenue in 2020, 15 new clients.", "3. Revenue in 2021, 19 new clients."),
])
def test_numbered_prose_with_years_and_what_looks_like_citation_marks_is_no_list_of_works_cited(items):
    # Lower-case "e.g."/"i.e." are no initials, "doing" holds no DOI, a date is no page range, "2019, 12"
    # is no "volume, issue, pages".
    pieces = [Piece("paragraph", 0, text, 0) for text in items]
    assert [p.kind for p in mark_references(pieces)] == ["paragraph"] * 3


def test_line_end_hyphens_go_in_broken_words_and_stay_in_compounds():
    vocabulary = Vocabulary.of(["an example of owned and enterprise land,", "state of the art and well-known"])
    assert join_hyphenated("an exam-", "ple here", vocabulary) == "an example here"
    assert join_hyphenated("an enterprise-", "owned network", vocabulary) == "an enterprise-owned network"
    assert join_hyphenated("a well-", "known fact", vocabulary) == "a well-known fact"
    assert join_hyphenated("a syl-", "lable", vocabulary) == "a syllable"
    assert join_hyphenated("Anti-", "Fascist", vocabulary) == "Anti-Fascist"
    assert join_hyphenated("page 3-", "4", vocabulary) is None


def test_a_compound_broken_at_a_line_end_keeps_its_hyphen_in_a_pdf(tmp_path):
    pages = [[(11, False, "An enterprise-\nowned network has a boundary. The exam-\nple shows an enterprise "
                          "whose owned devices sit inside it, as the example in section two does.")]]
    doc = load(_journal(tmp_path / "hyphens.pdf", pages, header=None, footer=None), LIMIT)
    assert "An enterprise-owned network" in doc.text and "The example shows" in doc.text


def test_references_are_citable_but_no_answer(tmp_path, make_settings, embedder):
    from ingest.pipeline import ingest
    from rag.engine import Engine

    corpus = tmp_path / "docs"
    corpus.mkdir()
    _journal(corpus / "paper.pdf", BODY)
    settings = make_settings(chunk_size=300, chunk_overlap=50)
    assert not ingest([corpus], settings).failed
    answer = Engine(settings).ask("What damaged the pier in northern ports?")
    assert not answer.abstained and answer.sources
    assert "Smith J" not in answer.answer and "Olsen P" not in answer.answer, answer.answer
    assert "weight of the ice" in answer.answer, answer.answer
