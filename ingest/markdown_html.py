"""A Markdown document's raw HTML blocks (a `<table>` of routes, a `<div>` around a figure) read as a browser
shows them: the text of each replaces its markup in the extracted text, cells as table rows, character
entities as their characters, as ingest/html_blocks.py reads an HTML page.

The extracted text is then no longer the file's text, as it is not for an HTML page: every block is
located in the text built here, so a cited span is that text's characters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.blocks import Block, with_paths
from ingest.html_blocks import html_block_text
from ingest.loaders import LoadError, check_html_depth
from ingest.markdown_blocks import markdown_parts

# What a browser does not show of a block's markup (as ingest/loaders.py drops from a page).
_HIDDEN = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")


@dataclass(frozen=True, slots=True)
class MarkdownText:
    text: str
    blocks: list[Block]


def read_markdown(text: str, mdx: bool = False) -> MarkdownText:
    """`text`'s blocks, its HTML blocks replaced by the text and blocks a browser shows of them."""
    parts = markdown_parts(text, mdx)
    if not parts.html_starts:
        return MarkdownText(text, parts.blocks)
    pieces: list[str] = []
    blocks: list[Block] = []
    length = cursor = 0
    for block in parts.blocks:
        if block.start < cursor:
            continue
        pieces.append(text[cursor:block.start])
        length += block.start - cursor
        shown = _shown(text[block.start:block.end]) if block.start in parts.html_starts else None
        if shown is None:
            blocks.append(replace(block, start=length, end=length + block.end - block.start))
            pieces.append(text[block.start:block.end])
            length += block.end - block.start
        else:
            blocks += [replace(b, start=b.start + length, end=b.end + length) for b in shown.blocks]
            pieces.append(shown.text)
            length += len(shown.text)
        cursor = block.end
    pieces.append(text[cursor:])
    return MarkdownText("".join(pieces), with_paths(blocks))


def _shown(markup: str) -> MarkdownText | None:
    """What a browser shows of one HTML block; None when it is nested too deep to parse in time (it then
    stays as written)."""
    from selectolax.lexbor import LexborHTMLParser

    try:
        check_html_depth(markup.encode("utf-8", errors="replace"))
    except LoadError:
        return None
    tree = LexborHTMLParser(markup)
    for tag in _HIDDEN:
        for node in tree.css(tag):
            node.decompose()
    root = tree.body
    if root is None:
        return MarkdownText("", [])
    read = html_block_text(root)
    return MarkdownText(read.text, read.blocks)
