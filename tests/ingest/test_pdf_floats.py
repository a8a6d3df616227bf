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
    plain = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, AFTER, 2)]  # no float between: a column break
    assert rejoin_interrupted(plain, _join) == plain
    ended = [Piece("paragraph", 0, BEFORE + ".", 1), Piece("paragraph", 0, CAPTION, 2), Piece("paragraph", 0, AFTER, 2)]
    assert rejoin_interrupted(ended, _join) == ended
    cells = BEFORE + " Bibliography entries 27.6 21.9 Linked entries 19.3 6.8"
    table = [Piece("paragraph", 0, cells, 1), Piece("paragraph", 0, CAPTION, 2), Piece("paragraph", 0, AFTER, 2)]
    assert rejoin_interrupted(table, _join) == table
    heading = [Piece("paragraph", 0, BEFORE, 1), Piece("paragraph", 0, CAPTION, 2), Piece("heading", 2, "Methods", 2),
               Piece("paragraph", 0, AFTER, 2)]
    assert rejoin_interrupted(heading, _join) == heading
