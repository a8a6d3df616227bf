"""A Markdown passage as its page reads, for the faces that show a cited passage, and where an offset
of the document's text falls in it.

The stored text stays the Markdown source (spans are exact slices of it), but a reader clicking a
citation should not meet the site's markup: `//// tab | Python 3.10+`, `/// details | ...`,
`<div class="termy">`, `{!./docs_src/x.py!}`, a fence's ```` ```Python hl_lines="13" ````. Lines that
only frame content are the ones `rag.units.segment` reads as markers; a fenced block shows its code
without its fences (a MyST directive's option lines too) and without include directives, which the
built page replaces with a file. Everything else is kept character for character, so the cited span
maps to the shown text by offsets, never by searching for its words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rag.block_quotes import unquoted
from rag.fences import FENCE, ITEM_FENCE, closes
from rag.include_line import is_include_line
from rag.myst_boxes import COLON_CLOSING, tab_opening_label
from rag.tab_labels import MATERIAL_TAB_OPENING
from rag.types import CiteMatch, Source
from rag.eval_rst import rst_parts, tab_directive_label
from rag.units import DEFINITION, FRONT_MATTER, directive_options, rst_bodies, segment

# Suffixes whose documents are stored as their Markdown source.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
# Suffixes whose loaders write the text as Markdown (a heading as a `#` line, code in a fence): reStructuredText
# and HTML. Their passages are shown as their page reads, not with `######` and fence lines; their sentences are
# still found as in a plain text (reads_as_markdown), which the answers were measured with.
WRITTEN_AS_MARKDOWN_SUFFIXES = (".rst", ".html", ".htm")
# A Material for MkDocs content tab (`=== "Python 3.10+"`) or admonition (`??? info "Buffer on streaming
# responses"`, `!!! note`): its line frames the indented text under it. The page shows the tab's label and the box's
# title (group "label") above that text, set flush with the text around the box.
_BOX = re.compile(rf'^(?P<indent>[ ]*)(?:{MATERIAL_TAB_OPENING}|(?:!!!|\?\?\?\+?)[ \t]+[\w-]+'
                  r'(?:[ \t]+[\w-]+)*(?:[ \t]+"(?P<title>[^"\n]*)")?)[ \t]*$')
# Material's boxes indent their text by four spaces under the opening line.
_BOX_INDENT = 4


def reads_as_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def shown_as_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES + WRITTEN_AS_MARKDOWN_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Kept:
    """A run of the source kept as it is: source characters [start, end) are shown from `shown`."""

    start: int
    end: int
    shown: int


@dataclass(frozen=True, slots=True)
class TextRange:
    """Characters [start, end) of a shown text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ShownPassage:
    """What a reader is shown of a text, and the runs of the text it keeps. `markdown`: the text is Markdown a
    face may format (rag/shown_markup.py); `code`: its lines of code blocks, which no Markdown formats."""

    text: str
    kept: tuple[Kept, ...]
    markdown: bool = False
    code: tuple[TextRange, ...] = ()

    def at(self, offset: int) -> int:
        """Where the source's `offset` falls in the shown text: inside a kept run, the same character;
        inside a line left out, where the next kept run starts (so a span maps to what it shows)."""
        runs = self.kept
        i = bisect_right([run.start for run in runs], offset) - 1
        if i >= 0 and offset < runs[i].end:
            return runs[i].shown + offset - runs[i].start
        if i + 1 < len(runs):
            return runs[i + 1].shown
        return len(self.text)


def as_is(text: str) -> ShownPassage:
    return ShownPassage(text, (Kept(0, len(text), 0),))


