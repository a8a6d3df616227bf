"""Answer units: the pieces of a passage an answer can be made of, each with its exact span.

A passage is segmented from its own text (Markdown-aware, so it works for any loader's text):
`#` headings, `-`/`*`/`1.` list items, fenced code, `|` tables, blank-line paragraphs. From the
blocks come the units an answer may quote: a sentence, a lead-in ending in ':' together with the
list, code or table it introduces, a sentence ending otherwise ('.', '...') with the code block or
list right after it (the sentence stays a unit of its own too), a list, a list item, a code block, a table row (shown with its
header), a short paragraph. Headings are units too, so scoring can see (and reject) them.
`text == document_text[start:end]` for every unit; `read` is the text as the units were read from it (a
quote's `>` marks blanked, rag/block_quotes.py): what scoring reads; `display` is what an answer shows.
"""

from __future__ import annotations

import bisect
import html
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.entities import html5
from typing import Literal

from rag.block_quotes import unquoted
from rag.code_spans import code_spans, outside_code
from rag.eval_rst import directive_label, opens_eval_rst, rst_parts, tab_directive_label
from rag.fences import FENCE, ITEM_FENCE, closes
from rag.inline_html import without_tags
from rag.legends import FLOAT_LABELS, opens_legend
from rag.myst_boxes import BOX_CLOSING, COLON_CLOSING, GLOSSARY, box_label, box_opening, colon_opening, contents_opening
from rag.include_line import INCLUDE_LINE, is_include_line
from rag.placeholder_code import shows_no_code
from rag.reference_links import shown_links
from rag.sentences import split_sentences
from rag.sphinx_roles import shown_roles
from rag.tab_labels import MATERIAL_TAB, TabLabel, judges, tab_label
from rag.version_notes import is_label_line, is_version_note
from rag.types import Sentence

UnitKind = Literal["sentence", "pair", "lead_in", "introduced_code", "announced_list", "list", "list_item", "code",
                   "table_row", "paragraph", "heading", "entry"]
# "placeholder": a fenced block of include directives only (rag/placeholder_code.py), no code.
# A "term" is a MyST glossary's: it heads its definition as a name heads its description (`entry`).
BlockKind = Literal["heading", "paragraph", "list", "code", "table", "marker", "placeholder", "term"]

# Past this a list or lead-in is cut at an item boundary: an answer is read, not scrolled.
MAX_UNIT_CHARS = 600
# The line shown where quoted code is cut: the block goes on in the document.
ELLIPSIS = "…"
# A comment line ("// Create the tables", "# Step 2") heads the lines under it: at a cut it heads nothing.
CODE_COMMENT = re.compile(r"^\s*(//|#)\s")
# A sentence pair or paragraph no longer than this is one unit, shown whole.
SHORT_PARAGRAPH_CHARS = 450
# A paragraph after a statement this short is what the statement is followed by, whole.
_EXPLAINING_SENTENCES = 3
# A line this short between a lead-in and its code is part of what the lead-in introduces.
_BRIDGE_CHARS = 160
# A heading this short names a thing ("Hishel", "Authlib") its first sentence may describe.
_ENTRY_TITLE_WORDS = 3
# A line this short under a name is a note about it ("Introduced in 1.5.0"), not its description.
_NOTE_WORDS = 4
# A box's text may open after the spaces its lines are indented by (a quote's marks blanked: "  If the ...").
_BOX_INDENT = 8
# A paragraph of links only, next to a name's description: Markdown's or HTML's (Starlette's
# third-party packages: `<a href="https://github.com/..." target="_blank">GitHub</a>`, whose "GitHub"
# had run into the description, "GitHub Starlette-Compress is a fast ...", try19).
_LINKS_ONLY = re.compile(r"\s*(?:(?:\[[^\]]+\]\([^)]*\)|<a\b[^<>]*>[^<>]*</a>)[\s\-–|·,]*)+", re.IGNORECASE)
# An entry is shown as its name, this, then its description ("Hishel: An elegant HTTP Cache ...").
_ENTRY_JOIN = ": "
# A lead-in this short ("For example:") is shown with the sentence before it.
_BARE_LEAD_IN_WORDS = 3

# A Markdown heading's marks ("## ", "###### "), at the start of a line and followed by its words.
HEADING_MARKS = re.compile(r"^ {0,3}#{1,6}[^\S\r\n]+(?=\S)")
_ITEM = re.compile(r"^(\s*)([-*+•]|\d{1,3}[.)])\s+(?=\S)")
# A numbered section title the PDF re-flow read as a one-item list ("2. Methods", "3. Results and Discussion"):
# a heading, not what the sentence before it announces.
_SECTION_NUMBER_TITLE = re.compile(r"\d{1,2}\.\s+[A-Z][^.:;!?\n]{0,40}")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
# A numbered section title in capitals on a line of its own ("1. INTRODUCTION", "5. EXPERIMENTS AND
# RESULTS"): a paper's heading as its PDF text has it, not a one-item list (shown as "- INTRODUCTION"
# after the line before it, which it would seem to finish).
_SECTION_TITLE = re.compile(r"^\s*\d{1,2}\.\s+[A-Z][A-Z\-’']+(?:\s+[A-Z][A-Z\-’']*){0,7}\s*$")
# How many rows above a passage a table's header is looked for.
_TABLE_LOOKBACK = 400
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# Lines that only frame content: admonition markers (`/// note`, `!!! tip`, a collapsible `??? info "Title"` or
# `???+ note`), mkdocstrings' directive (`::: starlette.testclient.TestClient`: the page shows the API reference it
# renders; its indented `options:` are markers too, in `segment`), include directives (rag/include_line.py, read
# beside this pattern), HTML comments, horizontal rules, a line that is one
# HTML tag (`<div class="termy">` around a console block: the lead-in above it introduces the block),
# a link reference definition (`[sync-support]: https://...`: where a link points, no prose), an MDX
# comment on a line of its own (`{/* prettier-ignore */}`), a MyST comment (`% ...`) and a MyST section target
# (`(custom-groups)=`), which the built page shows nothing of and which end the paragraph they stand in.
_MARKER = re.compile(r"^\s*(%(?:[ \t]|$)|\([^()\s]+\)=\s*$|///|!!!|\?\?\?\+?(?:\s|$)|:::[ \t]+[A-Za-z_]\w*(?:\.\w+)+\s*$|\[[^\]]+\]:\s*\S+\s*$|\{/\*.*\*/\}\s*$|<!--|-->\s*$|(-{3,}|\*{3,}|_{3,})\s*$|</?[A-Za-z][^<>]*>\s*$)")
_AUTODOC = re.compile(r"^\s*:::[ \t]+[A-Za-z_]\w*(?:\.\w+)+\s*$")
# A YAML front matter block opening a Markdown document (`---`, `title: ...`, `---`): the site
# generator's metadata (the loader reads it as such), no prose of the document.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Hugo shortcodes that docs sites put in Markdown (`{{< tab tabID="pip" >}}`, `{{% note %}}`,
# `{{< relref "x" >}}`): site markup, no words of the document (the Markdown loader blanks them too).
SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}")
# One that shows words of its own in the page, as Kubernetes' docs name terms
# (`{{< glossary_tooltip text="Pod" term_id="pod" >}}`): shown as those words.
# Read as `\{\{[<%]\s*[\w-]+\s[^{}]*?\btext\s*=\s*"([^"]*)"[^{}]*?[%>]\}\}` would be, in
# `_shown_words`: that regex tries every later `text=` of a shortcode left open against all the rest.
_WORDED_HEAD = re.compile(r"\{\{[<%]\s*[\w-]+\s")
_TEXT_ATTRIBUTE = re.compile(r'\btext\s*=\s*"([^"]*)"')
# Hugo's shortcodes that show code (`{{< highlight go >}}`, `{{< code-toggle file=hugo >}}` ... and their
# closing `{{< /highlight >}}`): a pair of lines of them fences code, as ``` does. A self-closing one
# (`{{< code-toggle file="x" />}}`) or one closed on its own line (`{{< highlight go >}}x{{< /highlight >}}`)
# holds no lines after it: no `/` before its end, no other shortcode on the line.
_CODE_SHORTCODE_NAMES = r"(highlight|code-toggle|code)"
CODE_SHORTCODE = re.compile(rf"^[ \t]*\{{\{{[<%]\s*{_CODE_SHORTCODE_NAMES}\b[^\n{{}}]*(?<!/)[%>]\}}\}}[ \t]*$")
# The closing one, as it ends a code block (left out of a lead-in's code, as a closing fence is) and on
# a line of its own (where `code_pairs` finds it).
_CLOSING_SHORTCODE = re.compile(rf"\{{\{{[<%]\s*/\s*{_CODE_SHORTCODE_NAMES}\s*[%>]\}}\}}")
_CLOSING_CODE_SHORTCODE = re.compile(rf"^[ \t]*{_CLOSING_SHORTCODE.pattern}[ \t]*$")


def _without_closing_line(body: str) -> str:
    """A code block's text less the fence or shortcode closing it (and the whitespace before that),
    found from the end: a regex ending in `\\s*$` tries every position of a long block."""
    shown = body.rstrip()
    if shown.endswith(("```", "~~~")):
        return shown[:-3].rstrip()
    opens = shown.rfind("{{")
    if opens >= 0 and _CLOSING_SHORTCODE.fullmatch(shown, opens):
        return shown[:opens].rstrip()
    return body


