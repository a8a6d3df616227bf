"""Blocks of a Markdown document, located in its source text (which is the extracted text).

markdown-it-py gives each block token the source lines it came from (`token.map`); those line
ranges become character spans, trimmed of surrounding whitespace.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.blocks import Block, BlockKind, clean_heading, with_paths, without_shortcodes
from ingest.myst_glossary import Glossary, glossaries
from rag.eval_rst import opens_eval_rst
from rag.sentences import trimmed_span
from rag.units import CODE_SHORTCODE, FRONT_MATTER, code_pairs, list_items, segment

# markdown-it splits lines on these (it normalises \r\n and \r to \n before parsing).
_NEWLINE = re.compile(r"\r\n?|\n")
_PARSER = MarkdownIt("commonmark").enable("table")
_FRONT_MATTER_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*\r?$", re.MULTILINE)
# Elements whose content is no text of the page (a browser shows none of it).
_HIDDEN_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
# MDX: an ESM statement opens a top-level paragraph with `import` or `export` (the MDX spec's rule);
# an admonition fence is a line of three or more colons, with the box's type and title after it.
_NON_NEWLINE = re.compile(r"[^\r\n]")
_ESM = re.compile(r"(?:import|export)\b")
# (The words end on a character no space can be, so a run of spaces is never read two ways.)
_ADMONITION_FENCE = re.compile(r"^[ \t]{0,3}(:{3,}(?:[^\n]*?[^ \t\n])??)[ \t]*\r?$", re.MULTILINE)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


def _inline_text(token: Token | None) -> str:
    """The words of an inline token as a reader of the page sees them: code spans keep their text,
    markup and inline HTML go, and so does what a `<script>` or `<style>` holds (a heading path kept
    the script's text while the tags went)."""
    if token is None or not token.children:
        return token.content if token is not None else ""
    parts = []
    hidden: str | None = None  # the element whose content is being skipped
    children = token.children
    for at, child in enumerate(children):
        if child.type == "html_inline":
            opened = _HIDDEN_OPEN.match(child.content)
            # Only an element that closes is hidden: "Using <script> tags safely" names the tag.
            if hidden is None and opened and any(_closes(later, opened.group(1)) for later in children[at + 1:]):
                hidden = opened.group(1).lower()
            elif hidden is not None and _closes(child, hidden):
                hidden = None
        elif hidden is not None:
            continue
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _closes(token: Token, element: str) -> bool:
    return token.type == "html_inline" and re.match(rf"</{element}\s*>", token.content, re.IGNORECASE) is not None


def inline_words(text: str) -> str:
    """A line of Markdown's words, read as a heading's are (`_inline_text`)."""
    tokens = _PARSER.parseInline(text)
    return clean_heading(_inline_text(tokens[0] if tokens else None))


def front_matter(text: str) -> tuple[int, str]:
    """Where a leading YAML front matter block (`---` ... `---`) ends (0 without one), and its title."""
    found = FRONT_MATTER.match(text)
    if not found:
        return 0, ""
    title = _FRONT_MATTER_TITLE.search(found.group(1))
    words = title.group(1).strip().strip("\"'") if title else ""
    # HTML in a title is read as in a heading (tags and a script's text go), so that the two agree.
    return found.end(), (inline_words(words) if "<" in words else words)


def front_matter_block(text: str) -> str:
    """The YAML between a leading front matter block's `---` lines ("" without one)."""
    found = FRONT_MATTER.match(text)
    return found.group(1) if found else ""


def markdown_blocks(text: str, mdx: bool = False) -> list[Block]:
    """Headings, paragraphs, list items, code blocks and table rows, in document order.

    A front matter block is one "metadata" block (its `---` would otherwise read as a rule and a
    heading). With `mdx`, the page is MDX (Docusaurus): its `import`/`export` statements and its
    admonition fences (`:::tip`, `:::`) are "markup" blocks, which a built page does not show."""
    starts = _line_starts(text)
    # Shortcode lines (Hugo tabs around code) are markup: blanked before
    # parsing, a line of them is blank, so no block starts, ends or consists of one.
    source = without_shortcodes(text)
    # A glossary's term lines are blanked too: each heads its definition (`_glossary_headings`), which the
    # parser reads on its own, not as one paragraph with the term.
    glossed = glossaries(text)
    if glossed:
        pieces, at = [], 0
        for term in (term for glossary in glossed for term in glossary.terms):
            pieces += [source[at : term.start], " " * (term.end - term.start)]
            at = term.end
        source = "".join(pieces) + source[at:]
    markup: list[Block] = []
    if mdx:
        # Blanked as shortcodes are, so that `:::tip` and the text under it are no one paragraph.
        markup = [Block("markup", m.start(1), m.end(1)) for m in _ADMONITION_FENCE.finditer(source)]
        source = _ADMONITION_FENCE.sub(lambda m: " " * len(m.group(0)), source)
    shown = _shown_code(text)
    if shown:  # blanked too: the parser sees none of it, the block is code
        pieces, at = [], 0
        for block in shown:
            pieces += [source[at:block.start], _NON_NEWLINE.sub(" ", source[block.start:block.end])]
            at = block.end
        source = "".join(pieces) + source[at:]
    tokens = _PARSER.parse(source)
    blocks: list[Block] = []
    in_list = 0
    front_end = previous_end = front_matter(text)[0]
    if previous_end:
        blocks.append(Block("metadata", 0, len(text[:previous_end].rstrip())))
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            in_list += 1
        elif token.type == "list_item_close":
            in_list -= 1
        kind: BlockKind | None = None
        level = 0
        label = ""
        if token.type == "heading_open":
            kind, level = "heading", int(token.tag[1:])
            label = clean_heading(_inline_text(tokens[i + 1] if i + 1 < len(tokens) else None))
        elif token.type == "paragraph_open":
            kind = "list_item" if in_list else "paragraph"
            if mdx and token.level == 0 and token.map and _ESM.match(source, starts[token.map[0]]):
                kind = "markup"
        elif token.type in ("fence", "code_block"):
            kind = "code"
        elif token.type == "tr_open":
            kind = "table_row"
        elif token.type == "html_block":
            kind = "paragraph"
        if kind is None or token.map is None:
            continue
        first, last = token.map
        start = starts[first] if first < len(starts) else len(text)
        end = starts[last] if last < len(starts) else len(text)
        if start < previous_end:
            continue
        if kind == "code" and token.type == "fence" and opens_eval_rst(token.markup + token.info):
            # An eval-rst block: its reST's blocks (rag/units.py reads them so), not one block of code.
            found = eval_rst_blocks(text, start, end)
            blocks += found
            previous_end = found[-1].end if found else previous_end
            continue
        start, end = trimmed_span(text, start, end)
        if end <= start:
            continue
        blocks.append(Block(kind, start, end, level, label))
        previous_end = end
    if shown:
        blocks = sorted(blocks + [b for b in shown if b.start >= front_end], key=lambda b: b.start)
    if markup:
        # A fence line inside a code block is the code's (a page showing how admonitions are written).
        code = _Spans([(b.start, b.end) for b in blocks if b.kind == "code"])
        blocks = sorted(blocks + [m for m in markup if m.start >= front_end and not code.holds(m.start)],
                        key=lambda b: b.start)
    if glossed:
        blocks = _glossary_headings(text, blocks, glossed)
    return with_paths(blocks)


def _glossary_headings(text: str, blocks: list[Block], found: list[Glossary]) -> list[Block]:
    """`blocks` with each glossary term a heading one level under the heading above its glossary, its
    section ending at the glossary's closing fence (what follows is the page's section again)."""
    added: list[Block] = []
    for glossary in found:
        above = [b.level for b in blocks if b.kind == "heading" and b.start < glossary.terms[0].start]
        level = (above[-1] if above else 0) + 1
        added += [Block("heading", term.start, term.end, level, inline_words(term.text))
                  for term in glossary.terms]
        added.append(Block("section_end", glossary.end, glossary.end, level))
    # A zero-width end sorts before the block starting where it stands (that block is past the glossary).
    return sorted(blocks + added, key=lambda b: (b.start, b.kind != "section_end"))


def eval_rst_blocks(text: str, start: int, end: int) -> list[Block]:
    """The blocks of the eval-rst block text[start:end] (its fences with it), as rag.units.segment reads
    it (rag/eval_rst.py): its fences and directive lines markup, its code, paragraphs and items blocks."""
    found: list[Block] = []
    for block in segment(text[start:end]):
        if block.kind == "list":
            spans = list_items(block)
        elif block.kind == "code":
            spans = [(block.lines[1].start, block.lines[-2].end)] if len(block.lines) > 2 else []
        else:
            spans = [(block.start, block.end)]
        kind: BlockKind = {"marker": "markup", "list": "list_item", "code": "code"}.get(block.kind, "paragraph")
        for a, b in spans:
            a, b = trimmed_span(text, start + a, start + b)
            if b > a:
                found.append(Block(kind, a, b))
    return found


def _shown_code(text: str) -> list[Block]:
    """Code that a pair of Hugo's code shortcodes holds (rag.units.CODE_SHORTCODE), from the opening
    line through the closing one, as a fenced block spans its fences (paired as rag.units.segment
    pairs them: in one pass, a shortcode line in fenced code being that code's)."""
    if "{{" not in text:
        return []
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    found: list[Block] = []
    for i, j in code_pairs([line.rstrip("\r\n") for line in lines]).items():
        if CODE_SHORTCODE.match(lines[i].rstrip("\r\n")):
            start = offsets[i] + len(lines[i]) - len(lines[i].lstrip())
            found.append(Block("code", start, offsets[j] + len(lines[j].rstrip())))
    return found


class _Spans:
    """Spans (start, end), some perhaps inside others, asked whether one holds an offset by bisection
    over their starts and the furthest end reached so far: a page of thousands of `:::` lines and code
    blocks is not read pairwise."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [start for start, _ in spans]
        self.reach = list(itertools.accumulate((end for _, end in spans), max))

    def holds(self, at: int) -> bool:
        k = bisect.bisect_right(self.starts, at) - 1
        return k >= 0 and at < self.reach[k]


# Table rows indexed per Markdown file, as a spreadsheet's (ingest.formats.spreadsheet.MAX_ROWS). Each
# row is a sentence of its chunk with a vector of its own, so the embedding time grows with the rows
# (docs/ingest.md).
MAX_TABLE_ROWS = 50_000
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def capped_table_rows(text: str, blocks: list[Block], limit: int) -> tuple[str, list[Block], int]:
    """The text and blocks without the table rows past `limit` body rows (header rows are not
    counted; a later table's header goes with its rows), and how many body rows that left out.

    Cut from the text, as a spreadsheet's are, not only from the blocks: a chunk is a span of the
    text, and one running from the last row kept to the next paragraph would hold every row between.
    A table's first row is its header: the row after a block that is no row, or after a blank line."""
    kept: list[Block] = []
    cuts: list[tuple[int, int]] = []  # runs of rows left out, in order
    body = dropped = 0
    previous: Block | None = None
    for block in blocks:
        header = block.kind == "table_row" and (previous is None or previous.kind != "table_row" or bool(
            _BLANK_LINE.search(text, previous.end, block.start)))
        if block.kind == "table_row":
            body += not header
        previous = block
        if block.kind != "table_row" or (body <= limit and not (header and body >= limit)):
            kept.append(block)
            continue
        dropped += not header
        if cuts and (not kept or kept[-1].end <= cuts[-1][0]):  # no block kept since the run began
            cuts[-1] = (cuts[-1][0], block.end)
        else:
            cuts.append((block.start, block.end))
    if not cuts:
        return text, blocks, 0
    pieces, at, shifted, removed, k = [], 0, [], 0, 0
    for start, end in cuts:
        pieces.append(text[at:start])
        at = end
    pieces.append(text[at:])
    for block in kept:
        while k < len(cuts) and cuts[k][1] <= block.start:
            removed += cuts[k][1] - cuts[k][0]
            k += 1
        shifted.append(replace(block, start=block.start - removed, end=block.end - removed) if removed else block)
    return "".join(pieces), shifted, dropped