def shown_passage(text: str, path: str, opened: str = "") -> ShownPassage:
    """`text` (a passage or a whole document of the file at `path`) as its page reads: for Markdown,
    framing lines, fences and include directives left out, and blank lines only one at a time between
    lines shown; any other text as it is. `opened` is the fence of a code block the passage starts
    inside (its chunk's boundary cut the block; `Source.passage_opened`): its lines up to the closing
    fence are code, and that fence is left out like any other."""
    if not shown_as_markdown(path) or not text:
        return as_is(text)
    written, text = text, unquoted(text, opened)
    hidden = _hidden_lines(text, opened)
    boxed = {} if opened else _boxed_lines(text)
    coded = _code_lines(text, opened)
    if not opened and "{tab}" in text:
        # A MyST tab's line (```` ````{tab} Linux ````) shows its label over the tab's text, as the page does.
        tabs = _myst_tab_lines(text, hidden)
        hidden -= set(tabs)
        boxed = {**boxed, **tabs}
    if not opened and "\n:" in text:
        # A definition list's definition, under its term without the ": " mark the page does not show.
        boxed = {**_definition_lines(text, hidden | coded), **boxed}
    if not opened and "rst" in text:
        # An eval-rst block's lines, set flush as its page sets them, its tabs' labels shown.
        labels, flush = _rst_lines(text)
        hidden -= set(labels)
        boxed = {**flush, **labels, **boxed}
    pieces: list[str] = []
    runs: list[Kept] = []
    code: list[TextRange] = []
    shown = 0
    blank: tuple[int, int, str] | None = None  # a blank line kept only if a line is shown after it
    at = 0
    for k, (line, source) in enumerate(zip(text.splitlines(keepends=True), written.splitlines(keepends=True))):
        start, at = at, at + len(line)
        if k in hidden and not (k in boxed and _BOX.match(line)):
            continue
        # Of a box's lines, and of a quote's (its marks left out), slices only, so that every shown character is
        # still one of the source's.
        marks = _marks_width(source, line)
        kept = [(start + a, start + b, line[a:b]) for a, b in boxed[k]] if k in boxed \
            else [(start + marks, at, line[marks:])]
        if not line.strip():
            if pieces and blank is None:
                blank = (start + marks, at, line[marks:])
            continue
        for n, (run_start, run_end, piece) in enumerate(([blank] if blank else []) + kept):
            if runs and runs[-1].end == run_start:
                runs[-1] = Kept(runs[-1].start, run_end, runs[-1].shown)
            else:
                runs.append(Kept(run_start, run_end, shown))
            if k in coded and (n > 0 or not blank):
                if code and code[-1].end == shown:
                    code[-1] = TextRange(code[-1].start, shown + len(piece))
                else:
                    code.append(TextRange(shown, shown + len(piece)))
            pieces.append(piece)
            shown += len(piece)
        blank = None
    return ShownPassage("".join(pieces), tuple(runs), markdown=True, code=tuple(code))


def _marks_width(written: str, read: str) -> int:
    """How many characters opening the line `written` are its quote's marks (`> `, `> > `), `read` being the line as
    read with them blanked: through the last mark blanked and the space after it; 0 on a line outside any quote."""
    blanked = [i for i, (a, b) in enumerate(zip(written, read)) if a != b]
    if not blanked:
        return 0
    after = blanked[-1] + 1
    return after + 1 if read[after : after + 1] == " " else after


def _code_lines(text: str, opened: str) -> set[int]:
    """The indices of the lines of `text` inside a code block (its fences too), `text` starting inside a
    block `opened` began (up to its closing fence) or not."""
    lines = text.splitlines(keepends=True)
    first = 0
    if opened:
        first = next((k for k, line in enumerate(lines) if closes(opened, line.rstrip("\r\n"))), len(lines) - 1) + 1
    starts, at = [], 0
    for line in lines[first:]:
        starts.append(at)
        at += len(line)
    rest = "".join(lines[first:])
    coded = set(range(first))
    for block in segment(rest):
        if block.kind == "code":
            coded.update(range(first + bisect_right(starts, block.start) - 1, first + bisect_right(starts, block.end) - 1 + 1))
    return coded


def hides_lines(text: str) -> bool:
    """Whether a Markdown reading of `text` leaves a line of it out (a framing line, a fence, an include line)."""
    return bool(_hidden_markdown(text))


def _hidden_lines(text: str, opened: str) -> set[int]:
    """The indices of the lines of `text` a reader of the built page does not see, `text` starting inside
    a code block `opened` began: of its code, include directives and the closing fence; past that fence
    (when the passage gets there), what `_hidden_markdown` finds."""
    if not opened:
        return _hidden_markdown(text)
    lines = text.splitlines(keepends=True)
    closing = next((k for k, line in enumerate(lines) if closes(opened, line.rstrip("\r\n"))), None)
    code = lines if closing is None else lines[:closing]
    hidden = {k for k, line in enumerate(code) if is_include_line(line.rstrip("\r\n"))}
    if closing is None:
        return hidden
    rest = "".join(lines[closing + 1 :])
    return hidden | {closing} | {closing + 1 + k for k in _hidden_markdown(rest)}