def code_pairs(lines: list[str]) -> dict[int, int]:
    """The code blocks of `lines` (without their line ends), as `segment` reads them: the index of
    each line opening one (a fence, or a code shortcode) -> the index of the line closing it. Read in
    one pass, first come first served: a shortcode line inside fenced code is the code's own text, and
    an opening with no closing line after it opens nothing (the lines after it are read on)."""
    closers: dict[str, list[tuple[int, int]]] = {}  # a fence's character, or a shortcode's name -> (line, length)
    for k, line in enumerate(lines):
        fence = FENCE.match(line)
        if fence and not line[fence.end():].strip():
            closers.setdefault(fence.group(1)[0], []).append((k, len(fence.group(1))))
        elif (shortcode := _CLOSING_CODE_SHORTCODE.match(line)) is not None:
            closers.setdefault(shortcode.group(1), []).append((k, 0))
    # For each closer, the next one of its kind that is longer: a long fence skips the short ones at once.
    longer: dict[str, list[int]] = {}
    for key, found in closers.items():
        nxt, stack = [len(found)] * len(found), []
        for at in range(len(found) - 1, -1, -1):
            while stack and found[stack[-1]][1] <= found[at][1]:
                stack.pop()
            nxt[at] = stack[-1] if stack else len(found)
            stack.append(at)
        longer[key] = nxt
    pairs: dict[int, int] = {}
    i = 0
    while i < len(lines):
        # A list item's fence ("- ```") opens its block too: its indented closing line is no opening.
        fence = FENCE.match(lines[i]) or ITEM_FENCE.match(lines[i])
        shown = None if fence else CODE_SHORTCODE.match(lines[i])
        key, length = (fence.group(1)[0], len(fence.group(1))) if fence else (shown.group(1), 0) if shown else ("", 0)
        found = closers.get(key, [])
        at = bisect.bisect_right(found, i, key=lambda closer: closer[0])  # the first after line i
        while at < len(found) and found[at][1] < length:
            at = longer[key][at]
        if key and at < len(found):
            pairs[i] = found[at][0]
            i = found[at][0]
        i += 1
    return pairs


