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


def test_the_code_of_a_quoted_fence_keeps_what_follows_its_quotes_marks():
    text = "> ```console\n> > a prompt\n> ```\n> > nested after\n"
    assert unquoted(text).splitlines() == ["  ```console", "  > a prompt", "  ```", "    nested after"]


def test_a_quoted_fence_ends_with_its_quote():
    text = "> ```\n> code\n\nAfter.\n> Quoted again.\n"
    assert unquoted(text).splitlines() == ["  ```", "  code", "", "After.", "  Quoted again."]


def test_a_passage_opened_inside_code_keeps_it_up_to_the_closing_fence():
    plain = "> a prompt\n```\n> quoted\n"
    assert unquoted(plain, opened="```") == "> a prompt\n```\n  quoted\n"
    quoted = "> > a prompt\n> ```\n> After.\n"
    assert unquoted(quoted, opened="```").splitlines() == ["  > a prompt", "  ```", "  After."]
