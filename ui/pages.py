"""Pages served outside Gradio: the compact embed chat and the document viewer.

Their CSP allows scripts from this server only, so text injected by a document can never run;
every piece of document text is escaped on the way in as well.
"""

from __future__ import annotations

from html import escape

from rag.engine import ShownQuote, quote_pieces, shown_passage, text_pieces
from ui.api.models import DocumentDetail
from ui.passage_html import pieces_html

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'"
)

# The form is disabled until embed-chat.js enables it: submitted before the script ran, it reloaded
# the frame with the question in its URL and without the token its fragment held.
EMBED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Citeline</title><link rel="stylesheet" href="/citeline-static/embed.css"></head>
<body class="citeline-embed"><main>
<h1 class="sr-only">Ask the documents (Citeline)</h1>
<div id="log" role="log" aria-live="polite"></div>
<aside id="panel" aria-label="Source" hidden><div id="panel-head"><button id="panel-close" type="button"
aria-label="Close source">&times;</button><div id="panel-label"><div id="panel-title" class="src-title"></div>
<div id="panel-where"></div></div></div>
<div id="panel-body"></div></aside>
<form id="ask"><input id="question" name="question" autocomplete="off" placeholder="Ask about the documents"
aria-label="Question" maxlength="{max_chars}" disabled>
<button type="submit" disabled>Ask</button><button id="clear" type="button" title="Start a new conversation" disabled>Clear</button></form>
</main>
<script src="/citeline-static/passage-pieces.js"></script>
<script src="/citeline-static/embed-chat.js"></script>
</body></html>
"""


def embed_page(max_chars: int) -> str:
    return EMBED_PAGE.replace("{max_chars}", str(int(max_chars)))


def document_page(doc: DocumentDetail, start: int | None, end: int | None, page_image: str | None = None) -> str:
    """The whole document as text (a Markdown page as it reads: framing lines and fences left out), the
    span [start, end) marked and scrolled to (`#hl`); for a PDF, the page it is on first, as an image
    with the span highlighted."""
    shown = shown_passage(doc.text, doc.path)
    text = shown.text
    if start is not None and end is not None and 0 <= start <= end <= len(doc.text):
        quote = ShownQuote(text, shown.at(start), shown.at(end), shown.markdown, shown.code)
        body = pieces_html(quote_pieces(quote), mark_id="hl")
    else:
        body = pieces_html(text_pieces(text, shown.markdown, shown.code))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)} – Citeline</title>"
        '<link rel="stylesheet" href="/citeline-static/embed.css"></head><body class="citeline-doc">'
        f'<header><h1>{escape(doc.title)}</h1><p class="where">{escape(doc.path)} · {doc.kind} · '
        f"{doc.chars:,} characters · {doc.chunks} passages</p></header>"
        f'<main>{_page_figure(doc, page_image)}'
        f'<pre class="doc-text">{body}</pre></main></body></html>'
    )


def _page_figure(doc: DocumentDetail, src: str | None) -> str:
    if not src:
        return ""
    alt = f"The page of {doc.title} with the cited passage, highlighted"
    return (f'<figure class="page-image"><img src="{escape(src)}" alt="{escape(alt)}">'
            "<figcaption>The cited passage on its page as printed; the extracted text follows.</figcaption></figure>")
