"""Word spaces a PDF draws as gaps: pypdf reads those words glued, pdfium's spaces put them back."""

from ingest.pdf_spaces import is_glued, rejoin, respace
from ingest.pdf_text import Line, PageText
from tests.conftest import corpus_document


def _page(*texts: str) -> PageText:
    return PageText([Line(text, 9.0, 700.0 - 12 * n) for n, text in enumerate(texts)])


def test_a_glued_line_gets_pdfium_spaces_and_keeps_its_size_and_position():
    page = _page("Absolute(molar)quantificationofproteinsdeterminestheirmolarratiosin", "complexes, networks.")
    assert is_glued(page)
    pdfium = "Absolute (molar) quantification of proteins determines their molar ratios in\r\ncomplexes, networks."
    lines = respace(page, pdfium).lines
    assert lines[0] == Line("Absolute (molar) quantification of proteins determines their molar ratios in", 9.0, 700.0)
    assert lines[1] == page.lines[1]


def test_only_spaces_change_and_only_where_pdfium_splits_words():
    page = _page("Indraneel Datta1, Chad G Ball1*, Lucas Rudmik1",  # pdfium's extra space before a comma: kept out
                 "the resources required for thisisnotwhatpdfiumread",  # not found in pdfium's text: unchanged
                 "MSWesternworkflow is employed")
    pdfium = "Indraneel Datta1 , Chad G Ball1*, Lucas Rudmik1 \r\nthe resources required\r\nMS Western workflow is employed"
    lines = [line.text for line in respace(page, pdfium).lines]
    assert lines == ["Indraneel Datta1, Chad G Ball1*, Lucas Rudmik1", "the resources required for thisisnotwhatpdfiumread",
                     "MS Western workflow is employed"]


def test_a_page_with_its_spaces_is_not_glued():
    assert not is_glued(_page("Absolute quantification of proteins determines their molar ratios",
                              "phototransduction and rhabdomere morphogenesis"))


def test_a_pdf_read_without_word_spaces_is_indexed_with_them():
    text = corpus_document("pdfdev/corpus/proteomics-2020-drosophila-eye-protein-quantification.pdf").text
    assert "Absolute Quantification of Proteins in the Eye of Drosophila" in text
    assert "approximately 836 Rh1 molecules per each microvillus" in text
    assert "AbsoluteQuantification" not in text


def test_a_word_split_at_a_kerning_gap_is_joined_where_pdfium_reads_it_whole():
    page = _page("stringent latency requi rements which are in general",
                 "a replica is sent to D (th e node) as an example",
                 "of an example, here an example",
                 "li ne")  # too short to be found on the page: unchanged
    # pdfium reads "D(the" (only the split word joins) and misses the space of one "an example":
    # both halves are words, and the page writes them apart elsewhere, so that space stays.
    pdfium = ("stringent latency requirements which are in general\r\na replica is sent to D(the node) as anexample\r\n"
              "of an example, here an example\r\nline")
    lines = rejoin(page, pdfium).lines
    assert [line.text for line in lines] == ["stringent latency requirements which are in general",
                                             "a replica is sent to D (the node) as an example",
                                             "of an example, here an example", "li ne"]
    assert (lines[0].size, lines[0].y) == (page.lines[0].size, page.lines[0].y)


def test_a_page_pdfium_reads_glued_splits_nothing():
    page = _page("the rapist said the words were split here")
    pdfium = "therapistsaidthewordsweresplitherebypdfiumitself"
    assert rejoin(page, pdfium).lines == page.lines


def test_a_pdf_with_words_split_at_kerning_gaps_is_indexed_with_them_whole():
    text = corpus_document("pdfdev/corpus/nist-sp-800-218-secure-software-development-framework.pdf").text
    assert "f ederal" not in text and "ot her" not in text
    assert "federal" in text
