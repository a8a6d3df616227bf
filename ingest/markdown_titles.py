"""A Markdown page's title: what its front matter says, else its own top-level heading, else its file name.

The rule is the one MkDocs documents for the pages it builds (nav aside): a `title:` in the front
matter; else a level-1 heading that heads the page; else the file's name. A page without an H1 starts
with a section of itself, not a title: Starlette's testclient.md opens with prose and its first heading
is "### Change client address", which had named the whole page; HTTPX's ssl.md had been "Enabling and
disabling verification". The H1 may follow a badge line, a comment or an admonition (READMEs), but not
another heading: a page whose first heading is an H2 has no title of its own. A README's
`<h1 align="center">` written as HTML is a level-1 heading too. An index page with neither (SQLModel's
docs/index.md: a logo, a tagline, prose; its H1 hidden) is named by its first line of words before any
heading: its folder's name ("Docs") says nothing of it, and is the title only when the page has no such line.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ingest.blocks import Block, clean_heading
from ingest.markdown_blocks import inline_words
from ingest.template_tags import without_template_tags

_HTML_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# A script's or style's content is no words of the heading (as in a Markdown heading's inline HTML).
_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Index pages are named after their folder, as a docs site names them.
_INDEX_NAMES = frozenset({"index", "readme", "_index"})
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A line longer than this is a paragraph's text, no headline (as a text file's first line is judged).
_LINE_LIKE = 150
# Blocks read for a first line before giving up on it: a page's headline opens it.
_LEAD_BLOCKS = 8
# A word of a file name without a vowel is an acronym ("ssl", "css", "http"): shown in capitals.
_ACRONYM = re.compile(r"(?<![a-z])[b-df-hj-np-tv-xz]{2,5}(?![a-z])")


def top_heading(text: str, blocks: list[Block]) -> str:
    """The words of the page's level-1 heading when one comes before any other heading ('' if none)."""
    for block in blocks:
        if block.kind == "heading":
            return block.label if block.level == 1 else ""
        if block.kind == "paragraph" and text.startswith("<", block.start):
            found = _HTML_H1.search(text, block.start, block.end)
            if found:
                return clean_heading(_TAG.sub(" ", _HIDDEN.sub(" ", found.group(1))))
    return ""


def is_index_page(path: Path) -> bool:
    """An index page (`index.md`, `README.md`) is named by its folder, not its file."""
    return path.stem.lower() in _INDEX_NAMES and bool(path.parent.name)


def first_line(text: str, blocks: list[Block]) -> str:
    """The first short line of words the page shows before any heading ('' if none): markup, template
    tags, comments and a style's or script's content are no words; a logo or badge line has none."""
    for block in blocks[:_LEAD_BLOCKS]:
        if block.kind == "heading":
            return ""
        if block.kind not in ("paragraph", "list_item"):
            continue
        shown = without_template_tags(_COMMENT.sub(" ", _HIDDEN.sub(" ", text[block.start:block.end])))
        for line in shown.splitlines():
            words = inline_words(line)
            if any(ch.isalpha() for ch in words) and len(words) <= _LINE_LIKE:
                return words
    return ""


def title_from_file_name(path: Path) -> str:
    """`event-hooks.md` -> "Event hooks"; `index.md` -> its folder's name. MkDocs' own fallback: a name
    written in lower case gets a capital, one with capitals in it is left as written; besides, a word
    without a vowel is taken for an acronym (`ssl.md` -> "SSL", where MkDocs writes "Ssl")."""
    stem = path.parent.name if is_index_page(path) else path.stem
    return _title_from_stem(stem)


def _title_from_stem(stem: str) -> str:
    words = " ".join(stem.replace("-", " ").replace("_", " ").split())
    if words != words.lower():
        return words
    words = _ACRONYM.sub(lambda found: found.group(0).upper(), words)
    return words[:1].upper() + words[1:]


def title_as_sent(title: str, path: Path, sent: str) -> str:
    """The title of a file stored as `path` under a name cleaned from `sent` (an upload): a title the
    loader made from the stored name (`title_from_file_name`, or the bare stem other loaders fall back
    on) is made from the name sent instead, which has no cleaning marks nor the digest that keeps
    cleaned names apart ("Otter river notes EF045DFC" of `otter "river" notes.md`). A title the
    document gave itself stays."""
    # A control or format character of the name sent is no letter of a title: a NUL, or U+202E (the
    # right-to-left override), which would show the documents list "Evil<U+202E>txt.exe" as "Evilexe.txt".
    sent = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in sent
                   if unicodedata.category(ch) not in ("Cf", "Cs"))
    stem = sent.rsplit(".", 1)[0] if "." in sent.lstrip(".") else sent
    if not stem.strip() or title not in (title_from_file_name(path), path.stem):
        return title
    if title == path.stem:
        return " ".join(stem.split())[:200]
    return _title_from_stem(stem)[:200]
