"""Names of code a question asks about, and whether a passage mentions them.

A command-line flag (`--reload`), a constant or identifier (`NO_PROXY`, `exclude_unset`), a dotted
name or a file (`response.elapsed`, `poetry.lock`, `.netrc`), anything in backticks: the user
copied it from somewhere, so the passage that answers names it as written. Unlike a word of the
question, it has no synonym a page could use instead. Capitalised names ("FastAPI", "GitHub",
"RedirectResponse") are left to the name rules of rag/abstention.py: a product name and a class
name look alike.
"""

from __future__ import annotations

import re

from rag.english_rarity import zipf

_CODE = re.compile(
    r"`([^`\n]+)`"  # anything in backticks
    r"|(?<![^\s(\"'\[])(--?[A-Za-z][\w-]*\w)"  # a flag after a space or an opening bracket: --reload, -v
    r"|\b([A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+)\b"  # an identifier with an underscore: NO_PROXY, exclude_unset
    # a dotted name or file: poetry.lock, .netrc, solver.lazy-wheel
    r"|(?<![\w.-])(\.?[A-Za-z][\w-]*\.[A-Za-z][\w-]*\w(?:\.[\w-]*\w)*|\.[a-z][\w-]*\w)\b"
)
# "e.g.", "i.e.", "U.S.": dotted, not code.
_NOT_CODE = re.compile(r"^(?:[a-z]\.)+[a-z]?$", re.IGNORECASE)
# The asker's own thing named as "my" and an everyday word: "myname.github.io", "my-project", "my_app".
_MY = re.compile(r"^[-.`]*my[-_]?([a-z]{3,})", re.IGNORECASE)
# An everyday English word (Zipf scale): "name", "project", "app"; what follows "my" in a tool's own
# name is not one ("mypy", "mysql"). Figures in docs/quality.md (issue 14, abst18).
EVERYDAY = 4.0


def code_names(question: str) -> list[str]:
    """The code names in `question`, as written."""
    found = []
    for m in _CODE.finditer(question):
        name = next(g for g in m.groups() if g).strip()
        if len(name) > 2 and not _NOT_CODE.match(name):
            found.append(name)
    return found


def placeholder(name: str) -> bool:
    """Whether code name `name` is the asker's own instance of something ("myname.github.io" for a
    user site, "my-project"): the pages name that thing with their own placeholder ("orgname.github.io"),
    never with the asker's."""
    found = _MY.match(name)
    return found is not None and zipf(found.group(1).lower()) >= EVERYDAY


def mentions(name: str, text: str) -> bool:
    """Whether `text` names `name` as a word of its own, letter case aside; a dotted name also
    by its last part standing alone ("response.elapsed" is the `elapsed` of a page about
    responses; "poetry.toml" is not the "toml" of "pyproject.toml")."""
    lowered = text.lower()
    if _word(name.lower()).search(lowered):
        return True
    last = name.lower().lstrip(".").rsplit(".", 1)[-1]
    return "." in name.strip(".") and len(last) > 2 and _word(last, after_dot=False).search(lowered) is not None


def _word(token: str, after_dot: bool = True) -> re.Pattern[str]:
    before = r"(?<![\w-])" if after_dot else r"(?<![\w.-])"
    return re.compile(before + re.escape(token) + r"(?![\w-])")
