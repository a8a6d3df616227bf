"""A shown passage's Markdown as the page sets it, as pieces of text a face renders: a heading as a
heading, `code` as code, **bold** as bold, *emphasis* as emphasis, a link as its text (a target only for
http(s)), inert inline HTML (`<kbd>Ctrl</kbd>`) as its text, a MyST role as the built page shows it (rag/sphinx_roles.py: {func}`~a.b` as `b`).

Pieces hold only the document's characters, never markup to render: a face puts each piece's text in
as text (escaped, or a text node) and wraps it in elements of its own. The cited words are marked piece
by piece, so a face wraps the run of marked pieces in one `<mark>` whatever formatting they cross.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from rag.inline_html import inert_tag_at
from rag.shown_passage import ShownQuote, TextRange
from rag.sphinx_roles import CODE_ROLES, ROLE, is_role, role_span
from rag.units import (BARE_URL, EMPHASIS, ENTITY, LINK_ATTRIBUTES, REFERENCE_LINK_START, UNDERSCORE_EMPHASIS,
                       entity_character)

# An ATX heading: its `#`s and their space, any closing `#`s and an attribute list after them (`{ #query-params }`,
# hatch's `## 1.26.0 ## {: #hatchling-v1.26.0 }`) are markup. Its words end on a non-blank: ending anywhere, the
# tails after them rescanned a long run of blanks from each of its positions.
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]+|(?=\n|$))(?P<words>(?:.*?[^ \t])?)(?:[ \t]+#+)?"
                      r"(?:[ \t]*\{:?[ \t]*[#.][^{}\n]*\})?[ \t]*$")
# Where inline markup may start: a backslash escape, a backtick run, a star, underscore or bold delimiter, a link or
# image, an autolink or an inline HTML tag (`<kbd>`), a MyST role; a bare web address is passed over whole (GFM links it: its `_a_` is no emphasis).
_OPENER = re.compile(r"\\[!-/:-@\[-`{-~]|`+|\*{1,3}|__|_|!?\[|<(?=https?://|/?[A-Za-z])|(?<![\w$])\{(?=[A-Za-z][\w.:+-]*\}`)"
                     r"|&(?=#?[0-9A-Za-z]{1,32};)|" + BARE_URL, re.IGNORECASE)
# The rest of a link after its text: `(target "title")`, or `[ref]` of a reference link.
_TARGET = re.compile(r'\((?:[ \t]*<(?P<angled>[^>\n]*)>|[ \t]*(?P<bare>(?:[^\s()]|\([^\s()]*\))*))(?:[ \t]+(?:"[^"\n]*"|\'[^\'\n]*\'))?[ \t]*\)'
                     r"|\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^\s<>]+)>", re.IGNORECASE)
_WEB = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)
# Where a reference link `[text][ref]` may open: rag/units.py's `clean` reads the same ones.
_REFERENCE_START = re.compile(REFERENCE_LINK_START)
# Python-Markdown's attr_list after an inline link (`{.internal-link target=_blank}`): markup the page does not show.
_ATTRIBUTES = re.compile(LINK_ATTRIBUTES)
# Paired stars as CommonMark flanks them (group 1 the stars, 2 the words): `**kwargs` opens nothing.
_STARS = re.compile(EMPHASIS)
# Single-underscore emphasis as CommonMark flanks it (group 1 the words): `my_var_name` opens nothing.
_UNDERSCORES = re.compile(UNDERSCORE_EMPHASIS)
_BRACKET = re.compile(r"[\[\]\n]")
# Where a `__` starts, each of a run of underscores ("___" holds two).
_DOUBLE_UNDERSCORE = re.compile(r"(?=__)")


@dataclass(frozen=True, slots=True)
class Style:
    heading: bool = False
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""  # an http(s) link's target: the only targets a face links to


@dataclass(frozen=True, slots=True)
class Piece:
    """Text to show as text, its style, and whether it is of the cited words."""

    text: str
    style: Style
    marked: bool


@dataclass(frozen=True, slots=True)
class _Run:
    start: int
    end: int
    style: Style
    shown: str | None = None
    """What the page shows for text[start:end] when it is not those characters (an entity's character)."""


def _shown_text(text: str, run: _Run, a: int, b: int) -> str:
    return text[a:b] if run.shown is None else run.shown


def quote_pieces(quote: ShownQuote) -> tuple[Piece, ...]:
    """`quote` as pieces, its cited words [start, end) marked (an empty marked piece where they are empty).
    Text that is no Markdown, or Markdown whose reading would show none of the cited words (a link's
    target), is one plain run."""
    if quote.markdown:
        pieces = _pieces(quote.text, _runs(quote.text, quote.code), quote.start, quote.end)
        if "".join(p.text for p in pieces if p.marked).strip() or not quote.text[quote.start:quote.end].strip():
            return pieces
    return _pieces(quote.text, [_Run(0, len(quote.text), Style())], quote.start, quote.end)


def text_pieces(text: str, markdown: bool, code: tuple[TextRange, ...] = ()) -> tuple[Piece, ...]:
    """`text` as pieces with nothing marked."""
    runs = _runs(text, code) if markdown else [_Run(0, len(text), Style())]
    return tuple(Piece(_shown_text(text, r, r.start, r.end), r.style, False) for r in runs if r.end > r.start)


def _pieces(text: str, runs: list[_Run], start: int, end: int) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    empty_at = start if start == end else None
    for run in runs:
        # An entity is one character: marked whole when the cited words reach into it, never cut.
        inside = () if run.shown is not None else (x for x in (start, end) if run.start < x < run.end)
        cuts = sorted({run.start, run.end, *inside})
        for a, b in zip(cuts, cuts[1:]):
            if empty_at is not None and empty_at <= a:  # at its place, inside a run or before it
                pieces.append(Piece("", Style(), True))
                empty_at = None
            marked = (start <= a and b <= end if run.shown is None else start < b and a < end) and start < end
            shown = _shown_text(text, run, a, b)
            if pieces and pieces[-1].style == run.style and pieces[-1].marked == marked:
                pieces[-1] = replace(pieces[-1], text=pieces[-1].text + shown)
            else:
                pieces.append(Piece(shown, run.style, marked))
    if empty_at is not None:
        pieces.append(Piece("", Style(), True))
    return tuple(p for p in pieces if p.text or p.marked)


def _runs(text: str, code: tuple[TextRange, ...]) -> list[_Run]:
    """The shown characters of `text` as runs of one style each; markup characters are in none."""
    runs: list[_Run] = []
    code_starts = [r.start for r in code]  # in order, apart (rag/shown_passage.py merges touching ranges)
    at = 0
    for line in text.splitlines(keepends=True):
        start, at = at, at + len(line)
        body = line.rstrip("\r\n")
        inside = bisect_right(code_starts, start) - 1
        if inside >= 0 and start < code[inside].end:
            runs.append(_Run(start, start + len(body), Style(code=True)))
        else:
            heading = _HEADING.match(body)
            if heading and heading.group("words"):
                _inline(text, start + heading.start("words"), start + heading.end("words"), Style(heading=True), runs)
            elif not heading:
                _inline(text, start, start + len(body), Style(), runs)
        if len(line) > len(body):
            runs.append(_Run(start + len(body), at, Style()))
    return [r for r in runs if r.end > r.start]


def _inline(text: str, start: int, end: int, style: Style, runs: list[_Run]) -> None:
    """Runs of text[start:end] (one line) read for inline Markdown in `style`."""
    i = plain = start
    while i < end:
        found = _OPENER.search(text, i, end)
        if not found:
            break
        mark, i = found.group(), found.start()
        taken = _taken(text, i, end, mark, style, runs, plain)
        if taken is None:
            i += len(mark)
        else:
            i = plain = taken
    runs.append(_Run(plain, end, style))


def _last_bold_close(text: str, end: int) -> int:
    """Where the last `__` of text[:end] not after a blank (one that may close bold) starts; -1 when none."""
    closes = _bold_closes(text)
    at = bisect_right(closes, end - 2) - 1
    return closes[at] if at >= 0 else -1


@lru_cache(maxsize=8)
def _bold_closes(text: str) -> list[int]:
    """Where each `__` of `text` not after a blank starts, in order. Found in one pass: each line's opener looking
    back for a closer walked past its line's start over every line before it, and each opener searching the rest
    of its line for one is quadratic on a line of unclosed ones."""
    return [at.start() for at in _DOUBLE_UNDERSCORE.finditer(text) if at.start() == 0 or not text[at.start() - 1].isspace()]


@lru_cache(maxsize=8)
def _closing_brackets(text: str) -> dict[int, int]:
    """Where the `]` that closes each `[` of `text` on its line is (brackets nest). Found in one pass: each opener
    counting brackets to the end of its line is quadratic on a line of unclosed ones."""
    closing: dict[int, int] = {}
    open_at: list[int] = []
    for found in _BRACKET.finditer(text):
        at = found.start()
        if found.group() == "\n":
            open_at.clear()
        elif found.group() == "[":
            open_at.append(at)
        elif open_at:
            closing[open_at.pop()] = at
    return closing


def _taken(text: str, i: int, end: int, mark: str, style: Style, runs: list[_Run], plain: int) -> int | None:
    """Reads the markup `mark` opens at `i`: appends the plain text before it and its runs, and returns
    where it ends; None when it opens nothing (the characters are then text)."""
    if mark == "&":
        entity = ENTITY.match(text, i, end)
        if not entity or style.code or entity_character(entity.group()) == entity.group():
            return None
        runs.append(_Run(plain, i, style))
        runs.append(_Run(i, entity.end(), style, entity_character(entity.group())))
        return entity.end()
    if mark.startswith("\\"):
        runs.append(_Run(plain, i, style))
        runs.append(_Run(i + 1, i + 2, style))
        return i + 2
    if mark.startswith("`"):
        close = re.compile(r"(?<!`)" + mark + r"(?!`)").search(text, i + len(mark), end)
        if not close or style.code:
            return None
        runs.append(_Run(plain, i, style))
        runs.append(_Run(i + len(mark), close.start(), replace(style, code=True)))
        return close.end()
    if mark.startswith("*"):
        stars = _STARS.match(text, i, end)
        if not stars or stars.group(1) != mark:
            return None
        runs.append(_Run(plain, i, style))
        # `***both***` (hatch's "***Changed:***") is bold and italic.
        _inline(text, stars.start(2), stars.end(2), replace(style, bold=len(mark) >= 2, italic=len(mark) != 2), runs)
        return stars.end()
    if mark == "_":
        under = _UNDERSCORES.match(text, i, end)
        if not under:
            return None
        runs.append(_Run(plain, i, style))
        _inline(text, under.start(1), under.end(1), replace(style, italic=True), runs)
        return under.end()
    if mark[:1] in "hH":
        # A bare web address (every other mark starts with a symbol): its underscores open no emphasis and it is
        # no link's text, so its characters are text, but for an entity in it, one character as elsewhere.
        stop = i + len(mark)
        entities = [e for e in ENTITY.finditer(text, i, stop)
                    if not style.code and entity_character(e.group()) != e.group()]
        if not entities:
            return None
        at = plain
        for entity in entities:
            runs.append(_Run(at, entity.start(), style))
            runs.append(_Run(entity.start(), entity.end(), style, entity_character(entity.group())))
            at = entity.end()
        runs.append(_Run(at, stop, style))
        return stop
    if mark == "{":
        role = ROLE.match(text, i, end)
        if not role or not is_role(role.group("role")) or style.code:
            return None
        name = role.group("role").rsplit(":", 1)[-1].lower()
        start, stop = role_span(role.group("body"))
        start += role.start("body")
        if name == "doc":  # a page's path, shown without its leading slash
            start += len(text[start:]) - len(text[start:].lstrip("/"))
        runs.append(_Run(plain, i, style))
        runs.append(_Run(start, role.start("body") + stop, replace(style, code=True) if name in CODE_ROLES else style))
        return role.end()
    if mark == "__":
        inner = i + 2
        if _last_bold_close(text, end) <= inner:
            return None
        close = text.find(mark, inner + 1, end)
        while close != -1 and text[close - 1].isspace():
            close = text.find(mark, close + 1, end)
        if close == -1 or text[inner].isspace() or (i > 0 and text[i - 1].isalnum()
                                                    or close + 2 < len(text) and text[close + 2].isalnum()):
            return None
        runs.append(_Run(plain, i, style))
        _inline(text, inner, close, replace(style, bold=True), runs)
        return close + 2
    if mark == "<":
        link = _AUTOLINK.match(text, i, end)
        if link:
            runs.append(_Run(plain, i, style))
            runs.append(_Run(link.start("url"), link.end("url"), replace(style, href=link.group("url"))))
            return link.end()
        # `<kbd>Ctrl</kbd>`: the page shows the words, as the answer does (rag/inline_html.py); a tag that ends a line
        # leaves a space. Any other `<` ("List<int>", "<script>", an `<img onerror=...>`) is text the reader sees.
        tag = None if style.code else inert_tag_at(text, i, end)
        if not tag:
            return None
        runs.append(_Run(plain, i, style))
        if tag.breaking:
            runs.append(_Run(i, tag.end, style, " "))
        return tag.end
    # A link `[text](target)` or image `![alt](src)`: its text or alt is what the page reads.
    words = i + len(mark)
    closing = _closing_brackets(text).get(words - 1, end)
    if closing >= end:
        return None
    k = closing + 1
    target = _TARGET.match(text, k, end)
    if not target or target.group().startswith("[") and not _REFERENCE_START.match(text, words - 1):
        return None
    url = target.group("angled") or target.group("bare") or ""
    href = url if _WEB.match(url) and mark == "[" else style.href
    runs.append(_Run(plain, i, style))
    _inline(text, words, k - 1, replace(style, href=href), runs)
    attributes = _ATTRIBUTES.match(text, target.end(), end) if target.group().startswith("(") else None
    return attributes.end() if attributes else target.end()