# A line of them frames what follows, never prose.
_SHORTCODE = re.compile(rf"^\s*(?:{SHORTCODE.pattern}\s*)+$")
# A fence naming its language opens a block; a bare one may as well close one.
_OPENING_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*[\w+#.-]+")
# A MyST directive's fence (```{code-block} python) opens with the directive's options, one a line
# (`:caption: cat.py`, `:linenos:`): they configure the block, and its built page shows no such line.
_MYST_DIRECTIVE = re.compile(r"^\s*(`{3,}|~{3,})\s*\{[A-Za-z][\w:.-]*\}")
_MYST_OPTION = re.compile(r"^\s*:[\w-]+:(?:\s.*)?$")
# Fenced blocks that draw rather than run: shown as code they are no answer.
_DIAGRAM_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(mermaid|dot|graphviz|plantuml)\b", re.IGNORECASE)
# Each starts after a non-blank (or at the line's start): searched from inside a long run of blanks, it rescanned the
# run from every position in it (a 100 kB heading line took a minute; tests/rag/test_units.py).
_ANCHOR = re.compile(r"(?<!\s)\s*\{:?\s*#[^}]*\}\s*$")
# An ATX heading's optional closing sequence ("## 1.26.0 ##"), bared once its attribute list is gone.
_CLOSING_HASHES = re.compile(r"(?<![ \t])[ \t]+#+[ \t]*$")
# With the attribute list Python-Markdown's attr_list puts after it (`[virtual environment](venv.md){.internal-link
# target=_blank}`, as SQLModel's and FastAPI's docs write them): the page shows the link's words, no braces.
# Its words may hold one level of brackets (uv's "[`[build-system]`](config.md)").
LINK_ATTRIBUTES = r"\{:?[ \t]*[.#][^{}\n]*\}"  # rag/shown_markup.py leaves them out of a shown passage too
# An image `![alt](src)` is read as its alt text, as rag/shown_markup.py reads it: its `!` is markup too.
_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\((?:[^()]|\([^)]*\))*\)" + rf"(?:{LINK_ATTRIBUTES})?")
# A reference-style link, full (`[text][ref]`) or collapsed (`[installing][]`), shown as its text as an
# inline link is. Not after a word, `]` or `)`: `a[0][1]` and `x[a][b]` index, they link nothing
# (rag/shown_markup.py reads a shown passage's links from the same start).
REFERENCE_LINK_START = r"(?<![\w\])])\["
_REFERENCE_LINK = re.compile(REFERENCE_LINK_START + r"([^\[\]]+)\]\[[^\[\]]*\]")
# A footnote's mark in the text (`CPython[^pypy]`, shown as a superscript number, here as nothing) and a footnote's
# label opening its text (`[^pypy]: On PyPy, ...`): the page shows neither as written.
_FOOTNOTE_MARK = re.compile(r"^[ \t]*\[\^[^\]\s]+\]:[ \t]*|[ \t]*\[\^[^\]\s]+\](?!:)", re.MULTILINE)
# A footnote's text opens a block of its own (GFM, MyST): no paragraph runs on into it.
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^[^\]\s]+\]:[ \t]")
# An HTML entity written out (`&nbsp;`, `&amp;`, `&#8212;`), shown as its character outside code spans.
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Paired emphasis only (`**bold**`, `*after*`, `***both***`), as CommonMark flanks it: `window.__x`, `__init__`
# and `a * b * c` keep their characters.
# rag/shown_markup.py reads a shown passage's bold so too.
EMPHASIS = r"(?<![\w*])(\*\*\*|\*\*|\*)(?=[^\s*])([^*\n]+?)(?<=[^\s*])\1(?![\w*])"
_EMPHASIS = re.compile(EMPHASIS)
# Single-underscore emphasis (`_all_`), as CommonMark flanks it: an underscore inside a word opens and closes
# nothing, so `my_var_name`, `__init__` and `_private` keep their characters, and `_foo_bar_` is "foo_bar".
UNDERSCORE_EMPHASIS = r"(?<!\w)_(?=[^\s_])((?:[^_\n]|(?<=[^\W_])_(?=[^\W_]))*?[^\s_])_(?!\w)"
_UNDERSCORE_EMPHASIS = re.compile(UNDERSCORE_EMPHASIS)
# A bare web address: GFM links it, so an underscore pair in it (`https://x.org/_a_/`) is part of the address.
BARE_URL = r"\bhttps?://[^\s<>]+"
_BARE_URL = re.compile(BARE_URL, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # relative to the segmented text
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    lines: tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


@dataclass(frozen=True, slots=True)
class Unit:
    kind: UnitKind
    text: str  # exactly document_text[start:end]: what a citation quotes
    start: int
    end: int
    display: str  # what an answer shows: anchors, link targets and markup folded away
    heading: str = ""  # the nearest heading above the unit within its passage (display form)
    # A lead-in sentence whose list, code or table is a unit with it: shown alone it says nothing.
    introduces: bool = False
    # Code (or a lead-in with its code) that defines what the next code block of its section uses
    # ("app = Starlette(...)" before "httpx.ASGITransport(app=app)"): the setup, not the step.
    sets_up: bool = False
    # A statement (sentence, or a paragraph or pair ending with it) right before the code block or
    # list it goes on to ("The `sync` command ... It is similar to `poetry install` ..." then
    # `poetry sync`): the how it announces is in the unit with the block.
    announces: bool = False
    # Part of a figure or table legend (rag.legends): it describes the figure, the body answers.
    legend: bool = False
    # `text` as it was read: a Markdown quote's `>` marks blanked (rag/block_quotes.py), so a quoted line
    # scores and shows as the prose it quotes; "" when that is `text` itself.
    read: str = ""
    # Lines of the code block it shows that go on past its end (a block longer than a unit): the answer's
    # note after the code says so (rag/trimmed_code.py); the display ends on the last line it holds.
    code_left: int = 0

    def __post_init__(self) -> None:
        if not self.read:
            object.__setattr__(self, "read", self.text)

    @property
    def said(self) -> str:
        """What the unit itself says: its display, less the "<name>: " an entry's description is
        shown after."""
        return self.display[len(self.heading) + len(_ENTRY_JOIN):] if self.kind == "entry" else self.display


# The heading of a document's list of works cited ("References", "7. Bibliography", "LITERATURE
# CITED:"). Its entries resemble every question on their document's topic and answer none.
_REFERENCES_HEADING = re.compile(
    r"(?:[0-9]{1,2}|[IVXL]{1,5})?[.)]?\s*(?:references|bibliography|literature cited|works cited|cited literature"
    r"|reference list|references and notes|notes and references|cited references)\s*:?", re.IGNORECASE)


def is_references_heading(label: str) -> bool:
    return bool(_REFERENCES_HEADING.fullmatch(" ".join(label.split())))


def heading_text(line: str) -> str:
    """A heading as a reader sees it: no `#` marks, no `{ #anchor }`."""
    return _CLOSING_HASHES.sub("", _ANCHOR.sub("", HEADING_MARKS.sub("", line))).strip()


def holds_fence(text: str) -> bool:
    """Whether a line of `text` is a code fence (one that opens a block, or closes one)."""
    return any(FENCE.match(line) for line in text.splitlines())


@lru_cache(maxsize=4096)
def holds_code(text: str) -> bool:
    """Whether `text` holds a code block: a fenced one, or one indented after a blank line. Cached: a
    lead-in is asked this by each scoring check and each mark of its code, and reading an indented
    block means segmenting the whole text."""
    return holds_fence(text) or ("\n\n" in text and any(b.kind == "code" for b in segment(text)))


def indented_code_line(text: str) -> str:
    """The first line of the first indented code block in `text`, stripped ("" for none)."""
    if "\n\n" not in text:
        return ""
    block = next((b for b in segment(text) if b.kind == "code" and not b.lines[0].text), None)
    return next((line.text.strip() for line in block.lines if line.text.strip()), "") if block else ""


def open_fence(text: str) -> str:
    """The fence ("```", "~~~~") of the code block the end of `text` lies inside: one a fence opens
    and none closes; "" when outside any."""
    found = FENCE.match(_open_fence_line(text)[0])
    return found.group(1) if found else ""


def open_rst(text: str) -> str | None:
    """The body so far of the eval-rst block the end of `text` lies inside (rag/eval_rst.py): what follows the
    line opening it, up to the end of `text`; None when outside any. A passage starting there reads its lines
    as reST (`segment`), not as code whose lead-in is in the chunk before."""
    if "rst" not in text:
        return None
    line, at = _open_fence_line(text)
    return text[at:] if opens_eval_rst(line) else None


def _open_fence_line(text: str) -> tuple[str, int]:
    """The line opening the fenced block the end of `text` lies inside ("" when outside any), and where
    the text after that line starts."""
    opening, line_opening, after = None, "", 0
    at = 0
    for line in text.splitlines(keepends=True):
        at += len(line)
        line = line.rstrip("\r\n")
        if opening is None:
            found = FENCE.match(line)
            if found is None and (found := ITEM_FENCE.match(line)) is not None:
                # A list item's fence ("- ```", pip's docs) opens the item's block, as its indented fence
                # would: its closing line is indented, and taken for an opening it paired every later fence
                # of the page wrongly (a `{note}` box read as code).
                line = " " * found.start(1) + line[found.start(1):]
            opening, line_opening, after = (found.group(1), line, at) if found else (None, "", 0)
        elif closes(opening, line):
            opening, line_opening = None, ""
    return line_opening, after


def open_glossary(text: str) -> int:
    """The indent of the `:::{glossary}` fence the end of `text` lies inside (a passage starting
    there reads its terms as terms); -1 when outside any."""
    if "{glossary}" not in text:
        return -1
    lines = _lines(text)
    closed = _colon_pairs(lines)
    glossary = [k for k, line in enumerate(lines) if k not in closed and (found := colon_opening(line.text)) is not None
                and found.group("name").lower() == GLOSSARY]
    return len(lines[glossary[-1]].text) - len(lines[glossary[-1]].text.lstrip()) if glossary else -1


def open_table_header(text: str) -> str:
    """The header line of the table the end of `text` lies inside (a passage starting at one of its rows,
    the chunk boundary having cut its header off), "" when outside any or the table has no header."""
    rows: list[str] = []
    # Only the line break ending its last row: past a blank line the table has ended.
    end = len(text) - 1 if text.endswith("\n") else len(text)
    while end > 0 and len(rows) < _TABLE_LOOKBACK:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if not _TABLE.match(line):
            break
        rows.append(line)
        end = begin - 1
    if len(rows) >= 2 and _TABLE_SEPARATOR.match(rows[-2]) and not _TABLE_SEPARATOR.match(rows[-1]):
        return rows[-1]
    return ""


def in_fenced_code(text: str) -> bool:
    """Whether the end of `text` lies inside a fenced code block: one a fence opens and none closes."""
    return bool(open_fence(text))


# Emoji shortcodes (pymdownx.emoji, GitHub) that docs write in prose (`requests` :arrow_right: `httpx`), shown as the
# emoji. Only these: a `:name:` not among them may be anything (a Sphinx field, a time) and is left as written.
_EMOJI = {"arrow_right": "→", "arrow_left": "←", "arrow_up": "↑", "arrow_down": "↓", "left_right_arrow": "↔",
          "heavy_check_mark": "✔️", "white_check_mark": "✅", "x": "❌", "warning": "⚠️", "tada": "🎉",
          "rocket": "🚀", "sparkles": "✨", "bug": "🐛", "star": "⭐", "bulb": "💡", "memo": "📝",
          "construction": "🚧", "heart": "❤️", "+1": "👍", "thumbsup": "👍", "fire": "🔥", "zap": "⚡"}
_SHORTCODE_EMOJI = re.compile(r"(?<![\w:]):([a-z0-9_+]+):(?![\w:])")


def _emoji(text: str) -> str:
    return _SHORTCODE_EMOJI.sub(lambda m: _EMOJI.get(m.group(1), m.group(0)), text)


def clean(text: str, markdown: bool = True, refs: Mapping[str, str] | None = None) -> str:
    """Prose for display: Markdown links (inline and reference-style), worded shortcodes, MyST roles and
    inline HTML elements shown as their words, heading anchors and MDX comments dropped, HTML entities outside code spans
    shown as their characters, whitespace folded. Not `markdown` (a loader's text: a web page's, a PDF's, a built
    reST page's), a `<tag>` or an `&entity;` is what the page writes, shown as written. `refs`: the titles of the
    sections MyST's `{ref}` roles name, by label (rag/ref_titles.py)."""
    # The checks first: most prose has no links, anchors or emphasis, and this runs per unit.
    if "===" in text:
        # A content tab's label line (`=== "✅ Do"`): shown as the label of what follows ("✅ Do:").
        text = MATERIAL_TAB.sub(r"\1:", text)
    if ":" in text and _SHORTCODE_EMOJI.search(text):
        text = outside_code(text, _emoji)
    if "{{" in text:
        text = _shown_words(text)
    if "}`" in text or ":`" in text:
        text = shown_roles(text, refs)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "][" in text:
        text = _REFERENCE_LINK.sub(r"\1", text)
    if "[^" in text and markdown:
        text = outside_code(text, lambda prose: _FOOTNOTE_MARK.sub("", prose))
    if "{" in text:
        text = _ANCHOR.sub("", text)
    if "*" in text:
        text = _without_emphasis(text)
    if "_" in text and _UNDERSCORE_EMPHASIS.search(text):
        text = outside_code(text, _without_underscore_emphasis)
    if "<" in text and markdown:
        # Inline HTML as the page shows it (rag/inline_html.py), a code span's `<br>` as written.
        text = outside_code(text, without_tags)
    # Last: a character written as an entity (`&ast;`, `&#91;`) is no markup of the text.
    if ("&" in text or "{/*" in text) and markdown:
        text = outside_code(text, _prose_characters)
    return " ".join(text.split())


def _without_emphasis(text: str) -> str:
    """`text` without its emphasis marks, but those inside a code span (`Accept: */*` is written so); emphasis
    around a code span (`**`poetry install`**`) goes, so the marks are judged one by one, not the text between spans."""
    if "`" not in text:
        return _EMPHASIS.sub(r"\2", text)
    spans = code_spans(text)
    starts = [span.start for span in spans]

    def in_code(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and at < spans[k].end

    return _EMPHASIS.sub(lambda m: m.group(0) if in_code(m.start()) or in_code(m.end() - 1) else m.group(2), text)


def _without_underscore_emphasis(text: str) -> str:
    """`text` (no code span) without its underscore emphasis marks, but those of a bare web address."""
    parts = []
    at = 0
    for url in _BARE_URL.finditer(text):
        parts.append(_UNDERSCORE_EMPHASIS.sub(r"\1", text[at:url.start()]))
        parts.append(url.group())
        at = url.end()
    parts.append(_UNDERSCORE_EMPHASIS.sub(r"\1", text[at:]))
    return "".join(parts)


def _without_mdx_comments(text: str) -> str:
    """`text` without its closed `{/* ... */}` comments, found by one scan: a lazy pattern re-reads the
    rest of the text from every unclosed opening."""
    pieces = []
    done = 0
    while (opens := text.find("{/*", done)) >= 0 and (closes := text.find("*/}", opens + 3)) >= 0:
        pieces.append(text[done:opens])
        done = closes + 3
    return "".join(pieces) + text[done:]


def _prose_characters(text: str) -> str:
    """Entities as their characters, MDX comments gone."""
    if "{/*" in text:
        text = _without_mdx_comments(text)
    if "&" in text:
        text = ENTITY.sub(lambda m: entity_character(m.group(0)), text)
    return text


def entity_character(entity: str) -> str:
    """The character an entity (`&mdash;`, `&#8212;`) writes; a name that is none, as written: html.unescape
    alone reads a legacy name at the start of any word ("&regex;" as "®ex;"), as neither CommonMark nor a
    browser reading the rendered page does."""
    return html.unescape(entity) if entity[1] == "#" or entity[1:] in html5 else entity


def _shown_words(text: str) -> str:
    """`text` with each worded shortcode (`_WORDED_HEAD`) shown as its `text` attribute's words."""
    braces = [at for at, c in enumerate(text) if c in "{}"]
    pieces: list[str] = []
    done = pos = 0
    while (head := _WORDED_HEAD.search(text, pos)) is not None:
        pos = head.start() + 1
        # The attribute opens before the next brace; the shortcode ends at the first brace after it.
        bound = braces[bisect.bisect_left(braces, head.end())] if braces[-1] >= head.end() else len(text)
        at = text.find("text", head.end(), bound)
        while at >= 0:
            attribute = _TEXT_ATTRIBUTE.match(text, at)
            if attribute is not None:
                after = attribute.end()
                ends = bisect.bisect_left(braces, after)
                close = braces[ends] if ends < len(braces) else -1
                if close > after and text[close - 1] in "%>" and text.startswith("}}", close):
                    pieces += [text[done:head.start()], attribute.group(1)]
                    done = pos = close + 2
                    break
            at = text.find("text", at + 1, bound)
    return "".join(pieces) + text[done:]


def _lines(text: str) -> list[Line]:
    out = []
    at = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(Line(at, at + len(body), body))
        at += len(raw)
    return out


def _colon_pairs(lines: list[Line]) -> dict[int, int]:
    """MyST's colon fences (`:::{tip}` ... `:::`): each opening line's index -> its closing line's, the
    closing at least as long as the opening, nested fences paired inside out (one pass, a stack)."""
    pairs: dict[int, int] = {}
    if not any(":::" in line.text for line in lines):
        return pairs
    stack: list[tuple[int, int]] = []
    for k, line in enumerate(lines):
        if (opening := colon_opening(line.text)) is not None:
            stack.append((k, len(opening.group("fence"))))
        elif (closing := COLON_CLOSING.match(line.text)) is not None:
            while stack and stack[-1][1] > len(closing.group(1)):
                stack.pop()
            if stack:
                pairs[stack.pop()[0]] = k
    return pairs


# A definition list's definition line (MyST's deflist: a term's line, then ": " and its definition).
DEFINITION = re.compile(r"^[ \t]{0,3}:[ \t]+(?=\S)")


def _glossary_term(lines: list[Line], i: int, indent: int) -> bool:
    """Whether lines[i], in a MyST glossary whose fence is indented by `indent`, is a term: at the
    fence's indent, its definition indented under it (the term and its definition were one paragraph,
    "dict classes A regular class whose ..."); a definition's own lines are indented."""
    if i + 1 >= len(lines) or not lines[i + 1].text.strip():
        return False
    at = len(lines[i].text) - len(lines[i].text.lstrip())
    return at <= indent < len(lines[i + 1].text) - len(lines[i + 1].text.lstrip())


def _option_lines(lines: list[Line], after: int, end: int) -> int:
    """How many lines from `after` (up to `end`) are a MyST directive's options (`:class: tip`)."""
    n = 0
    while after + n < end and _MYST_OPTION.match(lines[after + n].text):
        n += 1
    return n


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


# Blocks an indented code block may follow (CommonMark: after a blank line, outside a list item):
# a list's indented lines after a blank one are its items' continuation (the list takes them), a
# marker's (`!!! note`, `/// tab`) are the box's text, and a fenced block's may be a list item's
# text after its code (MkDocs' theme options: the passage opening inside the fence, its indent unknown).
_BEFORE_INDENTED_CODE = ("paragraph", "heading")
# An item's marker: a number, a letter or a roman numeral with "." or ")", then a word ("b. At some point",
# "2) Run"). A passage opening inside a list loses its first item's indent with its trimmed start, so
# the items after it look indented past it; code reads "a.method()", with no blank after the dot.
_ITEM_MARKER = re.compile(r"[ \t]*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)][ \t]+[^\W\d_]")


def _indented_code_end(lines: list[Line], i: int, blocks: list[Block], framing: set[int]) -> int | None:
    """The last line of the indented code block lines[i] opens (None when it opens none): indented four
    spaces past the block before it (an admonition's text is indented already), after a blank line.
    Blank lines inside it are its own when indented lines follow them."""
    if i == 0 or lines[i - 1].text.strip() or not blocks or blocks[-1].kind not in _BEFORE_INDENTED_CODE:
        return None
    before = blocks[-1].lines[0].text if blocks[-1].lines[0].text else blocks[-1].lines[1].text
    if blocks[-1].kind == "paragraph" and MATERIAL_TAB.match(before):
        return None  # a content tab's label: what is indented under it is the tab's text
    if _ITEM_MARKER.match(lines[i].text) or (blocks[-1].kind == "paragraph" and _ITEM_MARKER.match(before)):
        return None  # an item of a list, or an item's text
    need = _indent(before) + 4
    if _indent(lines[i].text) < need:
        return None
    j = k = i
    while k + 1 < len(lines) and k + 1 not in framing:
        nxt = lines[k + 1].text
        if nxt.strip() and _indent(nxt) < need:
            break
        k += 1
        if nxt.strip():
            j = k
    return j


def segment(text: str, glossary: int = -1, rst: str | None = None) -> list[Block]:
    """The blocks of `text` in order (blank lines dropped; framing lines kept as markers). A MyST
    admonition's fences (and a colon fence's) frame Markdown: they are markers, what they hold is read
    as the page's other text is (rag/myst_boxes.py); an eval-rst block's lines are read as the reST they
    are (rag/eval_rst.py). `glossary`: the indent of the glossary fence `text` starts inside
    (`open_glossary`), -1 for none; `rst`: the body before `text` of the eval-rst block `text` starts inside
    (`open_rst`), None for none."""
    lines = _lines(text)
    blocks: list[Block] = []
    first = 0
    if rst is not None:
        # Up to the line closing the block, reST, read from the block's start (a code directive's line may
        # be above `text`); then Markdown, its fences paired from past that line.
        closing = next((k for k, line in enumerate(lines) if _BARE_FENCE.match(line.text)), len(lines))
        blocks += _rst_blocks_after(rst, lines[:closing])
        if closing < len(lines):
            blocks.append(Block("marker", (lines[closing],)))
        first = closing + 1
    pairs = code_pairs([""] * first + [line.text for line in lines[first:]])
    colons = _colon_pairs(lines)
    # The closing lines of the boxes opened so far: markers, and the end of the paragraph before them.
    framing: set[int] = set(colons.values())
    # The closing line of the `{glossary}` the lines are in, and its fence's indent.
    glossary_end, glossary_indent = -1, glossary
    if glossary >= 0:
        glossary_end = next((k for k, line in enumerate(lines) if COLON_CLOSING.match(line.text)
                             and len(line.text) - len(line.text.lstrip()) <= glossary), len(lines))
        framing.add(glossary_end)
    i = first
    while i < len(lines):
        line = lines[i]
        body = line.text
        if not body.strip():
            i += 1
            continue
        if i in framing:
            blocks.append(Block("marker", (line,)))
            i += 1
            continue
        if "rst" in body and opens_eval_rst(body):
            # Unclosed, it runs to the text's end (as MyST reads it; a passage's end may cut it).
            end = pairs.get(i, len(lines))
            blocks += [Block("marker", (line,)), *_rst_blocks(lines, i + 1, end)]
            if end < len(lines):
                blocks.append(Block("marker", (lines[end],)))
            i = end + 1
            continue
        box = box_opening(body) if "{" in body else None
        if box is not None:
            # Its options configure the box; its text is the page's (code blocks inside it paired anew).
            end = colons.get(i, pairs.get(i, len(lines)))
            options = _option_lines(lines, i + 1, end)
            blocks.extend(Block("marker", (lines[k],)) for k in range(i, i + 1 + options))
            if box.group("name").lower() == GLOSSARY:
                glossary_end, glossary_indent = end, len(body) - len(body.lstrip())
            if i in pairs:
                framing.add(pairs[i])
                inside = code_pairs([line.text for line in lines[i + 1 + options : end]])
                pairs.update({i + 1 + options + a: i + 1 + options + b for a, b in inside.items()})
            i += 1 + options
            continue
        if "{" in body and contents_opening(body) and (i in colons or i in pairs):
            # A `{toctree}`: the built page shows a table of contents there, none of its lines (page names).
            end = colons.get(i, pairs.get(i, i))
            blocks.extend(Block("marker", (lines[k],)) for k in range(i, end + 1) if lines[k].text.strip())
            i = end + 1
            continue
        if i in colons:  # another directive's colon fence (`:::{figure} a.png`): its caption is prose
            blocks.append(Block("marker", (line,)))
            i += 1
            continue
        if (j := _indented_code_end(lines, i, blocks, framing)) is not None:
            # No fence lines: empty ones stand at its ends, so it reads as a fenced block does.
            code = lines[i : j + 1]
            blocks.append(Block("code", (Line(code[0].start, code[0].start, ""), *code,
                                         Line(code[-1].end, code[-1].end, ""))))
            i = j + 1
        elif FENCE.match(body) or CODE_SHORTCODE.match(body) or i in pairs and ITEM_FENCE.match(body):
            # (A list item opening with a fence, "- ```", holds a code block: it is read as one, its marker
            # left with the fence line, as an item's indented block after its text is read after the list.)
            j = pairs.get(i)
            if j is not None:
                inner = [l.text for l in lines[i + 1 : j]]
                blocks.append(Block("placeholder" if shows_no_code(inner) else "code", tuple(lines[i : j + 1])))
                i = j + 1
            else:
                # No closing line in this text (the passage or the look-ahead ends inside the
                # block): its lines are not known to be code, and a code unit must not swallow
                # the headings and prose after it. The opening line only frames.
                blocks.append(Block("marker", (line,)))
                i += 1
        elif HEADING_MARKS.match(body):
            blocks.append(Block("heading", (line,)))
            i += 1
        elif i < glossary_end and _glossary_term(lines, i, glossary_indent):
            blocks.append(Block("term", (line,)))
            i += 1
        elif _MARKER.match(body) or is_include_line(body) or _SHORTCODE.match(body):
            blocks.append(Block("marker", (line,)))
            i += 1
            if _AUTODOC.match(body):
                indent = len(body) - len(body.lstrip())
                while i < len(lines) and lines[i].text.strip() and len(lines[i].text) - len(lines[i].text.lstrip()) \
                        > indent:
                    blocks.append(Block("marker", (lines[i],)))
                    i += 1
        elif _TABLE.match(body):
            j = i
            while j + 1 < len(lines) and _TABLE.match(lines[j + 1].text):
                j += 1
            blocks.append(Block("table", tuple(lines[i : j + 1])))
            i = j + 1
        elif _ITEM.match(body):
            j = i
            while j + 1 < len(lines):
                nxt = lines[j + 1].text
                if not nxt.strip():
                    # A blank line inside a loose list: the list goes on if an item or an
                    # indented continuation follows.
                    if j + 2 < len(lines) and (_ITEM.match(lines[j + 2].text) or lines[j + 2].text.startswith((" ", "\t"))):
                        j += 1
                        continue
                    break
                if j + 1 in framing or j + 1 in colons:
                    break
                if j + 1 in pairs and ITEM_FENCE.match(nxt):
                    break
                if _ITEM.match(nxt) or not any(p.match(nxt) for p in (HEADING_MARKS, FENCE, _TABLE, _MARKER, INCLUDE_LINE, _SHORTCODE)):
                    j += 1
                    continue
                break
            items = tuple(l for l in lines[i : j + 1] if l.text.strip())
            blocks.append(Block("heading" if len(items) == 1 and _SECTION_TITLE.match(body) else "list", items))
            i = j + 1
        elif i + 1 < len(lines) and DEFINITION.match(lines[i + 1].text) and not DEFINITION.match(body):
            # A definition list's term (MyST's `Global` over `: In a "pip" subdirectory ...`): it names what
            # the definition under it describes, as a glossary's term does.
            blocks.append(Block("term", (line,)))
            i += 1
        else:
            j = i
            while j + 1 < len(lines):
                nxt = lines[j + 1].text
                if not nxt.strip() or j + 1 in framing or j + 1 in colons \
                        or any(p.match(nxt) for p in (HEADING_MARKS, FENCE, _TABLE, _MARKER, INCLUDE_LINE, _SHORTCODE, _ITEM,
                                                      _FOOTNOTE)):
                    break
                j += 1
            paragraph = lines[i : j + 1]
            if (mark := DEFINITION.match(body)) is not None:
                # A definition's text, past its ": " mark.
                paragraph = [Line(line.start + mark.end(), line.end, body[mark.end():]), *paragraph[1:]]
            blocks.append(Block("paragraph", tuple(paragraph)))
            i = j + 1
    return _labelled_series(blocks)


# A fence line with nothing after it: the one closing an eval-rst block a passage starts inside.
_BARE_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})\s*$")


