"""MyST's admonitions (```` ```{note} ````, ```` ```{warning} ````, `:::{tip}`, ```` ```{admonition} Title ````,
```` ```{versionadded} 2.0 ````) as a built page shows them: a box of prose under its label, not code.

A fence naming one of these directives holds Markdown text; read as a code block, its sentences were no
unit an answer could quote, and its links showed as `[text](#target)`. The label opens the box's first
paragraph, as the .rst reader shows `.. note::` ("Note: ..."; ingest/formats/sphinx_markup.py).
A `{glossary}` is a box without a label: its terms, each above its indented definition, are read in
rag/units.py's `segment`.
sphinx-inline-tabs' `{tab}` (```` ````{tab} Linux ````) is a box whose label is its argument, as the built page
shows the tab's name over what it holds (pip's docs); its code is read under that label (rag/tab_labels.py).
A `{toctree}` is no box: the built page shows a table of contents there, and its lines (page names, options)
are no text of the page (`contents_opening`).
"""

from __future__ import annotations

import re

# Sphinx's admonitions, shown under their name; the version notes under Sphinx's own words (the .rst
# reader, ingest/formats/sphinx_markup.py, reads the same directives).
NOTED = ("note", "warning", "tip", "hint", "caution", "important", "attention", "danger", "error", "seealso")
VERSIONS = {"versionadded": "Added in version", "versionchanged": "Changed in version",
             "deprecated": "Deprecated since version", "versionremoved": "Removed in version",
             "version-added": "Added in version", "version-changed": "Changed in version",
             "version-deprecated": "Deprecated since version", "version-removed": "Removed in version"}
# A box whose title is its argument (sphinx-design's `{dropdown}` as well).
_TITLED = ("admonition", "dropdown")
# sphinx-inline-tabs' tab, under its label.
TAB = "tab"
GLOSSARY = "glossary"
BOX_NAMES = frozenset(NOTED) | frozenset(VERSIONS) | frozenset(_TITLED) | {TAB, GLOSSARY}
# A directive whose lines the built page replaces with a list of its pages.
_CONTENTS = "toctree"

# The opening of a MyST directive's fence: backticks, tildes or colons, then `{name}` and its argument.
_OPENING = re.compile(r"^\s*(?P<fence>`{3,}|~{3,}|:{3,})\s*\{(?P<name>[A-Za-z][\w:.-]*)\}[ \t]*(?P<argument>.*?)\s*$")
# A colon fence's closing line.
COLON_CLOSING = re.compile(r"^\s*(:{3,})\s*$")
# A box's closing line: a colon fence's or a bare backtick or tilde fence.
BOX_CLOSING = re.compile(r"^(?P<indent>[ \t]*)(?::{3,}|`{3,}|~{3,})[ \t]*$")


def box_opening(line: str) -> re.Match[str] | None:
    """The opening line of an admonition's fence (None for any other line, or another directive's)."""
    found = _OPENING.match(line)
    return found if found is not None and found.group("name").lower() in BOX_NAMES else None


def colon_opening(line: str) -> re.Match[str] | None:
    """The opening line of a MyST colon fence (`:::{tip}`, `::::{figure} a.png`), of any directive."""
    found = _OPENING.match(line)
    return found if found is not None and found.group("fence").startswith(":") else None


def contents_opening(line: str) -> bool:
    """Whether `line` opens a `{toctree}` fence (of backticks, tildes or colons)."""
    found = _OPENING.match(line) if "{" in line else None
    return found is not None and found.group("name").lower() == _CONTENTS


def tab_opening_label(line: str) -> str | None:
    """The label of the sphinx-inline-tabs tab `line` opens (```` ````{tab} Linux ```` -> "Linux"), as written;
    None for any other line."""
    found = _OPENING.match(line) if "{tab}" in line.lower() else None
    if found is None or found.group("name").lower() != TAB:
        return None
    return " ".join(found.group("argument").split()) or None


def box_label(line: str) -> str:
    """What the built page shows above the box: "Note", "See also", "Added in version 2.0", the title."""
    found = _OPENING.match(line)
    if found is None:
        return ""
    name, argument = found.group("name").lower(), " ".join(found.group("argument").split())
    if name == GLOSSARY:
        return ""
    if name in VERSIONS:
        version = argument.split(" ", 1)[0] if argument else ""
        return f"{VERSIONS[name]} {version}".rstrip()
    if name in _TITLED or name == TAB:
        return argument
    return "See also" if name == "seealso" else name.capitalize()
