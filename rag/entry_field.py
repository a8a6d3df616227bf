"""A field of one reference entry, asked: answered from that entry's labelled line, and only there.

A reference page (Flask's config.rst, Django's settings, Ruff's editor settings) documents one
thing per entry: a heading or definition term naming it, the block under it, and in that block
labelled lines ("Default: ``None``", "**Default value**: `88`") and release notes ("Added in
version 1.0.", "> NEW: New in MkDocs 1.6."). "What is the default of SESSION_COOKIE_AGE?" or,
after an answer about SESSION_COOKIE_SAMESITE, "Since which version?" asks for one such line of
one entry: the entry the question names, else the one the previous answer quoted. That line is the
answer; the same kind of line of another entry (the entry before, the page's version history) says
nothing about this one, however alike its words. A question naming no entry is not read here: a
release note answers "since which version can Poetry no longer manage Python 2.7?" only when it
is that feature's (docs/quality.md, fu12's revert).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rag.chunk_context import HEADING_SEPARATOR
from rag.types import Chunk

# What is asked of the entry: its default, or the release that brought (or changed) it. The words
# between are bounded and the label before a release note can hold one colon only where it ends:
# an unbounded run tried from every "which version" of a long text, or every colon of a line, made
# a search quadratic ("which version " * 5000: 4 s; "A" + ": " * 20000: 31 s).
_ASKS_DEFAULT = re.compile(r"\bdefaults?\b", re.IGNORECASE)
_ASKS_VERSION = re.compile(r"\bsince\s+(?:which|what)\s+(?:version|release)\b|\bsince\s+when\b"
                           r"|\b(?:which|what)\s+(?:version|release)\b[^?]{0,200}?\b(?:added|introduced|new|available)\b"
                           r"|\bwhen\s+(?:was|were|did)\b[^?]{0,200}?\b(?:added|introduced)\b", re.IGNORECASE)
# The lines that give it: a label naming the default; a release note, its product name standing
# where "version" may ("New in MkDocs 1.6.").
_DEFAULT_LINE = re.compile(r"^\W*default(?:\s+value)?\W*:\s*\S", re.IGNORECASE)
_VERSION_LINE = re.compile(r"^\W*(?:[A-Z]+[^\w:]*:\W*)?(?:introduced|added|new|changed|deprecated|removed|available)\s+"
                           r"(?:in|since)\s+(?:version\s+|[A-Z][\w-]*\s+)?v?\d+\.\d+", re.IGNORECASE)
_LINES = {"default": _DEFAULT_LINE, "version": _VERSION_LINE}
# An entry a question names is named as code names it: one word ("SESSION_COOKIE_AGE", "line-length");
# "Python 2.7" is a subject, not an entry.
_ENTRY_WORDS = 1
_NAME_MARKS = "`'\"* "
# A name as code writes it (`SESSION_COOKIE_AGE`, `line-length`, `importStrategy`, a name in
# backticks): a heading of plain words ("Python", "Poetry") is named by questions about anything.
_CODE_LIKE = re.compile(r"^`|[_.\-]|[a-z][A-Z]|^[A-Z][A-Z0-9]+$")
# Questions asking why, how to or how two things differ, "by default" or not, ask no field.
_NOT_FIELD_KINDS = frozenset({"reason", "howto", "comparison"})


def asked_field(question: str, kind: str = "") -> str:
    """The field a question (of the kind `kind`, rag/question_type.py) asks for ("default",
    "version"), or ""."""
    if kind in _NOT_FIELD_KINDS:
        return ""
    if _ASKS_VERSION.search(question):
        return "version"
    if _ASKS_DEFAULT.search(question):
        return "default"
    return ""


def gives_field(text: str, field: str) -> bool:
    """The unit's text is a labelled line or release note giving `field`."""
    line = _LINES.get(field)
    return line is not None and line.match(text) is not None


@dataclass(frozen=True, slots=True)
class Entry:
    """Where a unit is: its document and the heading path of its section."""

    doc_id: str
    path: str

    @property
    def heading(self) -> str:
        """The innermost heading of the path, as written (`` `importStrategy` ``)."""
        return self.path.rpartition(HEADING_SEPARATOR)[2].strip()

    @property
    def name(self) -> str:
        """The entry's name: its heading without code or emphasis marks."""
        return self.heading.strip(_NAME_MARKS)


def entry_of(chunk: Chunk, start: int) -> Entry:
    return Entry(chunk.doc_id, chunk.heading_at(start))


def is_code_name(entry: Entry) -> bool:
    """The entry's heading is a name as code writes it ("SESSION_COOKIE_AGE", `importStrategy`): a
    heading of words is a section, not an entry."""
    name = entry.name
    return bool(name) and len(name.split()) <= _ENTRY_WORDS and bool(_CODE_LIKE.search(name) or entry.heading.startswith("`"))


def names(question: str, entry: Entry) -> bool:
    """The question names the entry as written ("SESSION_COOKIE_AGE", "ruff.importStrategy" for
    `importStrategy`), an entry whose heading is a code name (`is_code_name`)."""
    name = entry.name
    if not is_code_name(entry):
        return False
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", question, re.IGNORECASE) is not None


def named_entries(question: str, entries: Iterable[Entry]) -> frozenset[Entry]:
    return frozenset(e for e in entries if names(question, e))
