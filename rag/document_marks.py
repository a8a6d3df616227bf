"""A document's own citation marks ("[12]", "[3, 5]", "[7–9]") as an answer shows them: "[ref 12]",
"[refs 3, 5]", so that no reader, and no client that links [n] markers, takes them for Citeline's.

A paper's sentence quoted as an answer kept its marks, and "... electrolyte homoeostasis [1,2]. [2]"
put the paper's works cited 1 and 2 beside Citeline's source 2, in the chat, the API's answer, an
OpenAI-compatible client and the embed alike (each links [n]). The numbers stay, and the brackets (the
mark is still the document's, shown as text); the cited span and the passage shown under the answer
are the document's text as it is. No period after "ref": a sentence splitter reads "refs." as a sentence's
end. Code is left as written (`argv[1]`, an array's index): a code unit
is not relabelled, nor the code a lead-in shows with it, nor a `code span`, and a mark right after a word (`ninaE[19]`, "PRCs[19,24]") only in
a document that is no source text or Markdown, where that is how citations print and code is rare.
"""

from __future__ import annotations

import re

from rag.code_spans import outside_code
from rag.fences import FENCE
from rag.terminal_markup import without_terminal_markup
from rag.units import directive_options, holds_code, indented_code_line

# A mark: numbers in brackets, not a Markdown link's text ("[1](...)", "[1][a]").
_MARK = re.compile(r"\[(\d{1,3}(?:\s*[,;–—-]\s*\d{1,3})*)\](?![(\[])")
# Units that are code: left as written.
CODE_UNITS = frozenset({"code"})
# Units that show a lead-in and then the code it introduces: the lead-in is prose, the code as written.
LEADING_CODE_UNITS = frozenset({"lead_in", "introduced_code"})
# Documents in which a mark right after a word is a citation: what prints citations that way.
_PRINTED = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".pptx", ".epub")


def prints_citations(path: str) -> bool:
    return path.lower().endswith(_PRINTED)


def shown_unit(display: str, kind: str, path: str, text: str = "") -> str:
    """A unit's display as an answer shows it: its document's marks relabelled, code as written; a
    terminal's output as the terminal showed it, without the colours exported as HTML (a long console
    block cut over passages is read as lines of prose: the passage has no closing fence). `text` is
    the unit's span of the document, which tells where a lead-in's code starts."""
    display = without_terminal_markup(display)
    if kind in CODE_UNITS:
        return display
    glued = prints_citations(path)
    if kind in LEADING_CODE_UNITS and holds_code(text):
        # "Example usage:" and its code: `message.split(MARKER, 1)[0]` was shown "[ref 0]".
        at = _code_start(display, text)
        if at < 0:
            # The code's start not found: the lead-in's own line still reads as prose (its "[3]" was
            # shown as Citeline's source 3); what follows it stays as written.
            at = display.find("\n")
            return display if at < 0 else relabel(display[:at], glued) + display[at:]
        return relabel(display[:at], glued) + display[at:]
    return relabel(display, glued)


def code_start(display: str, kind: str, text: str) -> int | None:
    """Where the code of a unit's shown display starts (0 for a code unit), None when it quotes none:
    a face that renders Markdown sets it as a code block, its `argv[1]` no citation marker."""
    if kind in CODE_UNITS:
        return 0
    if kind in LEADING_CODE_UNITS and holds_code(text):
        at = _code_start(display, text)
        return at if at > 0 else None
    return None


def _code_start(display: str, text: str) -> int:
    """Where the code of a lead-in's display starts: at its block's first line (the display shows the
    lead-in, then the block's lines without the fence and a directive's options); -1 when it cannot be told."""
    lines = text.splitlines()
    opening = next((i for i, line in enumerate(lines) if FENCE.match(line)), None)
    if opening is None:
        first = indented_code_line(text)
    else:
        # A MyST directive's options (`:caption: cat.py`) are no line of the display.
        inner = lines[opening + 1:]
        inner = inner[directive_options(lines[opening], inner):]
        first = next((line.strip() for line in inner if line.strip()), "")
    if not first or FENCE.match(first):
        return -1
    # De-indented evenly, a first line deeper than the rest keeps part of its indent (rag/units.py).
    found = re.search(r"\n[ \t]*" + re.escape(first), display)
    return found.start() + 1 if found else -1


def relabel(text: str, glued: bool = False) -> str:
    """`text` with a document's citation marks shown as "[ref n]" / "[refs n, m]"; `glued`: also
    those right after a word (a printed document's)."""
    if "[" not in text:
        return text
    return outside_code(text, lambda prose: _relabel_prose(prose, glued))


def _relabel_prose(text: str, glued: bool) -> str:
    def shown(found: re.Match) -> str:
        before = text[found.start() - 1] if found.start() else " "
        if (before.isalnum() or before == "_") and not glued:
            return found.group(0)
        inner = found.group(1)
        return f"[{'refs' if re.search(r'[,;–—-]', inner) else 'ref'} {inner}]"

    return _MARK.sub(shown, text)
