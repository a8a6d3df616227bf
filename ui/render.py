"""HTML for answers and cited passages. Every piece of document or user text goes through `escape`."""

from __future__ import annotations

import re
from html import escape

from rag.types import Answer, Source

_MARKER = re.compile(r"\[(\d+)\]")


def _highlighted_passage(source: Source) -> str:
    """The passage with the cited sentence marked; falls back to the sentence alone."""
    passage, offset = source.passage, source.passage_start
    start, end = source.start - offset, source.end - offset
    if not passage or not (0 <= start <= end <= len(passage)) or passage[start:end] != source.text:
        return f"<mark>{escape(source.text)}</mark>"
    return (
        escape(passage[:start]) + "<mark>" + escape(passage[start:end]) + "</mark>" + escape(passage[end:])
    )


def answer_html(answer: Answer) -> str:
    """The answer with [n] markers linked to the passages listed under it."""
    body = _MARKER.sub(
        lambda m: f'<a class="cite" href="#src-{m.group(1)}">[{m.group(1)}]</a>', escape(answer.answer)
    )
    if not answer.sources:
        return f"<p>{body}</p>"
    items = []
    for s in answer.sources:
        where = f"{escape(s.path)}, chars {s.start}–{s.end}" + (f", page {s.page}" if s.page else "")
        items.append(
            f'<div class="source" id="src-{s.n}"><div class="source-head"><b>[{s.n}]</b> '
            f"{escape(s.title)} <span class=\"where\">({where})</span></div>"
            f'<blockquote class="passage">{_highlighted_passage(s)}</blockquote></div>'
        )
    return f"<p>{body}</p>\n\n<div class=\"sources\">{''.join(items)}</div>"
