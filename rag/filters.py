"""The filters of a question (`Scope.where`), parsed, checked and turned into SQL over the catalog.

A filter is `KEY OP VALUE`, OP one of `=`, `>=`, `<=`, `>`, `<`; several filters all apply:

- `path=GLOB`: the document's path inside the folder it was ingested from, in gitignore syntax
  (`handbook/**`, `*.pdf` in any folder, `docs/*.md`, `handbook/` for a folder anywhere).
- `type=KIND[,KIND...]`: the document's kind as the catalog records it (`pdf`, `docx`, `markdown`,
  `html`, `text`, ...; `md`, `txt`, `htm`, `eml` are read as their kind).
- `title=TEXT`: the title contains TEXT (case-insensitive); with `*`, `?` or `[...]` TEXT is a
  glob the whole title must match (`title=*Guide`).
- `date OP YYYY[-MM[-DD]]`: the document's date, which is the `date` its metadata gives (front
  matter) when that is a date, else the file's modified time when it was ingested. It is compared
  at the precision written: `date<2025` is before 2025, `date=2024-03` any day of March 2024.
- any other key, from the document's own metadata (Markdown front matter, PDF document info, DOCX
  core properties; ingest lower-cases keys): `author=Ann` (case-insensitive; a glob with `*`, `?`,
  `[...]`), `KEY>=VALUE` and the like compare text at the precision written, which orders ISO dates
  (`created>=2024-01-01`, `file_modified<2025`). A list in front matter (`tags: [a, b]`) matches
  any of its items.

A filter that does not parse is refused with a one-line `BadRequest` naming it.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rag.errors import BadRequest

Op = Literal["=", ">=", "<=", ">", "<"]

_FILTER = re.compile(r"^\s*([A-Za-z_][\w.:-]*)\s*(>=|<=|=|>|<)\s*(.*?)\s*$", re.DOTALL)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_GLOB_CHARS = re.compile(r"[*?\[]")
_KIND_ALIASES = {"md": "markdown", "txt": "text", "htm": "html", "eml": "email", "word": "docx"}
_MAX_FILTERS = 20
_MAX_LENGTH = 500

DATE_KEY = "date"
FILE_MODIFIED_KEY = "file_modified"
"""The metadata key under which ingest records the file's modified time (ISO 8601, UTC)."""


@dataclass(frozen=True, slots=True)
class Filter:
    """One parsed filter: `key`, `op`, `value` as written (the key lower-cased)."""

    key: str
    op: Op
    value: str
    text: str
    """The filter as the user wrote it, for error messages."""


@dataclass(frozen=True, slots=True)
class Condition:
    """A filter as SQL over `documents d`, with its parameters."""

    sql: str
    args: tuple[str | int, ...]


def _refuse(text: str, why: str) -> BadRequest:
    return BadRequest("where", f"{text!r}: {why}")


def parse_filter(text: str) -> Filter:
    if not isinstance(text, str):
        raise BadRequest("where", f"{text!r}: a filter is text such as 'type=pdf'")
    shown = text if len(text) <= 80 else text[:77] + "..."
    if len(text) > _MAX_LENGTH:
        raise _refuse(shown, f"longer than {_MAX_LENGTH} characters")
    found = _FILTER.match(text)
    if not found:
        raise _refuse(shown, "not KEY=VALUE (or KEY>=VALUE, KEY<VALUE, ...), e.g. 'type=pdf', 'date>=2024-01-01'")
    key, op, value = found.group(1).lower(), found.group(2), found.group(3)
    if not value:
        raise _refuse(shown, "no value after the operator")
    if value[0] in "=<>":
        raise _refuse(shown, f"'{op}{value[0]}' is not an operator: use =, >=, <=, > or <")
    if "\x00" in value:
        raise _refuse(shown, "NUL character in the value")
    if key in ("path", "type", "title") and op != "=":
        raise _refuse(shown, f"{key} takes '=' only")
    if key == "path" and value.startswith("!"):
        raise _refuse(shown, "a negated path ('!') is not supported")
    if key == DATE_KEY:
        _check_date(value, shown)
    return Filter(key, op, value, shown)  # type: ignore[arg-type]


