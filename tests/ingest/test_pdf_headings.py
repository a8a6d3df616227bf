"""Which large lines of a PDF are headings: a heading set on several lines is one, a chart's legend and
an abstract set large are none. Real papers (bench/data/docsqa/{pdfdev,papers}, licences in their NOTICE
files), and a paper with a bar chart typeset here with fpdf (the Tesseract paper where the legend was
seen, "Table detection in heterogeneous documents", carries no licence to copy it)."""

from pathlib import Path

from ingest.loaders import LoadedDocument, load
from tests.conftest import corpus_document

LIMIT = 100_000_000


def _headings(doc: LoadedDocument) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]


def test_a_title_on_two_lines_is_one_heading_above_the_sections():
    doc = corpus_document("pdfdev/corpus/micropub-2025-fly-cell-atlas-ovary.pdf")
    title = ("Analysis of Transcripts in the Fly Cell Atlas Reveals Additional Cell Populations in the Drosophila "
             "melanogaster Ovary")
    assert _headings(doc)[0] == title
    assert "Populations in the Drosophila melanogaster Ovary" not in _headings(doc)
    abstract = next(b for b in doc.blocks if b.kind == "paragraph" and b.path[-1:] == ("Abstract",))
    assert abstract.path == (title, "Abstract")  # had been ("Populations in the Drosophila melanogaster Ovary", ...)


def test_a_heading_and_its_subtitle_stay_apart():
    doc = corpus_document("pdfdev/corpus/nist-sp-800-218-secure-software-development-framework.pdf")
    headings = _headings(doc)
    assert "Secure Software Development Framework (SSDF) Version 1.1:" in headings
    assert "Recommendations for Mitigating the Risk of Software Vulnerabilities" in headings  # set smaller


def test_an_abstract_set_larger_than_the_body_is_a_paragraph():
    doc = corpus_document("papers/corpus/sjtrem-2010-dvt-prophylaxis-trauma.pdf")
    block = next(b for b in doc.blocks
                 if doc.text[b.start:b.end].startswith("Deep venous thrombosis prophylaxis is essential"))
    assert block.kind == "paragraph"  # had been eleven headings, one a line
    assert "inferior vena cava filtration. A systematic review" in doc.text[block.start:block.end]


BODY = ("Table regions were found on most pages of the test set, and the detector was compared with a "
        "commercial engine on the same pages. ") * 3


def _section(pdf, heading: str, text: str, style: str = "B") -> None:
    """A section as the test papers set it: its heading (bold) at 12 pt, its text at 10 pt."""
    pdf.set_font("helvetica", style=style, size=12)
    pdf.cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _paper_with_chart(path: Path) -> Path:
    """A paper whose bar chart labels its axis and legend in fonts larger than its section headings."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    _section(pdf, "5. Experiments and Results", BODY)
    top = pdf.get_y() + 10
    pdf.set_font("helvetica", size=14)
    for n, tick in enumerate(("120", "100", "80", "60", "40", "20", "0")):
        pdf.text(20, top + n * 8, tick)
    for n, height in enumerate((40, 25, 30)):
        pdf.rect(40 + n * 20, top + 48 - height, 10, height, style="F")
    pdf.text(40, top + 56, "Correct Partial Missed")
    pdf.set_font("helvetica", size=16)
    pdf.text(40, top + 66, "Commercial OCR Tesseract")
    pdf.set_y(top + 76)
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
    _section(pdf, "6. Conclusion", "Tables are found by their column layout. " * 4)
    pdf.output(str(path))
    return path


def test_a_charts_axis_and_legend_are_no_headings(tmp_path):
    doc = load(_paper_with_chart(tmp_path / "tables.pdf"), LIMIT)
    assert _headings(doc) == ["5. Experiments and Results", "6. Conclusion"]
    conclusion = next(b for b in doc.blocks if doc.text[b.start:b.end].startswith("Tables are found"))
    assert conclusion.path == ("6. Conclusion",)  # not under "Commercial OCR Tesseract"
    assert "Commercial OCR Tesseract" in doc.text  # the chart's words are still text


def test_a_masthead_giving_a_web_address_heads_nothing():
    doc = corpus_document("papers/corpus/clinical-science-2014-ace-n-domain-inhibitors.pdf")
    assert "Clinical Science www.clinsci.org" not in _headings(doc)  # set large at the first page's foot
    body = next(b for b in doc.blocks if doc.text[b.start:b.end].startswith("ACE (angiotensin-1-converting enzyme; EC"))
    assert body.path[0] == doc.title  # had been ("Clinical Science www.clinsci.org",) for the whole paper


def _paper_with_labelled_figure(path: Path, labels: list[str]) -> Path:
    """A paper whose figure names its nodes in a font larger than the body's, one label line between two
    sections' text (ZooKeeper's znode tree: "/app1 /app2", then "/app1/p_1 /app1/p_2 /app1/p_3")."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    _section(pdf, "2.1 Service overview", BODY)
    for label in labels:
        pdf.set_y(pdf.get_y() + 8)
        _section(pdf, label, BODY, style="")
    _section(pdf, "2.2 Client API", "Clients create and delete nodes through the API. " * 4)
    pdf.output(str(path))
    return path


