"""Raw inline HTML in Markdown (`<kbd>Ctrl</kbd>`, `<br>`, `<sup>1</sup>`, `<abbr title="...">ORM</abbr>`,
`<details><summary>More</summary>`) as the built page shows it: the text, not the tags.

Nothing is rendered: the tags of the elements below are dropped and their text kept, as words to be
escaped wherever they are shown (`<code>x</code>` as the code span `` `x` `` Markdown writes for it).
Only these phrasing and framing elements: "a `List<int>`" or "Using <script> tags" keeps what it
writes, and a script's, style's or iframe's tags are never dropped, so what it holds is never shown
as if it were the page's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ELEMENTS = ("a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "center", "cite", "code", "data", "del",
             "details", "dfn", "div", "em", "figcaption", "figure", "font", "i", "img", "ins", "kbd", "label",
             "mark", "nobr", "p", "picture", "q", "s", "samp", "small", "source", "span", "strike", "strong", "sub",
             "summary", "sup", "time", "tt", "u", "var", "wbr")
# An opening, closing or empty tag of one of them: its attributes quoted or not (a quoted value may
# hold `>`), each character read one way, and bounded, so that a page of unclosed tags is read in
# linear time.
_TAG = re.compile(
    rf"</?(?P<name>{'|'.join(_ELEMENTS)})(?=[\s/>])(?:[^<>\"']|\"[^\"]{{0,500}}\"|'[^']{{0,500}}'){{0,1000}}>",
    re.IGNORECASE)
# Elements that end a line or a box: a space where they stood, so that words do not run together.
_BREAKING = frozenset({"br", "p", "div", "details", "summary", "figure", "figcaption"})


def _shown(tag: re.Match[str]) -> str:
    name = tag.group("name").lower()
    return "`" if name == "code" else " " if name in _BREAKING else ""


def without_tags(text: str) -> str:
    """`text` with the listed elements' tags dropped (their text kept); a line-breaking one leaves a
    space, `<code>` and `</code>` a backtick."""
    if "<" not in text:
        return text
    return _TAG.sub(_shown, text)


# What a face showing a passage keeps as written, so that a reader sees it: an element that loads or links to
# something, and any tag with an event handler or a script address. The page would act on them.
_ACTIVE_ELEMENTS = frozenset({"a", "img", "picture", "source"})
_ACTIVE_ATTRIBUTE = re.compile(r"[\s/\"']on\w+\s*=|javascript:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag of one of the listed elements, as a face showing the page's text reads it."""

    end: int  # where the tag ends
    breaking: bool  # the element ends a line or a box: a space stands where it was


def inert_tag_at(text: str, start: int, end: int) -> Tag | None:
    """The listed element's tag that opens text[start:end], if one does (`without_tags` drops the same) and it
    is inert: a `<kbd>`, `<br>` or `<sup>`, not an `<img>`, a link or a tag with an `on...=` handler."""
    found = _TAG.match(text, start, end)
    if not found or found.group("name").lower() in _ACTIVE_ELEMENTS or _ACTIVE_ATTRIBUTE.search(found.group()):
        return None
    return Tag(found.end(), found.group("name").lower() in _BREAKING)
