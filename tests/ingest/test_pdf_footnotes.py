"""A journal's page: bullets set in a dingbat font, and notes at a column's foot that cut a sentence.

The PDFs are written by hand (fonts as dictionaries only: pypdf reads text from them without glyph
programs), laid out as Clinical Science sets its pages: a "Clinical perspectives" box whose bullets
are LaTeX's circle glyph (named "a114", at the letter "r"), and a left column ending mid-sentence over
"Correspondence: ..." in 6 pt before the sentence goes on at the right column's top.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.loaders import load
from ingest.pdf_dingbats import is_bullet_glyph
from ingest.pdf_footnotes import notes_last
from ingest.pdf_text import Line, PageText


@dataclass(frozen=True)
class _Text:
    font: str  # a resource name: F1 Helvetica, F2 the circle font
    size: float
    x: float
    y: float
    text: str


_FONTS = {
    "F1": "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "F2": ("<< /Type /Font /Subtype /Type1 /BaseFont /AJIDOM+LCIRCLE10 /FirstChar 2 /LastChar 2 /Widths [500]"
           " /Encoding << /Type /Encoding /Differences [2 /a114] >> >>"),
}


def _pdf(path: Path, pages: list[list[_Text]], fonts: dict[str, str] = _FONTS) -> Path:
    objects: list[bytes] = []
    font_refs = []
    for body in fonts.values():
        objects.append(body.encode())
        font_refs.append(len(objects))
    resources = " ".join(f"/{name} {ref} 0 R" for name, ref in zip(fonts, font_refs))
    page_refs = []
    pages_ref = len(objects) + 2 * len(pages) + 1
    for texts in pages:
        stream = "".join(
            f"BT /{t.font} {t.size} Tf 1 0 0 1 {t.x} {t.y} Tm "
            + ("<02>" if t.font == "F2" else "(" + t.text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")")
            + " Tj ET\n" for t in texts).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R"
                       f" /Resources << /Font << {resources} >> >> >>".encode())
        page_refs.append(len(objects))
    kids = " ".join(f"{ref} 0 R" for ref in page_refs)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_refs)} >>".encode())
    objects.append(f"<< /Type /Catalog /Pages {pages_ref} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, len(objects), xref)
    path.write_bytes(bytes(out))
    return path


PERSPECTIVE = [
    ("The N-domain catalytic site of ACE is highly selective for the", "antifibrotic and anti-inflammatory "
     "tetrapeptide. Thus a fragment-based approach was used to design an inhibitor."),
    ("A molecule incorporating a tetrazole moiety in the P2 posi-", "tion displayed potent inhibition of the "
     "N-domain and was far more selective for it."),
]


def _bullets_page() -> list[_Text]:
    texts = [_Text("F1", 10, 60, 760, "CLINICAL PERSPECTIVES")]
    y = 740.0
    for first, rest in PERSPECTIVE:
        # The glyph sits 3 pt above its line's baseline, as Clinical Science sets it.
        texts += [_Text("F2", 9, 60, y + 3, "r"), _Text("F1", 9, 68, y, first), _Text("F1", 9, 68, y - 11, rest)]
        y -= 26
    texts.append(_Text("F1", 9, 60, y - 20, "AUTHOR CONTRIBUTION"))
    return texts


def test_a_dingbat_glyph_is_read_as_a_bullet_and_its_item_is_whole(tmp_path: Path) -> None:
    text = load(_pdf(tmp_path / "bullets.pdf", [_bullets_page()]), 10_000_000).text
    for first, rest in PERSPECTIVE:
        assert f"• {first} {rest}".replace("posi- tion", "position") in text.split("\n\n")
    assert "r The" not in text and "r A molecule" not in text


def test_a_letter_in_a_text_font_stays_a_letter() -> None:
    helvetica = {"/Type": "/Font", "/BaseFont": "/Helvetica", "/Encoding": "/WinAnsiEncoding"}
    assert not is_bullet_glyph("r", helvetica)
    assert not is_bullet_glyph("a", {"/BaseFont": "/CMR10", "/Encoding": {"/Differences": [97, "/a"]}})
    assert is_bullet_glyph("r", {"/BaseFont": "/ZapfDingbats"})
    assert is_bullet_glyph("l", {"/BaseFont": "/X", "/Encoding": {"/Differences": [2, "/a114", "/space"]}})
    assert not is_bullet_glyph("rr", {"/BaseFont": "/ZapfDingbats"})  # a word of it is no lone bullet


def test_a_bitmap_font_or_a_font_of_spaces_only_stays_a_letter() -> None:
    # pdfTeX names a Type3 bitmap font's glyphs "/a<code>" after their codes: letters, not ZapfDingbats.
    bitmap = {"/Subtype": "/Type3", "/Encoding": {"/Differences": [97, "/a97", "/a98", 114, "/a114"]}}
    assert not is_bullet_glyph("r", bitmap)
    assert not is_bullet_glyph("x", {"/BaseFont": "/X", "/Encoding": {"/Differences": [32, "/space"]}})
    assert is_bullet_glyph("r", {"/Subtype": "/Type3", "/BaseFont": "/ZapfDingbats"})  # named so, it is one


def test_a_damaged_font_dictionary_leaves_the_glyph_as_read() -> None:
    for font in (None, "a string", 3, {"/Encoding": "/a114"}, {"/Encoding": {"/Differences": "/a114"}},
                 {"/Encoding": {"/Differences": []}}, {"/BaseFont": None}):
        assert not is_bullet_glyph("r", font)


BEFORE = ("ACE consists of two catalytic domains. Both domains clear the vasodilator peptide bradykinin with",
          "approximately equal efficiencies, and the C-domain appears to be the prominent")
NOTES = ("Abbreviations: ACE, angiotensin-1-converting enzyme; SHOP, scaffold hopping.",
         "Correspondence: Professor Edward D. Sturrock (email edward.sturrock@uct.ac.za).")
AFTER = ("site for the production of vasoactive peptide angiotensin II, whereas the N-domain",
         "is the primary site for the clearance of the tetrapeptide Ac-SDKP.")


def _footnote_page(after: tuple[str, ...] = AFTER) -> list[_Text]:
    left = [_Text("F1", 9, 60, 200 - 11 * n, line) for n, line in enumerate(BEFORE)]
    notes = [_Text("F1", 6, 60, 120 - 15 * n, line) for n, line in enumerate(NOTES)]
    right = [_Text("F1", 9, 308, 760 - 11 * n, line) for n, line in enumerate(after)]
    filler = [_Text("F1", 9, 308, 600 - 11 * n, "Ac-SDKP was first discovered owing to its ability to halt it.")
              for n in range(30)]
    return left + notes + right + filler


def test_notes_at_a_column_foot_no_longer_cut_the_sentence(tmp_path: Path) -> None:
    text = load(_pdf(tmp_path / "notes.pdf", [_footnote_page()]), 10_000_000).text
    blocks = text.split("\n\n")
    assert " ".join(BEFORE + AFTER) in blocks
    assert text.index(NOTES[1]) > text.index(" ".join(BEFORE + AFTER))  # the notes follow the page's text


def test_notes_before_a_line_in_capitals_keep_the_break(tmp_path: Path) -> None:
    """A sentence goes on in lower case: a running head or a new paragraph at the next column's top does not."""
    after = ("Agyeman-Duah et al. BMC Health Services Research 2014, 14:1",) + AFTER[1:]
    text = load(_pdf(tmp_path / "head.pdf", [_footnote_page(after)]), 10_000_000).text
    assert BEFORE[1] in [block.split(BEFORE[0] + " ")[-1] for block in text.split("\n\n")]


