"""What a file says about itself, as (key, value) text pairs for the catalog's `document_metadata`.

Markdown front matter, PDF document information and DOCX core properties, plus the file's modified
time; a question's filters (`author=Ann`, `date>=2024-01-01`, rag.filters) read them. Keys are
lower-case words (`Last Reviewed` -> `last_reviewed`); dates become ISO 8601 text, so comparing
them as text orders them; a list gives one pair per item. Anything else (nested maps, binary
values) is left out: metadata never stops a file from being indexed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

from rag.filters import FILE_MODIFIED_KEY

Pairs = list[tuple[str, str]]

_MAX_PAIRS = 100
_MAX_KEY = 64
_MAX_VALUE = 1000
_NOT_KEY = re.compile(r"[^\w.:-]+")


def _key(raw: object) -> str:
    key = _NOT_KEY.sub("_", str(raw).strip().lstrip("/")).strip("_").lower()
    return key[:_MAX_KEY] if key and (key[0].isalpha() or key[0] == "_") else ""


def _iso(value: date) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="seconds") + "Z"
    return value.isoformat()


def _scalar(value: object) -> str | None:
    # Only plain values: a nested list is not text, and YAML aliases can nest one exponentially.
    if not isinstance(value, (str, int, float, date)):
        return None
    if isinstance(value, date):
        return _iso(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = " ".join(str(value).split())
    return text[:_MAX_VALUE] or None


def pairs_of(items: list[tuple[object, object]]) -> Pairs:
    """(key, value) text pairs from raw ones: keys cleaned, lists spread, the rest dropped."""
    out: Pairs = []
    for raw_key, raw_value in items:
        key = _key(raw_key)
        if not key:
            continue
        values = raw_value if isinstance(raw_value, (list, tuple, set)) else [raw_value]
        for value in values:
            text = _scalar(value)
            if text is not None and len(out) < _MAX_PAIRS:
                out.append((key, text))
    return out


def front_matter_metadata(block: str) -> Pairs:
    """The top-level fields of a YAML front matter block (its text between the `---` lines)."""
    import yaml

    try:
        fields = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, RecursionError):
        return []
    return pairs_of(list(fields.items())) if isinstance(fields, dict) else []


def pdf_metadata(info) -> Pairs:
    """A pypdf `DocumentInformation` (or None): its entries, dates as `created`/`modified`."""
    if info is None:
        return []
    items: list[tuple[object, object]] = []
    dates = {"/CreationDate": "created", "/ModDate": "modified"}
    for raw_key in list(info.keys()):
        try:
            if raw_key in dates:
                value = info.creation_date if raw_key == "/CreationDate" else info.modification_date
                items.append((dates[raw_key], value))
            else:
                items.append((raw_key, info[raw_key]))
        except Exception:  # a malformed entry (bad date, broken object) is left out
            continue
    return pairs_of(items)


_DOCX_PROPERTIES = ("author", "category", "comments", "content_status", "created", "identifier", "keywords",
                    "language", "last_modified_by", "modified", "subject", "title", "version")


def docx_metadata(properties) -> Pairs:
    """python-docx `CoreProperties`: the non-empty ones."""
    items = []
    for name in _DOCX_PROPERTIES:
        try:
            items.append((name, getattr(properties, name)))
        except Exception:  # a malformed property (bad date) is left out
            continue
    return pairs_of(items)


def file_metadata(path: Path) -> Pairs:
    """The file's modified time, UTC."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return []
    return [(FILE_MODIFIED_KEY, _iso(datetime.fromtimestamp(mtime, timezone.utc)))]
