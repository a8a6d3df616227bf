"""Sphinx's roles as a built page shows them: `~a.b.C` as `C`, `Title <target>` as "Title". The .rst
loader reads them with docutils (ingest/formats/sphinx_markup.py); a Markdown page written for Sphinx
with MyST (pallets/click's docs: "the {func}`confirm` function", "{ref}`options <options>`") keeps them
in its text, and an answer shows them as the built page does: `confirm`, "options"."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Roles whose text is a name in code (shown as a literal); the others are prose (a page, a term...).
CODE_ROLES = ("class", "meth", "func", "attr", "data", "exc", "mod", "obj", "const", "envvar", "option",
              "file", "program", "command", "samp", "kbd", "makevar", "confval")
PROSE_ROLES = ("doc", "ref", "term", "abbr", "numref", "download", "issue", "pr", "user", "gh", "pep", "rfc",
               "menuselection", "guilabel", "dfn", "manpage", "any", "keyword", "pypi")
# Roles whose number Sphinx shows after the series' name: {pep}`681` reads "PEP 681", "681" alone names nothing.
_NUMBERED = {"pep": "PEP", "rfc": "RFC"}
# MyST's own and Sphinx's other common roles, shown as prose.
MYST_ROLES = ("math", "sub", "sup", "eq", "index")
# Sphinx's domains: `{py:deco}`, `{c:macro}`, `{rst:dir}` name a role of their own.
DOMAINS = ("py", "c", "cpp", "js", "rst", "std")
ROLES = frozenset(CODE_ROLES + PROSE_ROLES + MYST_ROLES)

# `Title <target>`: the title is what the built page shows.
_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*<[^<>]*>$", re.DOTALL)
# A MyST role at its opening brace, its code span's text read by `role_span`.
ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*)\}(?P<ticks>`+)(?P<body>[^`].*?)(?P=ticks)", re.DOTALL)
# A MyST role (`{name}` or `{domain:name}` right before a code span), or a code span, which is left
# as written: `ruff:{major}.{minor}` holds braces and is no role. Only a known role's name makes one
# (`is_role`): `file.{txt}` before a code span is a path, `{name}` a template's field.
# A reST role as an eval-rst block writes it (`:attr:`~click.Context.params``, rag/eval_rst.py), one backtick a side.
_RST_ROLE = r":(?P<rrole>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):`(?P<rbody>[^`]+)`(?!`)"
_ROLE_OR_CODE = re.compile(rf"(?<![\w$]){ROLE.pattern}|(?<![\w$`:]){_RST_ROLE}|(?P<code>`+)[^`].*?(?P=code)|`+",
                           re.DOTALL)


def is_role(role: str) -> bool:
    """Whether `{role}` before a code span is a Sphinx role: a known role's name, or one of a domain."""
    parts = role.lower().split(":")
    return parts[-1] in ROLES or (len(parts) == 2 and parts[0] in DOMAINS)


def role_text(text: str) -> str:
    """What a Sphinx role shows of its text: `~a.b.C` -> `C`, `Title <target>` -> `Title`, `!name`
    and `.name` -> `name`."""
    start, end = role_span(text)
    return text[start:end]


def role_span(text: str) -> tuple[int, int]:
    """Where in a role's text what it shows lies (`role_text`): a shown passage sets those characters
    of the document and leaves the rest out as markup."""
    titled = _EXPLICIT_TITLE.match(text)
    if titled:
        return titled.span(1)
    # `!` (no link) and `.` (look the name up anywhere) are instructions to Sphinx, not shown.
    start = len(text) - len(text.lstrip("!"))
    start += len(text[start:]) - len(text[start:].lstrip("."))
    if text.startswith("~", start):
        start = max(start + 1, text.rfind(".", start) + 1)
    return start, len(text)



def untitled_refs(text: str) -> set[str]:
    """The labels `text`'s `{ref}` roles (or reST `:ref:` ones) name without a title of their own
    (`` {ref}`shell-completion` ``)."""
    if "ref}`" not in text and "ref:`" not in text:
        return set()
    labels = set()
    for found in _ROLE_OR_CODE.finditer(text):
        role, body = found.group("role") or found.group("rrole"), found.group("body") or found.group("rbody")
        if role is not None and role.lower().rsplit(":", 1)[-1] == "ref" and not _EXPLICIT_TITLE.match(body):
            labels.add(role_text(body).strip())
    return labels - {""}


def readable_label(label: str) -> str:
    """A label as words, where the title of the section it names is not known ("shell-completion" ->
    "shell completion")."""
    words = " ".join(label.replace("-", " ").replace("_", " ").split())
    return words or label


def shown_roles(text: str, refs: Mapping[str, str] | None = None) -> str:
    """`text` with each MyST role (or reST role, as an eval-rst block writes it) shown as its text: a code
    role's as a code span, any other's as prose (a page's path without its leading slash). A `{ref}` without a title of its own shows the title of
    the section its label names, as Sphinx does: from `refs` (label -> title), else the label as words."""

    def shown(found: re.Match) -> str:
        role = found.group("role") or found.group("rrole")
        if role is None or not is_role(role):
            return found.group(0)
        body = found.group("body") or found.group("rbody")
        name = role.rsplit(":", 1)[-1].lower()
        words = role_text(body)
        if name in CODE_ROLES and not words:
            # Nothing shown (`~` alone) is nothing: an empty code span, "``", would read as two backticks.
            return ""
        if name in CODE_ROLES:
            return f"`{words}`" if "`" not in words else found.group(0)
        if name == "ref" and words.strip() and not _EXPLICIT_TITLE.match(body):
            return (refs or {}).get(words.strip()) or readable_label(words.strip())
        if name in _NUMBERED and words.strip() and not _EXPLICIT_TITLE.match(body):
            return f"{_NUMBERED[name]} {words.strip()}"
        return words.lstrip("/") if name == "doc" else words

    return _ROLE_OR_CODE.sub(shown, text)