def _lines(*specs: tuple[str, float, float, float]) -> PageText:
    return PageText([Line(text, size, y, x) for text, size, y, x in specs])


def test_small_text_that_is_no_foot_note_stays_in_place() -> None:
    body = ("Body text of the column, in the body's size.", 9.0, 300.0, 60.0)
    # A reference list in a small font starts its column: no body line above it in that column.
    references = _lines(("1. Smith J. A paper. 2001.", 7.0, 700.0, 60.0), ("2. Doe J. Another. 2003.", 7.0, 690.0, 60.0),
                        ("Right column text.", 9.0, 700.0, 308.0))
    assert notes_last(references, 9.0).page == references
    # A long run of small lines under the body (a table) is no note block.
    table = _lines(body, *[(f"cell {n} 1.5 2.5", 7.0, 280.0 - 9 * n, 60.0) for n in range(20)],
                   ("Right column text.", 9.0, 700.0, 308.0))
    assert notes_last(table, 9.0).page == table
    # Small lines followed by more text lower down the same column: a caption or a set-off quote, not a foot.
    middle = _lines(body, ("a small aside", 6.0, 280.0, 60.0), ("more body text", 9.0, 260.0, 60.0))
    assert notes_last(middle, 9.0).page == middle
    # A caption at a column's foot stays where the float handling finds it.
    caption = _lines(body, ("Figure 2. A caption.", 6.0, 280.0, 60.0), ("Right column text.", 9.0, 700.0, 308.0))
    assert notes_last(caption, 9.0).page == caption
    # Lines without sizes or places (the visitor failed) are left as read.
    bare = PageText([Line("text"), Line("small?"), Line("more")])
    assert notes_last(bare, 9.0).page == bare
    assert notes_last(bare, None).page == bare


def test_notes_spanning_a_page_end_are_passed_to_the_next_page(tmp_path: Path) -> None:
    """The column's text ends the page mid-sentence over its notes; the sentence ends on the next page."""
    first = [_Text("F1", 9, 60, 200 - 11 * n, line) for n, line in enumerate(BEFORE * 2)]
    first += [_Text("F1", 6, 60, 120 - 15 * n, line) for n, line in enumerate(NOTES)]
    second = [_Text("F1", 9, 60, 760 - 11 * n, line) for n, line in enumerate(AFTER * 2)]
    text = load(_pdf(tmp_path / "pages.pdf", [first, second]), 10_000_000).text
    assert " ".join(BEFORE * 2 + AFTER) in text
