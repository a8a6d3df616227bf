"""A paragraph a figure or table interrupts (at a column or page break) is joined back across it."""

from ingest.pdf_floats import rejoin_interrupted
from ingest.pdf_references import Piece

BEFORE = ("We first asked how abundant the machinery is in the eye. Rhodopsin and actin are the two major components "
          "of the organelle housing the machinery. Rh1 is the most abundant opsin")
CAPTION = "Figure 1. Absolute quantities of eye proteins. A) Cartoon of a single ommatidium."
AFTER = ("in the fly eye and comprises the Opsin protein conjugated to a chromophore. Decreased levels of Rh1 resulted "
         "in substantially smaller rhabdomeres, which suggested that the levels of Rh1 and actin are linked.")
NEXT = "Opsin is amongst the three most abundant proteins we have quantified with an amount of 266 fmoles per eye."


def _join(a: str, b: str) -> str:
    return f"{a} {b}"


def test_the_continuation_after_a_caption_is_joined_and_the_float_follows():
    pieces = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, CAPTION, 2), Piece("paragraph", 0, "A B C", 2),
              Piece("paragraph", 0, AFTER, 2), Piece("paragraph", 0, NEXT, 2)]
    out = rejoin_interrupted(pieces, _join)
    assert [p.text for p in out] == [f"{BEFORE} {AFTER}", CAPTION, "A B C", NEXT]
    assert out[0].page == 1  # the paragraph stays on the page it starts on


def test_no_join_without_a_caption_after_a_finished_sentence_or_after_table_cells():
    plain = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, AFTER, 1)]  # no float between: a column break
    assert rejoin_interrupted(plain, _join) == plain
    ended = [Piece("paragraph", 0, BEFORE + ".", 1), Piece("paragraph", 0, CAPTION, 2), Piece("paragraph", 0, AFTER, 2)]
    assert rejoin_interrupted(ended, _join) == ended
    cells = BEFORE + " Bibliography entries 27.6 21.9 Linked entries 19.3 6.8"
    table = [Piece("paragraph", 0, cells, 1), Piece("paragraph", 0, CAPTION, 2), Piece("paragraph", 0, AFTER, 2)]
    assert rejoin_interrupted(table, _join) == table
    heading = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, CAPTION, 2), Piece("heading", 2, "Methods", 2),
               Piece("paragraph", 0, AFTER, 2)]
    assert rejoin_interrupted(heading, _join) == heading


def test_a_sentence_a_page_break_cuts_is_joined_on_the_page_it_starts_on():
    pieces = [Piece("list_item", 0, BEFORE, 1), Piece("paragraph", 0, AFTER, 2), Piece("paragraph", 0, NEXT, 2)]
    out = rejoin_interrupted(pieces, _join)
    assert [(p.kind, p.text, p.page) for p in out] == [("list_item", f"{BEFORE} {AFTER}", 1), ("paragraph", NEXT, 2)]
    # Not after a footnote's web address at the page's foot, nor before a block opening in capitals.
    url = [Piece("paragraph", 0, "4 https://www.idmanagement.gov/topics/fpki/", 1), Piece("paragraph", 0, AFTER, 2)]
    assert rejoin_interrupted(url, _join) == url
    upper = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, NEXT, 2)]
    assert rejoin_interrupted(upper, _join) == upper


def test_a_pdfs_sentences_cut_at_page_breaks_are_whole():
    """NIST SP 800-207 (papers dev set, a US Government work; NOTICE there) cuts a bullet's sentence at a page's end:
    "... here, it is divided into its" / "two logical components." on the next page, each a block."""
    from pathlib import Path

    from ingest.loaders import load

    corpus = Path(__file__).resolve().parents[2] / "bench/data/docsqa/papers/corpus"
    doc = load(corpus / "nist-sp-800-207-zero-trust-architecture.pdf", 100_000_000)
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    assert any("here, it is divided into its two logical components. The PA communicates" in t for t in texts)
    assert not any(t.startswith("two logical components.") for t in texts)


def test_a_sentence_cut_by_footnotes_at_a_page_or_column_foot_is_joined_and_the_notes_follow():
    note = "1 Note that SDLC is also widely used for the system development life cycle."
    pieces = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, note, 1), Piece("paragraph", 0, AFTER, 2)]
    # The note goes before the paragraph: after it, it would stand between a lead-in and its list.
    assert [(p.text, p.page) for p in rejoin_interrupted(pieces, _join)] == [(note, 1), (f"{BEFORE} {AFTER}", 1)]
    column = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, "Correspondence: Professor A. B. (email a@b.org).", 1),
              Piece("paragraph", 0, AFTER, 1)]
    assert [p.text for p in rejoin_interrupted(column, _join)][0] == f"{BEFORE} {AFTER}"


def test_a_pdfs_sentence_cut_by_a_footnote_and_a_page_break_is_whole():
    """NIST SP 800-218 (pdfdev set, a US Government work; NOTICE there) ends a page with "... rather than on"
    over footnote 1, and goes on at the next page's top: three blocks had been read."""
    from pathlib import Path

    from ingest.loaders import load

    corpus = Path(__file__).resolve().parents[2] / "bench/data/docsqa/pdfdev/corpus"
    doc = load(corpus / "nist-sp-800-218-secure-software-development-framework.pdf", 100_000_000)
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    assert any("implemented rather than on the tools, techniques, and mechanisms used to do so." in t for t in texts)
    assert any(t.startswith("1 Note that SDLC is also widely used") for t in texts)  # the note stays, a block of its own
