"""HTML for answers, cited passages, lookups and document lists. Every piece of document or user text
goes through `escape`."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html import escape
from urllib.parse import urlencode

from rag.engine import AnswerReading, ShownQuote, ShownSentence, ShownSource, quote_pieces, read_answer, shown_match
from rag.types import Answer, CiteMatch, Source
from ui.api.service import has_page_images, page_image_url
from ui.labels import HEADING_SEPARATOR, heading_below_title, source_where
from ui.passage_html import pieces_html

_MARKER = re.compile(r"\[(\d+)\]")


def view_href(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    if start is None or end is None:
        return f"/view/{escape(doc_id)}"
    return escape(f"/view/{doc_id}?{urlencode({'start': start, 'end': end})}#hl")


def page_image_html(doc_id: str, path: str, title: str, page: int | None, start: int, end: int) -> str:
    """A PDF's page as an image with the span highlighted (loaded only when shown); '' for other types."""
    if not page or not has_page_images(path):
        return ""
    alt = f"The page of {title} with the cited passage, highlighted"
    return (f'<img class="page-image" loading="lazy" src="{escape(page_image_url(doc_id, start, end))}" '
            f'alt="{escape(alt)}">')


def _marked(quote: ShownQuote) -> str:
    """The passage with its Markdown read (headings, code, bold, links) and the cited words in one `<mark>`."""
    return pieces_html(quote_pieces(quote))


def source_html(s: Source, shown: ShownSource) -> str:
    """One source: title and the headings above the passage, path, page, the passage as its page reads
    (`shown`: a Markdown page's framing lines and fences left out) with the cited sentence marked, a link
    into the document."""
    where = escape(source_where(s))
    below = heading_below_title(s.title, s.heading)
    heading = f'<span class="source-heading">{escape(HEADING_SEPARATOR + below)}</span>' if below else ""
    return (
        f'<div class="source src-n-{s.n}" id="src-{s.n}" data-n="{s.n}"><div class="source-head"><b>[{s.n}]</b> '
        f'<span class="source-title">{escape(s.title)}</span>{heading} <span class="where">({where})</span></div>'
        f'<blockquote class="passage">{pieces_html(shown.pieces)}</blockquote>'
        f"{page_image_html(s.doc_id, s.path, s.title, s.page, s.start, s.end)}"
        f'<a class="view" href="{view_href(s.doc_id, s.start, s.end)}" target="_blank">'
        "View the whole document at this spot</a></div>"
    )


def text_html(text: str) -> str:
    """Plain text as a paragraph that keeps its line breaks (CSS pre-wrap): no markup, no Markdown."""
    return f'<p class="text">{escape(text)}</p>'


def answer_html(answer: Answer, reading: AnswerReading | None = None) -> str:
    """The answer with each [n] a link (to its source, in place) and the sources listed under it. `reading`:
    the answer as read for every face (rag/shown_answer.py), when the caller sends it too; read here otherwise."""
    reading = reading or read_answer(answer)
    # A div, not a p: an answer's code is a <pre>, which a p cannot hold.
    body = f'<div class="text">{_marked_body(answer, reading)}</div>'
    if not answer.sources:
        return body
    items = "".join(source_html(s, reading.sources[s.n]) for s in answer.sources)
    return (f'{body}<details class="sources"><summary>Sources ({len(answer.sources)})</summary>'
            f"{items}</details>")


def _marked_body(answer: Answer, reading: AnswerReading) -> str:
    """The answer's text, escaped, with Citeline's markers as links. Built from its sentences when they
    make up the text: a quoted line of code's own `argv[1]` or `items[2]` is then no marker, and each
    sentence reads as its page (rag/shown_answer.py): `code` as code, its quoted code a code block."""
    known = {s.n for s in answer.sources}

    def link(n: int) -> str:
        return f'<a class="cite" data-n="{n}" href="#src-{n}">[{n}]</a>' if n in known else f"[{n}]"

    joints = reading.shown_joints
    if joints is not None:
        said = zip(answer.sentences, reading.sentences, strict=True)
        return "".join((joints[k - 1] if k else "") + _sentence_html(r) + "".join(f" {link(n)}" for n in s.citations)
                       for k, (s, r) in enumerate(said))
    return _MARKER.sub(lambda m: link(int(m.group(1))), escape(answer.answer))


def _sentence_html(shown: ShownSentence) -> str:
    """The prose, then the code as a block of its lines; after code shown cut, the note saying how much more its
    citation holds, as text outside the block (a copied snippet holds only code), the markers after it."""
    prose = pieces_html(shown.prose)
    if not shown.code:
        return prose
    note = f'<span class="code-cut">{escape(shown.note)}</span>' if shown.note else ""
    return f'{prose}<pre class="answer-code"><code>{escape(shown.code)}</code></pre>{note}'


def cite_html(matches: list[CiteMatch]) -> str:
    """Lookup results: kind, score, document, span, and the match in its context."""
    if not matches:
        return '<p class="cite-none">No passage in the indexed documents says this.</p>'
    rows = []
    labels = {"exact": "Exact match", "near": "Near-exact match", "semantic": "Semantically close"}
    for i, m in enumerate(matches, 1):
        where = escape(source_where(m))
        rows.append(
            f'<div class="cite-match cite-{m.kind}"><div class="source-head"><b>{i}.</b> '
            f'<span class="kind">{labels[m.kind]}</span> ({m.score:.2f}) · '
            f'<span class="source-title">{escape(m.title)}</span> <span class="where">({where})</span></div>'
            f'<blockquote class="passage">…{_marked(shown_match(m))}…</blockquote>'
            f"{page_image_html(m.doc_id, m.path, m.title, m.page, m.start, m.end)}"
            f'<a class="view" href="{view_href(m.doc_id, m.start, m.end)}" target="_blank">View in the document</a></div>'
        )
    return "".join(rows)


def when(timestamp: float | None) -> str:
    if not timestamp:
        return "never"
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def documents_html(documents: list) -> str:
    """A table of indexed documents (anything with doc_id, title, path, kind, chunks, ingested_at)."""
    if not documents:
        return "<p>No documents are indexed yet.</p>"
    rows = "".join(
        f'<tr><td class="doc-name" title="{escape(d.title)}"><a href="{view_href(d.doc_id)}" target="_blank">'
        f'{escape(d.title)}</a></td><td class="doc-name" title="{escape(d.path)}">{escape(d.path)}</td>'
        f"<td>{escape(d.kind)}</td><td>{d.chunks}</td><td>{when(d.ingested_at)}</td></tr>"
        for d in documents
    )
    return (
        '<table class="doc-table"><thead><tr><th>Title</th><th>Path</th><th>Type</th><th>Passages</th>'
        f"<th>Ingested</th></tr></thead><tbody>{rows}</tbody></table>"
    )