def rst_bodies(lines: list[str]) -> list[tuple[int, int]]:
    """The eval-rst blocks of `lines` (without their line ends), as `segment` reads them: for each, the index
    of its first line past the opening fence and of its closing line (len(lines) when it runs to the end)."""
    bodies = []
    if not any("rst" in line for line in lines):
        return bodies
    pairs = code_pairs(lines)
    i = 0
    while i < len(lines):
        if "rst" in lines[i] and opens_eval_rst(lines[i]):
            end = pairs.get(i, len(lines))
            bodies.append((i + 1, end))
            i = end
        elif i in pairs:
            i = pairs[i]
        i += 1
    return bodies


# A blank line, then one at the margin: where an eval-rst body's reading starts afresh (rag/eval_rst.rst_parts).
_FRESH_PART = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)(?=\S)")


def _after_markup(text: str, at: int) -> bool:
    """Whether the block starting at `at` opens after markup on its line (an eval-rst field's `:param `, an
    admonition's `.. note:: `): no sentence before it runs on into it (the markup would show between them)."""
    return at > 0 and not text[at - 1] in "\r\n" and bool(text[text.rfind("\n", 0, at) + 1 : at].strip())


def _last_fresh_part(before: str) -> int:
    """Where in `before` the last line at the margin after a blank line starts; 0 for none. Looked for in ever
    longer tails: the last one is near the end, and a scan of every paragraph of a long body costs."""
    window = 4096
    while True:
        tail = before[-window:]
        fresh = None
        for fresh in _FRESH_PART.finditer(tail):
            pass
        if fresh is not None:
            return len(before) - len(tail) + fresh.end()
        if len(tail) == len(before):
            return 0
        window *= 8


