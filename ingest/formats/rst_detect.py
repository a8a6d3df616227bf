"""Is a .txt file reStructuredText? Django, CPython and many older projects keep their Sphinx sources
as `.txt`; read as plain text, their pages showed `.. code-block::`, `:setting:`X`` and section
underlines raw and had no sections to cite under.

A file counts as reST only with both signs: a section title underlined (or over- and underlined) with
one punctuation character, and reST's explicit markup (a `.. name::` directive or a `:role:`text``).
A plain note with "Notes\\n-----" headings has no directives or roles and stays plain text.
"""

from __future__ import annotations

import re

# A title line, then a line of one repeated punctuation character at least as long (reST's rule;
# docutils takes shorter underlines with a warning, but a shorter rule under prose is a divider).
# Every repeat is greedy with one way to end, or bounded: the check runs on any uploaded .txt, and a
# lazy title or an unbounded role name backtracked quadratically on a long line of spaces or colons.
_UNDERLINED = re.compile(r"^(\S[^\n]*)\n([=\-~^\"'`#*+<>:_.])\2{2,}[ \t]*$", re.MULTILINE)
_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+[A-Za-z][\w:-]{0,60}::", re.MULTILINE)
_ROLE = re.compile(r"(?<![\w`]):[A-Za-z][\w:-]{0,60}:`[^`\n]+`")
# Enough evidence to decide on: the first part of a file shows its markup.
_SAMPLE = 200_000


def _has_section(text: str) -> bool:
    for match in _UNDERLINED.finditer(text):
        title, underline = match.group(1).rstrip(), match.group(0).split("\n", 1)[1].rstrip()
        if len(underline) >= len(title) and not _UNDERLINED_RULE_ONLY.fullmatch(title):
            return True
    return False


# A line made of punctuation alone (the overline of an overlined title, a rule) is no title.
_UNDERLINED_RULE_ONLY = re.compile(r"([=\-~^\"'`#*+<>:_.])\1+")


def is_restructured_text(text: str) -> bool:
    """True when `text` reads as reST: a section title with its underline, and a directive or role."""
    sample = text[:_SAMPLE]
    if not (_DIRECTIVE.search(sample) or _ROLE.search(sample)):
        return False
    return _has_section(sample)
