"""Filters of a question: parsed, or refused in one line naming the filter."""

from __future__ import annotations

import re

import pytest

from rag.errors import BadRequest
from rag.filters import Filter, glob_regex, parse_filter, parse_filters


@pytest.mark.parametrize("text, parsed", [
    ("type=pdf", Filter("type", "=", "pdf", "type=pdf")),
    (" Author = Ann Smith ", Filter("author", "=", "Ann Smith", " Author = Ann Smith ")),
    ("date>=2024-01-01", Filter("date", ">=", "2024-01-01", "date>=2024-01-01")),
    ("date<2025", Filter("date", "<", "2025", "date<2025")),
    ("path=handbook/**", Filter("path", "=", "handbook/**", "path=handbook/**")),
    ("x-ref:id=a=b", Filter("x-ref:id", "=", "a=b", "x-ref:id=a=b")),
])
def test_filters_parse(text, parsed):
    assert parse_filter(text) == parsed


@pytest.mark.parametrize("text, why", [
    ("type", "not KEY=VALUE"),
    ("=pdf", "not KEY=VALUE"),
    ("type=", "no value"),
    ("author==Ann", "'==' is not an operator"),
    ("path>=a", "path takes '=' only"),
    ("title<b", "title takes '=' only"),
    ("date>=yesterday", "a date is YYYY, YYYY-MM or YYYY-MM-DD"),
    ("date=2024-02-30", "not a calendar date"),
    ("path=!secret/**", "negated path"),
    ("author=a\x00b", "NUL"),
    ("k=" + "v" * 600, "longer than 500"),
])
def test_bad_filters_are_refused_in_one_line_naming_them(text, why):
    with pytest.raises(BadRequest) as caught:
        parse_filter(text)
    message = str(caught.value)
    assert message.startswith("where: ") and why in message and "\n" not in message
    assert repr(text) in message or len(text) > 80  # a long one is shown cut


def test_too_many_filters_and_non_text_are_refused():
    with pytest.raises(BadRequest, match="at most 20"):
        parse_filters(["type=pdf"] * 21)
    with pytest.raises(BadRequest, match="a filter is text"):
        parse_filter(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("pattern, matches, misses", [
    ("handbook/**", ["handbook/a.md", "handbook/x/y.pdf"], ["old/handbook/a.md", "handbook.md"]),
    ("*.pdf", ["a.pdf", "x/y/a.pdf"], ["a.pdf.txt", "pdf"]),
    ("docs/*.md", ["docs/a.md"], ["docs/x/a.md", "a/docs/a.md"]),
    ("handbook/", ["handbook/a.md", "x/handbook/b.md"], ["handbooks/a.md"]),
])
def test_path_globs_follow_gitignore(pattern, matches, misses):
    regex = re.compile(glob_regex(pattern))
    assert all(regex.search(p) for p in matches)
    assert not any(regex.search(p) for p in misses)