def _rst_blocks_after(before: str, lines: list[Line]) -> list[Block]:
    """The blocks of `lines`, the start of a passage inside an eval-rst block whose body runs `before` it,
    as the whole body reads them: a passage opening in a code directive's body opens with code. Of a
    block `before` holds the start of, the part in the passage; a list or paragraph, its lines there."""
    # No reST part runs on past a line at the margin after a blank one: the parts before it end in `before`
    # and show nothing of the passage, so the body is read from the last such line (an unterminated block of
    # megabytes is not parsed again for each of its passages).
    before = before[_last_fresh_part(before) :]
    head = _lines(before)
    shift = len(before)
    joined: list[Line] = [Line(line.start - shift, line.end - shift, line.text) for line in head]
    partial = "" if not head or before.endswith(("\n", "\r")) else joined.pop().text
    if lines:
        # The passage's first line goes on from the last line of `before` (the indent it was trimmed of).
        first = lines[0]
        joined.append(Line(first.start - len(partial), first.end, partial + first.text))
        joined += lines[1:]
    found: list[Block] = []
    for block in _rst_blocks(joined, 0, len(joined)):
        held = block.lines[1:-1] if block.kind == "code" else block.lines
        kept = [line if line.start >= 0 else Line(0, line.end, line.text[-line.start:]) for line in held if line.end > 0]
        if not any(line.text.strip() for line in kept):
            continue
        if block.kind == "code":
            kept = [Line(kept[0].start, kept[0].start, ""), *kept, Line(kept[-1].end, kept[-1].end, "")]
        found.append(Block(block.kind, tuple(kept)))
    return found


def _rst_blocks(lines: list[Line], start: int, end: int) -> list[Block]:
    """The blocks of lines[start:end], an eval-rst block's body (rag/eval_rst.py): its parts as the blocks
    Markdown's would be. Code is framed as an indented block is (empty lines at its ends, no fences);
    a paragraph's first and last lines are cut to what the page shows (`:param name: x` as "name: x", a
    closing "::" as ":"); a directive's label line is a marker (a tab's or a box's, read as such in
    `answer_units`), and with text on it, that text a paragraph."""
    body = lines[start:end]
    blocks: list[Block] = []
    items: list[Line] = []  # the lines of the list being read (its items one after another)
    for part in rst_parts([line.text for line in body]):
        held = list(body[part.first : part.last + 1])
        if part.kind != "item" and items:
            blocks.append(Block("list", tuple(items)))
            items = []
        if part.skip and part.kind != "marker":
            held[0] = Line(held[0].start + part.skip, held[0].end, held[0].text[part.skip:])
        if part.kind == "code":
            blocks.append(Block("code", (Line(held[0].start, held[0].start, ""), *held,
                                         Line(held[-1].end, held[-1].end, ""))))
            continue
        if part.kind == "marker" or (part.kind == "label" and not part.skip):
            blocks.append(Block("marker", tuple(held)))
            continue
        if part.cut:
            held[-1] = Line(held[-1].start, held[-1].end - part.cut, held[-1].text[: len(held[-1].text) - part.cut])
        if part.kind == "item":
            items += held
        else:
            blocks.append(Block("paragraph", tuple(held)))
    if items:
        blocks.append(Block("list", tuple(items)))
    return blocks


# "Example 1: ...", "Step 2: ...": a paragraph opening with a label and its number in a series.
_LABELLED = re.compile(r"^([A-Z][a-z]{2,15}) (\d{1,3}):\s+\S")
# Float labels number figures and tables across a document, not the items of one list; so do its parts.
_NOT_SERIES = frozenset(FLOAT_LABELS) | {"Chapter", "Section", "Part", "Appendix"}


def _label(block: Block) -> tuple[str, int] | None:
    m = _LABELLED.match(block.lines[0].text) if block.kind == "paragraph" else None
    return (m.group(1), int(m.group(2))) if m and m.group(1) not in _NOT_SERIES else None


def _footnote(block: Block) -> bool:
    return block.kind == "paragraph" and _FOOTNOTE.match(block.lines[0].text) is not None


def _labelled_series(blocks: list[Block]) -> list[Block]:
    """Paragraphs numbered in a series under one label ("Example 1: ...", "Example 2: ..."), as one
    list: a PDF's table sets each example of a task as a paragraph of its own (NIST SP 800-218), and
    the task with its examples is what answers how to do it."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        first = _label(blocks[i])
        j = i + 1
        if first is not None and first[1] == 1:
            while j < len(blocks) and _label(blocks[j]) == (first[0], first[1] + j - i):
                j += 1
        if j - i >= 2:
            out.append(Block("list", tuple(line for b in blocks[i:j] for line in b.lines)))
        else:
            out.extend(blocks[i:j])
        i = j
    return out


def list_items(block: Block) -> list[tuple[int, int]]:
    """(start, end) of each top-level item of a list block, continuation lines included."""
    if not _ITEM.match(block.lines[0].text):  # a labelled series: an item per label
        starts = [k for k, line in enumerate(block.lines) if _LABELLED.match(line.text)]
        return [(block.lines[k].start, block.lines[(starts + [len(block.lines)])[n + 1] - 1].end)
                for n, k in enumerate(starts)]
    indent = len(_ITEM.match(block.lines[0].text).group(1))  # type: ignore[union-attr]
    spans: list[list[int]] = []
    for line in block.lines:
        m = _ITEM.match(line.text)
        if m and len(m.group(1)) <= indent or not spans:
            spans.append([line.start, line.end])
        else:
            spans[-1][1] = line.end
    return [(s, e) for s, e in spans]


_NESTED = re.compile(r"\n\s*([-*+•]|\d{1,3}[.)])\s+")


def _item_display(item: str, markdown: bool = True, refs: Mapping[str, str] | None = None) -> str:
    """One list item as prose: its marker dropped, nested items run on after a dash."""
    return clean(_NESTED.sub(" – ", _ITEM.sub("", item, count=1)), markdown, refs)


def _shown_markers(items: list[str]) -> list[str]:
    """The items' markers as shown: numbers for a numbered list, whose order is what it says ("In what
    order ...?" is answered by steps that say which comes first), counted on from the first item's as
    Markdown does ("1." on every item is 1, 2, 3); a dash otherwise."""
    m = _ITEM.match(items[0]) if items else None
    if not (m and m.group(2)[0].isdigit()):
        return ["- "] * len(items)
    first = int(m.group(2)[:-1])
    return [f"{first + n}. " for n in range(len(items))]


def _list_display(text: str, spans: list[tuple[int, int]], of: int, markdown: bool = True,
                  refs: Mapping[str, str] | None = None) -> str:
    """The items at `spans` as a list; when the list had `of` items and goes on past them, a last line
    saying how many more the source holds (a bare "…" was read past in the chat)."""
    items = [text[s:e] for s, e in spans]
    shown = "\n".join(marker + _item_display(item, markdown, refs) for marker, item in zip(_shown_markers(items), items))
    return shown if len(spans) == of else f"{shown}\n{_more(of - len(spans))}"


def _more(left: int) -> str:
    """The line ending a list or table shown cut: how many of its items or rows the source goes on with."""
    return f"{ELLIPSIS} {left} more in the source"


_MORE_LINE = re.compile(rf"\n{ELLIPSIS} \d+ more in the source$")


def shown_cut(display: str) -> bool:
    """True when a unit's display ends on the line `_more` writes: its list or table goes on in the source."""
    return bool(_MORE_LINE.search(display))


def _fit_introduced(spans: list[tuple[int, int]], lead_start: int) -> list[tuple[int, int]]:
    """The leading items of a list a lead-in introduces that fit the budget counted from the lead-in; all of
    them when the list alone, from its first item, fits it (the lead-in then never costs the list its last
    items), the unit staying within twice the budget as an announced code block does (`_code_shown`).
    A list cut anyway keeps to the lead-in's budget: a longer cut unit lost its place as an answer (docs/quality.md)."""
    if spans[-1][1] - spans[0][0] <= MAX_UNIT_CHARS and spans[-1][1] - lead_start <= MAX_UNIT_CHARS * 2:
        return spans
    return _fit(spans, lead_start, MAX_UNIT_CHARS)


def _cells(line: str, markdown: bool = True, refs: Mapping[str, str] | None = None) -> list[str]:
    return [clean(c, markdown, refs) for c in line.strip().strip("|").split("|")]


def _fit(spans: list[tuple[int, int]], start: int, budget: int) -> list[tuple[int, int]]:
    """The leading items that fit in `budget` characters counted from `start` (at least one)."""
    kept = [spans[0]]
    for s, e in spans[1:]:
        if e - start > budget:
            break
        kept.append((s, e))
    return kept


def _last_prose(text: str) -> Block | None:
    blocks = [b for b in segment(text) if b.kind != "marker"]
    return blocks[-1] if blocks and blocks[-1].kind == "paragraph" else None


