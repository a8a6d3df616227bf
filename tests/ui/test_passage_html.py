"""A shown passage's Markdown as the page sets it, in the chat's, cite panel's and /view's HTML: headings,
code, bold and links read, everything the document wrote escaped, the cited words in one whole `<mark>`."""

from __future__ import annotations

import re

import pytest

from rag.engine import ShownQuote, quote_pieces, shown_passage, text_pieces
from tests.ui.passage_pieces_cases import CASES
from ui.passage_html import pieces_html


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_table(case):
    assert pieces_html(case.pieces()) == case.html


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_mark_is_one_element_holding_every_cited_character(case):
    html = pieces_html(case.pieces())
    assert html.count("<mark>") == 1 and html.count("</mark>") == 1
    marked = "".join(p.text for p in case.pieces() if p.marked)
    shown = case.quote()
    assert marked == "".join(p.text for p in quote_pieces(shown) if p.marked)
    # What the mark shows is the cited words less markup characters, in order.
    assert set(marked) <= set(case.cited) and marked.strip()


def test_no_tag_from_a_document_survives():
    hostile = ('# <script>alert(1)</script>\n\n**<img src=x onerror=alert(1)>** `<iframe>` '
               '[<svg onload=alert(1)>](javascript:alert(1)) <a href="javascript:alert(1)">x</a>')
    shown = shown_passage(hostile, "x.md")
    html = pieces_html(text_pieces(shown.text, shown.markdown, shown.code))
    tags = re.findall(r"<\s*/?\s*([a-zA-Z]+)", html)
    assert set(tags) <= {"b", "code", "mark", "a"}, tags
    assert not re.search(r"<a\b", html)  # a javascript: target is no link, the document's own <a> text
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;" in html


def test_a_mark_on_nothing_stays_where_it_was():
    shown = shown_passage("## Title\n\nText.", "x.md")
    at = shown.text.index("Text")
    html = pieces_html(quote_pieces(ShownQuote(shown.text, at, at, True, shown.code)), mark_id="hl")
    assert html == '<b class="passage-heading">Title</b>\n\n<mark id="hl"></mark>Text.'