def _hidden_markdown(text: str) -> set[int]:
    """The indices of the lines of `text` a reader of the built page does not see."""
    raw = text.splitlines(keepends=True)
    starts, at = [], 0
    for line in raw:
        starts.append(at)
        at += len(line)
    lines = text.splitlines()

    def index(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    hidden = {k for k, line in enumerate(lines) if _BOX.match(line)}
    # A document's front matter (`title: ...`, `tags: [...]`) is the site's metadata, no line of the page.
    front = FRONT_MATTER.match(text)
    if front:
        hidden.update(range(0, index(front.end() - 1) + 1))
    for block in segment(text):
        first = index(block.start)
        # A fenced block of include lines and omission comments only (rag/placeholder_code.py): the built
        # page shows the included file there, nothing of these lines.
        if block.kind in ("marker", "placeholder"):
            hidden.update(range(first, index(block.end) + 1))
        elif block.kind == "paragraph":
            # The closing fence of a box the passage starts inside (its opening in the chunk before): MyST's, which
            # the page does not show. (A section's target and a comment are markers, rag/units.py.)
            hidden.update(k for k in range(first, index(block.end) + 1) if COLON_CLOSING.match(lines[k]))
        elif block.kind == "code" and (FENCE.match(block.lines[0].text) or ITEM_FENCE.match(block.lines[0].text)):
            last = index(block.end)
            inner = [line.text for line in block.lines[1:-1]]
            options = directive_options(block.lines[0].text, inner)
            hidden.update({first, last, *range(first + 1, first + 1 + options)})
            hidden.update(k for k in range(first + 1, last) if is_include_line(lines[k]))
    return hidden


def _myst_tab_lines(text: str, framing: set[int]) -> dict[int, list[tuple[int, int]]]:
    """The parts of its line shown of each line of `framing` (lines the page does not show) opening a MyST tab
    (rag/myst_boxes.py), as `_boxed_lines` gives them: its label and the line break."""
    shown: dict[int, list[tuple[int, int]]] = {}
    for k, line in enumerate(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        label = tab_opening_label(body) if k in framing and "{" in body else None
        if label:
            at = body.index(label.split()[0], body.index("}"))
            shown[k] = [(at, len(body.rstrip())), (len(body), len(line))]
    return shown


def _definition_lines(text: str, other: set[int]) -> dict[int, list[tuple[int, int]]]:
    """The parts of its line shown of each line opening a definition (`: In a ...` under its term's line), as
    `_boxed_lines` gives them: past its mark. Lines of `other` (code, framing lines) are no definition."""
    shown: dict[int, list[tuple[int, int]]] = {}
    lines = text.splitlines(keepends=True)
    for k in range(1, len(lines)):
        mark = DEFINITION.match(lines[k]) if k not in other and k - 1 not in other else None
        if mark is not None and lines[k - 1].strip() and not DEFINITION.match(lines[k - 1]):
            shown[k] = [(mark.end(), len(lines[k]))]
    return shown


def _rst_lines(text: str) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[tuple[int, int]]]]:
    """The parts of its line shown of each line of an eval-rst block (rag/eval_rst.py), as `_boxed_lines`
    gives them: of a tab's line (`.. group-tab:: Bash`) its label and the line break; of a line of prose all
    but its indent; of a code block's lines all but the indent they share. The tabs' lines first."""
    lines = text.splitlines(keepends=True)
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line)
    labels: dict[int, list[tuple[int, int]]] = {}
    flush: dict[int, list[tuple[int, int]]] = {}
    for first, last in rst_bodies([line.rstrip("\r\n") for line in lines]):
        for k in range(first, last):
            body = lines[k].rstrip("\r\n")
            label = tab_directive_label(body)
            if label:
                at = body.index(label.split()[0], body.index("::"))
                labels[k] = [(at, len(body.rstrip())), (len(body), len(lines[k]))]
            elif body.strip():
                flush[k] = [(len(body) - len(body.lstrip()), len(lines[k]))]
        # Markup the page does not show on a line of text: a field's `:param `, an admonition's `.. note:: `
        # before its text, a literal block's announcing "::" (shown ":").
        for part in rst_parts([line.rstrip("\r\n") for line in lines[first:last]]):
            if part.kind not in ("paragraph", "label") or not (part.skip or part.cut):
                continue
            top, bottom = first + part.first, first + part.last
            if part.skip:
                flush[top] = [(part.skip, len(lines[top]))]
            if part.cut:
                body = lines[bottom].rstrip("\r\n")
                start = flush[bottom][0][0] if bottom in flush else 0
                flush[bottom] = [(start, len(body) - part.cut), (len(body), len(lines[bottom]))]
        # Read with its fences, as `segment` reads a page's block.
        opening = starts[first - 1]
        for block in segment(text[opening : starts[last] if last < len(lines) else len(text)]):
            if block.kind == "code":
                shared = min((len(line.text) - len(line.text.lstrip()) for line in block.lines if line.text.strip()),
                             default=0)
                for line in block.lines:
                    if line.text.strip():
                        k = bisect_right(starts, opening + line.start) - 1
                        # A signature's line shows from the signature (`.. function:: ` left out).
                        flush[k] = [(max(shared, opening + line.start - starts[k]), len(lines[k]))]
    return labels, flush


