"""A page's role: user documentation, or a page about the project itself (its contributing guide,
release notes, code of conduct, licence), read from the page's path.

Pages about the project share the user pages' words ("install", the project's name, every API that
ever changed) and answer other questions: "How do I install Starlette?" is not asked by someone
about to fork it, and a release note's `@app.route` is no current how-to. So they are read after
the user pages, unless the question asks about contributing, releases, versions or changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Protocol, TypeVar

from rag.types import Chunk

# A page's file name (without suffix) or the folder holding it.
_ABOUT_PROJECT = frozenset({"contributing", "contribute", "contributors", "changelog", "changes", "history",
                            "release-notes", "release_notes", "releasenotes", "releases", "news",
                            "code-of-conduct", "code_of_conduct", "authors", "maintainers", "governance"})
# Named by the file only: a folder of that name holds user pages (FastAPI's tutorial/security/*.md
# teach authentication; a security/ folder is no security policy).
_ABOUT_PROJECT_FILE = _ABOUT_PROJECT | {"security", "license", "licence"}
# A user page takes a release note's place among the passages read when its fused score is at least
# this share of the one it displaces.
USER_PAGE_CLOSE = 0.85

# What a question about the project itself asks: contributing to it, its releases and what changed.
_ASKS_ABOUT_PROJECT = re.compile(
    r"\b(contribut\w*|release[sd]?|version(?:s|ed|ing)?|changelog|changed|history|deprecat\w*|removed?|"
    r"renamed?|happened|upgrad\w*|migrat\w*|breaking|fork\w*|pull requests?|maintainers?|licen[cs]\w*|"
    r"conduct|governance|authors?|new in|added in|no longer|anymore|any more)\b", re.IGNORECASE)
# "Change" is what a user does to a setting ("How do I change the port?") or what happens when one is
# set ("How do my URLs change when ...?"); the project's changes are those of a release it names ("What
# changes in 2.0?", "the changes of 1.6").
_CHANGES = re.compile(r"\bchanges?\b", re.IGNORECASE)
# A version, not a measure: "2.5 seconds", "1.5 GB" and "0.5%" are what a setting is changed to.
_VERSION_NUMBER = re.compile(r"\bv?\d+(?:\.\d+)+\b(?!\s*(?:%|[kmgt]i?b\b|bytes?\b|m?s\b|secs?\b|seconds?\b|"
                             r"minutes?\b|hours?\b|days?\b|times\b|x\b))", re.IGNORECASE)


def about_project(path: str) -> bool:
    """Whether the page at `path` (as ingested, inside its folder) is about the project rather than its use."""
    parts = PurePosixPath(path.replace("\\", "/"))
    return parts.stem.lower() in _ABOUT_PROJECT_FILE or parts.parent.name.lower() in _ABOUT_PROJECT


def asks_about_project(question: str) -> bool:
    """Whether `question` asks about contributing, releases, versions or changes: then pages about the
    project answer it as well as the user pages."""
    return bool(_ASKS_ABOUT_PROJECT.search(question)
                or _CHANGES.search(question) and _VERSION_NUMBER.search(question))


class _Ranked(Protocol):
    """A retrieved passage: its chunk and its fused score."""

    @property
    def chunk(self) -> Chunk: ...

    @property
    def score(self) -> float: ...


R = TypeVar("R", bound=_Ranked)


def room_for_user_pages(hits: Sequence[R], k: int) -> list[R]:
    """The k of `hits` (best first) to read for a question on using the product: when pages about the
    project fill more than half of the first k, the best user pages further down that score close to
    them (USER_PAGE_CLOSE) take the places of the last of them. A release note names the product in every
    section and can outrank, all k of it, the one user page that says what the product is; a user page
    that ranks far below answers nothing better (an unanswerable question then finds nothing)."""
    top = list(hits[:k])
    about = [i for i, h in enumerate(top) if about_project(h.chunk.path)]
    wanted = (k + 1) // 2 - (len(top) - len(about))
    if wanted <= 0 or not about:
        return top
    floor = USER_PAGE_CLOSE * top[about[-1]].score
    users = [h for h in hits[k:] if not about_project(h.chunk.path) and h.score >= floor][:wanted]
    dropped = set(about[len(about) - len(users):]) if users else set()
    return [h for i, h in enumerate(top) if i not in dropped] + users
