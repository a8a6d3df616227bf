"""MyST's ```` ```{eval-rst} ```` blocks read as the reStructuredText they hold, as the built page shows it.

Click's docs (pallets/click) write most of their examples so: `.. click:example::` over the code, `.. tabs::` and
`.. group-tab:: Bash` over "Add this to ``~/.bashrc``:" and a `.. code-block:: bash`. Read as one code block, every
directive line reached answers and the source panel, and the prose in it was no sentence an answer could quote.

This is a small reader of the constructs such blocks use, line by line and by indentation, so that every part it
finds is a run of the file's own lines (a citation still points at the text): a code directive's body
(`code-block`, `click:example`, a paragraph's `::` literal block) is code, and so is an object description's
signature (`.. function:: f(x) -> int` shows `f(x) -> int`); a directive's line and its options are
markup the page does not show, and so is the body of a directive whose output the build makes
(`click:run`, `toctree`); paragraphs are paragraphs, with a closing `::` shown as ":"; bullet items are a list;
a field (`:param name: text`) is a paragraph read without its colons. An admonition (`.. note::`) or a tab
(`.. group-tab:: Bash`) is a labelled line: rag/units.py shows its label with the text under it. docutils does
parse reST, but places its nodes by line only, and a literal block's lines not even so: it would not give spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rag.myst_boxes import NOTED, VERSIONS

# The opening line of an eval-rst block: a backtick or tilde fence naming the directive (recommonmark's
# ```` ```eval_rst ```` too).
EVAL_RST = re.compile(r"^\s*(?:`{3,}|~{3,})\s*(?:\{eval-rst\}|\{eval_rst\}|eval_rst)\s*$")
# `.. name:: argument` (a directive), its name with a domain (`click:example`, `py:function`).
_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>[A-Za-z][\w:.+-]*)[ \t]*::"
                        r"(?:[ \t]+(?P<argument>\S(?:.*\S)?))?[ \t]*$")
# Any other explicit markup: a comment, a target (`.. _label:`), a substitution (`.. |x| replace:: y`).
_EXPLICIT = re.compile(r"^[ \t]*\.\.(?:[ \t]|$)")
# A directive's option, one a line under it (`:linenos:`, `:caption: cat.py`).
_OPTION = re.compile(r"^[ \t]*:[\w-][\w.-]*:(?:[ \t].*)?$")
# A field of a field list (`:param name: text`, `:returns: text`), its name and what it says.
_FIELD = re.compile(r"^(?P<indent>[ \t]*):(?P<name>[^:\s`][^:`]*?):(?:[ \t]+|$)")
# A bullet or numbered item.
_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)]|#\.)[ \t]+\S")
# An item that is a directive (`*   .. autoclass:: Choice` with its options under it).
_ITEM_DIRECTIVE = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)]|#\.)[ \t]+\.\.[ \t]+[A-Za-z][\w:.+-]*[ \t]*::")
# A section title's underline (or a transition): one punctuation character repeated.
_UNDERLINE = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*$")

# Directives whose body is code as the page shows it.
CODE = frozenset({"code-block", "code", "sourcecode", "click:example", "doctest", "testcode", "testoutput",
                  "console", "parsed-literal", "code-tab", "math", "prompt"})
# Directives whose body the build turns into something else (a command's run, a table of contents): no text.
DROPPED = frozenset({"click:run", "raw", "toctree", "contents", "autosummary", "graphviz", "mermaid",
                     "tabularcolumns", "index", "testsetup", "testcleanup", "literalinclude", "include"})
# Python's object descriptions (`.. function:: your_hook(cls, fields) -> list`, with or without the `py:` domain):
# the page shows the argument, a signature, as code above the description indented under it.
OBJECTS = frozenset({"function", "class", "method", "classmethod", "staticmethod", "attribute", "property", "data",
                     "exception", "decorator", "decoratormethod", "type"})
# Tabs (sphinx-tabs, sphinx-inline-tabs): the argument is the label the tab shows above what it holds.
TABS = frozenset({"tab", "group-tab"})
# Fields that name a parameter ("param name: text" is read "name: text").
_NAMED_FIELDS = frozenset({"param", "parameter", "arg", "argument", "key", "keyword", "type", "raises", "raise",
                           "except", "exception", "var", "ivar", "cvar", "vartype"})

PartKind = Literal["marker", "code", "paragraph", "item", "label"]


@dataclass(frozen=True, slots=True)
class Part:
    """Lines `first` to `last` (indices into the lines read) of one kind. `skip`: characters of the first line
    that are markup (a field's `:param `, an admonition's `.. note:: `); `cut`: characters of the last line that
    are (a literal block's announcing `::` keeps one colon). A "label" is a directive line naming what follows
    (`label`: "Note", "Bash"), its text, when it has any on the line, opening at `skip`."""

    kind: PartKind
    first: int
    last: int
    skip: int = 0
    cut: int = 0
    label: str = ""


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _body_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the last line of the body opening at `start` (lines indented past `indent`, blank
    ones between them), of a directive or item indented by `indent`: its last non-blank line's index + 1."""
    end = k = start
    while k < len(lines):
        if lines[k].strip():
            if _indent(lines[k]) <= indent:
                break
            end = k + 1
        k += 1
    return end


def rst_parts(lines: list[str]) -> list[Part]:
    """The parts of `lines` (an eval-rst block's, without its fences), in order; blank lines in none."""
    parts: list[Part] = []
    literal_indent = -1  # the indent of a paragraph ending in "::": an indented block after it is code
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        indent = _indent(line)
        if literal_indent >= 0 and indent > literal_indent:
            end = _body_end(lines, i, literal_indent)
            parts.append(Part("code", i, end - 1))
            literal_indent = -1
            i = end
            continue
        literal_indent = -1
        directive = _DIRECTIVE.match(line)
        if directive is not None:
            i = _directive(lines, i, directive, parts)
            continue
        if _EXPLICIT.match(line):
            # A comment or target, and what is indented under it.
            end = max(i + 1, _body_end(lines, i + 1, indent))
            parts.append(Part("marker", i, end - 1))
            i = end
            continue
        if _UNDERLINE.match(line):
            parts.append(Part("marker", i, i))
            i += 1
            continue
        field = _FIELD.match(line)
        if field is not None or _ITEM.match(line):
            # An item, with the lines of its text under it (not a blank line's way: what follows one is a
            # block of its own, read on).
            j = i
            while j + 1 < len(lines) and lines[j + 1].strip() and _indent(lines[j + 1]) > indent \
                    and not _DIRECTIVE.match(lines[j + 1]) and not _ITEM.match(lines[j + 1]):
                j += 1
            if field is not None:
                parts.append(Part("paragraph", i, j, skip=_field_skip(line, field)))
            elif _ITEM_DIRECTIVE.match(line):
                # An item holding a directive only (`*   .. autoclass:: Choice`): what the build puts there.
                parts.append(Part("marker", i, j))
            else:
                parts.append(Part("item", i, j))
            i = j + 1
            continue
        # A paragraph: its lines up to a blank one (or a title's underline, a directive).
        j = i
        while j + 1 < len(lines) and lines[j + 1].strip() and not _DIRECTIVE.match(lines[j + 1]) \
                and not _UNDERLINE.match(lines[j + 1]):
            j += 1
        last = lines[j].rstrip()
        if last.endswith("::"):
            literal_indent = indent
            if last.strip() == "::":  # "::" alone announces the block and shows nothing
                if j > i:
                    parts.append(Part("paragraph", i, j - 1))
                parts.append(Part("marker", j, j))
            else:
                # "Example::" shows "Example:"; "Example ::" shows "Example".
                cut = 3 if last.endswith(" ::") else 1
                parts.append(Part("paragraph", i, j, cut=cut + len(lines[j]) - len(last)))
        else:
            parts.append(Part("paragraph", i, j))
        i = j + 1
    return parts


def _field_skip(line: str, field: re.Match[str]) -> int:
    """How many characters of a field's line are its markup: `:param name: text` reads "name: text", `:returns:
    text` "returns: text"."""
    words = field.group("name").split()
    if len(words) > 1 and words[0].lower() in _NAMED_FIELDS:
        return line.index(words[-1], len(field.group("indent")) + 1)
    return len(field.group("indent")) + 1


def _directive(lines: list[str], i: int, found: re.Match[str], parts: list[Part]) -> int:
    """Reads the directive at lines[i] into `parts`; the index of the line after what it takes."""
    name = found.group("name").lower()
    indent = _indent(lines[i])
    argument = found.group("argument") or ""
    label = directive_label(lines[i]) or tab_directive_label(lines[i]) or ""
    k = i + 1
    if label and name in NOTED and argument:
        # `.. note:: Text on the directive's line`: the text opens there and runs on under it, a paragraph.
        while k < len(lines) and lines[k].strip() and _indent(lines[k]) > indent:
            k += 1
        parts.append(Part("label", i, k - 1, skip=found.start("argument"), label=label))
        return k
    if argument and name.removeprefix("py:") in OBJECTS:
        parts.append(Part("code", i, i, skip=found.start("argument")))
    else:
        parts.append(Part("label" if label else "marker", i, i, label=label))
    # Its options, one a line right under it.
    while k < len(lines) and lines[k].strip() and _indent(lines[k]) > indent and _OPTION.match(lines[k]):
        parts.append(Part("marker", k, k))
        k += 1
    if name in CODE or name in DROPPED:
        end = _body_end(lines, k, indent)
        if end > k:
            first = next(n for n in range(k, end) if lines[n].strip())
            parts.append(Part("code" if name in CODE else "marker", first, end - 1))
        return max(end, k)
    return k  # the body is read as the text it is


def directive_label(line: str) -> str:
    """What a built page shows above the box the directive on `line` opens: "Note", "Added in version 2.0";
    "" for any other line (a tab's label is `tab_directive_label`)."""
    found = _DIRECTIVE.match(line)
    if found is None:
        return ""
    name, argument = found.group("name").lower(), " ".join((found.group("argument") or "").split())
    if name in VERSIONS:
        return f"{VERSIONS[name]} {argument.split(' ', 1)[0]}".rstrip() if argument else VERSIONS[name]
    if name in NOTED:
        return "See also" if name == "seealso" else name.capitalize()
    return ""


def tab_directive_label(line: str) -> str | None:
    """The label of the tab a `.. tab:: Linux` or `.. group-tab:: Bash` line opens; None for any other line."""
    found = _DIRECTIVE.match(line)
    if found is None or found.group("name").lower() not in TABS or not found.group("argument"):
        return None
    return " ".join(found.group("argument").split())


def opens_eval_rst(line: str) -> bool:
    """Whether `line` opens an eval-rst block."""
    return "rst" in line and EVAL_RST.match(line) is not None