def _boxed_lines(text: str) -> dict[int, list[tuple[int, int]]]:
    """The parts of its line (start, end within it) shown of each line of a content tab or admonition: of
    its opening line the label or title and the line break (nothing when untitled), of the lines of its
    text all but the box's indent. Lines outside any box are not in it."""
    boxed: dict[int, list[tuple[int, int]]] = {}
    bodies: list[int] = []  # the indents of the text of the boxes the line is in, innermost last
    fence = ""  # the fence of the code block the line is in: its lines open no box
    for k, line in enumerate(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        indent = len(body) - len(body.lstrip(" "))
        if not fence:
            while bodies and indent < bodies[-1]:
                bodies.pop()
        dedent = bodies[-1] if bodies else 0
        if bodies:
            boxed[k] = [(min(dedent, indent), len(line))]
        if fence:
            fence = "" if closes(fence, body[dedent:]) else fence
            continue
        opening = FENCE.match(body)
        if opening:
            fence = opening.group(1)
            continue
        found = _BOX.match(body)
        if found:
            label = found.group("tab") if found.group("tab") is not None else found.group("title")
            title = found.start("tab") if found.group("tab") is not None else found.start("title")
            boxed[k] = [(title, title + len(label)), (len(body), len(line))] if label and label.strip() \
                and len(line) > len(body) else []
            bodies.append(indent + _BOX_INDENT)
    return boxed


@dataclass(frozen=True, slots=True)
class ShownQuote:
    """A cited passage as its page reads, and where the cited words are in it: text[start:end]. `markdown` and
    `code` as in ShownPassage: Markdown a face may format outside the code ranges (False for text as written)."""

    text: str
    start: int
    end: int
    markdown: bool = False
    code: tuple[TextRange, ...] = ()


def shown_source(source: Source) -> ShownQuote:
    """A source's passage as its page reads with the cited span mapped into it; the cited text alone
    when the passage does not hold it at its offsets."""
    passage, start, end = source.passage, source.start - source.passage_start, source.end - source.passage_start
    if passage and 0 <= start <= len(passage) < end and source.text.startswith(passage[start:]):
        # The cited span runs on past its passage (a tab's code taken whole from the document after the chunk):
        # the passage through the span's end, so that its code is read inside its tab, not cut off from it.
        passage = passage[:start] + source.text
    if not passage or not (0 <= start <= end <= len(passage)) or passage[start:end] != source.text:
        return _whole(shown_passage(source.text, source.path))
    return _located(shown_passage(passage, source.path, source.passage_opened), passage, start, end)


def shown_match(match: CiteMatch) -> ShownQuote:
    """A lookup's match in its context (the text around it) as the page reads, the match mapped into it."""
    context = match.before + match.text + match.after
    return _located(shown_passage(context, match.path), context, len(match.before), len(match.before) + len(match.text))


def _located(shown: ShownPassage, raw: str, start: int, end: int) -> ShownQuote:
    """`raw[start:end]` mapped into `shown`, its page reading; `raw` as written when the reading leaves all those
    words out (an admonition's title, a link definition): a mark on nothing would hide what was cited or found."""
    at, to = shown.at(start), shown.at(end)
    if at == to and raw[start:end].strip():
        return ShownQuote(raw, start, end)
    return ShownQuote(shown.text, at, to, shown.markdown, shown.code)


def _whole(shown: ShownPassage) -> ShownQuote:
    """All of `shown`, stripped, marked: the cited text alone."""
    lead = len(shown.text) - len(shown.text.lstrip())
    text = shown.text.strip()
    code = tuple(TextRange(max(r.start - lead, 0), min(r.end - lead, len(text))) for r in shown.code
                 if r.end - lead > 0 and r.start - lead < len(text))
    return ShownQuote(text, 0, len(text), shown.markdown, code)
