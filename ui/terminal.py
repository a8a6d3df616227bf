"""Printing answers in a terminal."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from rag.engine import Piece, marked, read_answer, shown_passage, text_pieces
from rag.types import Answer
from ui.labels import HEADING_SEPARATOR, heading_below_title, source_where

UNSUPPORTED = "(unsupported)"
FALLBACK_NOTE = "(the LLM's answer had no sentence its sources support; this is the extractive answer)"

# A terminal obeys a control character instead of showing it: a document's `ESC ]52;c;…` would set the clipboard,
# `ESC ]0;…` the window title, `ESC [2J` clear the screen, a lone CR write over the line. Each C0 control but tab
# and line feed shows as its Unicode control picture (ESC as ␛, DEL as ␡); a C1 control, which some terminals
# read as an ESC sequence too, as U+FFFD.
_CONTROL_PICTURES = ({c: 0x2400 + c for c in range(0x20) if chr(c) not in "\t\n"} | {0x7F: 0x2421}
                     | dict.fromkeys(range(0x80, 0xA0), 0xFFFD))


def shown_in_terminal(text: str) -> str:
    """`text` with its control characters shown, not obeyed (a CRLF line end is a line end)."""
    return text.replace("\r\n", "\n").translate(_CONTROL_PICTURES)


def answer_text(answer: Answer) -> str:
    """The answer with each sentence the checker could not support flagged, its sentences joined as the other faces
    show them: after a sentence ending in code a line break, so its markers stay with the code and the next
    sentence does not start after them on its line."""
    joints = read_answer(answer).shown_joints if answer.sentences else None
    if joints is None and all(s.supported for s in answer.sentences):
        return answer.answer
    said = [marked(s) + ("" if s.supported else f" {UNSUPPORTED}") for s in answer.sentences]
    if joints is None:
        return " ".join(said)
    return "".join((joints[k - 1] if k else "") + text for k, text in enumerate(said))


def _quoted(pieces: tuple[Piece, ...]) -> str:
    """The pieces' words, inline code between backticks: a terminal has no monospace to set it apart, and a
    block of code (its lines joined into the quote) is left as it reads."""
    words = []
    for code, run in groupby(pieces, key=lambda p: p.style.code):
        text = "".join(p.text for p in run)
        words.append(f"`{text}`" if code and "\n" not in text and text.strip() else text)
    return "".join(words)


def print_answer(answer: Answer, console: Console | None = None) -> None:
    console = console or Console()
    if answer.mode == "fallback" and answer.draft:
        console.print(FALLBACK_NOTE, style="dim", highlight=False)
    console.print(escape(shown_in_terminal(answer_text(answer))), highlight=False)
    if not answer.sources:
        return
    console.print()
    for s in answer.sources:
        below = heading_below_title(s.title, s.heading)
        label = s.title + (HEADING_SEPARATOR + below if below else "")
        where = shown_in_terminal(f"{label} — {source_where(s, '-')}")
        console.print(f"[bold][{s.n}][/bold] {escape(where)}", highlight=False)
        # The words the page shows (rag/shown_markup.py): no `**`, link targets, `<kbd>` tags nor MyST roles.
        shown = shown_passage(s.text, s.path)
        quote = " ".join(_quoted(text_pieces(shown.text, shown.markdown, shown.code)).split())
        console.print(f"    “{escape(shown_in_terminal(quote))}”", highlight=False, style="dim")
