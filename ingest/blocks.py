"""A document as structure: blocks located exactly in its extracted text, each with its heading path.

Loaders find the blocks (headings, paragraphs, list items, code, table rows, page breaks); the
chunker cuts between them. `text[block.start:block.end]` is always the block's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from rag.chunk_context import HEADING_SEPARATOR
from rag.units import SHORTCODE, is_references_heading

# caption: a table's caption standing above it (it introduces the rows, like a lead-in ending in ":").
# metadata: what a document says about itself (a Markdown front matter block); the loader reads it
# as metadata, the chunker leaves it out of every passage.
# markup: source markup a built page does not show (MDX's import/export statements, its `:::tip`
# fences); in no passage, as metadata.
# reference: an entry of a list of works cited (ingest/pdf_references.py).
# section_end: where a section ends with no next heading; read by with_paths, in no block list it returns.
BlockKind = Literal["heading", "paragraph", "list_item", "code", "table_row", "page_break", "caption", "metadata",
                    "markup", "reference", "section_end"]

# `{ #query-params }`, `{#id .class key=value}`, `{: #id }`: attribute lists that docs generators put after a
# heading (after its closing `#`s too, which _PERMALINK then drops: hatch's "## 1.26.0 ## {: #hatchling-v1.26.0 }").
_ANCHOR = re.compile(r"\s*\{:?\s*[#.][^{}]*\}\s*$")
# Hugo shortcodes (rag/units.py's SHORTCODE) are blanked; MkDocs include directives
# (`{* ../docs_src/request_files/tutorial001.py hl[3] *}`) stay blocks (rag/units.py frames them):
# their paths name the topic. Jinja's `{% for %}` is left too: in docs it is mostly template code.
# Permalink marks that HTML generators append to headings (Sphinx's ¶, MkDocs' #).
_PERMALINK = re.compile(r"[\s¶#§]+$")
# The section of a list of works cited that prints no heading.
UNHEADED_REFERENCES = "References"


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    start: int
    end: int
    level: int = 0
    """Headings: 1 for a top-level heading (0 for a document title above them)."""
    label: str = ""
    """Headings: the heading's words, without markup or anchor."""
    path: tuple[str, ...] = ()
    """The headings above this block, outermost first; a heading's path ends with itself."""


def clean_heading(text: str) -> str:
    """A heading's words: whitespace folded, anchors and permalink marks dropped."""
    text = " ".join(SHORTCODE.sub(" ", text).split())
    text = _ANCHOR.sub("", text)
    return _PERMALINK.sub("", text).strip()


def with_paths(blocks: list[Block]) -> list[Block]:
    """The blocks with their heading paths: each heading closes those at its level and below, and a
    `section_end` (a zero-width mark, not kept) closes those at its level and below where the markup
    ends a section without a next heading (a Sphinx object description's indented body).

    Where a document's entries of works cited are marked (`reference` blocks), what else stands under
    a references heading (a box of key messages after the list, figure legends) is outside its
    section: the path stops above the heading. Entries whose list has no heading (ingest/pdf_references.py)
    are in a section "References" all the same, so that answering knows them for what they are.
    """
    marked = any(block.kind == "reference" for block in blocks)
    stack: list[tuple[int, str]] = []
    out: list[Block] = []
    for block in blocks:
        if block.kind == "section_end":
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            continue
        if block.kind == "heading" and block.label:
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.label))
        path = tuple(label for _, label in stack)
        if marked and block.kind not in ("heading", "reference") and path and is_references_heading(path[-1]):
            path = path[:-1]
        elif block.kind == "reference" and not (path and is_references_heading(path[-1])):
            path = (*path, UNHEADED_REFERENCES)
        out.append(replace(block, path=path))
    return out


def without_shortcodes(text: str) -> str:
    """`text` with its shortcodes blanked out, character for character (spans stay exact)."""
    if "{" not in text:
        return text
    return SHORTCODE.sub(lambda found: " " * len(found.group(0)), text)


def first_heading(blocks: list[Block]) -> str:
    """The words of the document's first heading ('' when it has none)."""
    return next((b.label for b in blocks if b.kind == "heading" and b.label), "")


def heading_text(path: tuple[str, ...]) -> str:
    return HEADING_SEPARATOR.join(path)


class BlockText:
    """Builds a document's extracted text from blocks, recording where each block landed.

    Blocks are separated by a blank line; `start_page` starts a page (pages are separated by a
    blank line too, even empty ones, so page numbers stay aligned).
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []
        self._page_open = False
        self.page_starts: list[int] = []

    def _append(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)

    def start_page(self) -> None:
        if self.page_starts:
            self._append("\n\n")
        self.page_starts.append(self._length)
        if len(self.page_starts) > 1:
            self._blocks.append(Block("page_break", self._length, self._length))
        self._page_open = True

    def add(self, text: str, kind: BlockKind, level: int = 0, label: str = "") -> None:
        text = text.strip()
        if not text:
            return
        if self._page_open:
            self._page_open = False
        elif self._length:
            self._append("\n\n")
        start = self._length
        self._append(text)
        self._blocks.append(Block(kind, start, self._length, level, label))

    def scope(self) -> int:
        """A mark for `end_scope`: the headings added after it end there."""
        return len(self._blocks)

    def end_scope(self, mark: int) -> None:
        """Close the section the first heading added since `mark` opened (nothing when none was)."""
        level = next((b.level for b in self._blocks[mark:] if b.kind == "heading" and b.label), None)
        if level is not None:
            self._blocks.append(Block("section_end", self._length, self._length, level))

    @property
    def text(self) -> str:
        return "".join(self._parts)

    @property
    def blocks(self) -> list[Block]:
        return with_paths(self._blocks)
