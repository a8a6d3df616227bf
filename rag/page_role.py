"""A page's role: user documentation, or a page about the project itself (its contributing guide,
release notes, code of conduct, licence), read from the page's path.

Pages about the project share the user pages' words ("install", the project's name, every API that
ever changed) and answer other questions: "How do I install Starlette?" is not asked by someone
about to fork it, and a release note's `@app.route` is no current how-to. So they are read after
the user pages, unless the question asks about contributing, releases, versions or changes.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# A page's file name (without suffix) or the folder holding it.
_ABOUT_PROJECT = frozenset({"contributing", "contribute", "contributors", "changelog", "changes", "history",
                            "release-notes", "release_notes", "releasenotes", "releases", "news",
                            "code-of-conduct", "code_of_conduct", "authors", "maintainers", "governance"})
# Named by the file only: a folder of that name holds user pages (FastAPI's tutorial/security/*.md
# teach authentication; a security/ folder is no security policy).
_ABOUT_PROJECT_FILE = _ABOUT_PROJECT | {"security", "license", "licence"}

# What a question about the project itself asks: contributing to it, its releases and what changed.
_ASKS_ABOUT_PROJECT = re.compile(
    r"\b(contribut\w*|release[sd]?|version(?:s|ed|ing)?|changelog|changes?|changed|history|deprecat\w*|removed?|"
    r"renamed?|happened|upgrad\w*|migrat\w*|breaking|fork\w*|pull requests?|maintainers?|licen[cs]\w*|"
    r"conduct|governance|authors?|new in|added in|no longer|anymore|any more)\b", re.IGNORECASE)


def about_project(path: str) -> bool:
    """Whether the page at `path` (as ingested, inside its folder) is about the project rather than its use."""
    parts = PurePosixPath(path.replace("\\", "/"))
    return parts.stem.lower() in _ABOUT_PROJECT_FILE or parts.parent.name.lower() in _ABOUT_PROJECT


def asks_about_project(question: str) -> bool:
    """Whether `question` asks about contributing, releases, versions or changes: then pages about the
    project answer it as well as the user pages."""
    return bool(_ASKS_ABOUT_PROJECT.search(question))
