"""Hostile Markdown read in linear time, and Hugo's code shortcodes paired as rag.units pairs them."""

from __future__ import annotations

import time

from ingest.markdown_blocks import markdown_blocks
from rag.units import segment


def _within(seconds: float, read) -> None:
    began = time.process_time()  # CPU time: a loaded machine stretches the wall clock
    read()
    assert time.process_time() - began < seconds


def test_code_shortcodes_that_never_close_are_read_in_linear_time():
    # 230k characters: each opening line had scanned every later line for its closing one (minutes).
    text = "{{< highlight go >}}\nx\n" * 10_000
    _within(3, lambda: markdown_blocks(text))
    _within(3, lambda: segment(text))


def test_an_admonition_fence_of_many_spaces_is_read_in_linear_time():
    # ":::" + 50k spaces + "x" had taken 25 s (the fence regex tried every split of the spaces).
    text = ":::" + " " * 200_000 + "x\n\nWords.\n"
    _within(2, lambda: markdown_blocks(text, mdx=True))
    assert [b.kind for b in markdown_blocks(text, mdx=True)] == ["markup", "paragraph"]


def test_admonition_fences_among_many_code_blocks_are_read_in_linear_time():
    # 30,000 code blocks, each followed by a `:::` line: every fence was checked against every code block
    # (8,000 pairs took 3 s, these 35 s).
    text = "```\nx\n```\n\n:::\n\n" * 30_000
    _within(3, lambda: markdown_blocks(text, mdx=True))
    blocks = markdown_blocks(text, mdx=True)
    assert [b.kind for b in blocks[:4]] == ["code", "markup", "code", "markup"] and len(blocks) == 60_000


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, text[b.start:b.end]) for b in markdown_blocks(text)]


def test_a_self_closing_or_one_line_code_shortcode_holds_no_lines_after_it():
    text = ('Set it:\n\n{{< code-toggle file="hugo" />}}\n\nThe prose between.\n\n'
            "{{< highlight go >}}x := 1{{< /highlight >}}\n\nMore prose.\n\n"
            "{{< code-toggle >}}\na = 1\n{{< /code-toggle >}}\n\n{{< highlight go >}}\ny := 2\n{{< /highlight >}}\n")
    assert _kinds(text) == [("paragraph", "Set it:"), ("paragraph", "The prose between."),
                            ("code", "{{< highlight go >}}x := 1{{< /highlight >}}"), ("paragraph", "More prose."),
                            ("code", "{{< code-toggle >}}\na = 1\n{{< /code-toggle >}}"),
                            ("code", "{{< highlight go >}}\ny := 2\n{{< /highlight >}}")]
    assert [len(b.lines) for b in segment(text) if b.kind == "code"] == [3, 3]


def test_a_code_shortcode_in_fenced_code_is_the_codes_own_text():
    # A page showing how the shortcode is written: the loader and the answer units read it alike.
    text = ("Write it so:\n\n```md\n{{< highlight go >}}\n```\n\nThe closing line comes later.\n\n"
            "{{< /highlight >}}\n\nLast words.\n")
    assert _kinds(text) == [("paragraph", "Write it so:"), ("code", "```md\n{{< highlight go >}}\n```"),
                            ("paragraph", "The closing line comes later."), ("paragraph", "Last words.")]
    assert [b.kind for b in segment(text)] == ["paragraph", "code", "paragraph", "marker", "paragraph"]