# "... you can do so with the following call to `config`.": a lead-in that ends in '.'.
_FOLLOWING = re.compile(r"\b(the following|as follows)\b[^.:!?]{0,40}[.:]?$", re.IGNORECASE)
# A sentence that has ended; one that has not goes on in the next (a lead-in wrapped before '(').
_ENDED_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]*_`]*$")


def is_lead_in(sentence: str) -> bool:
    """A sentence introducing what comes after it: it ends in ':' or names "the following" thing
    (emphasis closing after the colon, "**When to use `install` vs `update`:**", as well)."""
    sentence = sentence.rstrip().rstrip("*_").rstrip()
    return sentence.endswith(":") or bool(_FOLLOWING.search(sentence))


def ends_with_lead_in(text: str) -> bool:
    """True when the passage's last block is prose ending in a lead-in (what it introduces follows it)."""
    last = _last_prose(text)
    return last is not None and is_lead_in(text[: last.end])


def ends_open(text: str) -> bool:
    """True when what ends the passage may go on in the document past it: prose (a lead-in, a
    sentence announcing code), a list or table the chunk boundary cut, an unclosed fence."""
    blocks = segment(text)
    return bool(blocks) and blocks[-1].kind in ("paragraph", "list", "table", "marker")


def _pairs(first: Sentence, second: Sentence) -> bool:
    """A short statement and the sentence after it, unless that one is a lead-in (its own unit)."""
    return second.end - first.start <= SHORT_PARAGRAPH_CHARS and not is_lead_in(second.text)


def _options(block: Block) -> int:
    """How many lines of MyST directive options open a fenced block (0 for any other fence)."""
    return directive_options(block.lines[0].text, [line.text for line in block.lines[1:-1]])


def directive_options(fence: str, inner: Sequence[str]) -> int:
    """How many of `inner`, the lines after the opening `fence`, are MyST directive options (0 when
    the fence is no directive's): the built page, and a unit's display, show none of them."""
    if not _MYST_DIRECTIVE.match(fence):
        return 0
    return next((n for n, line in enumerate(inner) if not _MYST_OPTION.match(line)), len(inner))


@dataclass(frozen=True, slots=True)
class _CodeCut:
    """A unit from a sentence through a fenced code block: where it `end`s, where the code it holds ends
    (`code_end`), and the block's lines past that up to its last non-blank one (`left`, 0 when it holds them all)."""

    end: int
    code_end: int
    left: int


def _code_within(block: Block, start: int, budget: int) -> _CodeCut | None:
    """Where a unit from `start` through a fenced code block ends: the whole block when it fits in
    `budget`, else cut after its last non-blank line that does (the span stays exact). None when not
    even its first line fits."""
    inner = list(block.lines[1 + _options(block):-1])
    kept = [line for line in inner if line.end - start <= budget]  # a run from the first line: lines end in order
    while kept and (not kept[-1].text.strip() or len(kept) > 1 and CODE_COMMENT.match(kept[-1].text)):
        kept.pop()
    if not kept:
        return None
    if len(kept) == len(inner):
        return _CodeCut(block.end, kept[-1].end, 0)
    last = max((n for n, line in enumerate(inner) if line.text.strip()), default=-1)
    return _CodeCut(kept[-1].end, kept[-1].end, max(0, last + 1 - len(kept)))


@dataclass(frozen=True, slots=True)
class _ShownBlock:
    """A code block as a unit from a sentence through it shows it: the unit's `end`, the `code` it shows, and the
    lines of the block past that end (`left`, 0 when the unit holds the block whole)."""

    end: int
    code: str
    left: int = 0


def _shown_code(lines: str) -> str:
    """Code lines as an answer shows them: de-indented evenly (a block in a content tab or a list item is indented as
    a whole; stripping the text took the first line's indent only), blank lines around it dropped."""
    return textwrap.dedent(lines).strip("\n").rstrip()


class _Builder:
    def __init__(self, text: str, offset: int, links: frozenset[str] = frozenset(), source: str = "",
                 markdown: bool = True, refs: Mapping[str, str] | None = None) -> None:
        self.text = text  # as read: a quote's marks blanked
        self.markdown = markdown  # the text is Markdown's source, its inline HTML markup (see `clean`)
        self.source = source or text  # the document's characters, where each unit's `text` is taken
        self.offset = offset
        self.links = links
        self.refs = refs  # the titles `{ref}` roles show (see `clean`)
        self.units: list[Unit] = []
        self.heading = ""
        # The last sentence of the paragraph right before the block being built (None after any
        # other block): a statement the next paragraph may explain, or a short lead-in complete.
        self.last_sentence: Sentence | None = None
        # A short heading not yet followed by prose: what the first sentence under it describes.
        self.titled: Block | None = None
        # The section's heading while a glossary's terms head its definitions (None outside one).
        self.glossary_section: str | None = None
        self.setups: list[Block] = []
        # The paragraph being built opens as a legend does: all its units are the legend's.
        self.in_legend = False
        # A MyST admonition's label ("Note", "Added in version 2.0") and where the text it opens starts:
        # the units starting there show it first, as the .rst reader's "Note: ..." does.
        self.box_label = ""
        self.box_start = -1
        # The label of the MyST tab (```` ```{tab} Windows ````) being read ("" outside one).
        self.tab_box = ""

    def clean(self, text: str) -> str:
        return clean(text, self.markdown, self.refs)

    def add(self, kind: UnitKind, start: int, end: int, display: str, introduces: bool = False,
            announces: bool = False, code_at: int | None = None, code_left: int = 0) -> None:
        """`code_at`: where the code a lead-in quotes starts in `display` (code is shown as written)."""
        if end > start and display:
            if self.links and kind != "code":
                prose, code = (display, "") if code_at is None else (display[:code_at], display[code_at:])
                display = shown_links(prose, self.links) + code
            if kind != "heading" and self.box_start >= 0 and 0 <= start - self.box_start <= _BOX_INDENT \
                    and not self.text[self.box_start : start].strip():
                # "Note: ...", "Added in version 2.0: ...", a title ending in its own stop without a colon.
                mark = "" if self.box_label.endswith((".", "!", "?", ":")) else ":"
                display = f"{self.box_label}{mark}{chr(10) if kind == 'list' else ' '}{display}"
            sets_up = kind in ("lead_in", "code") and any(b.start < end and start < b.end for b in self.setups)
            legend = kind != "heading" and (self.in_legend or opens_legend(display))
            self.units.append(Unit(kind, self.source[start:end], start + self.offset, end + self.offset, display,
                                   self.heading, introduces, sets_up, announces=announces, legend=legend,
                                   read=self.text[start:end], code_left=code_left))

    def introduced(self, lead_start: int, lead: str, block: Block, bridge: Block | None = None) -> None:
        """A lead-in sentence with the list, code or table it introduces, cut at an item boundary;
        `bridge` is a short line between them that is part of what is introduced ("Append the
        information to the git url." above the code in a tab)."""
        if len(lead.split()) <= _BARE_LEAD_IN_WORDS and self.last_sentence is not None:
            # "For example:" says nothing alone: the statement before it says what the list is.
            lead_start = self.last_sentence.start
            lead = self.text[lead_start : lead_start + len(self.last_sentence.text)] + " " + lead
        head = self.clean(lead) if bridge is None else f"{self.clean(lead)}\n{self.clean(self.text[bridge.start : bridge.end])}"
        budget = MAX_UNIT_CHARS
        if block.kind == "list":
            items = list_items(block)
            spans = _fit_introduced(items, lead_start)
            shown = _list_display(self.text, spans, len(items), self.markdown, self.refs)
            self.add("lead_in", lead_start, spans[-1][1], f"{head}\n{shown}")
        elif block.kind == "code":
            shown = self._code_shown(block, lead_start)
            if shown is not None:
                self.add("lead_in", lead_start, shown.end, f"{head}\n{shown.code}", code_at=len(head) + 1,
                         code_left=shown.left)
        elif block.kind == "table":
            every_row = [(l.start, l.end) for l in block.lines if not _TABLE_SEPARATOR.match(l.text)]
            rows = _fit(every_row, lead_start, budget)
            shown = "\n".join([" | ".join(_cells(self.text[s:e], self.markdown, self.refs)) for s, e in rows]
                              + ([_more(len(every_row) - len(rows))] if len(rows) < len(every_row) else []))
            self.add("lead_in", lead_start, rows[-1][1], f"{head}\n{shown}")

    @staticmethod
    def announces_code(block: Block, lead_start: int) -> bool:
        """Whether the sentence at `lead_start`, not ending in ':', is shown with the code block right
        after it ("You can disable SSL verification completely..." then the `verify=False` call):
        docs often show the how there. A long block is cut after its last line that fits, so the
        span stays exact; a diagram or a block too short to be the how is not."""
        return not _DIAGRAM_FENCE.match(block.lines[0].text) and len(block.lines) >= 3 \
            and _code_within(block, lead_start, MAX_UNIT_CHARS) is not None

    def _with_statement(self, lead_start: int, lead: str, block: Block, build: Callable[[int, str, Block], None]) -> None:
        """`build` a unit from the announcing sentence, and one from the short statement before it,
        which often says what the block is for ("For large downloads you may want to use streaming
        responses ..." / "You can stream the binary content ...")."""
        statement = self.last_sentence
        if len(lead.split()) > _BARE_LEAD_IN_WORDS:
            build(lead_start, lead, block)
        if statement is not None and lead_start - statement.start + len(lead) <= SHORT_PARAGRAPH_CHARS:
            build(statement.start, self.text[statement.start : lead_start + len(lead)], block)

    def _listed(self, lead_start: int, lead: str, block: Block) -> None:
        items = list_items(block)
        spans = _fit_introduced(items, lead_start)
        self.add("announced_list", lead_start, spans[-1][1], f"{self.clean(lead)}\n{_list_display(self.text, spans, len(items), self.markdown, self.refs)}")

    def _announced(self, lead_start: int, lead: str, block: Block) -> None:
        shown = self._code_shown(block, lead_start)
        if shown is not None:
            head = self.clean(lead)
            self.add("introduced_code", lead_start, shown.end, f"{head}\n{shown.code}", code_at=len(head) + 1,
                     code_left=shown.left)

    def _code_shown(self, block: Block, lead_start: int) -> _ShownBlock | None:
        """How a unit from the sentence at `lead_start` through the code `block` it introduces shows it.
        A block within twice the unit budget is taken whole (the answer shows it to its last line that
        fits and says how many lines are left: rag/trimmed_code.py), so its citation covers it all; a
        longer one to its last line that fits, the lines past it counted (the lead-in is never shown
        alone). None when not even its first line fits."""
        if block.end - lead_start <= MAX_UNIT_CHARS * 2:
            body = self.text[block.lines[_options(block)].end : block.end].strip("\n")
            return _ShownBlock(block.end, _shown_code(_without_closing_line(body)))
        cut = _code_within(block, lead_start, MAX_UNIT_CHARS)
        if cut is None:
            return None
        return _ShownBlock(cut.end, _shown_code(self.text[block.lines[_options(block)].end : cut.code_end]), cut.left)

    def paragraph(self, block: Block, following: Block | None, bridge: Block | None = None,
                  unfound: bool = False, hidden: bool = False, labels: bool = False) -> None:
        """`labels`: the paragraph is a tab's label line ("tooltip01.py", "✅ Do"), which names what the tab
        holds: it heads that code, and alone, or after the sentence before it, says nothing."""
        body = self.text[block.start : block.end]
        self.in_legend = opens_legend(body)
        sentences = split_sentences(body, block.start)
        # A lead-in wrapped over lines the splitter cut ("... the following precedence\n(from highest
        # to lowest):") starts where the sentence it goes on from starts.
        first_lead = len(sentences)
        if sentences and is_lead_in(sentences[-1].text) and following is not None:
            first_lead -= 1
            while first_lead > 0 and not _ENDED_SENTENCE.search(sentences[first_lead - 1].text.rstrip()):
                first_lead -= 1
        leads = sentences[first_lead:]
        if unfound and sentences and sentences[-1].text.rstrip().endswith(":"):
            # What it introduces is not there: shown alone it says nothing.
            bare = sentences[-1]
        else:
            bare = None
        # What it introduces is a block of include lines (rag/placeholder_code.py): the built page shows a
        # file there, the text nothing, and the lead-in ("... there's a shortcut for it:") is no unit at all,
        # unless it names code itself ("instead of `.first()` we can use `.one()`:" says what to use).
        dropped = bare.end if bare is not None and hidden and "`" not in bare.text else -1
        previous = self.last_sentence
        # The code or list right after a paragraph with no lead-in: its last sentence announces it.
        announced = (following if not leads and sentences and bridge is None and following is not None
                     and following.kind in ("code", "list") else None)
        announcing = announced is not None and (
            announced.kind == "list" and not _SECTION_NUMBER_TITLE.fullmatch(self.text[announced.start : announced.end].strip())
            or announced.kind == "code" and self.announces_code(announced, sentences[-1].start))
        end = sentences[-1].end if announcing else -1
        if previous is not None and sentences and _pairs(previous, sentences[0]) and sentences[0].end != dropped \
                and not labels:
            # A statement, then the next paragraph: often its reason ("... we still run it against
            # a dummy hash." / "This ensures ..."). A short one whole, as the reason may go on past
            # its first sentence ("This is because HTTP proxying requires ... While it's possible
            # ..., most proxies only support doing it via HTTP.").
            # A lead-in whose block is not there says nothing at the end of a pair either.
            whole = not leads and not is_lead_in(sentences[-1].text) and len(sentences) <= _EXPLAINING_SENTENCES \
                and sentences[-1].end - previous.start <= SHORT_PARAGRAPH_CHARS
            last = sentences[-1] if whole else sentences[0]
            self.add("pair", previous.start, last.end, self.clean(self.text[previous.start : last.end]),
                     announces=last.end == end)
        for s in sentences:
            if s.end == dropped or labels:
                continue
            self.add("sentence", s.start, s.end, self.clean(s.text), introduces=s in leads or s is bare, announces=s.end == end)
        short = 1 < len(sentences) <= 4 and block.end - block.start <= SHORT_PARAGRAPH_CHARS
        if short:
            self.add("paragraph", block.start, block.end, self.clean(body), announces=announcing)
        if not (short and len(sentences) == 2):
            # A sentence with the next one: what a statement is followed by is often its reason
            # ("... against a dummy hash. This ensures ...").
            for first, second in zip(sentences, sentences[1:]):
                if _pairs(first, second) and second.end != dropped:
                    self.add("pair", first.start, second.end, self.clean(body[first.start - block.start : second.end - block.start]),
                             announces=second.end == end)
        if leads:
            self.last_sentence = previous if first_lead == 0 else sentences[first_lead - 1]
            self.introduced(leads[0].start, self.text[leads[0].start : leads[-1].end], following, bridge)
        elif announced is not None:
            self.last_sentence = previous if len(sentences) == 1 else sentences[-2]
            if announcing:
                # A sentence ending in '.' with the list right after it ("These events are fired by
                # Cleo and are accessible from the `console_events` module." then the events) says
                # what the list is of, as a lead-in ending in ':' would.
                build = self._announced if announced.kind == "code" else self._listed
                self._with_statement(sentences[-1].start, sentences[-1].text, announced, build)
        self.last_sentence = sentences[-1] if sentences else None
        self.in_legend = False

    def entry(self, title: Block, block: Block, hidden: bool = False) -> None:
        """A name as a heading with its description under it ("### Hishel" ... "An elegant HTTP
        Cache implementation for HTTPX and HTTP Core."): the sentence alone does not say what it
        describes. Only where the description does not name it itself ("Hishel is ..."; under "Slots",
        "Slotted classes have ...": a plural heading's singular names it too)."""
        sentences = split_sentences(self.text[block.start : block.end], block.start)
        if hidden and len(sentences) == 1 and sentences[0].text.rstrip().endswith(":") and "`" not in sentences[0].text:
            return  # a lead-in to a block of include lines, no description (see `paragraph`)
        name = self.heading.lower()
        if name.endswith("s") and not name.endswith("ss"):
            name = name[:-1]
        if sentences and name not in sentences[0].text.lower():
            self.add("entry", title.start, sentences[0].end, f"{self.heading}{_ENTRY_JOIN}{self.clean(sentences[0].text)}")

    def is_note(self, block: Block) -> bool:
        """A line of a few words under a name ("*Introduced in 1.5.0*", "Experimental"): a note about
        it, not its description; the paragraph after it describes it."""
        body = self.text[block.start : block.end]
        return len(block.lines) == 1 and len(body.split()) <= _NOTE_WORDS and not body.rstrip().endswith(":")

    def list_block(self, block: Block) -> None:
        spans = list_items(block)
        for s, e in spans:
            self.add("list_item", s, e, _item_display(self.text[s:e], self.markdown, self.refs))
        if len(spans) > 1:
            kept = _fit(spans, block.start, MAX_UNIT_CHARS)
            self.add("list", block.start, kept[-1][1], _list_display(self.text, kept, len(spans), self.markdown, self.refs))

    def table(self, block: Block, cut_header: str = "") -> None:
        """Its rows, each cell shown with its column's name; `cut_header` is the header line of a table whose
        rows the passage opens with (the header is in the chunk before)."""
        rows = [l for l in block.lines if not _TABLE_SEPARATOR.match(l.text)]
        has_header = len(block.lines) > 1 and bool(_TABLE_SEPARATOR.match(block.lines[1].text))
        header = _cells(rows[0].text, self.markdown, self.refs) if has_header else _cells(cut_header, self.markdown, self.refs) if cut_header else []
        for row in rows[1:] if has_header else rows:
            cells = _cells(row.text, self.markdown, self.refs)
            if header and len(header) == len(cells):
                shown = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells))
            else:
                shown = " | ".join(cells)
            self.add("table_row", row.start, row.end, shown)

    def code(self, block: Block, tab: TabLabel | None = None) -> None:
        if _DIAGRAM_FENCE.match(block.lines[0].text):
            return
        if tab is not None:
            # A tab's code with the tab's label ("❌ Don't:" then the code): the label is what the page
            # says of it. Under a label that judges it ("❌ Don't", "✅ Do"), the code alone would lose the
            # verdict: the wrong way would read as the how-to, the right way as one of two alike.
            shown = self._code_shown(block, tab.start)
            if shown is not None and shown.code.strip():  # an empty fence: a screenshot the build draws
                self.add("introduced_code", tab.start, shown.end, f"{tab.label}:\n{shown.code}",
                         code_left=shown.left)
                if judges(tab.label):
                    return
        inner = block.lines[1 + _options(block):-1] if len(block.lines) > 2 else block.lines[1:]
        if inner and not _without_closing_line(self.text[inner[0].start : inner[-1].end]).strip():
            inner = []  # an empty fence (a screenshot the build draws): its closing line is no code
        if inner:
            self.add("code", inner[0].start, inner[-1].end, _shown_code(self.text[inner[0].start : inner[-1].end]))


