"""Shortcut reference links: `[httpx.AsyncClient]`, a link because the file defines `[httpx.AsyncClient]: https://…`
somewhere, is shown as its text, as the built page shows it. Without a definition the brackets are the text's own
(`[tool.poetry]`, `[project]` name TOML tables), so only the labels the document defines are links."""

from __future__ import annotations

import re

from rag.code_spans import outside_code

# `[label]` not after a word, `]`, `)`, `!` or a backslash (`a[0]`, an image, an escape), nor before `(`, `[`, `:`, `{`
# (an inline or full reference link, a definition, an attribute list).
_SHORTCUT = re.compile(r"(?<![\w\])!\\])\[([^\[\]\n]+)\](?![(\[:{])")
# A footnote's definition (`[^1]: ...`) is none: the page shows its reference ` [^1]` as a superscript, not as text.
_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*\S", re.MULTILINE)


def _key(label: str) -> str:
    # CommonMark matches labels case-insensitively, whitespace folded.
    return " ".join(label.split()).casefold()


def has_shortcut(text: str) -> bool:
    """Whether `text` holds a `[label]` that a definition could make a link."""
    return "[" in text and _SHORTCUT.search(text) is not None


def defined_labels(document: str) -> frozenset[str]:
    """The labels `document` defines links for (folded as `shown_links` compares them)."""
    return frozenset(_key(m.group(1)) for m in _DEFINITION.finditer(document)) if "]:" in document else frozenset()


def shown_links(text: str, labels: frozenset[str]) -> str:
    """`text` with each shortcut link to one of `labels` shown as its text (code spans as written)."""
    if not labels or not has_shortcut(text):
        return text
    return outside_code(text, lambda part: _SHORTCUT.sub(
        lambda m: m.group(1) if _key(m.group(1)) in labels else m.group(0), part))
