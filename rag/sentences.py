"""Sentence boundaries with exact character spans.

Spans index the text they came from, so a cited sentence can always be located again with
`text[start:end]`. Used by the chunker (chunks end on sentence boundaries) and the answerer
(it cites single sentences).
"""

from __future__ import annotations

import re

from rag.types import Sentence

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt vs etc al fig figs eq eqs no nos vol pp ca approx dept est
    inc ltd co corp gen col lt sgt capt sen rep gov pres rev jan feb mar apr jun jul aug sep sept
    oct nov dec e.g i.e u.s u.k u.n a.m p.m cf resp ref refs""".split()
)

# A sentence ends at terminal punctuation (plus closing quotes or brackets) followed by space.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
# Blank lines always separate; a single newline separates unless the next line continues a
# sentence in lower case (a wrapped line, as PDFs produce).
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n(?=[ \t]*[^a-z\s])")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9¿¡]")
# A line cannot end a sentence or a heading on a comma or on one of these words ("... but use",
# "Spanner is the"): the line after it goes on with the sentence, capital, link or code first.
_OPEN_ENDING = re.compile(r"(?:,|\b(?:a|an|the|of|to|in|on|at|by|for|from|with|and|or|but|use|uses|using|is|are|"
                          r"was|were|be|as|than|that|which|whose|into|onto|via|per|its|their|your|our|this|these)"
                          r")[ \t]*$", re.IGNORECASE)
# Inline Markdown opening a wrapped line after an unfinished one: a link, code, emphasis, a bracket.
# A bracketed label alone ("[Boats row 2] Boat: ...", a spreadsheet row) starts a line of its own.
_INLINE_MARKUP = re.compile(r"[ \t]*(?:\[[^\]\n]+\][(\[]|[`(]|\*{1,2}\w|_\w)")
_LINE_END = re.compile(r"[.!?:;][\"'”’)\]]*[ \t]*$")
# What opens a block of its own on the next line: a heading, a list item, a quote, a table row, a
# fence, an admonition, an HTML tag, a bracketed or "Word:" label (a spreadsheet row, "Note: ...").
_BLOCK_START = re.compile(r"[ \t]*(?:#|[-*+•●][ \t]|\d+[.)][ \t]|[|>]|`{3}|~{3}|!!!|:::|<|\{[%{]|\.\.[ \t]|"
                          r"\[[^\]\n]*\][ \t:]|[A-Za-z][^\s:]*(?:[ \t][^\s:]+){0,3}:[ \t]+\S)")
# Hard-wrapped prose (Markdown wrapped at 80 or 100 columns) fills its lines: a line this long that
# stops where the next line's first word would not have fit was wrapped, whatever that word's case.
_MIN_WRAPPED_LINE = 50
_WIDTH_LINES = 12


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial, not a sentence."""
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“":
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Initials ("J. Smith") and single letters.
    return len(word) == 1 and word.isalpha()


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _END.finditer(text, start, end):
        punct_end = match.end()
        if match.group().startswith(".") and len(match.group().rstrip("\"'”’)]")) == 1:
            if _is_abbreviation(text, match.start()):
                continue
        if not _NEXT_STARTS_SENTENCE.match(text, punct_end, end):
            continue
        spans.append((cursor, punct_end))
        cursor = punct_end
    spans.append((cursor, end))
    return spans


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span `start`:`end` of `text` without the white space at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraph_width(text: str, newline: int) -> int:
    """The longest line near the break at `newline` in its paragraph (up to a blank line).

    A line holding a URL is left out: a wrapper does not break a link, so its line runs past the width.
    Only the lines nearest the break are read, so a long text without blank lines costs no more per break."""
    lines: list[str] = []
    start = newline
    for _ in range(_WIDTH_LINES):  # back, from the line that ends at `newline`
        begin = text.rfind("\n", 0, start) + 1
        if not text[begin:start].strip():
            break
        lines.append(text[begin:start])
        if begin == 0:
            break
        start = begin - 1
    end = newline
    for _ in range(_WIDTH_LINES):  # on, from the line after it
        if end >= len(text):
            break
        stop = text.find("\n", end + 1)
        stop = len(text) if stop < 0 else stop
        if not text[end + 1:stop].strip():
            break
        lines.append(text[end + 1:stop])
        end = stop
    return max(len(line.rstrip()) for line in [line for line in lines if "://" not in line] or lines)


def _filled(text: str, newline: int, line: str) -> bool:
    """Whether `line` (ending at `newline`) stops only because the next line's first word did not fit."""
    if len(line) < _MIN_WRAPPED_LINE or line.endswith(("  ", "\\")) or _BLOCK_START.match(text, newline + 1):
        return False  # too short to have been wrapped, a Markdown hard break, or a block of its own
    line_end = text.find("\n", newline + 1)
    next_line = text[newline + 1:line_end if line_end >= 0 else len(text)]
    indent = len(next_line) - len(next_line.lstrip())
    if indent - (len(line) - len(line.lstrip())) >= 4:  # indented code under the line
        return False
    words = next_line.split()
    return bool(words) and len(line.rstrip()) + 1 + len(words[0]) > _paragraph_width(text, newline)


def _wrapped(text: str, newline: int) -> bool:
    """Whether the single line break at `newline` wraps a sentence that goes on after it."""
    line = text[text.rfind("\n", 0, newline) + 1:newline]
    if _OPEN_ENDING.search(line):
        return True
    if _LINE_END.search(line):
        return False
    return bool(_INLINE_MARKUP.match(text, newline + 1)) or _filled(text, newline, line)


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Split `text` into sentences; spans are relative to `text`, shifted by `offset`."""
    sentences: list[Sentence] = []
    line_start = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)
              if m.group().count("\n") > 1 or not _wrapped(text, m.start())] + [(len(text), len(text))]
    for line_end, next_start in bounds:
        for s, e in _split_line(text, line_start, line_end):
            s, e = trimmed_span(text, s, e)
            if e > s:
                sentences.append(Sentence(text=text[s:e], start=s + offset, end=e + offset))
        line_start = next_start
    return sentences
