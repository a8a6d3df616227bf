"""Markdown block quotes read as the text they quote, every character in its place."""

from rag.block_quotes import unquoted


def test_quote_marks_become_spaces_in_place():
    text = "Before.\n\n> NOTE:\n> Quoted text\n>\n> > nested\n"
    shown = unquoted(text)
    assert len(shown) == len(text)
    assert shown.splitlines() == ["Before.", "", "  NOTE:", "  Quoted text", " ", "    nested"]


def test_code_and_doctests_keep_their_marks():
    text = "```console\n> a prompt\n```\n\n>>> 1 + 1\n2\n"
    assert unquoted(text) == text


def test_a_quoted_fence_is_quoted_text_and_the_text_after_it_read_on():
    text = "> ```text\n> site/\n> ```\n\n> After.\n"
    assert unquoted(text).splitlines() == ["  ```text", "  site/", "  ```", "", "  After."]