_DEFINED = re.compile(r"^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)|^([A-Za-z_]\w*)\s*=(?!=)", re.MULTILINE)


def _setups(blocks: list[Block], text: str) -> list[Block]:
    """Code blocks whose top-level names the next code block of the same section uses, with at
    most one paragraph between them (its lead-in)."""
    out = []
    shown = [b for b in blocks if b.kind != "marker"]
    for i, block in enumerate(shown):
        if block.kind != "code":
            continue
        later = shown[i + 1 : i + 3]
        after = next((b for b in later if b.kind == "code"), None)
        if after is None or any(b.kind == "heading" for b in later[: later.index(after)]):
            continue
        names = {m.group(1) or m.group(2) for m in _DEFINED.finditer(text[block.start : block.end])}
        used = text[after.start : after.end]
        if any(re.search(rf"(?<![\w.]){re.escape(n)}\b(?!\s*=[^=])", used) for n in names):
            out.append(block)
    return out


def _code_run(text: str, opened: str) -> int:
    """Where the code a passage starts inside (a block its document's fence `opened` began before
    the passage) ends: after the line closing it, else at the passage's end."""
    at = 0
    for line in text.splitlines(keepends=True):
        at += len(line)
        if closes(opened, line.rstrip("\r\n")):
            return at
    return len(text)