def test_a_figures_labels_set_large_are_no_headings(tmp_path):
    labels = ["/app1/p_1 /app1/p_2 /app1/p_3", "-20 1 +lmJ * LRU/Z", "PI", "[ill"]
    doc = load(_paper_with_labelled_figure(tmp_path / "figure.pdf", labels), LIMIT)
    assert _headings(doc) == ["2.1 Service overview", "2.2 Client API"]
    for label in labels:  # still text, read as the page's
        assert label in doc.text
    last = next(b for b in doc.blocks if doc.text[b.start:b.end].startswith("[ill"))
    assert last.path == ("2.1 Service overview",)  # had been under "[ill", the last label


def test_short_headings_with_a_word_stay_headings(tmp_path):
    labels = ["2Q Algorithm", "Amazon.com", "Key-value"]
    doc = load(_paper_with_labelled_figure(tmp_path / "words.pdf", labels), LIMIT)
    assert _headings(doc) == ["2.1 Service overview", *labels, "2.2 Client API"]


def _front_matter_paper(path: Path, opener: str | None, authors: tuple[str, ...] = ()) -> Path:
    """Page 1 of a paper: its title, authors and affiliation set larger than the body, then `opener`
    (none when None) and the text; `authors` are more lines set as large after the affiliation."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for size, line in [(18, "Harbour: Mooring Allocation for Small Harbours"), (12, "Ada Quay and Ben Pier"),
                       (12, "Harbour Research Institute, Portsmouth"), *((12, a) for a in authors), (12, opener)]:
        if line is not None:
            pdf.set_font("helvetica", size=size)
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, "Moorings are allocated by the harbour master every spring. " * 30)
    pdf.output(str(path))
    return path


def test_authors_and_affiliations_on_page_one_are_text_under_the_title(tmp_path):
    """Authors and affiliations set larger than the body were headings, and the text up to "Abstract"
    was located under them ("Patrick Hunt and Mahadev Konar Yahoo! Grid" in ZooKeeper, "Google, Inc."
    in Bigtable)."""
    doc = load(_front_matter_paper(tmp_path / "paper.pdf", "Abstract"), LIMIT)
    title = "Harbour: Mooring Allocation for Small Harbours"
    assert _headings(doc) == [title, "Abstract"]
    authors = next(b for b in doc.blocks if doc.text[b.start:b.end] == "Ada Quay and Ben Pier")
    assert authors.kind == "paragraph" and authors.path == (title,)
    # Without a heading that opens the text, page 1's large lines are left as they were (a report's cover).
    doc = load(_front_matter_paper(tmp_path / "cover.pdf", None), LIMIT)
    assert "Ada Quay and Ben Pier" in _headings(doc)


def test_a_label_over_the_title_and_the_authors_are_no_headings():
    doc = corpus_document("papers/corpus/rrp-2010-heart-failure-programmes.pdf")
    title = "Patient Experiences of Structured Heart Failure Programmes"
    assert doc.title == title
    headings = _headings(doc)
    assert headings[:2] == [title, "1. Introduction"]  # "Research Article" (as large) and the authors were headings
    authors = next(b for b in doc.blocks if doc.text[b.start:b.end].startswith("Nuala E. Tully"))
    assert authors.kind == "paragraph" and authors.path == (title,)


def test_authors_e_mail_addresses_are_no_figure_marks(tmp_path):
    """Tor's paper (papers-we-love) sets its three authors' names, affiliations and e-mails as large as its
    section headings: the e-mails, holding no word, counted as a figure's labels, and the whole run of large
    lines (title, authors, "Abstract") became body text; the paper was titled "1 Overview"."""
    emails = ("ada@harbour.example.org", "ben.pier@harbour.example.org", "{ada, ben}@research.example.net")
    doc = load(_front_matter_paper(tmp_path / "paper.pdf", "Abstract", emails), LIMIT)
    title = "Harbour: Mooring Allocation for Small Harbours"
    assert doc.title == title
    assert _headings(doc) == [title, "Abstract"]
    email = next(b for b in doc.blocks if doc.text[b.start:b.end] == emails[0])
    assert email.kind == "paragraph" and email.path == (title,)