def _check_date(value: str, shown: str) -> None:
    found = _DATE.match(value)
    if not found:
        raise _refuse(shown, "a date is YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1)
    try:
        date(year, month, day)
    except ValueError:
        raise _refuse(shown, f"{value} is not a calendar date") from None


def parse_filters(where: tuple[str, ...] | list[str]) -> list[Filter]:
    """Every filter parsed, or BadRequest naming the first that is wrong."""
    if len(where) > _MAX_FILTERS:
        raise BadRequest("where", f"{len(where)} filters: at most {_MAX_FILTERS}")
    return [parse_filter(text) for text in where]


# -- SQL ------------------------------------------------------------------------------------
def glob_regex(pattern: str) -> str:
    """`path=` glob (gitignore syntax) as a Python regex over the relative path."""
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    compiled = GitIgnoreSpecPattern(pattern).regex
    if compiled is None:  # a comment or a blank pattern
        raise ValueError("the pattern matches nothing")
    return compiled.pattern


def _text_glob_regex(pattern: str) -> str:
    """A whole-value glob (title, metadata), case-insensitive."""
    return "(?is)" + fnmatch.translate(pattern)


def _metadata_value(key_sql: str) -> str:
    return f"(SELECT m.value FROM document_metadata m WHERE m.doc_id = d.doc_id AND m.key = {key_sql} LIMIT 1)"


_DOCUMENT_DATE = (
    "COALESCE("
    "(SELECT m.value FROM document_metadata m WHERE m.doc_id = d.doc_id AND m.key = 'date' "
    "AND m.value GLOB '[0-9][0-9][0-9][0-9]*' LIMIT 1), "
    f"{_metadata_value(repr(FILE_MODIFIED_KEY))}, "
    # Documents ingested before metadata was recorded: the time they were ingested.
    "strftime('%Y-%m-%dT%H:%M:%SZ', d.ingested_at, 'unixepoch'))"
)


def condition(f: Filter) -> Condition:
    """The SQL that keeps the documents passing `f` (`regexp(pattern, text)` is the catalog's)."""
    if f.key == "path":
        try:
            return Condition("regexp(?, d.path)", (glob_regex(f.value),))
        except ValueError as exc:
            raise _refuse(f.text, f"not a usable glob ({exc})") from None
    if f.key == "type":
        kinds = [k.strip().lower().lstrip(".") for k in f.value.split(",") if k.strip()]
        kinds = [_KIND_ALIASES.get(k, k) for k in kinds]
        return Condition(f"d.kind IN ({','.join('?' * len(kinds))})", tuple(kinds))
    if f.key == "title":
        if _GLOB_CHARS.search(f.value):
            return Condition("regexp(?, d.title)", (_text_glob_regex(f.value),))
        return Condition("instr(lower(d.title), ?) > 0", (f.value.lower(),))
    if f.key == DATE_KEY:
        return Condition(f"substr({_DOCUMENT_DATE}, 1, ?) {f.op} ?", (len(f.value), f.value))
    if f.op == "=":
        if _GLOB_CHARS.search(f.value):
            match, args = "regexp(?, m.value)", (f.key, _text_glob_regex(f.value))
        else:
            match, args = "lower(m.value) = ?", (f.key, f.value.lower())
    else:
        match, args = f"substr(m.value, 1, ?) {f.op} ?", (f.key, len(f.value), f.value)
    return Condition(f"EXISTS (SELECT 1 FROM document_metadata m WHERE m.doc_id = d.doc_id AND m.key = ? AND {match})",
                     args)


def regexp(pattern: str, value: str | None) -> bool:
    """SQLite's `regexp(pattern, value)`, registered on the catalog's connection."""
    return value is not None and _compiled(pattern).search(value) is not None


_CACHE: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    found = _CACHE.get(pattern)
    if found is None:
        if len(_CACHE) > 256:
            _CACHE.clear()
        found = _CACHE[pattern] = re.compile(pattern)
    return found