def answer_units(text: str, offset: int = 0, following: str = "", opened: str = "",
                 links: frozenset[str] = frozenset(), glossary: int = -1, table_header: str = "",
                 markdown: bool = True, rst: str | None = None, refs: Mapping[str, str] | None = None) -> list[Unit]:
    """The answer units of `text` (a passage starting at `offset` in its document).

    `following` is the document text right after the passage: a lead-in that ends the passage
    takes its list or code block from there, a sentence announcing code its code block.
    `opened` is the fence of a code block the passage starts inside (a chunk boundary cut it): its
    lines up to the closing fence are no unit. `links` are the labels the document defines reference links for
    (rag/reference_links.py): a shortcut link to one is shown as its text. `glossary` is the indent
    of the MyST glossary the passage starts inside (`open_glossary`), -1 for none. `table_header` is the header
    line of the table the passage starts inside (`open_table_header`): its rows read with their columns' names.
    `rst`: the body before the passage of the eval-rst block it starts inside (`open_rst`; then `opened` is
    ""): its lines up to the closing fence are reST. `refs`: the titles of the sections its `{ref}` roles name (rag/ref_titles.py).
    `markdown`: the text is a Markdown file's own, whose inline HTML and entities are markup (`clean`), not a
    loader's text of a page, a PDF or a built reST page, whose `<img>` is what the page shows.
    """
    # A quote's lines are read as what they quote: its paragraphs, lists and code (rag/block_quotes.py);
    # a unit's `text` is still the document's.
    written, written_following = text, following
    text, following = unquoted(text), unquoted(following)
    if opened:
        # Read from past the closing fence: the lines before it are code whose lead-in, saying what
        # it shows, is in the chunk before; read as Markdown, its comments would be headings, its
        # lines sentences, and its closing fence would open a "block" swallowing the prose after it.
        run = _code_run(text, opened)
        return answer_units(written[run:], offset + run, written_following, links=links, glossary=glossary,
                            table_header=table_header, markdown=markdown, refs=refs) if text[run:].strip() else []
    blocks = segment(text, glossary, rst)
    front = FRONT_MATTER.match(text) if offset == 0 else None
    if front:
        blocks = [Block("marker", b.lines) if b.start < front.end() else b for b in blocks]
    whole = segment(text + following, glossary, rst) if following else blocks
    if following and blocks and blocks[-1].kind in ("list", "table"):
        # A table or list the passage's end cut (a table's header without its rows): whole, as
        # the document has it.
        blocks[-1] = next((b for b in whole if b.start == blocks[-1].start), blocks[-1])
    if following:
        # A code block the passage's end cut (its fence unclosed here, closed in the document):
        # its lines are code, not prose. Only a fence naming its language surely opens a block (a
        # bare one may close a block the passage started inside).
        fenced = ("code", "placeholder")
        cut = next((i for i, b in enumerate(blocks) if b.kind == "marker" and _OPENING_FENCE.match(b.lines[0].text)
                    and any(w.kind in fenced and w.start == b.start for w in whole)), None)
        if cut is not None:
            code = next(w for w in whole if w.kind in fenced and w.start == blocks[cut].start)
            blocks = blocks[:cut] + [code] + [b for b in blocks[cut + 1 :] if b.start >= code.end]
    builder = _Builder(text + following, offset, links, written + written_following, markdown, refs)
    builder.setups = _setups(whole, text + following)
    # The tab whose label line was the last block read: the block after it is what the tab holds.
    tab: TabLabel | None = None
    for i, block in enumerate(blocks):
        held, tab = tab, None
        if block.kind in ("paragraph", "marker") and len(block.lines) == 1:
            label = tab_label(block.lines[0].text)
            tab = TabLabel(label, block.start) if label else None
        if block.kind == "marker" and held is not None and tab is None:
            tab = held  # a framing line between a tab's label and its code
        # (A footnote's text between a lead-in and its list stands at the page's foot: it introduces nothing.)
        rest = [b for b in blocks[i + 1 :] if b.kind != "marker" and not _footnote(b)][:2]
        if following and block.kind == "paragraph" and len(rest) < 2:
            # What the lead-in introduces may run past the passage: take it whole from the document.
            rest = [b for b in whole if b.start >= block.end and b.kind != "marker" and not _footnote(b)][:2]
        nxt = rest[0] if rest else None
        if block.kind == "paragraph" and nxt is not None and builder.tab_box and any(
                b.kind == "marker" and BOX_CLOSING.match(b.lines[0].text) for b in whole if block.end <= b.start < nxt.start):
            # A MyST tab's last paragraph: the code after the tab's closing line (the next tab's) is none it introduces.
            rest, nxt = [], None
        bridge = None
        if block.kind == "paragraph" and len(rest) == 2 and rest[0].kind == "paragraph" \
                and rest[1].kind in ("list", "code", "table") and rest[0].end - rest[0].start <= _BRIDGE_CHARS \
                and is_lead_in(builder.text[block.start : block.end]) \
                and not is_lead_in(builder.text[rest[0].start : rest[0].end]) \
                and not INCLUDE_LINE.search(builder.text[block.end : rest[0].start]):
            # Tabbed docs put a line of their own between a lead-in and its code (an include
            # directive there is what the lead-in introduces: it stands alone).
            bridge, nxt = rest
        # A lead-in with prose or a heading right after it (no framing line between, which may
        # be what it introduces): its block is not there, and it is a bare lead-in.
        after = next((b for b in whole if b.start >= block.end), None) if block.kind == "paragraph" else None
        unfound = after is not None and after.kind in ("paragraph", "heading") and bridge is None
        if block.kind == "paragraph" and not unfound and following and (nxt is None or nxt.kind == "paragraph") \
                and in_fenced_code(builder.text) and not in_fenced_code(builder.text[: block.end]) \
                and (nxt is None or in_fenced_code(builder.text[: nxt.start])):
            # Nor is it when only framing lines stand between it and a code block that runs past the text
            # read (the passage's end and the document text read after it both cut it): its lines read as prose.
            unfound = True
        hidden = False
        if block.kind == "paragraph" and not unfound:
            # Nor is it when the block after the framing lines (a tab's) only names a file the corpus
            # does not hold: the built page shows that file's code, the text no code at all.
            shown = next((b for b in whole if b.start >= block.end and b.kind != "marker"), None)
            unfound = hidden = shown is not None and shown.kind == "placeholder"
        if block.kind != "paragraph" or _after_markup(builder.text, block.start):
            builder.last_sentence = None
        if block.kind == "marker":
            opening = box_opening(block.lines[0].text) if "{" in block.lines[0].text else None
            # An eval-rst block's admonition (`.. note::`) or tab (`.. group-tab:: Bash`, a tab whose code is read
            # with its label above): its label opens the text in it, as the built page shows it above.
            noted = (directive_label(block.lines[0].text) or tab_directive_label(block.lines[0].text) or "") \
                if ".." in block.lines[0].text else ""
            if opening is None and builder.glossary_section is not None and BOX_CLOSING.match(block.lines[0].text):
                # The glossary ends: what follows is its section's again, described by no term.
                builder.heading, builder.glossary_section, builder.titled = builder.glossary_section, None, None
            if opening is None and BOX_CLOSING.match(block.lines[0].text):
                builder.tab_box = ""
            if noted:
                builder.box_label, builder.box_start = builder.clean(noted), -2
            elif opening is not None:
                label = builder.clean(box_label(block.lines[0].text))
                builder.tab_box = label if tab_label(block.lines[0].text) else ""
                builder.box_label, builder.box_start = (label, -2) if label else ("", -1)
            elif builder.box_start == -2 and not _MYST_OPTION.match(block.lines[0].text):
                builder.box_start = -1  # the box closed holding no text (```{versionadded} 5.1.0``` alone)
        elif builder.box_start == -2:
            # The box's text opens here (its label shows with prose or a list, not above code or a table).
            builder.box_start = block.start if block.kind in ("paragraph", "list") else -1
        if block.kind not in ("heading", "paragraph", "marker"):
            builder.titled = None
        if block.kind == "heading":
            builder.glossary_section = None  # a new section: no term's definitions run on into it
            builder.heading = heading_text(block.lines[0].text)
            builder.add("heading", block.start, block.end, builder.heading)
            builder.titled = block if len(builder.heading.split()) <= _ENTRY_TITLE_WORDS else None
        elif block.kind == "term":
            if builder.glossary_section is None:
                builder.glossary_section = builder.heading
            builder.heading, builder.titled = builder.clean(block.lines[0].text), block
            if nxt is not None and nxt.kind == "paragraph" and builder.text[block.end : nxt.start].strip() == ":":
                # A definition list's term opens its definition's text as a label does ("User: `%APPDATA%\pip\pip.ini`"):
                # the definition alone ("`%APPDATA%\pip\pip.ini`") does not say what it is. No entry besides: it would
                # show the same.
                builder.box_label, builder.box_start, builder.titled = builder.heading, -2, None
        elif block.kind == "paragraph" and nxt is not None and nxt.kind in ("paragraph", "list") \
                and is_label_line(builder.text[block.start:block.end]):
            # "NEW: **New in version 1.6:**" over the text it notes: a version box as MyST writes one
            # (rag/version_notes.py), its label opening the text's first unit, no unit of its own.
            builder.box_label, builder.box_start = builder.clean(builder.text[block.start:block.end]), -2
            builder.last_sentence = None
        elif block.kind == "paragraph" and _LINKS_ONLY.fullmatch(builder.text[block.start:block.end]):
            # "[GitHub](...) - [Documentation](...)" under a name (the description follows) or after its
            # description: links to follow, no statement of their own nor one to pair with.
            builder.last_sentence = None
        elif block.kind == "paragraph":
            # A footnote's text stands at the page's foot: no sentence above or below it there pairs with it.
            footnote = _footnote(block)
            if footnote:
                builder.last_sentence = None
            # A version box's text notes a change to the entry: the paragraph after it describes it.
            noted = block.start == builder.box_start and is_version_note(builder.box_label)
            if builder.titled is not None and not noted:
                builder.entry(builder.titled, block, hidden)
                builder.titled = builder.titled if builder.is_note(block) else None
            builder.paragraph(block, nxt if not footnote and nxt is not None and nxt.kind in ("list", "code", "table")
                              else None, bridge, unfound, hidden, labels=tab is not None)
            if footnote:
                builder.last_sentence = None
        elif block.kind == "list":
            builder.list_block(block)
        elif block.kind == "table":
            # Only the table the passage opens with is the one whose header the chunk boundary cut.
            builder.table(block, table_header if not text[: block.start].strip() else "")
        elif block.kind == "code":
            builder.code(block, held)
    return builder.units
